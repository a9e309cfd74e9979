// The alerts for the stored events under the current rule, recomputed as little as re-tuning allows.
//
// In tumbling mode the threshold only decides which windows alert: a window's alert (its mailboxes, users,
// counts) is the same whatever the threshold. So detect() runs once per set of events and the rest of the
// rule with threshold 0, which every window passes (each holds at least one mailbox), and a new threshold
// filters that list, already in the core's order: over 1,000,000 events that is milliseconds instead of a
// whole detect(). The list costs memory in proportion to the windows (about 90 MB for 115,000 windows).
// Sliding mode merges the intervals that qualify, so there the threshold changes the alerts themselves and
// detect() runs again.

import { useMemo } from 'preact/hooks';
import { detectAll, LIMITS, type Detection } from '../core/rule.ts';
import type { MailEvent, RuleParams } from '../core/types.ts';

export function useAlerts(events: MailEvent[], params: RuleParams): Detection {
  const { threshold, ...rest } = params;
  const restKey = JSON.stringify(rest);
  const everyWindow = useMemo(() => (params.window === 'tumbling' ? detectAll(events, { ...params, threshold: 0 }) : null), [events, restKey]);
  return useMemo(
    () => (everyWindow ? { ...everyWindow, alerts: everyWindow.alerts.filter((a) => a.uniqueMailboxes > threshold) } : detectAll(events, params)),
    [everyWindow, events, restKey, threshold],
  );
}

/** What the page says when the rule's size limits kept stored events out of the count. */
export const uncountedNotice = (uncounted: number) =>
  `The rule tracks at most ${LIMITS.applications.toLocaleString('en-US')} applications and ${LIMITS.windows.toLocaleString('en-US')} windows: ` +
  `${uncounted.toLocaleString('en-US')} stored events beyond them are not counted, so alerts may be missing.`;

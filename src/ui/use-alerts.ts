// The alerts for the stored events under the current rule, recomputed as little as re-tuning allows.
//
// In tumbling mode the threshold only decides which windows alert: a window's alert (its mailboxes, users,
// counts) is the same whatever the threshold. So the events are counted once per set of events and the rest
// of the rule, and a new threshold asks the counted windows for their alerts (core/window-table.ts keeps
// each window's tally). Alerts are built only for the windows above the threshold: a list of every window's
// alert, built up front and filtered, cost more memory and time than the counting (docs/performance.md,
// "Measured choices"). Sliding mode merges the intervals that qualify, so there the threshold changes the
// alerts themselves and detect() runs again.

import { useMemo } from 'preact/hooks';
import { countAll, detectAll, LIMITS, type Detection } from '../core/rule.ts';
import type { MailEvent, RuleParams } from '../core/types.ts';

export function useAlerts(events: MailEvent[], params: RuleParams): Detection {
  const { threshold, ...rest } = params;
  const restKey = JSON.stringify(rest);
  const counted = useMemo(() => (params.window === 'tumbling' ? countAll(events, params) : null), [events, restKey]);
  return useMemo(
    () => (counted ? { alerts: counted.detector.alerts(threshold), uncounted: counted.uncounted } : detectAll(events, params)),
    [counted, events, restKey, threshold],
  );
}

/** What the page says when the rule's size limits kept stored events out of the count. */
export const uncountedNotice = (uncounted: number) =>
  `The rule tracks at most ${LIMITS.applications.toLocaleString('en-US')} applications and ${LIMITS.windows.toLocaleString('en-US')} windows: ` +
  `${uncounted.toLocaleString('en-US')} stored events beyond them are not counted, so alerts may be missing.`;

// What the alert detail shows: the events behind one alert and the mailbox count per window around it.

import { bucketStart, createAllowFilter, groupKey, mailboxKey } from './rule.ts';
import type { Alert, MailEvent, RuleParams } from './types.ts';

/** The events behind one alert: same application, inside the alert's span, not allow-listed. */
export function eventsOfAlert<E extends MailEvent>(alert: Alert, events: Iterable<E>, params: RuleParams): E[] {
  const allowed = createAllowFilter(params);
  const key = groupKey(alert);
  const from = Date.parse(alert.time);
  const to = Date.parse(alert.end);
  const inside = params.window === 'sliding' ? (t: number) => t >= from && t <= to : (t: number) => t >= from && t < to;
  const out: E[] = [];
  for (const e of events) if (inside(e.time) && groupKey(e) === key && allowed(e)) out.push(e);
  return out.sort((a, b) => a.time - b.time);
}

/** The audit record Ids behind an alert, each once, sorted (a record without an Id has none to give). */
export function recordIdsOf(alert: Alert, events: Iterable<MailEvent>, params: RuleParams): string[] {
  return [
    ...new Set(
      eventsOfAlert(alert, events, params)
        .map((e) => e.id)
        .filter(Boolean),
    ),
  ].sort();
}

/** Distinct mailboxes per tumbling window for one application: the alert detail's timeline. */
export function mailboxTimeline(
  group: Pick<MailEvent, 'tenant' | 'clientAppId' | 'clientInfoString'>,
  events: Iterable<MailEvent>,
  params: RuleParams,
): { start: number; mailboxes: number }[] {
  const allowed = createAllowFilter(params);
  const key = groupKey(group);
  const windows = new Map<number, Set<string>>();
  for (const e of events) {
    if (groupKey(e) !== key || !allowed(e)) continue;
    const start = bucketStart(e.time, params.spanMs);
    let set = windows.get(start);
    if (!set) windows.set(start, (set = new Set()));
    set.add(mailboxKey(e, params.profile));
  }
  return [...windows].map(([start, set]) => ({ start, mailboxes: set.size })).sort((a, b) => a.start - b.start);
}

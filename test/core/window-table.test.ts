import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { IntSets } from '../../src/core/int-sets.ts';
import { countAll, DEFAULT_PARAMS, detect } from '../../src/core/rule.ts';
import type { MailEvent, RuleParams } from '../../src/core/types.ts';

// The tumbling rule as the analytic states it, over plain objects: group the events by application and
// epoch-aligned bucket, then report every group with more than `threshold` distinct mailboxes.
function referenceAlerts(events: MailEvent[], p: RuleParams) {
  const groups = new Map<string, MailEvent[]>();
  for (const e of events) {
    const start = Math.floor(e.time / p.spanMs) * p.spanMs;
    const key = JSON.stringify([start, e.tenant, e.clientAppId, e.clientInfoString]);
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const distinct = (values: string[]) => [...new Set(values)].sort();
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  return [...groups].flatMap(([key, es]) => {
    const [start] = JSON.parse(key) as [number];
    const mailboxKey = (e: MailEvent) => (p.profile === 'splunk' ? e.userId : e.mailbox.toLowerCase());
    const mailboxes = distinct(es.map(mailboxKey));
    if (mailboxes.length <= p.threshold) return [];
    const times = es.map((e) => e.time);
    return [
      {
        time: iso(start),
        end: iso(start + p.spanMs),
        tenant: es[0].tenant,
        clientAppId: es[0].clientAppId,
        clientInfoString: es[0].clientInfoString,
        uniqueMailboxes: mailboxes.length,
        mailboxes,
        users: distinct(es.map((e) => e.userId)),
        srcIps: distinct(es.map((e) => e.clientIp).filter(Boolean)),
        appIds: distinct(es.map((e) => e.appId)),
        events: es.length,
        operationCount: es.reduce((sum, e) => sum + e.operationCount, 0),
        bind: es.filter((e) => e.accessType === 'Bind').length,
        sync: es.filter((e) => e.accessType === 'Sync').length,
        throttledMailboxes: distinct(es.filter((e) => e.throttled).map(mailboxKey)).length,
        firstEvent: iso(Math.min(...times)),
        lastEvent: iso(Math.max(...times)),
      },
    ];
  });
}

const byWindow = (a: { time: string; tenant: string; clientAppId: string; clientInfoString: string }) =>
  JSON.stringify([a.time, a.tenant, a.clientAppId, a.clientInfoString]);
const sorted = <T extends Parameters<typeof byWindow>[0]>(alerts: T[]) => [...alerts].sort((a, b) => (byWindow(a) < byWindow(b) ? -1 : 1));

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 1, 1);
const event = fc.record({
  id: fc.constant(''),
  time: fc.integer({ min: 0, max: 2 * HOUR }).map((ms) => T0 + ms),
  tenant: fc.constantFrom('t1', 't2'),
  appId: fc.constantFrom('00000003-0000-0000-c000-000000000000', 'a2'),
  clientAppId: fc.constantFrom('app-1', 'app-2'),
  clientInfoString: fc.constantFrom('Client=REST;;', 'Client=WebServices;ExchangeWebServices'),
  userId: fc.integer({ min: 1, max: 4 }).map((n) => `u${n}@contoso.com`),
  mailbox: fc.integer({ min: 1, max: 40 }).chain((n) => fc.constantFrom(`m${n}@contoso.com`, `M${n}@Contoso.com`)),
  clientIp: fc.constantFrom('', '203.0.113.7', '198.51.100.2', '2001:db8::1'),
  operationCount: fc.integer({ min: 0, max: 2 ** 40 }),
  accessType: fc.constantFrom('Bind' as const, 'Sync' as const, '' as const),
  throttled: fc.boolean(),
  folders: fc.constant(1),
  messageIds: fc.constant(1),
});

describe('tumbling windows in typed arrays', () => {
  test('report what grouping plain objects reports, for any events, thresholds, spans and profiles', () => {
    fc.assert(
      fc.property(
        fc.array(event, { minLength: 1, maxLength: 400, size: 'max' }),
        fc.integer({ min: 0, max: 20 }),
        fc.constantFrom(60_000, 10 * 60_000, HOUR),
        fc.constantFrom('mailbox' as const, 'splunk' as const),
        (events, threshold, spanMs, profile) => {
          const p = { ...DEFAULT_PARAMS, threshold, spanMs, profile };
          const ours = detect(events, p).map(({ riskScore, mitre, message, ...rest }) => rest);
          expect(sorted(ours)).toEqual(sorted(referenceAlerts(events, p)));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('answer another threshold from the windows counted once, as counting again with it would', () => {
    fc.assert(
      fc.property(
        fc.array(event, { minLength: 1, maxLength: 300, size: 'max' }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        (events, first, then) => {
          const { detector } = countAll(events, { ...DEFAULT_PARAMS, threshold: first });
          const retuned = detector.alerts(then).map(({ riskScore, mitre, message, ...rest }) => rest);
          expect(sorted(retuned)).toEqual(sorted(referenceAlerts(events, { ...DEFAULT_PARAMS, threshold: then })));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('an event counted after alerts were asked for shows in the next answer', () => {
    const read = (i: number): MailEvent => ({
      id: '',
      time: T0 + i * 1000,
      tenant: 't',
      appId: 'a',
      clientAppId: 'app',
      clientInfoString: 'Client=REST;;',
      userId: 'u',
      mailbox: `m${i}@contoso.com`,
      clientIp: '',
      operationCount: 1,
      accessType: '',
      throttled: false,
      folders: 1,
      messageIds: 1,
    });
    const { detector } = countAll([1, 2, 3, 4, 5, 6].map(read), DEFAULT_PARAMS);
    expect(detector.alerts().map((a) => [a.uniqueMailboxes, a.events])).toEqual([[6, 6]]);
    detector.add(read(7));
    expect(detector.alerts().map((a) => [a.uniqueMailboxes, a.events])).toEqual([[7, 7]]);
  });

  test('stay exact past a page of rows and many table growths: 50,000 windows, one alerting', () => {
    // One read a minute over 50,000 one-minute windows, one app; the last window also reads six more mailboxes.
    const one = (minute: number, mailbox: string): MailEvent => ({
      id: '',
      time: T0 + minute * 60_000,
      tenant: 't',
      appId: 'a',
      clientAppId: 'app',
      clientInfoString: 'Client=REST;;',
      userId: 'u',
      mailbox,
      clientIp: '',
      operationCount: 1,
      accessType: '',
      throttled: false,
      folders: 1,
      messageIds: 1,
    });
    const events = Array.from({ length: 50_000 }, (_, m) => one(m, `m${m % 7}@contoso.com`));
    for (let i = 1; i <= 6; i++) events.push(one(49_999, `extra${i}@contoso.com`));
    const alerts = detect(events, { ...DEFAULT_PARAMS, spanMs: 60_000 });
    expect(alerts.map((a) => [a.time, a.uniqueMailboxes, a.events])).toEqual([[new Date(T0 + 49_999 * 60_000).toISOString().replace('.000Z', 'Z'), 7, 7]]);
  });
});

describe('IntSets', () => {
  test('each handle holds what a Set of its values holds, from one value to a list to a Set', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 60 })), { maxLength: 600, size: 'max' }), (adds) => {
        const sets = new IntSets();
        const handles = new Array<number>(6).fill(0);
        const reference = Array.from({ length: 6 }, () => new Set<number>());
        for (const [which, value] of adds) {
          handles[which] = sets.add(handles[which], value);
          expect(sets.added).toBe(!reference[which].has(value));
          reference[which].add(value);
        }
        for (let i = 0; i < 6; i++) {
          expect(sets.size(handles[i])).toBe(reference[i].size);
          expect(sets.values(handles[i]).sort((a, b) => a - b)).toEqual([...reference[i]].sort((a, b) => a - b));
        }
      }),
      { numRuns: 500 },
    );
  });
});

import { describe, expect, test } from 'vitest';
import { eventsOfAlert, mailboxTimeline } from '../../src/core/alert-detail.ts';
import { createDetector, DEFAULT_PARAMS, detect } from '../../src/core/rule.ts';
import type { MailEvent, RuleParams } from '../../src/core/types.ts';

const APP = 'aaaaaaaa-0000-4000-8000-000000000001';
const base: MailEvent = {
  id: '',
  time: 0,
  tenant: 'tenant-1',
  appId: '00000003-0000-0000-c000-000000000000',
  clientAppId: APP,
  clientInfoString: 'Client=REST;;',
  userId: '',
  mailbox: '',
  clientIp: '203.0.113.7',
  operationCount: 1,
  accessType: 'Bind',
  throttled: false,
  folders: 1,
  messageIds: 1,
};
const t = (hhmmss: string) => Date.parse(`2024-02-01T${hhmmss}Z`);
/** One read of each mailbox, at the given times. */
const reads = (times: string[], over: Partial<MailEvent> = {}, prefix = 'm') =>
  times.map((time, i) => ({ ...base, time: t(time), mailbox: `${prefix}${i + 1}@contoso.com`, userId: `${prefix}${i + 1}@contoso.com`, ...over }));
const params = (over: Partial<RuleParams> = {}): RuleParams => ({ ...DEFAULT_PARAMS, ...over });
const summary = (events: MailEvent[], p: RuleParams) => detect(events, p).map((a) => [a.time, a.end, a.uniqueMailboxes, a.mailboxes.length]);

describe('threshold and tumbling buckets', () => {
  const cases: { name: string; events: MailEvent[]; p?: Partial<RuleParams>; expected: unknown[] }[] = [
    { name: 'five mailboxes is not more than five', events: reads(['10:00:00', '10:01:00', '10:02:00', '10:03:00', '10:04:00']), expected: [] },
    {
      name: 'six mailboxes in one bucket alert, window start to end',
      events: reads(['10:00:00', '10:01:00', '10:02:00', '10:03:00', '10:04:00', '10:09:59']),
      expected: [['2024-02-01T10:00:00Z', '2024-02-01T10:10:00Z', 6, 6]],
    },
    {
      name: 'the same mailbox twice counts once',
      events: [...reads(['10:00:00', '10:01:00', '10:02:00', '10:03:00', '10:04:00']), ...reads(['10:05:00'])],
      expected: [],
    },
    {
      name: 'buckets are epoch-aligned: 3 before 10:10:00 and 3 from it do not meet',
      events: reads(['10:08:00', '10:09:00', '10:09:59', '10:10:00', '10:11:00', '10:12:00']),
      expected: [],
    },
    {
      name: 'a threshold of 2 alerts on 3',
      events: reads(['10:00:00', '10:01:00', '10:02:00']),
      p: { threshold: 2 },
      expected: [['2024-02-01T10:00:00Z', '2024-02-01T10:10:00Z', 3, 3]],
    },
    {
      name: 'a one-hour span joins what ten minutes split',
      events: reads(['10:08:00', '10:09:00', '10:09:59', '10:10:00', '10:11:00', '10:12:00']),
      p: { spanMs: 3_600_000 },
      expected: [['2024-02-01T10:00:00Z', '2024-02-01T11:00:00Z', 6, 6]],
    },
  ];
  test.each(cases)('$name', ({ events, p, expected }) => expect(summary(events, params(p))).toEqual(expected));
});

describe('sliding windows', () => {
  const sliding = params({ window: 'sliding' });
  test('catch a burst that straddles a bucket boundary, which the analytic misses', () => {
    const events = reads(['10:08:00', '10:09:00', '10:09:59', '10:10:00', '10:11:00', '10:12:00']);
    expect(summary(events, params())).toEqual([]);
    expect(summary(events, sliding)).toEqual([['2024-02-01T10:08:00Z', '2024-02-01T10:12:00Z', 6, 6]]);
  });
  test('an interval is half-open: events exactly one span apart never share one', () => {
    expect(summary(reads(['10:00:00', '10:02:00', '10:04:00', '10:06:00', '10:08:00', '10:10:00']), sliding)).toEqual([]);
    expect(summary(reads(['10:00:00', '10:02:00', '10:04:00', '10:06:00', '10:08:00', '10:09:59']), sliding)).toHaveLength(1);
  });
  test('overlapping qualifying intervals merge: time is the earliest event, end the latest, peak inside one span', () => {
    // Intervals from 10:00, 10:01 and 10:02 qualify (7, 7, 6 mailboxes); from 10:03 only 5 remain.
    const events = reads(['10:00:00', '10:01:00', '10:02:00', '10:03:00', '10:04:00', '10:05:00', '10:09:00', '10:10:30']);
    const [alert, ...rest] = detect(events, sliding);
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({ time: '2024-02-01T10:00:00Z', end: '2024-02-01T10:10:30Z', uniqueMailboxes: 7, events: 8 });
    expect(alert.mailboxes).toHaveLength(8);
  });
  test('bursts an hour apart stay two alerts', () => {
    const events = [
      ...reads(['10:00:00', '10:01:00', '10:02:00', '10:03:00', '10:04:00', '10:05:00']),
      ...reads(['11:00:00', '11:01:00', '11:02:00', '11:03:00', '11:04:00', '11:05:00'], {}, 'n'),
    ];
    expect(summary(events, sliding)).toEqual([
      ['2024-02-01T10:00:00Z', '2024-02-01T10:05:00Z', 6, 6],
      ['2024-02-01T11:00:00Z', '2024-02-01T11:05:00Z', 6, 6],
    ]);
  });
  test('every tumbling alert has a sliding alert covering it (sliding never misses what buckets see)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const events = Array.from({ length: 400 }, (_, i) => ({
      ...base,
      time: t('10:00:00') + Math.floor(random() * 4 * 3_600_000),
      mailbox: `m${Math.floor(random() * 12)}`,
      userId: `u${i}`,
    }));
    const slidingAlerts = detect(events, sliding);
    for (const a of detect(events, params())) {
      const covering = slidingAlerts.find((s) => s.time <= a.lastEvent && s.end >= a.firstEvent);
      expect(covering, a.time).toBeDefined();
      expect(covering!.uniqueMailboxes).toBeGreaterThanOrEqual(a.uniqueMailboxes);
    }
  });
});

describe('grouping, identity and allow-list', () => {
  const six = ['10:00:00', '10:01:00', '10:02:00', '10:03:00', '10:04:00', '10:05:00'];
  test('groups by tenant, ClientAppId and ClientInfoString: 3 + 3 across any of them never alert', () => {
    for (const field of ['tenant', 'clientAppId', 'clientInfoString'] as const) {
      const events = reads(six).map((e, i) => (i < 3 ? e : { ...e, [field]: `${e[field]}-other` }));
      expect(detect(events, params()), field).toEqual([]);
    }
  });
  test('different AppIds under one ClientAppId stay one group and are listed', () => {
    const events = reads(six).map((e, i) => (i % 2 ? { ...e, appId: 'other-app' } : e));
    expect(detect(events, params())[0].appIds).toEqual(['00000003-0000-0000-c000-000000000000', 'other-app']);
  });
  test('mailbox profile compares mailboxes ignoring case; splunk profile counts UserId case-sensitively', () => {
    const events = reads(six).map((e, i) => (i === 5 ? { ...e, mailbox: 'M1@CONTOSO.COM', userId: 'M1@CONTOSO.COM' } : e));
    expect(detect(events, params())).toEqual([]);
    expect(detect(events, params({ profile: 'splunk' }))[0].uniqueMailboxes).toBe(6);
  });
  test('mailbox profile catches one delegate reading six mailboxes; splunk profile sees one user', () => {
    const events = reads(six, { userId: 'delegate@contoso.com' });
    expect(detect(events, params())[0]).toMatchObject({ uniqueMailboxes: 6, users: ['delegate@contoso.com'] });
    expect(detect(events, params({ profile: 'splunk' }))).toEqual([]);
  });
  test('allow-listed ClientAppIds (any case) and client IPs drop their events before counting', () => {
    const events = reads(six).map((e, i) => (i === 0 ? { ...e, clientIp: '10.0.0.5' } : e));
    expect(detect(events, params({ allowApps: [APP.toUpperCase()] }))).toEqual([]);
    expect(detect(events, params({ allowIps: ['10.0.0.5'] }))).toEqual([]);
    expect(detect(events, params({ allowIps: ['10.0.0.6'] }))).toHaveLength(1);
  });
});

describe('what a responder needs next', () => {
  test('an alert carries the counts, the throttling lower bound, the score and the analytic message', () => {
    const events = reads(['10:00:00', '10:01:00', '10:02:00', '10:03:00', '10:04:00', '10:05:00']).map((e, i) => ({
      ...e,
      accessType: i < 2 ? ('Sync' as const) : ('Bind' as const),
      operationCount: i + 1,
      throttled: i === 4,
      clientIp: i % 2 ? '198.51.100.1' : '203.0.113.7',
    }));
    expect(detect(events, params())[0]).toMatchObject({
      events: 6,
      operationCount: 21,
      bind: 4,
      sync: 2,
      throttledMailboxes: 1,
      srcIps: ['198.51.100.1', '203.0.113.7'],
      firstEvent: '2024-02-01T10:00:00Z',
      lastEvent: '2024-02-01T10:05:00Z',
      riskScore: 42,
      mitre: 'T1114.002',
      message: `An Oauth application identified with id ${APP} accessed multiple mailboxes in a short period of time via an API.`,
    });
  });
  test('alerts come out ordered by time, whatever order the events arrive in', () => {
    const events = [
      ...reads(['11:00:00', '11:01:00', '11:02:00', '11:03:00', '11:04:00', '11:05:00']),
      ...reads(['10:00:00', '10:01:00', '10:02:00', '10:03:00', '10:04:00', '10:05:00']),
    ];
    const detector = createDetector(params());
    for (const e of events.reverse()) detector.add(e);
    expect(detector.alerts().map((a) => a.time)).toEqual(['2024-02-01T10:00:00Z', '2024-02-01T11:00:00Z']);
  });
  test('eventsOfAlert returns exactly the events inside the alert, and the timeline counts per window', () => {
    const inside = reads(['10:00:00', '10:01:00', '10:02:00', '10:03:00', '10:04:00', '10:05:00']);
    const outside = reads(['10:10:00', '10:11:00'], {}, 'x');
    const p = params();
    const [alert] = detect([...inside, ...outside], p);
    expect(eventsOfAlert(alert, [...outside, ...inside], p)).toEqual(inside);
    expect(mailboxTimeline(alert, [...inside, ...outside], p)).toEqual([
      { start: t('10:00:00'), mailboxes: 6 },
      { start: t('10:10:00'), mailboxes: 2 },
    ]);
  });
});

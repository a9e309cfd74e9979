// The rule's tallies held in the worker, over stored batches in fake-indexeddb: a new threshold answers from
// the tallies, a new span or window mode counts the stored batches again (with progress, and a cancel), a
// fresh worker shows the alerts a previous one derived without counting, and batches stored meanwhile are
// counted once. Every expectation is worked out by hand from the events below.

import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, LIMITS } from '../../src/core/rule.ts';
import { recordKey } from '../../src/core/seen-records.ts';
import type { MailEvent, RuleParams } from '../../src/core/types.ts';
import { clearWorkspace, closeWorkspace, getDerived, storeBatch } from '../../src/storage/workspace-db.ts';
import { createAnalysis } from '../../src/worker/analysis.ts';
import type { AlertsAnswer, CountProgress } from '../../src/worker/api.ts';
import { importRecord, mailEvent } from '../storage/fixtures.ts';

// App A reads m1..m4 at 10:01..10:04 and m1, m2 at 10:12, 10:13; app B reads m1..m7 at 10:00..10:06 (2024-02-01 UTC).
const at = (minute: number) => Date.UTC(2024, 1, 1, 10, minute);
const appA = [
  ...[1, 2, 3, 4].map((i) => mailEvent({ id: `a${i}`, clientAppId: 'app-a', mailbox: `m${i}`, time: at(i) })),
  ...[1, 2].map((i) => mailEvent({ id: `a1${i}`, clientAppId: 'app-a', mailbox: `m${i}`, time: at(11 + i) })),
];
const appB = [1, 2, 3, 4, 5, 6, 7].map((i) => mailEvent({ id: `b${i}`, clientAppId: 'app-b', mailbox: `m${i}`, time: at(i - 1) }));

let seq = 0;
const store = (events: MailEvent[]) => storeBatch(importRecord(), seq++, events.map(recordKey), events);
const summary = (answer: AlertsAnswer) => answer.alerts.map((a) => `${a.clientAppId} ${a.time.slice(11, 16)}-${a.end.slice(11, 16)} ${a.uniqueMailboxes}`);
const ask = async (analysis: ReturnType<typeof createAnalysis>, params: Partial<RuleParams>) => {
  const progress: CountProgress[] = [];
  const answer = await analysis.alerts({ ...DEFAULT_PARAMS, ...params }, (p) => progress.push(p));
  return { answer, progress };
};
const persisted = () => new Promise((r) => setTimeout(r, 400)); // the analysis writes what it derived 300 ms after its last answer

beforeEach(async () => {
  closeWorkspace();
  globalThis.indexedDB = new IDBFactory();
  seq = 0;
  await store(appA);
  await store(appB);
});

describe('the analysis in the worker', () => {
  it('a threshold answers from the tallies; a span or window mode counts the two stored batches again, with progress', async () => {
    const analysis = createAnalysis();
    const steps: { params: Partial<RuleParams>; expected: string[]; counts: boolean }[] = [
      { params: {}, expected: ['app-b 10:00-10:10 7'], counts: true },
      { params: { threshold: 3 }, expected: ['app-a 10:00-10:10 4', 'app-b 10:00-10:10 7'], counts: false },
      { params: { threshold: 1 }, expected: ['app-a 10:00-10:10 4', 'app-b 10:00-10:10 7', 'app-a 10:10-10:20 2'], counts: false },
      { params: { threshold: 7 }, expected: [], counts: false },
      { params: { threshold: 6 }, expected: ['app-b 10:00-10:10 7'], counts: false },
      // Sliding, more than 3: A's interval from 10:01 holds m1..m4 (the one from 10:02 only 3), B's 10:00 to 10:06.
      { params: { threshold: 3, window: 'sliding' }, expected: ['app-b 10:00-10:06 7', 'app-a 10:01-10:04 4'], counts: true },
      { params: { threshold: 6, window: 'sliding' }, expected: ['app-b 10:00-10:06 7'], counts: false },
      // Tumbling again with a 20-minute span: A's six reads fall in one window of 4 mailboxes.
      { params: { threshold: 3, spanMs: 20 * 60_000 }, expected: ['app-a 10:00-10:20 4', 'app-b 10:00-10:20 7'], counts: true },
    ];
    for (const [i, { params, expected, counts }] of steps.entries()) {
      const { answer, progress } = await ask(analysis, params);
      expect([i, summary(answer), answer.events, progress.at(-1) ?? null]).toEqual([i, expected, 13, counts ? { batchesDone: 2, batchesTotal: 2 } : null]);
    }
  });

  it('a cancelled re-count answers with the rule counted before and its alerts', async () => {
    const analysis = createAnalysis();
    await ask(analysis, { threshold: 3 });
    const pending = ask(analysis, { threshold: 3, spanMs: 20 * 60_000 });
    analysis.cancelCount();
    const { answer } = await pending;
    expect([answer.cancelled, answer.params?.spanMs, summary(answer)]).toEqual([true, 10 * 60_000, ['app-a 10:00-10:10 4', 'app-b 10:00-10:10 7']]);
    // The tallies kept are the old span's: its threshold changes still answer without counting.
    const { answer: next, progress } = await ask(analysis, { threshold: 6 });
    expect([summary(next), progress]).toEqual([['app-b 10:00-10:10 7'], []]);
  });

  it('a newer question overtakes a re-count: the older one is answered cancelled', async () => {
    const analysis = createAnalysis();
    await ask(analysis, {});
    const older = ask(analysis, { window: 'sliding' });
    const newer = ask(analysis, { spanMs: 20 * 60_000, threshold: 3 });
    const [a, b] = await Promise.all([older, newer]);
    expect([a.answer.cancelled, b.answer.cancelled, summary(b.answer)]).toEqual([true, false, ['app-a 10:00-10:20 4', 'app-b 10:00-10:20 7']]);
  });

  it('two questions to a fresh worker at once: both are answered, the later joining the count the earlier started', async () => {
    const analysis = createAnalysis();
    const [first, second] = await Promise.all([ask(analysis, {}), ask(analysis, { threshold: 3 })]);
    expect([first.answer.cancelled, second.answer.cancelled, summary(second.answer)]).toEqual([false, false, ['app-a 10:00-10:10 4', 'app-b 10:00-10:10 7']]);
  });

  it('a fresh worker shows the alerts derived before without counting; another threshold then counts the tallies again', async () => {
    await ask(createAnalysis(), { threshold: 3 });
    await persisted();
    expect((await getDerived())?.stamp).toEqual({ batches: 2, last: 2 });
    const fresh = createAnalysis();
    const restored = await ask(fresh, { threshold: 3 });
    expect([summary(restored.answer), restored.answer.events, restored.progress]).toEqual([['app-a 10:00-10:10 4', 'app-b 10:00-10:10 7'], 13, []]);
    const retuned = await ask(fresh, { threshold: 1 });
    expect([summary(retuned.answer), retuned.progress]).toEqual([
      ['app-a 10:00-10:10 4', 'app-b 10:00-10:10 7', 'app-a 10:10-10:20 2'],
      [{ batchesDone: 2, batchesTotal: 2 }],
    ]);
    // The answer is a row of the table: the lists stay in the worker.
    expect(Object.keys(retuned.answer.alerts[0])).not.toContain('mailboxes');
  });

  it('a re-count cancelled in a fresh worker goes back to the rule and alerts derived before', async () => {
    await ask(createAnalysis(), { threshold: 3 });
    await persisted();
    const fresh = createAnalysis();
    await ask(fresh, { threshold: 3 });
    const pending = ask(fresh, { threshold: 3, window: 'sliding' });
    fresh.cancelCount();
    const { answer } = await pending;
    expect([answer.cancelled, answer.params?.window, summary(answer)]).toEqual([true, 'tumbling', ['app-a 10:00-10:10 4', 'app-b 10:00-10:10 7']]);
  });

  it('what was derived is not used once batches were stored after it, or for another rule', async () => {
    await ask(createAnalysis(), {});
    await persisted();
    const other = await ask(createAnalysis(), { spanMs: 20 * 60_000 });
    expect([summary(other.answer), other.progress.length]).toEqual([['app-b 10:00-10:20 7'], 1]);
    await store([
      mailEvent({ id: 'a5', clientAppId: 'app-a', mailbox: 'm5', time: at(5) }),
      mailEvent({ id: 'a6', clientAppId: 'app-a', mailbox: 'm6', time: at(6) }),
    ]);
    const stale = await ask(createAnalysis(), {});
    expect([summary(stale.answer), stale.answer.events, stale.progress.at(-1)]).toEqual([
      ['app-a 10:00-10:10 6', 'app-b 10:00-10:10 7'],
      15,
      { batchesDone: 3, batchesTotal: 3 },
    ]);
  });

  it('batches stored after the count (another tab) are counted once on the next question; a clear starts again', async () => {
    const analysis = createAnalysis();
    await ask(analysis, {});
    await store([
      mailEvent({ id: 'a5', clientAppId: 'app-a', mailbox: 'm5', time: at(5) }),
      mailEvent({ id: 'a6', clientAppId: 'app-a', mailbox: 'm6', time: at(6) }),
    ]);
    const [one, two] = await Promise.all([ask(analysis, {}), ask(analysis, { threshold: 5 })]);
    expect([summary(one.answer), summary(two.answer), two.answer.events]).toEqual([
      ['app-a 10:00-10:10 6', 'app-b 10:00-10:10 7'],
      ['app-a 10:00-10:10 6', 'app-b 10:00-10:10 7'],
      15,
    ]);
    await clearWorkspace();
    const cleared = await ask(analysis, {});
    expect([cleared.answer.alerts, cleared.answer.events]).toEqual([[], 0]);
  });

  it("an import's committed batches are counted as they are handed on, not read back", async () => {
    const analysis = createAnalysis();
    await ask(analysis, {});
    await analysis.importing();
    const batch = [
      mailEvent({ id: 'a5', clientAppId: 'app-a', mailbox: 'm5', time: at(5) }),
      mailEvent({ id: 'a6', clientAppId: 'app-a', mailbox: 'm6', time: at(6) }),
    ];
    analysis.stored(await store(batch), batch);
    const { answer, progress } = await ask(analysis, {});
    expect([summary(answer), answer.events, progress]).toEqual([['app-a 10:00-10:10 6', 'app-b 10:00-10:10 7'], 15, []]);
  });

  it("a fresh worker's import counts the stored batches with the saved rule first, then each batch it commits", async () => {
    const analysis = createAnalysis();
    await analysis.importing();
    const batch = [
      mailEvent({ id: 'a5', clientAppId: 'app-a', mailbox: 'm5', time: at(5) }),
      mailEvent({ id: 'a6', clientAppId: 'app-a', mailbox: 'm6', time: at(6) }),
    ];
    analysis.stored(await store(batch), batch);
    const { answer, progress } = await ask(analysis, { threshold: 4 });
    expect([summary(answer), answer.events, progress]).toEqual([['app-a 10:00-10:10 6', 'app-b 10:00-10:10 7'], 15, []]);
  });

  it("one alert's events come from the batches holding its application and time; the timeline from the tallies", async () => {
    const analysis = createAnalysis();
    const { answer } = await ask(analysis, { threshold: 1 });
    const late = answer.alerts.find((a) => a.time.endsWith('10:10:00Z'))!;
    const detail = (await analysis.alertDetail(late, { ...DEFAULT_PARAMS, threshold: 1 }))!;
    expect([detail.alert.mailboxes, detail.events.map((e) => [e.id, e.importId]), detail.timeline]).toEqual([
      ['m1', 'm2'],
      [
        ['a11', 'import-1'],
        ['a12', 'import-1'],
      ],
      [
        { start: at(0), mailboxes: 4 },
        { start: at(10), mailboxes: 2 },
      ],
    ]);
  });

  it('the report lists every alert with its record Ids', async () => {
    const analysis = createAnalysis();
    await ask(analysis, { threshold: 1 });
    const rows = (await (await analysis.reportCsv({ ...DEFAULT_PARAMS, threshold: 1 })).text()).trim().split('\r\n');
    expect([rows.length, rows[1].endsWith('"a1\na2\na3\na4"'), rows[2].endsWith('"b1\nb2\nb3\nb4\nb5\nb6\nb7"'), rows[3].endsWith('"a11\na12"')]).toEqual([
      4,
      true,
      true,
      true,
    ]);
  });

  it('counts the stored events the rule could not track', async () => {
    // One event each from LIMITS.applications + 3 applications: the last three are beyond the limit.
    const many = Array.from({ length: LIMITS.applications + 3 }, (_, i) => mailEvent({ id: `x${i}`, clientAppId: `app-${i}`, time: at(0) }));
    await clearWorkspace();
    for (let i = 0; i < many.length; i += 20_000) await store(many.slice(i, i + 20_000));
    const { answer } = await ask(createAnalysis(), {});
    expect([answer.alerts.length, answer.uncounted, answer.events]).toEqual([0, 3, LIMITS.applications + 3]);
  });
});

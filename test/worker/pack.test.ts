// The detection pack through the worker's verbs over fake-indexeddb: an import keeps the pack's answer, the
// alerts answer carries it, a fresh worker (a reload, another tab) reads it back, the stories come from the
// worker, and a clear removes it. Expected answers by hand from the incident (test/fixtures/detections/incident.ts).

import { readFileSync } from 'node:fs';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../src/core/rule.ts';
import { clearWorkspace, closeWorkspace, listPackRecords } from '../../src/storage/workspace-db.ts';
import { createAnalyzerApi } from '../../src/worker/analyzer-api.ts';

const incident = readFileSync(new URL('../fixtures/detections/incident.jsonl', import.meta.url));
const APP = '5f91ce94-4cc5-4ebe-aeb6-f074e57201bb';
const M1 = 'm1@contoso.onmicrosoft.com';
const CONSENT = '50eaabf8-5180-4e86-bfb2-011472c359fc';
const INBOX_RULE = '449f525a-7b42-47be-96a7-d9724e336c19';
const FORWARD = '68469fd0-1315-44ba-b7e4-e92847bb76d6';
const EXPORT = '2ce9f31d-ab4f-4179-b2b7-c77a9652e1d8';
const API_READ = '7cd853e9-d370-412f-965d-a2bcff2a2908';
const PACK = [
  [CONSENT, '2024-03-01T09:00:00Z'],
  [INBOX_RULE, '2024-03-01T09:45:00Z'],
  [FORWARD, '2024-03-01T09:45:00Z'],
  [EXPORT, '2024-03-01T10:30:00Z'],
];

const importIncident = (api: ReturnType<typeof createAnalyzerApi>, id: string) => api.importFile(new File([incident], 'incident.jsonl'), id, () => {});
const packOf = async (api: ReturnType<typeof createAnalyzerApi>) => (await api.alerts(DEFAULT_PARAMS, () => {})).pack.map((a) => [a.detection, a.firstTime]);
const timeline = (entries: { time: string; source: string; detection: string }[]) => entries.map((e) => [e.time, e.source, e.detection]);

beforeEach(() => {
  closeWorkspace();
  globalThis.indexedDB = new IDBFactory();
});

describe('the detection pack in the worker', () => {
  it("an import keeps the pack's answer: four alerts, oldest first, and the Graph context", async () => {
    const api = createAnalyzerApi();
    await importIncident(api, 'one');
    expect(await packOf(api)).toEqual(PACK);
    const [record] = await listPackRecords();
    expect([record.importId, record.alerts.length, record.context.map((c) => [c.count, c.mailboxes.length])]).toEqual([
      'one',
      4,
      // One context row per (user, app, OperationCount): each of the seven mailboxes read once.
      Array(7).fill([1, 1]),
    ]);
  });

  it('the same file imported twice lists each alert once; a fresh worker reads them back', async () => {
    await importIncident(createAnalyzerApi(), 'one');
    await importIncident(createAnalyzerApi(), 'two');
    expect(await packOf(createAnalyzerApi())).toEqual(PACK);
  });

  it("a worker asked before another import answers with that import's alerts too: its pack answer is not kept stale", async () => {
    const api = createAnalyzerApi();
    const consentOnly = String(incident)
      .split('\n')
      .filter((line) => line.includes('Consent to application.'))
      .join('\n');
    await api.importFile(new File([consentOnly], 'consent.jsonl'), 'first', () => {});
    expect(await packOf(api)).toEqual([PACK[0]]);
    expect(await packOf(api)).toEqual([PACK[0]]); // asked again: the same answer
    await importIncident(api, 'second');
    expect(await packOf(api)).toEqual(PACK);
  });

  it('the application story runs consent -> API read -> reads -> inbox rule -> forwarding -> the export of a mailbox it read; so does the mailbox story', async () => {
    const api = createAnalyzerApi();
    await importIncident(api, 'one');
    const app = await api.story({ kind: 'application', subject: APP.toUpperCase() }, DEFAULT_PARAMS);
    expect([app?.subject, app?.risk, timeline(app!.entries)]).toEqual([
      APP,
      45 + 42 + 10 + 42 + 42,
      [
        ['2024-03-01T09:00:00Z', 'pack', CONSENT],
        ['2024-03-01T09:30:00Z', 'api-read', API_READ],
        ['2024-03-01T09:30:00Z', 'context', ''],
        ['2024-03-01T09:45:00Z', 'pack', INBOX_RULE],
        ['2024-03-01T09:45:00Z', 'pack', FORWARD],
        ['2024-03-01T10:30:00Z', 'pack', EXPORT],
      ],
    ]);
    const mailbox = await api.story({ kind: 'mailbox', subject: M1 }, DEFAULT_PARAMS);
    expect(timeline(mailbox!.entries).map(([time, source]) => `${time} ${source}`)).toEqual([
      '2024-03-01T09:30:00Z api-read',
      '2024-03-01T09:30:00Z context',
      '2024-03-01T09:45:00Z pack',
      '2024-03-01T09:45:00Z pack',
      '2024-03-01T10:30:00Z pack',
    ]);
    // A threshold of 7 leaves no API-read alert: the story then has none either (the Graph listing still
    // shows the app read m1, so the export stays).
    const tuned = await api.story({ kind: 'application', subject: APP }, { ...DEFAULT_PARAMS, threshold: 7 });
    expect(timeline(tuned!.entries).map(([, source]) => source)).toEqual(['pack', 'context', 'pack', 'pack', 'pack']);
    expect(await api.story({ kind: 'mailbox', subject: 'nobody@contoso.onmicrosoft.com' }, DEFAULT_PARAMS)).toBeNull();
  });

  it("the mass read's detail carries its application's Graph reads", async () => {
    const api = createAnalyzerApi();
    await importIncident(api, 'one');
    const [row] = (await api.alerts(DEFAULT_PARAMS, () => {})).alerts;
    expect((await api.alertDetail(row, DEFAULT_PARAMS))?.reads).toEqual({
      application: APP,
      mailboxes: Array.from({ length: 7 }, (_, i) => `m${i + 1}@contoso.onmicrosoft.com`),
      firstRead: '2024-03-01T09:30:00Z',
      lastRead: '2024-03-01T09:36:00Z',
      records: 7,
      via: ['Graph'],
    });
  });

  it('a clear removes the pack alerts', async () => {
    const api = createAnalyzerApi();
    await importIncident(api, 'one');
    await clearWorkspace();
    expect([await packOf(api), await listPackRecords()]).toEqual([[], []]);
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import { incidentRecords, MAILBOXES } from '../fixtures/detections/incident.ts';

// The detection pack through the command line, on the incident fixture: consent, Graph reads, a forwarding
// rule through the same app, a content search export. Expected answers worked out from the analytics.
const run = promisify(execFile);
const incident = fileURLToPath(new URL('../fixtures/detections/incident.jsonl', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ual-pack-'));
const APP = '5f91ce94-4cc5-4ebe-aeb6-f074e57201bb';
const SP = '2e5c2fd0-cca4-452c-9891-a07c0dafd964';
const API_READ = '7cd853e9-d370-412f-965d-a2bcff2a2908';
const CONSENT = '50eaabf8-5180-4e86-bfb2-011472c359fc';
const INBOX_RULE = '449f525a-7b42-47be-96a7-d9724e336c19';
const FORWARD = '68469fd0-1315-44ba-b7e4-e92847bb76d6';
const EXPORT = '2ce9f31d-ab4f-4179-b2b7-c77a9652e1d8';

async function detect(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/detect.ts', ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

type Entry = { time: string; source: string; detection: string; risk: number };
const timeline = (story: { entries: Entry[] }) => story.entries.map((e) => [e.time, e.source, e.detection, e.risk]);

describe('the detection pack on the command line', () => {
  test('the fixture file is the records incident.ts describes', () => {
    expect(readFileSync(incident, 'utf8')).toBe(
      incidentRecords()
        .map((r) => `${JSON.stringify(r)}\n`)
        .join(''),
    );
  });

  test('--json: every alert names its detection; the application story runs consent -> reads -> forwarding rule -> export', async () => {
    const { code, stdout, stderr } = await detect(['--json', incident]);
    expect([code, stderr]).toEqual([0, '']);
    const doc = JSON.parse(stdout);
    expect(
      doc.alerts.map((a: { detection: string; firstTime?: string; time: string; risk: number; technique: string }) => [
        a.detection,
        a.firstTime ?? a.time,
        a.risk,
        a.technique,
      ]),
    ).toEqual([
      [API_READ, '2024-03-01T09:30:00Z', 42, 'T1114.002'],
      [CONSENT, '2024-03-01T09:00:00Z', 45, 'T1098.003'],
      [INBOX_RULE, '2024-03-01T09:45:00Z', 10, 'T1114.003, T1564.008'],
      [FORWARD, '2024-03-01T09:45:00Z', 42, 'T1114.003'],
      [EXPORT, '2024-03-01T10:30:00Z', 42, 'T1114.002'],
    ]);
    expect(doc.alerts[3]).toMatchObject({
      detectionName: 'O365 New Email Forwarding Rule Created',
      fields: { ForwardTo: 'drop@attacker.example', user: MAILBOXES[0] },
    });
    expect(doc.reads).toEqual([
      { application: APP, mailboxes: MAILBOXES, firstRead: '2024-03-01T09:30:00Z', lastRead: '2024-03-01T09:36:00Z', records: 7, via: ['Graph'] },
    ]);

    const [app, sp] = doc.stories.applications;
    // The export names no application; it joins the story because the app read m1.
    expect([app.subject, app.risk, app.first, app.last]).toEqual([APP, 45 + 42 + 10 + 42 + 42, '2024-03-01T09:00:00Z', '2024-03-01T10:30:00Z']);
    expect(timeline(app)).toEqual([
      ['2024-03-01T09:00:00Z', 'pack', CONSENT, 45],
      ['2024-03-01T09:30:00Z', 'api-read', API_READ, 42],
      ['2024-03-01T09:30:00Z', 'context', '', 0],
      ['2024-03-01T09:45:00Z', 'pack', INBOX_RULE, 10],
      ['2024-03-01T09:45:00Z', 'pack', FORWARD, 42],
      ['2024-03-01T10:30:00Z', 'pack', EXPORT, 42],
    ]);
    expect([sp.subject, timeline(sp)]).toEqual([SP, [['2024-03-01T09:00:00Z', 'pack', CONSENT, 45]]]);

    const first = doc.stories.mailboxes.find((s: { subject: string }) => s.subject === MAILBOXES[0]);
    expect([first.risk, timeline(first)]).toEqual([
      42 + 10 + 42 + 42,
      [
        ['2024-03-01T09:30:00Z', 'api-read', API_READ, 42],
        ['2024-03-01T09:30:00Z', 'context', '', 0],
        ['2024-03-01T09:45:00Z', 'pack', INBOX_RULE, 10],
        ['2024-03-01T09:45:00Z', 'pack', FORWARD, 42],
        ['2024-03-01T10:30:00Z', 'pack', EXPORT, 42],
      ],
    ]);
    const second = doc.stories.mailboxes.find((s: { subject: string }) => s.subject === MAILBOXES[1]);
    expect(timeline(second)).toEqual([
      ['2024-03-01T09:30:00Z', 'api-read', API_READ, 42],
      ['2024-03-01T09:31:00Z', 'context', '', 0],
    ]);
  });

  test('--detections runs a subset; none runs the API-read rule alone', async () => {
    const some = JSON.parse((await detect(['--json', '--detections', `${FORWARD},2ce9f31d`, incident])).stdout);
    expect(some.alerts.map((a: { detection: string }) => a.detection)).toEqual([API_READ, FORWARD, EXPORT]);
    expect(some.reads).toEqual([]);
    const none = JSON.parse((await detect(['--json', '--detections', 'none', incident])).stdout);
    expect(none.alerts.map((a: { detection: string }) => a.detection)).toEqual([API_READ]);
    const bad = await detect(['--detections', 'deadbeef-0000', incident]);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/no detection deadbeef-0000 in the pack/)]);
    const threshold = await detect(['--detection-threshold', `${FORWARD}=3`, incident]);
    expect([threshold.code, threshold.stderr]).toEqual([
      2,
      expect.stringMatching(/--detection-threshold must be ID=N for a detection with a threshold \(3b6e1d36/),
    ]);
  });

  test('the text report lists pack alerts and the application story', async () => {
    const { stdout } = await detect([incident]);
    expect(stdout).toContain('4 detection pack alerts:');
    expect(stdout).toContain(`Application ${APP} (summed risk ${45 + 42 + 10 + 42 + 42}):`);
    expect(stdout).toMatch(/2024-03-01T09:45:00Z {2}risk 42 {2}O365 New Email Forwarding Rule Created: Inbox rule forwarding to drop@attacker\.example/);
  });

  test('--out: pack alerts are rows of the CSV report with their detection and record Ids', async () => {
    const out = join(dir, 'report.csv');
    expect((await detect(['--out', out, incident])).code).toBe(0);
    const rows = Papa.parse<Record<string, string>>(readFileSync(out, 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(rows.map((r) => [r.detection, r.time, r.risk, r.technique, r.record_ids])).toEqual([
      [API_READ, '2024-03-01T09:30:00Z', '42', 'T1114.002', Array.from({ length: 7 }, (_, i) => `1ca1de00-0000-4000-8000-00000000000${i + 2}`).join('\n')],
      [CONSENT, '2024-03-01T09:00:00Z', '45', 'T1098.003', '1ca1de00-0000-4000-8000-000000000001'],
      [INBOX_RULE, '2024-03-01T09:45:00Z', '10', 'T1114.003, T1564.008', '1ca1de00-0000-4000-8000-000000000009'],
      [FORWARD, '2024-03-01T09:45:00Z', '42', 'T1114.003', '1ca1de00-0000-4000-8000-000000000009'],
      [EXPORT, '2024-03-01T10:30:00Z', '42', 'T1114.002', '1ca1de00-0000-4000-8000-000000000010'],
    ]);
  });

  test("--export-detection prints the analytic's own SPL", async () => {
    const { code, stdout } = await detect(['--export-detection', FORWARD]);
    expect(code).toBe(0);
    expect(stdout).toContain('O365 New Email Forwarding Rule Created (ESCU 68469fd0-1315-44ba-b7e4-e92847bb76d6, version 7, 2025-05-02)');
    expect(stdout).toContain('`o365_management_activity` (Operation=New-InboxRule OR Operation=set-InboxRule) | eval match1=mvfind(');
  });
});

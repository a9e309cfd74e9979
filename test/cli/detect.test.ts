import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import * as write from '../fixtures/export-formats.ts';
import { DELEGATE_APP, expectedMailboxAlerts, expectedSplunkAlert, HARVESTER, records } from '../fixtures/scenario.ts';

// The command line is a contract other scripts rely on: these tests run it as a user would.
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'ual-cli-'));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const jsonl = file('audit.jsonl', write.managementApiLines(records));
const csv = file('audit.csv', write.purviewCsv(records));

async function detect(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/detect.ts', ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run detect', () => {
  test('--json prints exactly one JSON document with the hand-computed alerts and per-file summaries', async () => {
    const { code, stdout, stderr } = await detect(['--json', jsonl, csv]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc)).toEqual(['alerts', 'files', 'evidence', 'reads', 'stories']);
    expect(doc.alerts).toMatchObject(
      expectedMailboxAlerts.map((a) => ({ ...a, detection: '7cd853e9-d370-412f-965d-a2bcff2a2908', risk: 42, technique: 'T1114.002' })),
    );
    expect(doc.files).toMatchObject([
      { name: 'audit.jsonl', format: 'Management Activity API records (JSON lines)', records: 28, skipped: 0, duplicates: 0, problems: [] },
      { name: 'audit.csv', format: 'Purview audit search CSV', records: 28, skipped: 0, duplicates: 18, problems: [] },
    ]);
  });

  test('tuning flags reach the rule', async () => {
    const splunk = JSON.parse((await detect(['--json', '--profile', 'splunk', jsonl])).stdout);
    expect(splunk.alerts).toMatchObject([expectedSplunkAlert]);
    const allowed = JSON.parse((await detect(['--json', '--allow-app', HARVESTER, '--allow-ip', '198.51.100.20', jsonl])).stdout);
    expect(allowed.alerts).toEqual([]);
    const hour = JSON.parse((await detect(['--json', '--span', '1h', jsonl])).stdout);
    expect(hour.alerts.map((a: { clientAppId: string; time: string; end: string }) => [a.clientAppId, a.time, a.end])).toEqual([
      [HARVESTER, '2024-02-01T10:00:00Z', '2024-02-01T11:00:00Z'],
      [DELEGATE_APP, '2024-02-01T10:00:00Z', '2024-02-01T11:00:00Z'],
    ]);
    expect(JSON.parse((await detect(['--json', '--threshold', '6', jsonl])).stdout).alerts).toEqual([]);
    const sliding = JSON.parse((await detect(['--json', '--window', 'sliding', jsonl])).stdout);
    expect(sliding.alerts.map((a: { clientAppId: string; time: string }) => [a.clientAppId, a.time])).toEqual([
      [HARVESTER, '2024-02-01T10:01:00Z'],
      [DELEGATE_APP, '2024-02-01T10:11:00Z'],
    ]);
  });

  test('results do not depend on the machine time zone', async () => {
    const utc = await detect(['--json', jsonl, csv], { TZ: 'UTC' });
    const chatham = await detect(['--json', jsonl, csv], { TZ: 'Pacific/Chatham' });
    expect(chatham.stdout).toBe(utc.stdout);
  });

  test('without --json: a readable table and a per-file summary', async () => {
    const { code, stdout } = await detect([jsonl]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^2 alerts/);
    expect(stdout).toContain(HARVESTER);
    expect(stdout).toMatch(/audit\.jsonl: Management Activity API records \(JSON lines\), UTF-8; 28 records, 18 read by the rule/);
  });

  test('--out writes the CSV report with formula cells defused', async () => {
    const hostile = records
      .slice(0, 7)
      .map((r, i) => ({ ...r, Id: `h${i}`, ClientInfoString: '=HYPERLINK("http://x","y")', UserId: i ? r.UserId : '@SUM(1)' }));
    const out = join(dir, 'report.csv');
    const { code } = await detect(['--out', out, file('hostile.jsonl', write.managementApiLines(hostile))]);
    expect(code).toBe(0);
    const report = readFileSync(out, 'utf8');
    expect(report.split('\r\n')[0]).toBe(
      'time,end,tenant,clientAppId,clientInfoString,uniqueMailboxes,mailboxes,users,srcIps,appIds,events,operationCount,bind,sync,throttledMailboxes,firstEvent,lastEvent,riskScore,mitre,message,detection,detectionName,risk,technique,record_ids',
    );
    expect(report).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(report).toContain(`"'@SUM(1)\nM3@CONTOSO.COM\n`);
  });

  test('unreadable input: non-zero exit and a clear message; bad flags: usage', async () => {
    const missing = await detect(['--json', join(dir, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.json: cannot be read/);
    const zip = await detect([file('export.zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(40).fill(0)]))]);
    expect(zip.code).toBe(1);
    expect(zip.stderr).toMatch(/zip archive/);
    const bad = await detect(['--window', 'hopping', jsonl]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--window must be tumbling or sliding[\s\S]*usage:/);
  });
});

describe('npm run detect says what an export cannot show', () => {
  const withoutAppId = records.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'AppId')));
  // The incident two hours ahead, as a machine at UTC+02:00 writes it, in a column that says only "local".
  const ahead = records.map((r) => ({ ...r, CreationTime: new Date(Date.parse(`${String(r.CreationTime)}Z`) + 2 * 3600_000).toISOString().slice(0, 19) }));
  const local = file('local.csv', write.sentinelCsv(ahead).replace('TimeGenerated [UTC]', 'TimeGenerated [Local Time]'));

  test('a missing column is a sentence on the file in the text, and in --json', async () => {
    const path = file('no-appid.csv', write.sentinelCsv(withoutAppId));
    const text = await detect([path]);
    expect(text.stdout).toMatch(/^No alerts\./);
    expect(text.stdout).toContain('25 could not be judged');
    expect(text.stdout).toContain('! This export has no AppId column: Graph reads cannot be recognised; 25 MailItemsAccessed records could not be judged.');
    const [summary] = JSON.parse((await detect(['--json', path])).stdout).files;
    expect([summary.unjudged, summary.warnings.length]).toEqual([25, 1]);
  });

  test('local times are refused until --time-offset gives their zone', async () => {
    const refused = await detect(['--json', local]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/local\.csv: not analysed\. The times in this export \(column "TimeGenerated \[Local Time\]"\) are in the local time/);
    const read = await detect(['--json', '--time-offset', '+02:00', local]);
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout).alerts).toMatchObject(expectedMailboxAlerts);
    const bad = await detect(['--time-offset', 'Berlin', local]);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/--time-offset must be an offset from UTC/)]);
  });
});

describe('npm run detect says what the evidence cannot show', () => {
  // Two exports of one tenant whose counted reads run 10:01-10:16 and, an hour later, 11:01-11:16: no file
  // covers 10:16-11:01, and every alert (10:00, 10:10, 11:00, 11:10) lies within one 10-minute span of it.
  const later = records.map((r) => ({ ...r, Id: `later-${String(r.Id)}`, CreationTime: String(r.CreationTime).replace('T10:', 'T11:') }));
  const first = file('first.jsonl', write.managementApiLines(records));
  const second = file('second.jsonl', write.managementApiLines(later));

  test('--json carries the gap and the alerts near it; the text has the same section', async () => {
    const { evidence } = JSON.parse((await detect(['--json', first, second])).stdout);
    expect(evidence.gaps).toEqual([{ tenant: records[0].OrganizationId, from: '2024-02-01T10:16:00Z', to: '2024-02-01T11:01:00Z' }]);
    expect(evidence.nearGap.map((a: { time: string; clientAppId: string }) => [a.time, a.clientAppId])).toEqual([
      ['2024-02-01T10:00:00Z', HARVESTER],
      ['2024-02-01T10:10:00Z', DELEGATE_APP],
      ['2024-02-01T11:00:00Z', HARVESTER],
      ['2024-02-01T11:10:00Z', DELEGATE_APP],
    ]);
    const { stdout } = await detect([first, second]);
    expect(stdout).toContain(`gap: no file holds a counted read of tenant ${records[0].OrganizationId} from 2024-02-01T10:16:00Z to 2024-02-01T11:01:00Z`);
  });
});

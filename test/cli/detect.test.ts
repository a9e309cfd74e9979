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
    expect(Object.keys(doc)).toEqual(['alerts', 'files']);
    expect(doc.alerts).toMatchObject(expectedMailboxAlerts);
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
    const hostile = records.slice(0, 7).map((r, i) => ({ ...r, Id: `h${i}`, ClientInfoString: '=HYPERLINK("http://x","y")', UserId: i ? r.UserId : '@SUM(1)' }));
    const out = join(dir, 'report.csv');
    const { code } = await detect(['--out', out, file('hostile.jsonl', write.managementApiLines(hostile))]);
    expect(code).toBe(0);
    const report = readFileSync(out, 'utf8');
    expect(report.split('\r\n')[0]).toBe(
      'time,end,tenant,clientAppId,clientInfoString,uniqueMailboxes,mailboxes,users,srcIps,appIds,events,operationCount,bind,sync,throttledMailboxes,firstEvent,lastEvent,riskScore,mitre,message',
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

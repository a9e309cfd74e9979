// The exported SQL, run on DuckDB over the same AuditData records the engine reads, must give exactly the
// engine's alerts: same windows, applications, counts and mailboxes, for both profiles and both window modes.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exportRule } from '../../../src/core/rule-export/index.ts';
import { SQL_COLUMNS, SQL_TABLE } from '../../../src/core/rule-export/sql.ts';
import { DEFAULT_PARAMS } from '../../../src/core/rule.ts';
import { analyzeChunks } from '../../../src/core/session.ts';
import { isoUtc } from '../../../src/core/time.ts';
import type { IdentityProfile, RuleParams, WindowMode } from '../../../src/core/types.ts';
import { records as scenario } from '../../fixtures/scenario.ts';
import { DELEGATE, generated, graphWithoutClientInfo, handWritten, type AuditRecord } from '../../fixtures/rule-export/records.ts';

type Key = [start: string, tenant: string, clientAppId: string, clientInfoString: string, unique: number, mailboxes: string[]];

const byKey = (a: Key, b: Key) => JSON.stringify(a).localeCompare(JSON.stringify(b));

function engineAlerts(records: AuditRecord[], params: RuleParams): Key[] {
  const bytes = new TextEncoder().encode(records.map((r) => JSON.stringify(r)).join('\n'));
  const { alerts } = analyzeChunks([{ name: 'audit.json', chunks: [bytes] }], params);
  return alerts.map((a): Key => [a.time, a.tenant, a.clientAppId, a.clientInfoString, a.uniqueMailboxes, a.mailboxes]).sort(byKey);
}

let db: DuckDBInstance;
let connection: DuckDBConnection;
let folder: string;
let loads = 0;

/** Loads the records the way the SQL's header tells a user to: JSON lines read with every column a string. */
async function sqlAlerts(records: AuditRecord[], params: RuleParams): Promise<Key[]> {
  const file = join(folder, `audit-${++loads}.json`);
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n'));
  const columns = SQL_COLUMNS.map((c) => `${c}: 'VARCHAR'`).join(', ');
  await connection.run(`CREATE OR REPLACE TABLE ${SQL_TABLE} AS SELECT * FROM read_json('${file}', format = 'newline_delimited', columns = {${columns}})`);
  const rows = (await connection.runAndReadAll(exportRule('sql', params))).getRowObjectsJS();
  return rows
    .map((row): Key => [
      isoUtc(Number(row.window_start_ms)),
      String(row.tenant),
      String(row.client_app_id),
      String(row.client_info_string),
      Number(row.unique_mailboxes),
      (row.mailboxes as string[]).map(String),
    ])
    .sort(byKey);
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'rule-export-'));
  db = await DuckDBInstance.create(':memory:');
  connection = await db.connect();
});
afterAll(() => {
  connection?.closeSync();
  rmSync(folder, { recursive: true, force: true });
});

const tunings: { name: string; records: AuditRecord[]; params: Partial<RuleParams>; alerts: boolean }[] = [
  { name: 'hand-written cases, default tuning', records: handWritten, params: {}, alerts: true },
  {
    name: 'hand-written cases, threshold 2 over 7-minute windows (not aligned to the hour)',
    records: handWritten,
    params: { threshold: 2, spanMs: 7 * 60_000 },
    alerts: true,
  },
  { name: 'hand-written cases, threshold 0 over 90 seconds', records: handWritten, params: { threshold: 0, spanMs: 90_000 }, alerts: true },
  {
    name: 'hand-written cases, threshold 3, allow-listed app (other case, padded, one with a quote) and IPs (port, brackets)',
    records: handWritten,
    params: { threshold: 3, allowApps: [` ${DELEGATE.toUpperCase()} `, "o'brien"], allowIps: ['203.0.113.9', ' 2001:db8::9', '198.51.100.4'] },
    alerts: true,
  },
  { name: 'Graph reads without ClientInfoString', records: graphWithoutClientInfo, params: {}, alerts: true },
  { name: 'the engine scenario fixture', records: scenario, params: {}, alerts: true },
  { name: 'generated reads, threshold 4 over 5 minutes', records: generated(1, 400), params: { threshold: 4, spanMs: 5 * 60_000 }, alerts: true },
  { name: 'generated reads, threshold 6 over 13 minutes', records: generated(2, 400), params: { threshold: 6, spanMs: 13 * 60_000 }, alerts: true },
];

const modes: { profile: IdentityProfile; window: WindowMode }[] = [
  { profile: 'mailbox', window: 'tumbling' },
  { profile: 'splunk', window: 'tumbling' },
  { profile: 'mailbox', window: 'sliding' },
  { profile: 'splunk', window: 'sliding' },
];

describe('exported SQL on DuckDB equals the engine', () => {
  for (const { name, records, params, alerts } of tunings) {
    for (const mode of modes) {
      test(`${name}: ${mode.profile} profile, ${mode.window} windows`, async () => {
        const tuned: RuleParams = { ...DEFAULT_PARAMS, allowApps: [], allowIps: [], ...params, ...mode };
        const expected = engineAlerts(records, tuned);
        if (alerts) expect(expected.length).toBeGreaterThan(0);
        expect(await sqlAlerts(records, tuned)).toEqual(expected);
      });
    }
  }
});

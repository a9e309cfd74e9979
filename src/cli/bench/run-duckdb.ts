// One timed run of the reference: DuckDB computing the same groups with every core. The analytic in SQL:
// select MailItemsAccessed over Graph or EWS, bucket CreationTime into epoch-aligned 10-minute windows,
// count distinct lower-cased mailboxes per (tenant, ClientAppId, ClientInfoString), keep counts over 5.
// A CSV is read with read_csv and its AuditData column with json_extract_string, pre-filtered on the
// Operation column as a responder would write it.

import { cpus } from 'node:os';
import { DuckDBInstance } from '@duckdb/node-api';
import { isoUtc } from '../../core/time.ts';
import { alertKey, reportRun } from './measure.ts';

const FIELDS = [
  'CreationTime',
  'Operation',
  'Workload',
  'AppId',
  'ClientAppId',
  'ClientInfoString',
  'OrganizationId',
  'MailboxOwnerUPN',
  'MailboxGuid',
  'UserId',
];
const path = process.argv[2];
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

const source = path.endsWith('.csv')
  ? `(SELECT ${FIELDS.map((f, i) => `f[${i + 1}] AS ${f}`).join(', ')}
      FROM (SELECT json_extract_string(AuditData, [${FIELDS.map((f) => literal(`$.${f}`)).join(', ')}]) AS f
            FROM read_csv(${literal(path)}, header = true, all_varchar = true, quote = '"', escape = '"')
            WHERE Operation = 'MailItemsAccessed'))`
  : `read_json(${literal(path)}, format = 'newline_delimited', columns = {${FIELDS.map((f) => `${f}: 'VARCHAR'`).join(', ')}})`;

const sql = `
  SELECT epoch_ms(time_bucket(INTERVAL 10 MINUTE, CreationTime::TIMESTAMP)) AS start, OrganizationId AS tenant,
         trim(ClientAppId) AS app, ClientInfoString AS info,
         count(DISTINCT lower(coalesce(nullif(MailboxOwnerUPN, ''), nullif(MailboxGuid, ''), UserId))) AS mailboxes
  FROM ${source}
  WHERE Operation = 'MailItemsAccessed' AND Workload = 'Exchange' AND trim(AppId) <> '' AND trim(ClientAppId) <> ''
    AND (lower(trim(AppId)) = '00000003-0000-0000-c000-000000000000' OR starts_with(ClientInfoString, 'Client=WebServices;ExchangeWebServices'))
  GROUP BY ALL HAVING mailboxes > 5`;

const startedAt = performance.now();
const connection = await (await DuckDBInstance.create(':memory:')).connect();
await connection.run(`SET threads = ${cpus().length}`);
const rows = (await connection.runAndReadAll(sql)).getRows();
reportRun(
  startedAt,
  rows.map(([start, tenant, app, info, mailboxes]) => alertKey(isoUtc(Number(start)), String(tenant), String(app), String(info), mailboxes as bigint)),
  `threads=${cpus().length}`,
);

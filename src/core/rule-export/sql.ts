// SQL that DuckDB and Spark SQL (3.3+) both run, over a table of AuditData records. The two engines share
// no epoch or time-zone function, so CreationTime is parsed by hand, as ../time.ts does: ISO 8601 fields
// from one regular expression, days from the civil date by integer arithmetic, the offset (if any)
// subtracted. Regular expressions avoid backslashes, which Spark's string literals would eat.
// The test suite runs this text on DuckDB and checks it yields exactly the engine's alerts.

import type { RuleParams } from '../types.ts';
import { allowList, describeTuning, EWS_PATTERN, GRAPH_APP_ID, SELECTED_OPERATION, TITLE } from './shared.ts';

export const SQL_TABLE = 'audit_records';
export const SQL_COLUMNS = [
  'CreationTime',
  'Workload',
  'Operation',
  'OrganizationId',
  'AppId',
  'ClientAppId',
  'ClientInfoString',
  'UserId',
  'MailboxOwnerUPN',
  'MailboxGuid',
  'ClientIPAddress',
  'ClientIP',
] as const;

const ISO_TIME = '^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?[ ]*([Zz]|[+-][0-9]{2}:?[0-9]{2})?$';
const MAPPED_IPV4 = '^::ffff:([0-9]{1,3}([.][0-9]{1,3}){3})$';

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
const list = (values: string[]) => values.map(literal).join(', ');
// concat('0', ...) reads a missing part ('') as 0 without a CASE: both engines fail or give NULL on CAST('').
const int = (text: string) => `CAST(concat('0', ${text}) AS BIGINT)`;

function header(params: RuleParams): string {
  return [
    `-- ${TITLE}: SQL for DuckDB and Spark SQL 3.3+`,
    ...describeTuning(params).map((line) => `-- ${line}`),
    '--',
    `-- Reads the table ${SQL_TABLE}: one row per audit record (the Management Activity API's AuditData), with`,
    '-- these columns as strings, NULL where a record lacks the field (create any column your data lacks):',
    `--   ${SQL_COLUMNS.join(', ')}`,
    "-- DuckDB: CREATE TABLE audit_records AS SELECT * FROM read_json('audit/*.json', columns = {CreationTime: 'VARCHAR', ...});",
    '-- Spark:  spark.read.schema("CreationTime STRING, ...").json("audit/").createOrReplaceTempView("audit_records")',
    '-- Each row counts once: drop repeated records (same Id) first when exports overlap.',
    '-- CreationTime is read as ISO 8601, in UTC unless it carries an offset, whatever the session time zone;',
    '-- times come out as epoch milliseconds (DuckDB: epoch_ms(x), Spark: timestamp_millis(x) to read them).',
  ].join('\n');
}

function selection(params: RuleParams): string {
  const mailbox = params.profile === 'splunk' ? "coalesce(UserId, '')" : "lower(coalesce(nullif(MailboxOwnerUPN, ''), nullif(MailboxGuid, ''), UserId, ''))";
  return `selected AS (
  SELECT
    trim(CreationTime) AS creation_time,
    coalesce(OrganizationId, '') AS tenant,
    trim(ClientAppId) AS client_app_id,
    coalesce(ClientInfoString, '') AS client_info_string,
    coalesce(UserId, '') AS user_id,
    ${mailbox} AS mailbox,
    trim(coalesce(ClientIPAddress, ClientIP, '')) AS raw_ip
  FROM ${SQL_TABLE}
  WHERE Workload = 'Exchange'
    AND Operation = ${literal(SELECTED_OPERATION)}
    AND trim(AppId) <> ''
    AND trim(ClientAppId) <> ''
    AND (lower(trim(AppId)) = ${literal(GRAPH_APP_ID)}
      OR regexp_extract(coalesce(ClientInfoString, ''), ${literal(EWS_PATTERN)}, 0) <> '')
)`;
}

// A CreationTime that fits ISO_TIME has the date and the minute at fixed places; seconds, fraction and zone are
// optional. Days since 1970-01-01 come from the civil date, with years starting in March so the leap day is last.
const TIMED = `parsed AS (
  SELECT s.*,
    ${int('substring(creation_time, 1, 4)')} - CASE WHEN ${int('substring(creation_time, 6, 2)')} <= 2 THEN 1 ELSE 0 END AS march_year,
    (${int('substring(creation_time, 6, 2)')} + 9) % 12 AS march_month,
    ${int('substring(creation_time, 9, 2)')} AS day_of_month,
    ${int('substring(creation_time, 12, 2)')} * 3600 + ${int('substring(creation_time, 15, 2)')} * 60
      + ${int("regexp_extract(creation_time, '^.{16}:([0-9]{2})', 1)")} AS clock_seconds,
    round(CAST(concat('0.', regexp_extract(creation_time, '^.{19}[.,]([0-9]+)', 1), '0') AS DOUBLE) * 1000) AS fraction_ms,
    regexp_extract(creation_time, '([Zz]|[+-][0-9]{2}:?[0-9]{2})$', 1) AS zone
  FROM selected s
  WHERE regexp_extract(creation_time, ${literal(ISO_TIME)}, 0) <> ''
),
timed AS (
  SELECT p.*,
    CAST(
      (365 * march_year + floor(march_year / 4) - floor(march_year / 100) + floor(march_year / 400)
        + floor((153 * march_month + 2) / 5) + day_of_month - 1 - 719468) * 86400000
      + clock_seconds * 1000 + fraction_ms
      - CASE WHEN zone IN ('', 'Z', 'z') THEN 0
          ELSE (CASE WHEN substring(zone, 1, 1) = '-' THEN -1 ELSE 1 END) * 60000
            * (${int("substring(replace(zone, ':', ''), 2, 2)")} * 60 + ${int("substring(replace(zone, ':', ''), 4, 2)")})
        END
      AS BIGINT) AS ts
  FROM parsed p
)`;

// 1.2.3.4:5678 -> 1.2.3.4, [2001:db8::1]:443 -> 2001:db8::1, ::ffff:1.2.3.4 -> 1.2.3.4, <null> -> '' (normalise.ts).
const HOST = `CASE
      WHEN raw_ip = '' OR raw_ip = '<null>' OR lower(raw_ip) = 'null' THEN ''
      WHEN substring(raw_ip, 1, 1) = '[' THEN lower(CASE WHEN instr(raw_ip, ']') = 0 THEN substring(raw_ip, 2)
        ELSE substring(raw_ip, 2, instr(raw_ip, ']') - 2) END)
      WHEN length(raw_ip) - length(replace(raw_ip, ':', '')) = 1 THEN lower(substring(raw_ip, 1, instr(raw_ip, ':') - 1))
      ELSE lower(raw_ip)
    END`;

function events(params: RuleParams): string {
  const { apps, ips } = allowList(params);
  const allowed = [apps.length ? `lower(client_app_id) NOT IN (${list(apps)})` : '', ips.length ? `client_ip NOT IN (${list(ips)})` : ''].filter(Boolean);
  return `hosts AS (
  SELECT ts, tenant, client_app_id, client_info_string, user_id, mailbox,
    ${HOST} AS host
  FROM timed
),
events AS (
  SELECT ts, tenant, client_app_id, client_info_string, user_id, mailbox,
    CASE WHEN regexp_extract(host, ${literal(MAPPED_IPV4)}, 1) <> '' THEN regexp_extract(host, ${literal(MAPPED_IPV4)}, 1) ELSE host END AS client_ip
  FROM hosts
)${allowed.length ? `,\nallowed AS (\n  SELECT * FROM events\n  WHERE ${allowed.join('\n    AND ')}\n)` : ''}`;
}

// The alert's columns, after the window and the application: e is the alias of the counted events.
const columns = (count: string, e: string) => `${count} AS unique_mailboxes,
  array_sort(array_agg(DISTINCT ${e}mailbox)) AS mailboxes,
  array_sort(array_agg(DISTINCT ${e}user_id)) AS users,
  array_sort(array_agg(DISTINCT ${e}client_ip) FILTER (WHERE ${e}client_ip <> '')) AS src_ips,
  COUNT(*) AS events,
  MIN(${e}ts) AS first_event_ms,
  MAX(${e}ts) AS last_event_ms`;

function tumbling(params: RuleParams, source: string): string {
  const span = params.spanMs;
  return `windows AS (
  SELECT CAST(floor(ts / ${span}) AS BIGINT) * ${span} AS window_start_ms, *
  FROM ${source}
)
SELECT window_start_ms, window_start_ms + ${span} AS window_end_ms, tenant, client_app_id, client_info_string,
  ${columns('COUNT(DISTINCT mailbox)', '')}
FROM windows
GROUP BY window_start_ms, tenant, client_app_id, client_info_string
HAVING COUNT(DISTINCT mailbox) > ${params.threshold}
ORDER BY window_start_ms, tenant, client_app_id, client_info_string`;
}

// Every interval [t, t + span) that starts at an event and holds more than threshold mailboxes qualifies;
// qualifying intervals that overlap chain into one alert, reported from its first event to its last, with
// the peak count of one interval (rule.ts, slidingAlerts).
function sliding(params: RuleParams, source: string): string {
  const span = params.spanMs;
  return `starts AS (
  SELECT DISTINCT tenant, client_app_id, client_info_string, ts AS start_ms FROM ${source}
),
intervals AS (
  SELECT s.tenant, s.client_app_id, s.client_info_string, s.start_ms, COUNT(DISTINCT e.mailbox) AS mailbox_count
  FROM starts s
  JOIN ${source} e ON e.tenant = s.tenant AND e.client_app_id = s.client_app_id AND e.client_info_string = s.client_info_string
    AND e.ts >= s.start_ms AND e.ts < s.start_ms + ${span}
  GROUP BY s.tenant, s.client_app_id, s.client_info_string, s.start_ms
  HAVING COUNT(DISTINCT e.mailbox) > ${params.threshold}
),
chained AS (
  SELECT *, CASE WHEN LAG(start_ms) OVER (PARTITION BY tenant, client_app_id, client_info_string ORDER BY start_ms) + ${span} > start_ms
    THEN 0 ELSE 1 END AS opens_run
  FROM intervals
),
runs AS (
  SELECT *, SUM(opens_run) OVER (PARTITION BY tenant, client_app_id, client_info_string ORDER BY start_ms
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS run
  FROM chained
),
merged AS (
  SELECT tenant, client_app_id, client_info_string, run, MIN(start_ms) AS first_start_ms, MAX(start_ms) AS last_start_ms,
    MAX(mailbox_count) AS peak
  FROM runs
  GROUP BY tenant, client_app_id, client_info_string, run
)
SELECT m.first_start_ms AS window_start_ms, MAX(e.ts) AS window_end_ms, m.tenant, m.client_app_id, m.client_info_string,
  ${columns('m.peak', 'e.')}
FROM merged m
JOIN ${source} e ON e.tenant = m.tenant AND e.client_app_id = m.client_app_id AND e.client_info_string = m.client_info_string
  AND e.ts >= m.first_start_ms AND e.ts < m.last_start_ms + ${span}
GROUP BY m.tenant, m.client_app_id, m.client_info_string, m.run, m.first_start_ms, m.peak
ORDER BY window_start_ms, m.tenant, m.client_app_id, m.client_info_string`;
}

export function sqlRule(params: RuleParams): string {
  const { apps, ips } = allowList(params);
  const source = apps.length || ips.length ? 'allowed' : 'events';
  const rest = params.window === 'sliding' ? sliding(params, source) : tumbling(params, source);
  return `${header(params)}
WITH ${selection(params)},
${TIMED},
${events(params)},
${rest};
`;
}

// The app and the command line compose the core the same way (core/session.ts), so for the same files
// their CSV reports are the same bytes. The command line runs as a user runs it; the app's side is its
// worker's verbs over fake-indexeddb: the imports, then the alerts and the report the page asks for.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { IDBFactory } from 'fake-indexeddb';
import Papa from 'papaparse';
import { beforeEach, describe, expect, test } from 'vitest';
import { DEFAULT_PARAMS } from '../../src/core/rule.ts';
import { closeWorkspace } from '../../src/storage/workspace-db.ts';
import { createAnalyzerApi } from '../../src/worker/analyzer-api.ts';
import type { AnalyzerApi } from '../../src/worker/api.ts';
import * as write from '../fixtures/export-formats.ts';
import { records } from '../fixtures/scenario.ts';

const run = promisify(execFile);
// What the page shows (ui/use-workspace.ts): the worker's alerts. What its Export CSV writes: the worker's report.
let worker: AnalyzerApi;
const importFile = (file: File, importId: string) => worker.importFile(file, importId, () => {});
const pageAlerts = async () => (await worker.alerts(DEFAULT_PARAMS, () => {})).alerts;
const pageReport = async () => (await worker.reportCsv(DEFAULT_PARAMS)).text();
const dir = mkdtempSync(join(tmpdir(), 'ual-parity-'));

beforeEach(() => {
  closeWorkspace();
  globalThis.indexedDB = new IDBFactory();
  worker = createAnalyzerApi();
});

const graphRead = (id: string | null, mailbox: string, minute = 5) =>
  JSON.stringify({
    CreationTime: `2024-02-01T10:0${minute}:00`,
    ...(id === null ? {} : { Id: id }),
    Operation: 'MailItemsAccessed',
    Workload: 'Exchange',
    OrganizationId: 'tenant-p',
    AppId: '00000003-0000-0000-c000-000000000000',
    ClientAppId: 'parity-app',
    MailboxOwnerUPN: mailbox,
    OperationCount: 3,
  });

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../e2e/fixtures/${name}`, import.meta.url)));
const incident = new Uint8Array(readFileSync(new URL('../fixtures/detections/incident.jsonl', import.meta.url)));
const cases: { name: string; files: [string, string | Uint8Array<ArrayBuffer>][] }[] = [
  {
    // Six Graph reads plus one Id-less read that appears twice: by hand, 7 events (the repeat is one record).
    name: 'six Graph reads and an Id-less read repeated',
    files: [
      [
        'idless.jsonl',
        [1, 2, 3, 4, 5, 6]
          .map((i) => graphRead(`p-${i}`, `m${i}@x.example`))
          .concat(graphRead(null, 'm7@x.example'), graphRead(null, 'm7@x.example'))
          .join('\n'),
      ],
    ],
  },
  {
    // Seven reads of seven mailboxes, every Id replaced by a placeholder: seven records, one alert.
    name: 'reads under a placeholder Id',
    files: [['anonymised.jsonl', [1, 2, 3, 4, 5, 6, 7].map((i) => graphRead('ANONYMIZED', `m${i}@x.example`)).join('\n')]],
  },
  {
    name: 'overlapping exports in two formats',
    files: [
      ['audit.jsonl', write.managementApiLines(records)],
      ['audit.csv', write.purviewCsv(records)],
    ],
  },
  {
    name: 'the end-to-end fixtures together',
    files: [
      ['graph-burst.json', fixture('graph-burst.json')],
      ['ews-burst.csv', fixture('ews-burst.csv')],
      ['offline-burst.jsonl', fixture('offline-burst.jsonl')],
      ['markup.json', fixture('markup.json')],
    ],
  },
  {
    // The detection pack's alerts follow the API-read alert in both (test/cli/detect-pack.test.ts has them by hand).
    name: 'the detection pack incident',
    files: [['incident.jsonl', incident]],
  },
  {
    // The same records twice: each pack alert once, as the command line counts a record once by its Id.
    name: 'the incident in two files',
    files: [
      ['incident.jsonl', incident],
      ['incident-again.jsonl', incident],
    ],
  },
];

describe('the app and the command line write the same report', () => {
  test.each(cases)('$name', async ({ name, files }) => {
    const paths = files.map(([file, content]) => {
      const path = join(dir, `${name.replace(/\W+/g, '-')}-${file}`);
      writeFileSync(path, content);
      return path;
    });
    const out = join(dir, `${name.replace(/\W+/g, '-')}.csv`);
    await run(process.execPath, ['--import', 'tsx', 'src/cli/detect.ts', '--json', '--out', out, ...paths]);

    for (const [i, [file, content]] of files.entries()) {
      const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : new Uint8Array(content);
      await importFile(new File([bytes], file), `import-${i}`);
    }
    const app = await pageReport();
    const cli = readFileSync(out, 'utf8');
    expect(cli.split('\n').length).toBeGreaterThan(2); // every case alerts: a header and at least one row
    expect(app).toBe(cli);
  });

  test('the Id-less repeat counts once in both: 7 events, OperationCount 21', async () => {
    const [[, content]] = cases[0].files;
    await importFile(new File([content], 'idless.jsonl'), 'idless');
    const [alert] = await pageAlerts();
    expect([alert.uniqueMailboxes, alert.events, alert.operationCount]).toEqual([7, 7, 21]);
    // The report traces it to its records: p-1..p-6; the Id-less read has no Id to give.
    const report = Papa.parse<Record<string, string>>(await pageReport(), { header: true, skipEmptyLines: true }).data;
    expect(report.map((row) => row.record_ids)).toEqual(['p-1\np-2\np-3\np-4\np-5\np-6']);
  });
});

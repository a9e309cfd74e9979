import { IDBFactory } from 'fake-indexeddb';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { createFileAnalyzer } from '../../src/core/analyzer.ts';
import type { MailEvent } from '../../src/core/types.ts';
import { allEvents, closeWorkspace, DB_NAME, listImports } from '../../src/storage/workspace-db.ts';
import type { ImportProgress } from '../../src/worker/api.ts';
import { importFile } from '../../src/worker/import-file.ts';

beforeEach(() => {
  closeWorkspace();
  globalThis.indexedDB = new IDBFactory();
});

// test/e2e/fixtures/graph-burst.json: 10 records, 9 read by the rule (6 Graph reads of user1..user6 by one
// unknown app, 3 Outlook Mobile reads), the 10th a sign-in.
const graphBurst = readFileSync(new URL('../e2e/fixtures/graph-burst.json', import.meta.url));
const asFile = (bytes: Uint8Array, name: string) => new File([new Uint8Array(bytes)], name, { lastModified: Date.UTC(2024, 1, 3) });

describe('importFile', () => {
  it('stores the selected events, hashes the bytes and finishes the import as complete', async () => {
    const progress: ImportProgress[] = [];
    const outcome = await importFile(asFile(graphBurst, 'graph-burst.json'), 'imp-1', (p) => progress.push(p));
    expect(outcome).toMatchObject({ importId: 'imp-1', status: 'complete', stored: 9, sha256: createHash('sha256').update(graphBurst).digest('hex') });
    expect(outcome.summary).toMatchObject({ records: 10, selected: 9, skipped: 0, duplicates: 0 });
    expect((await allEvents()).filter((e) => e.clientAppId === 'a1b2c3d4-0000-4000-8000-00000000abcd')).toHaveLength(6);
    const [record] = await listImports();
    expect(record).toMatchObject({ id: 'imp-1', name: 'graph-burst.json', size: graphBurst.length, status: 'complete', stored: 9, note: '' });
    expect(progress.at(-1)).toMatchObject({ importId: 'imp-1', bytesDone: graphBurst.length, bytesTotal: graphBurst.length, records: 10, selected: 9 });
  });

  it('importing the same export again adds nothing and counts every record as a duplicate', async () => {
    await importFile(asFile(graphBurst, 'graph-burst.json'), 'first', () => {});
    const again = await importFile(asFile(graphBurst, 'copy.json'), 'second', () => {});
    expect([again.stored, again.summary.duplicates, (await allEvents()).length]).toEqual([0, 9, 9]);
  });

  it('an overlapping export adds only the records the workspace lacks, matching Ids in any case and Id-less records by content', async () => {
    // First: Ids ov-1..ov-6 and one Id-less read. Second: OV-4..OV-6 in capitals (already stored), ov-7..ov-9
    // (new) and the same Id-less read again. By hand: 7 stored, then 3 stored and 4 duplicates, 10 in all.
    const read = (id: string | null, mailbox: string) =>
      JSON.stringify({
        CreationTime: '2024-02-01T10:05:00',
        ...(id ? { Id: id } : {}),
        Operation: 'MailItemsAccessed',
        Workload: 'Exchange',
        AppId: '00000003-0000-0000-c000-000000000000',
        ClientAppId: 'overlap-app',
        MailboxOwnerUPN: mailbox,
      });
    const first = [1, 2, 3, 4, 5, 6].map((i) => read(`ov-${i}`, `m${i}@x.example`)).concat(read(null, 'idless@x.example'));
    const second = [4, 5, 6]
      .map((i) => read(`OV-${i}`, `m${i}@x.example`))
      .concat(
        [7, 8, 9].map((i) => read(`ov-${i}`, `m${i}@x.example`)),
        read(null, 'idless@x.example'),
      );
    const a = await importFile(asFile(new TextEncoder().encode(first.join('\n')), 'first.jsonl'), 'a', () => {});
    const b = await importFile(asFile(new TextEncoder().encode(second.join('\n')), 'second.jsonl'), 'b', () => {});
    expect([a.stored, a.summary.duplicates, b.stored, b.summary.duplicates]).toEqual([7, 0, 3, 4]);
    expect((await allEvents()).map((e) => e.id)).toEqual(['ov-1', 'ov-2', 'ov-3', 'ov-4', 'ov-5', 'ov-6', '', 'ov-7', 'ov-8', 'ov-9']);
  });

  it('events stored by version 1 of the workspace count as known after the upgrade', async () => {
    // Version 1's schema, written as its code wrote it: each event under its lower-cased Id.
    const events: MailEvent[] = [];
    const analyzer = createFileAnalyzer('graph-burst.json', (e) => (events.push(e), true));
    analyzer.write(graphBurst);
    analyzer.end();
    const v1 = await openDB(DB_NAME, 1, {
      upgrade: (d) => ['imports', 'events', 'settings'].forEach((name) => d.createObjectStore(name, name === 'imports' ? { keyPath: 'id' } : {})),
    });
    await Promise.all(events.map((e) => v1.put('events', e, e.id.toLowerCase())));
    v1.close();
    const again = await importFile(asFile(graphBurst, 'graph-burst.json'), 'after-upgrade', () => {});
    expect([events.length, again.stored, again.summary.duplicates, (await allEvents()).length]).toEqual([9, 0, 9, 9]);
  });

  it("takes the responder's offset for an export in local time; without it, says why it cannot read it", async () => {
    const csv = [
      'TimeGenerated [Local Time],Operation,OfficeWorkload,OrganizationId,UserId,MailboxOwnerUPN,AppId,ClientAppId,ClientInfoString,OfficeId',
      ...[1, 2].map((i) => `"2/1/2024, 12:0${i}:00.000 PM",MailItemsAccessed,Exchange,t,u${i}@x,u${i}@x,00000003-0000-0000-c000-000000000000,app,,id-${i}`),
    ].join('\n');
    const refused = await importFile(asFile(new TextEncoder().encode(csv), 'local.csv'), 'refused', () => {});
    expect(refused.summary.unsupported).toMatch(/local time of the machine that exported it/);
    const read = await importFile(asFile(new TextEncoder().encode(csv), 'local.csv'), 'read', () => {}, { localOffsetMinutes: 120 });
    expect([read.stored, read.summary.firstTime]).toEqual([2, '2024-02-01T10:01:00Z']);
  });

  it("keeps each stored event's import and the line its record starts on", async () => {
    // Line 1 a sign-in, lines 2 and 4 Graph reads, line 3 blank.
    const read = (id: string, mailbox: string) =>
      JSON.stringify({
        CreationTime: '2024-02-01T10:05:00',
        Id: id,
        Operation: 'MailItemsAccessed',
        Workload: 'Exchange',
        AppId: '00000003-0000-0000-c000-000000000000',
        ClientAppId: 'app',
        MailboxOwnerUPN: mailbox,
      });
    const text = [
      JSON.stringify({ CreationTime: '2024-02-01T10:00:00', Operation: 'UserLoggedIn', Workload: 'AzureActiveDirectory' }),
      read('l-2', 'a@x'),
      '',
      read('l-4', 'b@x'),
    ].join('\n');
    await importFile(asFile(new TextEncoder().encode(text), 'lines.jsonl'), 'with-lines', () => {});
    expect((await allEvents()).map((e) => [e.id, e.importId, e.line])).toEqual([
      ['l-2', 'with-lines', 2],
      ['l-4', 'with-lines', 4],
    ]);
  });

  it('stores more events than one batch holds across several batches', async () => {
    // 2,500 Graph reads of distinct mailboxes: more than BATCH_EVENTS (2,000), so two batches.
    const lines = Array.from({ length: 2500 }, (_, i) =>
      JSON.stringify({
        CreationTime: '2024-02-01T10:05:00',
        Id: `bulk-${i}`,
        Operation: 'MailItemsAccessed',
        Workload: 'Exchange',
        AppId: '00000003-0000-0000-c000-000000000000',
        ClientAppId: 'bulk-app',
        MailboxOwnerUPN: `m${i}@x.example`,
      }),
    );
    const outcome = await importFile(asFile(new TextEncoder().encode(lines.join('\n')), 'bulk.jsonl'), 'bulk', () => {});
    expect([outcome.status, outcome.stored, (await allEvents()).length]).toEqual(['complete', 2500, 2500]);
  });

  it('a file that is not an export is reported, not thrown', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const outcome = await importFile(asFile(png, 'photo.png'), 'png', () => {});
    expect(outcome.status).toBe('complete');
    expect(outcome.stored).toBe(0);
    expect(outcome.summary.unsupported).toBe('This is a PNG image, not an audit log export.');
  });
});

import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  allEvents,
  clearWorkspace,
  closeWorkspace,
  countEvents,
  DB_NAME,
  DB_VERSION,
  eventsAfter,
  getDerived,
  getSetting,
  knownKeys,
  listImports,
  listPackRecords,
  markIncomplete,
  markInterrupted,
  putImport,
  putPackRecord,
  setSetting,
  storeBatch,
} from '../../src/storage/workspace-db.ts';
import { encodeEvents } from '../../src/core/event-columns.ts';
import { recordKey } from '../../src/core/seen-records.ts';
import type { MailEvent } from '../../src/core/types.ts';
import { importRecord, mailEvent } from './fixtures.ts';

beforeEach(() => {
  closeWorkspace();
  globalThis.indexedDB = new IDBFactory();
});

/** Stores `events` as batch `seq` of the import, keyed as the importer keys them. */
const store = (record: ReturnType<typeof importRecord>, seq: number, ...events: MailEvent[]) => storeBatch(record, seq, events.map(recordKey), events);

/** The Id part of a stored key (core/seen-records.ts: the lower-cased Id, '|', 16 hex digits). */
const idOf = (key: string) => key.slice(0, -17);

describe('workspace store', () => {
  it('stores a batch of events together with their keys and the import record', async () => {
    await store(importRecord({ stored: 2 }), 0, mailEvent({ id: 'e1' }), mailEvent({ id: 'e2', mailbox: 'user2@fabrikam.example' }));
    expect(await countEvents()).toBe(2);
    expect((await allEvents()).map((e) => e.mailbox)).toEqual(['user1@fabrikam.example', 'user2@fabrikam.example']);
    expect([...(await knownKeys())].map(idOf)).toEqual(['e1', 'e2']);
    expect((await listImports()).map((i) => [i.id, i.stored])).toEqual([['import-1', 2]]);
  });

  // A batch's keys go into records of at most 800 (Chromium stores values past 64 KB as blobs, slowly): a
  // full batch of 2,000 events must still give every key, once, and count every event.
  it('keeps every key of a full batch, stored in several records', async () => {
    const events = Array.from({ length: 2000 }, (_, i) => mailEvent({ id: `E-${i}` }));
    await storeBatch(importRecord({ stored: 2000 }), 0, events.map(recordKey), events);
    const keys = await knownKeys();
    const ids = new Set([...keys].map(idOf));
    expect([keys.size, ids.has('e-0'), ids.has('e-799'), ids.has('e-800'), ids.has('e-1999'), await countEvents()]).toEqual([
      2000,
      true,
      true,
      true,
      true,
      2000,
    ]);
    const records = await (await openDB(DB_NAME)).getAll('keys');
    expect(records.map((r) => r.length)).toEqual([800, 800, 400]);
  });

  it('reads batches back in the order they were stored, across imports, with every key case-folded', async () => {
    await store(importRecord({ id: 'b' }), 0, mailEvent({ id: 'B-1' }), mailEvent({ id: 'B-2' }));
    await store(importRecord({ id: 'a' }), 0, mailEvent({ id: 'A-1' }));
    await store(importRecord({ id: 'b' }), 1, mailEvent({ id: '' }));
    expect((await allEvents()).map((e) => e.id)).toEqual(['B-1', 'B-2', 'A-1', '']);
    expect(new Set([...(await knownKeys())].map(idOf))).toEqual(new Set(['b-1', 'b-2', 'a-1', '']));
  });

  it('reads only the batches stored after the last one read', async () => {
    await store(importRecord(), 0, mailEvent({ id: 'e1' }), mailEvent({ id: 'e2' }));
    const first = await eventsAfter(null);
    await store(importRecord(), 1, mailEvent({ id: 'e3' }));
    await store(importRecord({ id: 'import-2' }), 0, mailEvent({ id: 'e4' }));
    const next = await eventsAfter(first.through);
    const none = await eventsAfter(next.through);
    expect([first.events.map((e) => e.id), next.events.map((e) => e.id), none.events, none.through === next.through]).toEqual([
      ['e1', 'e2'],
      ['e3', 'e4'],
      [],
      true,
    ]);
    expect(await eventsAfter(null)).toMatchObject({ events: [{ id: 'e1' }, { id: 'e2' }, { id: 'e3' }, { id: 'e4' }], through: next.through });
  });

  it('a batch whose transaction fails stores nothing of it: no event, no key, no progress', async () => {
    await store(importRecord({ stored: 1 }), 0, mailEvent({ id: 'kept' }));
    // A value IndexedDB cannot clone, written after the batch was queued in the same transaction.
    const unstorable = importRecord({ stored: 3, note: (() => {}) as unknown as string });
    await expect(store(unstorable, 1, mailEvent({ id: 'lost-1' }), mailEvent({ id: 'lost-2' }))).rejects.toThrow();
    expect([(await allEvents()).map((e) => e.id), [...(await knownKeys())].map(idOf), (await listImports()).map((i) => i.stored)]).toEqual([
      ['kept'],
      ['kept'],
      [1],
    ]);
  });

  it('lists imports in the order they started', async () => {
    await putImport(importRecord({ id: 'late', startedAt: '2024-02-02T09:00:00.000Z' }));
    await putImport(importRecord({ id: 'early', startedAt: '2024-02-02T07:00:00.000Z' }));
    expect((await listImports()).map((i) => i.id)).toEqual(['early', 'late']);
  });

  it('marks an import left running by a closed tab as incomplete, and never a finished one', async () => {
    await putImport(importRecord({ id: 'cut-off', status: 'running' }));
    await putImport(importRecord({ id: 'done', status: 'complete' }));
    await markInterrupted('cut-off');
    await markInterrupted('done');
    const byId = Object.fromEntries((await listImports()).map((i) => [i.id, i]));
    expect(byId['cut-off'].status).toBe('incomplete');
    expect(byId['cut-off'].note).toMatch(/^Interrupted/);
    expect(byId.done.status).toBe('complete');
  });

  it('a cancel marks a running import incomplete but never reopens a finished one', async () => {
    await putImport(importRecord({ id: 'running' }));
    await putImport(importRecord({ id: 'finished', status: 'complete' }));
    await markIncomplete('running', 'Cancelled');
    await markIncomplete('finished', 'Cancelled');
    await markIncomplete('unknown', 'Cancelled');
    expect(Object.fromEntries((await listImports()).map((i) => [i.id, [i.status, i.note]]))).toEqual({
      running: ['incomplete', 'Cancelled'],
      finished: ['complete', ''],
    });
  });

  it('keeps settings, and clearing empties imports, events and settings', async () => {
    await setSetting('clock', 'local');
    await setSetting('rule', { threshold: 9, spanMs: 60_000, window: 'sliding', profile: 'splunk', allowApps: ['x'], allowIps: [] });
    await store(importRecord(), 0, mailEvent());
    expect(await getSetting('clock')).toBe('local');
    expect((await getSetting('rule'))?.threshold).toBe(9);
    await clearWorkspace();
    expect([await countEvents(), (await knownKeys()).size, (await listImports()).length, await getSetting('clock'), await getSetting('rule')]).toEqual([
      0,
      0,
      0,
      undefined,
      undefined,
    ]);
  });

  it('closes its connection when another tab upgrades the database, and is not in its way', async () => {
    await listImports(); // opens our connection
    const newer = await Promise.race([openDB(DB_NAME, DB_VERSION + 1), new Promise((r) => setTimeout(() => r('blocked'), 2000))]);
    expect(newer).not.toBe('blocked');
    (newer as { close(): void }).close();
  });
});

// How versions 1 and 2 keyed an event: its lower-cased Id, or its content when it had none.
const oldKey = (e: MailEvent) =>
  e.id ? e.id.toLowerCase() : `~${[e.time, e.tenant, e.clientAppId, e.clientInfoString, e.mailbox, e.userId, e.clientIp, e.operationCount].join('\u0000')}`;

// The schema of version 1 as its code created it: one record per event under its key, no batches.
async function writeVersion1(events: MailEvent[], imports: ReturnType<typeof importRecord>[]) {
  const v1 = await openDB(DB_NAME, 1, {
    upgrade(database) {
      database.createObjectStore('imports', { keyPath: 'id' });
      database.createObjectStore('events');
      database.createObjectStore('settings');
    },
  });
  const tx = v1.transaction(['imports', 'events', 'settings'], 'readwrite');
  for (const e of events) tx.objectStore('events').put(e, oldKey(e));
  for (const i of imports) tx.objectStore('imports').put(i);
  tx.objectStore('settings').put('local', 'clock');
  await tx.done;
  v1.close();
}

describe('a version 1 workspace', () => {
  it('keeps every event, key, import and setting when upgraded; the per-event store is gone', async () => {
    // 4,500 events: more than two pages of the migration (2,000 each), so three batches.
    const events = Array.from({ length: 4500 }, (_, i) => mailEvent({ id: `EV-${i}`, mailbox: `m${i % 7}@x.example` }));
    await writeVersion1([...events, mailEvent({ id: '' })], [importRecord({ id: 'old', status: 'complete', stored: 4501 })]);
    const stored = await allEvents();
    expect(stored).toHaveLength(4501);
    expect(new Set(stored.map((e) => e.id))).toEqual(new Set([...events.map((e) => e.id), '']));
    expect(stored.filter((e) => e.mailbox === 'm3@x.example')).toHaveLength(643); // i = 3, 10, ..., 4493 (643 values) and not the Id-less one
    const keys = await knownKeys();
    expect([keys.size, keys.has(recordKey(events[4499])), keys.has(recordKey(mailEvent({ id: '' })))]).toEqual([4501, true, true]);
    expect((await listImports()).map((i) => [i.id, i.status, i.stored])).toEqual([['old', 'complete', 4501]]);
    expect(await getSetting('clock')).toBe('local');
    closeWorkspace();
    const upgraded = await openDB(DB_NAME);
    expect([upgraded.version, [...upgraded.objectStoreNames].sort()]).toEqual([DB_VERSION, ['batches', 'derived', 'imports', 'keys', 'pack', 'settings']]);
    upgraded.close();
  });

  it('an empty version 1 workspace upgrades to an empty one', async () => {
    await writeVersion1([], []);
    expect([await countEvents(), (await knownKeys()).size, (await listImports()).length]).toEqual([0, 0, 0]);
  });
});

// The schema of version 2 as its code wrote it: batches in columns, each batch's keys by Id alone.
async function writeVersion2(batches: MailEvent[][]) {
  const v2 = await openDB(DB_NAME, 2, {
    upgrade(database) {
      database.createObjectStore('imports', { keyPath: 'id' });
      database.createObjectStore('settings');
      database.createObjectStore('batches', { autoIncrement: true });
      database.createObjectStore('keys');
    },
  });
  const tx = v2.transaction(['imports', 'batches', 'keys'], 'readwrite');
  batches.forEach((events, seq) => {
    tx.objectStore('batches').add({ importId: 'old', seq, events: encodeEvents(events) });
    tx.objectStore('keys').add(events.map(oldKey), ['old', seq]);
  });
  tx.objectStore('imports').put(importRecord({ id: 'old', status: 'complete', stored: batches.flat().length }));
  await tx.done;
  v2.close();
}

describe('a version 2 workspace', () => {
  it('is keyed again by Id and content, batch by batch, keeping every event', async () => {
    // Two batches; two records share the placeholder Id 'ANONYMIZED' but read different mailboxes.
    const first = [mailEvent({ id: 'V2-1' }), mailEvent({ id: 'ANONYMIZED', mailbox: 'a@x.example' })];
    const second = [mailEvent({ id: 'ANONYMIZED', mailbox: 'b@x.example' }), mailEvent({ id: '' })];
    await writeVersion2([first, second]);
    expect(await knownKeys()).toEqual(new Set([...first, ...second].map(recordKey)));
    expect((await allEvents()).map((e) => e.mailbox)).toEqual([...first, ...second].map((e) => e.mailbox));
    const records = await (await openDB(DB_NAME)).getAllKeys('keys');
    expect(records).toEqual([
      ['old', 0, 0],
      ['old', 1, 0],
    ]);
  });
});

describe('a version 4 workspace', () => {
  it("keeps its imports, events and what was derived, and gains the pack's store, empty", async () => {
    const events = [mailEvent({ id: 'V4-1' }), mailEvent({ id: 'V4-2', mailbox: 'b@x.example' })];
    const v4 = await openDB(DB_NAME, 4, {
      upgrade(database) {
        database.createObjectStore('imports', { keyPath: 'id' });
        database.createObjectStore('settings');
        database.createObjectStore('batches', { autoIncrement: true });
        database.createObjectStore('keys');
        database.createObjectStore('derived');
      },
    });
    const tx = v4.transaction(['imports', 'batches', 'keys', 'derived'], 'readwrite');
    tx.objectStore('batches').add({ importId: 'old', seq: 0, events: encodeEvents(events) });
    tx.objectStore('keys').add(events.map(recordKey), ['old', 0, 0]);
    tx.objectStore('imports').put(importRecord({ id: 'old', status: 'complete', stored: 2 }));
    tx.objectStore('derived').put({ stamp: { batches: 1, last: 1 } }, 'current');
    await tx.done;
    v4.close();

    expect([(await allEvents()).map((e) => e.id), (await listImports()).map((i) => i.id), await listPackRecords()]).toEqual([['V4-1', 'V4-2'], ['old'], []]);
    expect((await getDerived())?.stamp).toEqual({ batches: 1, last: 1 });
    await putPackRecord({ importId: 'old', alerts: [], context: [] });
    expect((await listPackRecords()).map((r) => r.importId)).toEqual(['old']);
    await clearWorkspace();
    expect(await listPackRecords()).toEqual([]);
  });
});

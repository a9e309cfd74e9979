// The local workspace: what was imported, the events the rule reads, and the responder's settings.
//
// Lifecycle: the database opens lazily on the first verb, once per context (the page and the worker each hold
// a connection). When another tab opens a newer version, `blocking()` closes ours and the next verb reopens.
// An import is written as 'running' before its first batch of events and finished as 'complete' or
// 'incomplete'; each batch stores its events, their keys and the import's counts so far in one transaction,
// so a crash, a cancel or a full disk leaves an import visibly incomplete and never a half-written batch.
// Transactions only await IndexedDB requests: anything else (hashing, parsing) would let them auto-commit.
//
// Events are stored a batch to a record, not one record each: a keyed put per event was most of an import's
// time (docs/performance.md, "Measured choices"). Deduplication is therefore the importer's: it loads every stored event
// key (the core's recordKey(), kept per batch in `keys` so that no event is read for it) before it starts,
// and its session stores only events whose key is new. Imports run one at a time across tabs (import-lock.ts), so no two importers
// work from the same keys. A batch is kept in columns (core/event-columns.ts), which Chromium reads back
// faster than the same events as objects.
//
// The page never reads events: the analyzer worker streams the batches a page at a time (batchesAfter(),
// batchesByKey()) and keeps the rule's tallies itself. What it derived for the current tuning (the alerts,
// and per batch its time span and applications) is kept under `derived` with the batches it was counted
// from, so a reload shows the alerts without reading an event; any write of batches makes it stale, which
// its stamp (the number of batches and the last key) shows.
//
// The detection pack's answer for each import (its alerts and its Graph/EWS context rows, core/detections) is
// kept under `pack`, keyed by the import, as plain data: an import writes it once, when it ends; they are
// few (one per matching record or per window), so they are read whole.

import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { Alert, FileSummary, MailEvent, RuleParams } from '../core/types.ts';
import { decodeEvents, encodeEvents, type EventColumns } from '../core/event-columns.ts';
import { recordKey } from '../core/seen-records.ts';
import type { PackAlert } from '../core/detections/model.ts';

export const DB_NAME = 'ual-triage';
export const DB_VERSION = 5;

export type ImportStatus = 'running' | 'complete' | 'incomplete';

export interface ImportRecord {
  id: string;
  name: string;
  size: number;
  lastModified: number;
  /** Hex SHA-256 of the whole file; null until every byte was read. */
  sha256: string | null;
  status: ImportStatus;
  /** Why an import is incomplete, in words. */
  note: string;
  startedAt: string;
  finishedAt: string | null;
  summary: FileSummary;
  /** Events this import added to the workspace (the rest were already there). */
  stored: number;
}

export interface Settings {
  rule: RuleParams;
  clock: 'utc' | 'local';
}

/** Events one import stored together, in columns (core/event-columns.ts); `seq` counts an import's batches from 0. */
export interface Batch {
  importId: string;
  seq: number;
  events: EventColumns;
}

/** A stored event with where it came from: its import (file) and the line its record starts on (0: not kept). */
export type StoredEvent = MailEvent & { importId?: string; line?: number };

/** What a batch holds, for finding an alert's events without reading every batch. */
export interface BatchSpan {
  key: number;
  /** Earliest and latest event, epoch ms. */
  from: number;
  to: number;
  /** The core's groupKey() of each application with events in the batch. */
  groups: string[];
}

/** The batches stored, as a stamp: any batch written or removed changes it. */
export interface BatchStamp {
  batches: number;
  last: number | null;
}

/** What the analyzer derived from the batches of `stamp` under `params`: enough to show the alerts again. */
export interface Derived {
  stamp: BatchStamp;
  params: RuleParams;
  /** The alerts as the table shows them: their lists of mailboxes, users and AppIds are counted again when an alert is opened. */
  alerts: Omit<Alert, 'mailboxes' | 'users' | 'appIds' | 'message'>[];
  uncounted: number;
  events: number;
  spans: BatchSpan[];
}

/** What the detection pack found in one import's records. */
export interface PackRecord {
  importId: string;
  alerts: PackAlert[];
  /** The context rows (OAuth app mailbox access via Graph/EWS). */
  context: PackAlert[];
}

/** The import that events stored by version 1 (one record per event, no import named) are filed under. */
export const MIGRATED_IMPORT = 'stored-before-version-2';

interface WorkspaceSchema extends DBSchema {
  imports: { key: string; value: ImportRecord };
  /** Generated keys, so batches read back in the order they were written. */
  batches: { key: number; value: Batch };
  /**
   * The recordKey() of each batch's events, in the same order: under [importId, seq, part], at most
   * KEYS_PER_RECORD a record.
   */
  keys: { key: [string, number] | [string, number, number]; value: string[] };
  /** Version 1's events, one record each under its Id; only the upgrade reads it, then deletes it. */
  events: { key: string; value: MailEvent };
  settings: { key: keyof Settings; value: Settings[keyof Settings] };
  /** One record, 'current': see Derived. */
  derived: { key: 'current'; value: Derived };
  /** One record per import that ran the pack (version 5). */
  pack: { key: string; value: PackRecord };
}

const MIGRATION_BATCH = 2000;

// Version 1 kept each event as a record keyed by its Id. Its events move into batches of the migrated
// import, a page of records at a time, inside the upgrade's transaction: if anything fails the upgrade
// aborts and the version 1 workspace stays as it was, to be migrated on the next start.
async function migrateVersion1(tx: IDBPTransaction<WorkspaceSchema, StoreNames<WorkspaceSchema>[], 'versionchange'>) {
  const old = tx.objectStore('events');
  let after: IDBKeyRange | null = null;
  for (let seq = 0; ; seq++) {
    const [keys, events] = await Promise.all([old.getAllKeys(after, MIGRATION_BATCH), old.getAll(after, MIGRATION_BATCH)]);
    if (keys.length === 0) break;
    await Promise.all([
      tx.objectStore('batches').add({ importId: MIGRATED_IMPORT, seq, events: encodeEvents(events) }),
      ...addKeys(tx.objectStore('keys'), MIGRATED_IMPORT, seq, events.map(recordKey)),
    ]);
    after = IDBKeyRange.lowerBound(keys[keys.length - 1], true);
  }
  tx.db.deleteObjectStore('events');
}

// Version 2 keyed an event by its Id alone (by its content when it had none), which merged different
// records sharing a placeholder Id. Version 3 keys it by Id and content (core/seen-records.ts): each
// batch's keys are written again from its events, inside the upgrade's transaction as above.
async function rekeyVersion2(tx: IDBPTransaction<WorkspaceSchema, StoreNames<WorkspaceSchema>[], 'versionchange'>) {
  const keys = tx.objectStore('keys');
  await keys.clear();
  for (let cursor = await tx.objectStore('batches').openCursor(); cursor; cursor = await cursor.continue()) {
    const { importId, seq, events } = cursor.value;
    await Promise.all(addKeys(keys, importId, seq, decodeEvents(events).map(recordKey)));
  }
}

type KeysStore = { add(value: string[], key: [string, number, number]): Promise<unknown> };
function addKeys(store: KeysStore, importId: string, seq: number, keys: string[]): Promise<unknown>[] {
  const writes: Promise<unknown>[] = [];
  for (let part = 0; part * KEYS_PER_RECORD < keys.length; part++)
    writes.push(store.add(keys.slice(part * KEYS_PER_RECORD, (part + 1) * KEYS_PER_RECORD), [importId, seq, part]));
  return writes;
}

let dbPromise: Promise<IDBPDatabase<WorkspaceSchema>> | null = null;

function db(): Promise<IDBPDatabase<WorkspaceSchema>> {
  dbPromise ??= openDB<WorkspaceSchema>(DB_NAME, DB_VERSION, {
    upgrade(database, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        database.createObjectStore('imports', { keyPath: 'id' });
        database.createObjectStore('settings');
      }
      if (oldVersion < 2) {
        database.createObjectStore('batches', { autoIncrement: true });
        database.createObjectStore('keys');
      }
      if (oldVersion < 4) database.createObjectStore('derived');
      if (oldVersion < 5) database.createObjectStore('pack', { keyPath: 'importId' });
      const migration = oldVersion === 1 ? migrateVersion1(tx) : oldVersion === 2 ? rekeyVersion2(tx) : null;
      if (migration) {
        migration.catch(() => {
          try {
            tx.abort();
          } catch {
            // already aborted by the request that failed
          }
        });
      }
    },
    blocking() {
      closeWorkspace();
    },
    terminated() {
      dbPromise = null;
    },
  });
  return dbPromise;
}

/** Closes the connection; the next verb opens a new one. */
export function closeWorkspace(): void {
  const open = dbPromise;
  dbPromise = null;
  open?.then((database) => database.close()).catch(() => {});
}

/** Every stored event's key, read without reading an event. */
export async function knownKeys(): Promise<Set<string>> {
  const known = new Set<string>();
  for (const keys of await (await db()).getAll('keys')) for (const key of keys) known.add(key);
  return known;
}

/**
 * The events of the batches stored after batch `after` (every batch when null), in the order they were
 * stored, and the key of the last batch read (`after` when there is none): a page that holds the events
 * up to a batch reads only what came since.
 */
export async function eventsAfter(after: number | null): Promise<{ events: StoredEvent[]; through: number | null }> {
  const tx = (await db()).transaction('batches');
  const range = after === null ? null : IDBKeyRange.lowerBound(after, true);
  const [keys, batches] = await Promise.all([tx.store.getAllKeys(range), tx.store.getAll(range)]);
  const events = batches.flatMap(storedEvents);
  return { events, through: keys.length ? keys[keys.length - 1] : after };
}

/** Up to `limit` batches stored after batch `after` (every batch when null), with their keys, in order. */
export async function batchesAfter(after: number | null, limit: number): Promise<{ key: number; batch: Batch }[]> {
  const tx = (await db()).transaction('batches');
  const range = after === null ? null : IDBKeyRange.lowerBound(after, true);
  const [keys, batches] = await Promise.all([tx.store.getAllKeys(range, limit), tx.store.getAll(range, limit)]);
  return keys.map((key, i) => ({ key, batch: batches[i] }));
}

/** The batches under `keys` (those still stored), in the order given. */
export async function batchesByKey(keys: number[]): Promise<{ key: number; batch: Batch }[]> {
  const tx = (await db()).transaction('batches');
  const batches = await Promise.all(keys.map((key) => tx.store.get(key)));
  return keys.flatMap((key, i) => (batches[i] ? [{ key, batch: batches[i] }] : []));
}

/** A batch's events with the import and line each came from. */
export function storedEvents(batch: Batch): StoredEvent[] {
  const events: StoredEvent[] = decodeEvents(batch.events);
  const { lines } = batch.events;
  for (let i = 0; i < events.length; i++) {
    events[i].importId = batch.importId;
    events[i].line = lines ? lines[i] : 0;
  }
  return events;
}

export async function batchStamp(): Promise<BatchStamp> {
  const tx = (await db()).transaction('batches');
  const [batches, cursor] = await Promise.all([tx.store.count(), tx.store.openKeyCursor(null, 'prev')]);
  return { batches, last: cursor ? cursor.key : null };
}

/** How many of the batches up to `key` are still stored: fewer than were counted means some were removed. */
export async function batchesThrough(key: number | null): Promise<number> {
  if (key === null) return 0;
  return (await db()).count('batches', IDBKeyRange.upperBound(key));
}

export async function getDerived(): Promise<Derived | undefined> {
  return (await db()).get('derived', 'current');
}

export async function putDerived(derived: Derived): Promise<void> {
  await (await db()).put('derived', derived, 'current');
}

export async function putPackRecord(record: PackRecord): Promise<void> {
  await (await db()).put('pack', record);
}

/** The imports whose pack answers are stored: an answer is written once, when its import ends. */
export async function packRecordIds(): Promise<string[]> {
  return (await (await db()).getAllKeys('pack')) as string[];
}

/** Every import's pack answer, in the order the imports started. */
export async function listPackRecords(): Promise<PackRecord[]> {
  const tx = (await db()).transaction(['pack', 'imports']);
  const [records, imports] = await Promise.all([tx.objectStore('pack').getAll(), tx.objectStore('imports').getAll()]);
  const started = new Map(imports.map((i) => [i.id, i.startedAt]));
  const at = (r: PackRecord) => started.get(r.importId) ?? '';
  return records.sort((a, b) => (at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : 0));
}

/** Every stored event, batch after batch in the order they were stored. */
export async function allEvents(): Promise<StoredEvent[]> {
  return (await eventsAfter(null)).events;
}

export async function countEvents(): Promise<number> {
  return (await (await db()).getAll('keys')).reduce((sum, keys) => sum + keys.length, 0);
}

export async function listImports(): Promise<ImportRecord[]> {
  const imports = await (await db()).getAll('imports');
  return imports.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
}

export async function putImport(record: ImportRecord): Promise<void> {
  await (await db()).put('imports', record);
}

// A batch's keys in records small enough for IndexedDB to keep inline: Chromium stores a value of more than
// 64 KB as a blob, and one record of 2,000 keys (about 80 KB) was measurably slower (docs/performance.md).
const KEYS_PER_RECORD = 800;

/**
 * One batch: the events, their keys and the import's progress land together or not at all. A write that
 * throws before the transaction ends (a value that cannot be stored) aborts it, so nothing of it commits.
 * The transaction's own error is the one reported (a full disk fails the commit, not a request). It is
 * committed at once: left to commit itself, it would wait for its requests' success events, which a worker
 * busy parsing the next chunks handles late.
 */
export async function storeBatch(record: ImportRecord, seq: number, keys: string[], events: MailEvent[], lines?: number[]): Promise<number> {
  const tx = (await db()).transaction(['batches', 'keys', 'imports'], 'readwrite');
  const writes: Promise<unknown>[] = [tx.done];
  try {
    writes.push(tx.objectStore('batches').add({ importId: record.id, seq, events: encodeEvents(events, lines) }));
    writes.push(...addKeys(tx.objectStore('keys'), record.id, seq, keys));
    writes.push(tx.objectStore('imports').put(record));
    tx.commit();
  } catch (error) {
    tx.abort();
    await Promise.allSettled(writes);
    throw error;
  }
  const [done, key] = await Promise.allSettled(writes);
  if (done.status === 'rejected') throw done.reason;
  return (key as PromiseFulfilledResult<number>).value;
}

/** Marks a still-running import as incomplete (a cancel, or a tab that died mid-import). */
export async function markIncomplete(id: string, note: string): Promise<void> {
  const tx = (await db()).transaction('imports', 'readwrite');
  const record = await tx.store.get(id);
  if (record && record.status === 'running') {
    await tx.store.put({ ...record, status: 'incomplete', note, finishedAt: new Date().toISOString() });
  }
  await tx.done;
}

/**
 * Marks an import cut off by a closed or crashed tab. Call it holding the import's lock (import-lock.ts): a
 * 'running' import whose lock another tab holds is not interrupted, and by the time the lock is free that tab
 * has finished it, so nothing changes.
 */
export async function markInterrupted(id: string): Promise<void> {
  await markIncomplete(id, 'Interrupted: the page was closed or crashed during the import. The events read before that are kept.');
}

export async function getSetting<K extends keyof Settings>(key: K): Promise<Settings[K] | undefined> {
  return (await (await db()).get('settings', key)) as Settings[K] | undefined;
}

export async function setSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
  await (await db()).put('settings', value, key);
}

/** Empties imports, events, what was derived from them, the pack's answers and settings in one transaction. */
export async function clearWorkspace(): Promise<void> {
  const stores = ['imports', 'batches', 'keys', 'settings', 'derived', 'pack'] as const;
  const tx = (await db()).transaction(stores, 'readwrite');
  await Promise.all([...stores.map((name) => tx.objectStore(name).clear()), tx.done]);
}

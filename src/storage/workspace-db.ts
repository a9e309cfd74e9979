// The local workspace: what was imported, the events the rule reads, and the responder's settings.
//
// Lifecycle: the database opens lazily on the first verb, once per context (the page and the worker each hold
// a connection). When another tab opens a newer version, `blocking()` closes ours and the next verb reopens.
// An import is written as 'running' before its first batch of events and finished as 'complete' or
// 'incomplete'; each batch stores its events together with the import's counts so far, in one transaction,
// so a crash, a cancel or a full disk leaves an import visibly incomplete and never a half-written batch.
// Transactions only await IndexedDB requests: anything else (hashing, parsing) would let them auto-commit.

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { FileSummary, MailEvent, RuleParams } from '../core/types.ts';

export const DB_NAME = 'ual-triage';
const DB_VERSION = 1;

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

interface WorkspaceSchema extends DBSchema {
  imports: { key: string; value: ImportRecord };
  /** Out-of-line keys from eventKey(): the record Id, so an overlapping export adds nothing. */
  events: { key: string; value: MailEvent };
  settings: { key: keyof Settings; value: Settings[keyof Settings] };
}

let dbPromise: Promise<IDBPDatabase<WorkspaceSchema>> | null = null;

function db(): Promise<IDBPDatabase<WorkspaceSchema>> {
  dbPromise ??= openDB<WorkspaceSchema>(DB_NAME, DB_VERSION, {
    upgrade(database) {
      database.createObjectStore('imports', { keyPath: 'id' });
      database.createObjectStore('events');
      database.createObjectStore('settings');
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

/**
 * The store key of an event: its record Id, case-folded as the core's deduper does. A record without an Id is
 * keyed by its content, so re-importing the same file still adds nothing.
 */
export function eventKey(e: MailEvent): string {
  if (e.id) return e.id.toLowerCase();
  return `~${[e.time, e.tenant, e.clientAppId, e.clientInfoString, e.mailbox, e.userId, e.clientIp, e.operationCount].join('\u0000')}`;
}

export async function eventKeys(): Promise<string[]> {
  return (await db()).getAllKeys('events');
}

export async function allEvents(): Promise<MailEvent[]> {
  return (await db()).getAll('events');
}

export async function countEvents(): Promise<number> {
  return (await db()).count('events');
}

export async function listImports(): Promise<ImportRecord[]> {
  const imports = await (await db()).getAll('imports');
  return imports.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
}

export async function putImport(record: ImportRecord): Promise<void> {
  await (await db()).put('imports', record);
}

/** One batch: the events and the import's progress land together or not at all. */
export async function storeBatch(record: ImportRecord, events: [key: string, event: MailEvent][]): Promise<void> {
  const tx = (await db()).transaction(['events', 'imports'], 'readwrite');
  const store = tx.objectStore('events');
  for (const [key, event] of events) store.put(event, key);
  tx.objectStore('imports').put(record);
  await tx.done;
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

/** Empties imports, events and settings in one transaction. */
export async function clearWorkspace(): Promise<void> {
  const tx = (await db()).transaction(['imports', 'events', 'settings'], 'readwrite');
  await Promise.all([tx.objectStore('imports').clear(), tx.objectStore('events').clear(), tx.objectStore('settings').clear(), tx.done]);
}

// Which imports are really running, across tabs. The worker that runs an import holds the Web Lock
// 'import:<id>' from before its record is written 'running' until it is finished; the browser releases the
// lock when the worker ends (a cancel terminates it; closing, reloading or crashing the tab ends it too), and
// only then, so no write of the import can follow. An import found 'running' whose lock can be taken was
// cut off; one whose lock is held belongs to another tab and must be left alone. Waiting for the lock, rather
// than querying it once, also covers a worker the browser is still tearing down.
// Imports also run one at a time across tabs, holding 'import-writes': each decides what is a duplicate from
// the event keys stored when it starts (workspace-db.ts), so two at once could both store the same record.
// Without Web Locks (old browsers, Node tests) the callback runs at once: no other tab can be told apart.

const lockName = (importId: string) => `import:${importId}`;

/** Runs `fn` while holding the import's lock, waiting first for whoever holds it. */
export function withImportLock<T>(importId: string, fn: () => Promise<T>): Promise<T> {
  return withLock(lockName(importId), fn);
}

/** Runs an import's writes once no other tab's import is writing. */
export function withWritesLock<T>(fn: () => Promise<T>): Promise<T> {
  return withLock('import-writes', fn);
}

function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks;
  if (!locks) return fn();
  return locks.request(name, fn);
}

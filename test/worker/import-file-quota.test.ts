// A full disk in the middle of a file: the batches already stored stay, the import says it is incomplete and why.

import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it, vi } from 'vitest';
import { allEvents, closeWorkspace, listImports } from '../../src/storage/workspace-db.ts';
import { importFile } from '../../src/worker/import-file.ts';

vi.mock('../../src/storage/workspace-db.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/storage/workspace-db.ts')>();
  let batches = 0;
  return {
    ...real,
    storeBatch: (...args: Parameters<typeof real.storeBatch>) =>
      ++batches === 2 ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) : real.storeBatch(...args),
  };
});

beforeEach(() => {
  closeWorkspace();
  globalThis.indexedDB = new IDBFactory();
});

it('keeps the first batch, marks the import incomplete and says the storage is full', async () => {
  const lines = Array.from({ length: 2500 }, (_, i) =>
    JSON.stringify({
      CreationTime: '2024-02-01T10:05:00',
      Id: `q-${i}`,
      Operation: 'MailItemsAccessed',
      Workload: 'Exchange',
      AppId: '00000003-0000-0000-c000-000000000000',
      ClientAppId: 'app',
      MailboxOwnerUPN: `m${i}@x.example`,
    }),
  );
  const outcome = await importFile(new File([lines.join('\n')], 'big.jsonl'), 'q', () => {});
  expect(outcome.status).toBe('incomplete');
  // The first batch holds whatever was pending once 2,000 were reached (chunking decides): at least 2,000, not all.
  const stored = (await allEvents()).length;
  expect(stored).toBeGreaterThanOrEqual(2000);
  expect(stored).toBeLessThan(2500);
  expect(outcome.stored).toBe(stored);
  expect(outcome.error).toMatch(new RegExp(`^The browser's storage for this app is full\\. ${stored} new events`));
  const [record] = await listImports();
  expect([record.status, record.stored]).toEqual(['incomplete', stored]);
  expect(record.note).toBe(outcome.error);
});

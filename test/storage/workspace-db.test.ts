import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  allEvents,
  clearWorkspace,
  closeWorkspace,
  countEvents,
  DB_NAME,
  eventKey,
  getSetting,
  listImports,
  markIncomplete,
  markInterrupted,
  putImport,
  setSetting,
  storeBatch,
} from '../../src/storage/workspace-db.ts';
import { importRecord, mailEvent } from './fixtures.ts';

beforeEach(() => {
  closeWorkspace();
  globalThis.indexedDB = new IDBFactory();
});

const keyed = (...events: ReturnType<typeof mailEvent>[]) => events.map((e) => [eventKey(e), e] as [string, typeof e]);

describe('eventKey', () => {
  const cases = [
    { name: 'record Ids that differ only in case are one record', a: mailEvent({ id: 'AbC-1' }), b: mailEvent({ id: 'abc-1', mailbox: 'other@x' }), same: true },
    { name: 'different record Ids are different records', a: mailEvent({ id: 'a-1' }), b: mailEvent({ id: 'a-2' }), same: false },
    { name: 'Id-less records with the same content are one record', a: mailEvent({ id: '' }), b: mailEvent({ id: '' }), same: true },
    { name: 'Id-less records of different mailboxes are different', a: mailEvent({ id: '' }), b: mailEvent({ id: '', mailbox: 'user2@x' }), same: false },
    { name: 'an Id-less record never collides with an Id', a: mailEvent({ id: '' }), b: mailEvent({ id: '~' }), same: false },
  ];
  for (const { name, a, b, same } of cases) it(name, () => expect(eventKey(a) === eventKey(b)).toBe(same));
});

describe('workspace store', () => {
  it('stores a batch of events together with the import record', async () => {
    await storeBatch(importRecord({ stored: 2 }), keyed(mailEvent({ id: 'e1' }), mailEvent({ id: 'e2', mailbox: 'user2@fabrikam.example' })));
    expect(await countEvents()).toBe(2);
    expect((await allEvents()).map((e) => e.mailbox).sort()).toEqual(['user1@fabrikam.example', 'user2@fabrikam.example']);
    expect((await listImports()).map((i) => [i.id, i.stored])).toEqual([['import-1', 2]]);
  });

  it('re-storing events with known record Ids adds nothing', async () => {
    await storeBatch(importRecord(), keyed(mailEvent({ id: 'e1' }), mailEvent({ id: 'e2' })));
    await storeBatch(importRecord({ id: 'import-2' }), keyed(mailEvent({ id: 'E1' }), mailEvent({ id: 'e2' })));
    expect(await countEvents()).toBe(2);
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
    await storeBatch(importRecord(), keyed(mailEvent()));
    expect(await getSetting('clock')).toBe('local');
    expect((await getSetting('rule'))?.threshold).toBe(9);
    await clearWorkspace();
    expect([await countEvents(), (await listImports()).length, await getSetting('clock'), await getSetting('rule')]).toEqual([0, 0, undefined, undefined]);
  });

  it('closes its connection when another tab upgrades the database, and is not in its way', async () => {
    await listImports(); // opens our connection
    const newer = await Promise.race([openDB(DB_NAME, 2), new Promise((r) => setTimeout(() => r('blocked'), 2000))]);
    expect(newer).not.toBe('blocked');
    (newer as { close(): void }).close();
  });
});

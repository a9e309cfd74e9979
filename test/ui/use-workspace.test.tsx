// The analysis state machine with the real worker code in-process (a client without a Worker) over
// fake-indexeddb: files queue, stream, land in the store, and the alerts follow the rule without re-reading.
// The page holds no event: only the count of those stored, the alerts and the open alert's events.

import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeWorkspace, listImports, putImport } from '../../src/storage/workspace-db.ts';
import { withImportLock } from '../../src/storage/import-lock.ts';
import { CancelledError, type AnalyzerClient } from '../../src/ui/analyzer-client.ts';
import { SAMPLE_NAME, useWorkspace, type Workspace } from '../../src/ui/use-workspace.ts';
import { createAnalyzerApi } from '../../src/worker/analyzer-api.ts';
import { importRecord } from '../storage/fixtures.ts';
import { mount } from './dom.ts';

const fixture = (name: string) => new File([readFileSync(resolve('test/e2e/fixtures', name))], name); // happy-dom's import.meta.url is not a file URL
// vi.waitFor's default second is short for a first import on a cold, busy 2-core machine (the worker's WASM compiles then).
const waitFor = <T,>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 10_000 });
let ws: Workspace;
let view: ReturnType<typeof mount> | null = null;

function Probe({ client }: { client: () => AnalyzerClient }) {
  ws = useWorkspace(client);
  return null;
}
const inProcess = (): AnalyzerClient => ({ ...createAnalyzerApi(), cancel() {} });
async function start(client: () => AnalyzerClient = inProcess) {
  view = mount(<Probe client={client} />);
  await waitFor(() => expect(ws.ready).toBe(true));
}
const idle = () => waitFor(() => expect([ws.busy, ws.asking]).toEqual([false, false])); // no import running, the newest question answered
async function load(...names: string[]) {
  ws.addFiles(names.map(fixture));
  await waitFor(() => expect(ws.imports.filter((i) => i.status === 'complete')).toHaveLength(names.length));
  await idle();
}

beforeEach(() => {
  closeWorkspace();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => view?.unmount());

describe('useWorkspace', () => {
  it('imports files one after the other and computes the hand-counted alerts', async () => {
    const client = vi.fn(inProcess);
    await start(client);
    ws.addFiles([fixture('graph-burst.json'), fixture('ews-burst.csv')]);
    await waitFor(() => expect(ws.imports.map((i) => i.status)).toEqual(['complete', 'complete']));
    await idle();
    expect(ws.alerts.map((a) => [a.clientAppId, a.uniqueMailboxes])).toEqual([
      ['a1b2c3d4-0000-4000-8000-00000000abcd', 6],
      ['e0e0e0e0-1111-4222-8333-444455556666', 8],
    ]);
    await waitFor(() => expect(ws.stored).toBe(17)); // 9 + 8 selected records
    expect(Object.keys(ws)).not.toContain('events');
    expect(client).toHaveBeenCalledTimes(1); // one worker for the queue
  });

  it('each import adds only its new events to those counted: the same file again adds none', async () => {
    await start();
    await load('graph-burst.json');
    await waitFor(() => expect(ws.stored).toBe(9));
    ws.addFiles([fixture('graph-burst.json'), fixture('ews-burst.csv')]);
    await waitFor(() => expect(ws.imports.map((i) => i.status)).toEqual(['complete', 'complete', 'complete']));
    await idle();
    await waitFor(() => expect([ws.stored, ws.imports.map((i) => i.stored)]).toEqual([17, [9, 0, 8]]));
  });

  it('opening an alert asks the worker for its events; the report covers every alert', async () => {
    await start();
    await load('graph-burst.json', 'ews-burst.csv');
    await waitFor(() => expect(ws.alerts).toHaveLength(2));
    const detail = (await ws.alertDetail(ws.alerts[0]))!;
    expect([detail.events.length, detail.timeline.map((w) => w.mailboxes)]).toEqual([6, [6]]);
    const report = (await (await ws.reportCsv()).text()).trim().split('\r\n');
    expect(report).toHaveLength(3); // the header and two alerts
  });

  it('a new span re-counts with progress; cancelling it brings the rule counted before back', async () => {
    await start();
    await load('graph-burst.json', 'ews-burst.csv');
    await waitFor(() => expect(ws.alerts).toHaveLength(2));
    ws.setParams({ ...ws.params, spanMs: 20 * 60_000 });
    ws.cancelCount();
    await waitFor(() => expect(ws.params.spanMs).toBe(10 * 60_000));
    expect([ws.alerts.length, ws.counting]).toEqual([2, null]);
  });

  it('re-tunes from the stored events: a higher threshold drops the 6-mailbox alert at once', async () => {
    await start();
    await load('graph-burst.json', 'ews-burst.csv');
    ws.setParams({ ...ws.params, threshold: 6 });
    await waitFor(() => expect(ws.alerts.map((a) => a.uniqueMailboxes)).toEqual([8]));
    ws.setParams({ ...ws.params, allowApps: ['E0E0E0E0-1111-4222-8333-444455556666'] });
    await waitFor(() => expect(ws.alerts).toEqual([]));
  });

  it('keeps the rule and the workspace for the next visit', async () => {
    await start();
    await load('markup.json');
    ws.setParams({ ...ws.params, threshold: 3 });
    ws.setClock('local');
    await new Promise((r) => setTimeout(r, 50));
    view!.unmount();
    view = null;
    await start();
    await waitFor(() => expect([ws.params.threshold, ws.clock, ws.imports.length, ws.stored]).toEqual([3, 'local', 1, 7]));
  });

  it('a cancel stops the running file and leaves its import visibly incomplete', async () => {
    const cancels: (() => void)[] = [];
    const stuck = (): AnalyzerClient => ({
      ...createAnalyzerApi(),
      async importFile(file, importId) {
        await putImport(importRecord({ id: importId, name: file.name, status: 'running' }));
        return new Promise((_, reject) => cancels.push(() => reject(new CancelledError())));
      },
      cancel: () => cancels.forEach((c) => c()),
    });
    await start(stuck);
    ws.addFiles([fixture('graph-burst.json')]);
    await waitFor(() => expect(ws.jobs.map((j) => j.state)).toEqual(['running']));
    await waitFor(() => expect(cancels).toHaveLength(1));
    ws.cancel(ws.jobs[0].id);
    await idle();
    const [record] = await listImports();
    expect([record.status, record.note]).toEqual(['incomplete', 'Cancelled: the events read before the cancel are kept.']);
  });

  it("a cancel marks the import incomplete only once the ending worker's import lock is free, so its last write cannot undo the mark", async () => {
    // A worker being torn down may still land the batch it had under way after the page saw the cancel
    // (Chromium ends a worker asynchronously). It holds the import's Web Lock until then, as the real worker does.
    const held = new Map<string, Promise<unknown>>();
    const locks = {
      request: (name: string, fn: () => Promise<unknown>) => {
        const run = (held.get(name) ?? Promise.resolve()).then(fn, fn);
        held.set(
          name,
          run.catch(() => {}),
        );
        return run;
      },
    };
    Object.defineProperty(navigator, 'locks', { value: locks, configurable: true });
    let told = (_: Error) => {};
    let landed: Promise<unknown> = Promise.resolve();
    const dying = (): AnalyzerClient => ({
      ...createAnalyzerApi(),
      importFile: (file, importId) =>
        new Promise((_, reject) => {
          landed = withImportLock(importId, async () => {
            await putImport(importRecord({ id: importId, name: file.name, status: 'running', stored: 2000 }));
            await new Promise((cancelled) => (told = (error) => (reject(error), cancelled(null)))); // the page is told at once...
            await new Promise((later) => setTimeout(later, 50));
            await putImport(importRecord({ id: importId, name: file.name, status: 'running', stored: 4000 })); // ...the worker writes once more
          });
        }),
      cancel: () => told(new CancelledError()),
    });
    try {
      await start(dying);
      ws.addFiles([fixture('graph-burst.json')]);
      await waitFor(async () => expect((await listImports()).map((i) => i.stored)).toEqual([2000]));
      ws.cancel(ws.jobs[0].id);
      await landed;
      await waitFor(() => expect(ws.jobs).toEqual([]));
      await idle();
      const [record] = await listImports();
      expect([record.status, record.stored]).toEqual(['incomplete', 4000]);
    } finally {
      delete (navigator as { locks?: unknown }).locks;
    }
  });

  it('a queued file can be taken off the queue before it starts', async () => {
    const never = (): AnalyzerClient => ({ ...createAnalyzerApi(), importFile: () => new Promise(() => {}), cancel() {} });
    await start(never);
    ws.addFiles([fixture('graph-burst.json'), fixture('markup.json')]);
    await waitFor(() => expect(ws.jobs.map((j) => j.state)).toEqual(['running', 'queued']));
    ws.cancel(ws.jobs[1].id);
    await waitFor(() => expect(ws.jobs.map((j) => j.file.name)).toEqual(['graph-burst.json']));
  });

  it('marks an import a closed tab left running as incomplete on start-up', async () => {
    await putImport(importRecord({ id: 'cut-off', status: 'running' }));
    await start();
    await waitFor(() => expect(ws.imports.map((i) => i.status)).toEqual(['incomplete']));
  });

  it('the sample data produces its three alerts (9, 7 and 6 mailboxes)', async () => {
    await start();
    ws.loadSample();
    await waitFor(() => expect(ws.imports.map((i) => [i.name, i.status])).toEqual([[SAMPLE_NAME, 'complete']]));
    await idle();
    expect(ws.alerts.map((a) => [a.uniqueMailboxes, a.throttledMailboxes])).toEqual([
      [9, 1],
      [7, 0],
      [6, 0],
    ]);
  });

  it('clearing empties everything and resets the rule', async () => {
    await start();
    await load('markup.json');
    ws.setParams({ ...ws.params, threshold: 2 });
    await ws.clear();
    await waitFor(() => expect([ws.imports.length, ws.stored, ws.alerts.length, ws.params.threshold]).toEqual([0, 0, 0, 5]));
  });

  it("the incident's pack alerts follow the rule's; a story is the worker's answer; a clear empties them", async () => {
    await start();
    ws.addFiles([new File([readFileSync(resolve('test/fixtures/detections/incident.jsonl'))], 'incident.jsonl')]);
    await waitFor(() => expect(ws.packAlerts.map((a) => a.detectionName)).toHaveLength(4));
    await idle();
    expect(ws.packAlerts.map((a) => [a.firstTime, a.detectionName])).toEqual([
      ['2024-03-01T09:00:00Z', 'O365 Tenant Wide Admin Consent Granted'],
      ['2024-03-01T09:45:00Z', 'O365 Email New Inbox Rule Created'],
      ['2024-03-01T09:45:00Z', 'O365 New Email Forwarding Rule Created'],
      ['2024-03-01T10:30:00Z', 'O365 Compliance Content Search Exported'],
    ]);
    const story = await ws.story({ kind: 'mailbox', subject: 'm1@contoso.onmicrosoft.com' });
    expect(story?.entries.map((e) => e.time)).toEqual([
      '2024-03-01T09:30:00Z',
      '2024-03-01T09:30:00Z',
      '2024-03-01T09:45:00Z',
      '2024-03-01T09:45:00Z',
      '2024-03-01T10:30:00Z',
    ]);
    await ws.clear();
    await waitFor(() => expect([ws.alerts.length, ws.packAlerts.length]).toEqual([0, 0]));
  });
});

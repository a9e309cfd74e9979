// What the end-to-end tests read and do inside the page, beside clicking: read the file list and the alert
// table, generate a large export and drop it, read the workspace straight from IndexedDB, hold the import
// mid-way, fill the disk. Each function runs in the page
// (page.evaluate), so it must be self-contained.

import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

/** The status badge of each file in the file list, in order. */
export const badges = (page: Page) => page.locator('[data-testid=import] .badge').allTextContents();

/** The alert table's cells, row by row. */
export const alertRows = (page: Page) =>
  page
    .getByRole('table', { name: 'Alerts' })
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));

/** Opens the app and waits until it has read its workspace. */
export async function gotoApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitForWorkspace(page);
}
export const waitForWorkspace = (page: Page) => expect.poll(() => page.locator('#alerts-heading .count').textContent(), { timeout: 30_000 }).not.toBe('…');

/** The generated export: `n` Graph reads by one application in one 10-minute window, of 7 mailboxes. */
export const BIG = { app: 'b16b16b1-0000-4000-8000-000000000b16', mailboxes: 7, window: '2024-03-01 09:00:00 UTC' };

/**
 * Builds the export in the page (tens of MB need not cross the DevTools pipe) and drops it on the drop zone.
 * Record i: Id big-<i>, 09:MM:SS with i mod 600 seconds past 09:00, mailbox m<i mod 7>. The same `n` gives
 * the same bytes, so a reloaded page can drop the very same file again.
 */
export async function dropGenerated(page: Page, n: number, name = 'big.jsonl'): Promise<void> {
  await page.evaluate(
    ({ n, name, app }) => {
      const lines: string[] = [];
      for (let i = 0; i < n; i++) {
        const s = i % 600;
        const time = `2024-03-01T09:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
        lines.push(
          `{"CreationTime":"${time}","Id":"big-${i}","Operation":"MailItemsAccessed","Workload":"Exchange","OrganizationId":"tenant-big","UserId":"svc@contoso.example","AppId":"00000003-0000-0000-c000-000000000000","ClientAppId":"${app}","ClientInfoString":"Client=REST;","MailboxOwnerUPN":"m${i % 7}@contoso.example","ClientIPAddress":"192.0.2.16"}`,
        );
      }
      const transfer = new DataTransfer();
      transfer.items.add(new File([lines.join('\n'), '\n'], name, { type: 'application/json', lastModified: Date.UTC(2024, 2, 2) }));
      document.querySelector('[data-testid=drop-zone]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { n, name, app: BIG.app },
  );
}

export interface StoredImport {
  name: string;
  status: string;
  note: string;
  stored: number;
  records: number;
  duplicates: number;
}

/** Imports and the event count (batches hold the events, with their keys beside them), read from IndexedDB directly (the app must have created the database). */
export async function readWorkspace(page: Page): Promise<{ imports: StoredImport[]; events: number }> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('ual-triage');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const ask = <T>(request: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => ((request.onsuccess = () => resolve(request.result)), (request.onerror = () => reject(request.error))));
    const tx = db.transaction(['imports', 'keys']);
    const [imports, keys] = await Promise.all([ask(tx.objectStore('imports').getAll()), ask(tx.objectStore('keys').getAll())]);
    const events = (keys as string[][]).reduce((sum, batch) => sum + batch.length, 0); // one key per stored event
    db.close();
    return {
      imports: (
        imports as { name: string; status: string; note: string; stored: number; startedAt: string; summary: { records: number; duplicates: number } }[]
      )
        .sort((a, b) => (a.startedAt < b.startedAt ? -1 : 1))
        .map((i) => ({ name: i.name, status: i.status, note: i.note, stored: i.stored, records: i.summary.records, duplicates: i.summary.duplicates })),
      events,
    };
  });
}

/**
 * Waits until the running import has committed at least `minStored` events, then holds a read-write
 * transaction on the batches store for as long as the page lives (or until thaw()): the worker's next batch
 * queues behind it, so the import stays mid-way, deterministically, however fast the machine is. While it is
 * held, the app cannot read its events either.
 */
export async function freezeImportAfter(page: Page, minStored: number): Promise<void> {
  await page.evaluate(async (minStored) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('ual-triage');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const ask = <T>(request: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => ((request.onsuccess = () => resolve(request.result)), (request.onerror = () => reject(request.error))));
    const until = Date.now() + 60_000;
    for (;;) {
      const imports = (await ask(db.transaction('imports').objectStore('imports').getAll())) as { status: string; stored: number }[];
      if (imports.some((i) => i.status === 'running' && i.stored >= minStored)) break;
      if (imports.some((i) => i.status !== 'running' && i.stored >= minStored)) throw new Error('the import finished before it could be held');
      if (Date.now() > until) throw new Error(`no running import reached ${minStored} stored events`);
    }
    const store = db.transaction('batches', 'readwrite').objectStore('batches');
    let held = true;
    const spin = () => {
      if (held) store.count().onsuccess = spin; // a request in flight keeps the transaction open
    };
    spin();
    (window as unknown as { thaw: () => void }).thaw = () => {
      held = false;
    };
  }, minStored);
}

export const thaw = (page: Page) => page.evaluate(() => (window as unknown as { thaw: () => void }).thaw());

/**
 * A disk that fills up: the analyzer worker's script is served with a prelude that lets `batches` read-write
 * transactions on the batches store through and aborts every later one with a QuotaExceededError, as
 * Chromium does when a commit does not fit. Nothing in the app changes; the context must block service
 * workers so that the worker script is fetched through the route. (Chromium's DevTools quota override,
 * Storage.overrideQuotaForOrigin, does not make IndexedDB writes fail, so it cannot stand in for this.)
 */
export async function fillDiskAfter(context: BrowserContext, batches: number): Promise<void> {
  const prelude = `{
    let left = ${batches};
    const open = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (scope, mode, ...rest) {
      const tx = open.call(this, scope, mode, ...rest);
      const names = typeof scope === 'string' ? [scope] : [...scope];
      if (mode === 'readwrite' && names.includes('batches') && left-- <= 0) {
        Object.defineProperty(tx, 'error', { value: new DOMException('The quota has been exceeded.', 'QuotaExceededError') });
        // The commit fails: at an explicit commit(), or once the caller's writes are queued if it lets the
        // transaction commit itself. Either way after the writes, and all of them are undone.
        let failed = false;
        const fail = () => {
          if (!failed) (failed = true), tx.abort();
        };
        tx.commit = fail;
        tx.objectStore('batches').count().onsuccess = fail;
      }
      return tx;
    };
  }\n`;
  await context.route(/\/assets\/analyzer\.worker-[^/]+\.js$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: prelude + (await response.text()) });
  });
}

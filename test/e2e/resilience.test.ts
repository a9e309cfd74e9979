// Crashes and concurrency in real Chromium: a reload and a cancel in the middle of a file, two tabs on one
// workspace, a full disk (simulated in the worker's IndexedDB, see fillDiskAfter). Each test has its own browser profile. The import is held mid-way on purpose
// (workspace-probe.ts freezes it behind an IndexedDB transaction), so nothing depends on timing luck.
//
// The generated export (workspace-probe.ts): N Graph reads by one application, all in the 10-minute window
// from 09:00 UTC, of 7 mailboxes. Worked by hand: one alert, 7 mailboxes, N events when whole; S events
// when an import stopped after storing S of them (then the alert has S events, and exists as soon as S >= 7).

import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { launch } from './browser.ts';
import { alertRows, badges, BIG, dropGenerated, fillDiskAfter, freezeImportAfter, gotoApp, readWorkspace, thaw } from './workspace-probe.ts';

// The other tab re-reads the whole workspace (16,000 events) when told of a change: on a busy 2-core machine
// that can take longer than expect.poll's default second.
const CROSS_TAB = { timeout: 20_000 };

const baseUrl = inject('baseUrl');
const N = 16_000; // 8 batches of 2,000 or more
const sessions: Awaited<ReturnType<typeof launch>>[] = [];

async function openApp(options?: Parameters<typeof launch>[0]): Promise<{ page: Page; context: Awaited<ReturnType<typeof launch>>['context'] }> {
  const session = await launch(options);
  sessions.push(session);
  const page = session.context.pages()[0] ?? (await session.context.newPage());
  await gotoApp(page, baseUrl);
  return { page, context: session.context };
}
/** The one alert of the generated export, as the table shows it: window, mailboxes, events. */
const bigAlert = async (page: Page) => (await alertRows(page)).map((cells) => [cells[0], cells[2].includes(BIG.app), cells[4], cells[6]]);
const expectBigAlert = (page: Page, events: number) =>
  expect.poll(() => bigAlert(page), { timeout: 60_000 }).toEqual([[BIG.window, true, String(BIG.mailboxes), String(events)]]);

afterEach(async () => {
  for (const session of sessions.splice(0)) await session.close();
});

describe('crashes and concurrency in Chromium', () => {
  it('a reload mid-import keeps whole batches and shows the import incomplete; the same file again completes it without duplicates', async () => {
    const { page } = await openApp();
    await dropGenerated(page, N);
    await freezeImportAfter(page, 2000);
    await page.reload();
    await expect.poll(() => badges(page), { timeout: 30_000 }).toEqual(['incomplete']);
    const cut = await readWorkspace(page);
    const stored = cut.imports[0].stored;
    expect(cut.imports[0]).toMatchObject({ name: 'big.jsonl', status: 'incomplete', note: expect.stringMatching(/^Interrupted/) });
    expect(stored).toBeGreaterThanOrEqual(2000);
    expect(stored).toBeLessThan(N);
    expect(cut.events).toBe(stored); // the import's count and its events land in one transaction: no half batch
    await expectBigAlert(page, stored);

    await dropGenerated(page, N);
    await expect.poll(() => badges(page), { timeout: 60_000 }).toEqual(['incomplete', 'complete']);
    const done = await readWorkspace(page);
    expect(done.events).toBe(N);
    expect(done.imports[1]).toMatchObject({ status: 'complete', records: N, stored: N - stored, duplicates: stored });
    await expectBigAlert(page, N);
  });

  it('a cancel mid-file keeps whole batches and marks the import cancelled; the same file again completes it', async () => {
    const { page } = await openApp();
    await dropGenerated(page, N);
    await freezeImportAfter(page, 2000);
    await page.getByRole('button', { name: 'Cancel big.jsonl' }).click();
    await thaw(page);
    await expect.poll(() => badges(page), { timeout: 30_000 }).toEqual(['incomplete']);
    const cut = await readWorkspace(page);
    const stored = cut.imports[0].stored;
    expect(cut.imports[0]).toMatchObject({ status: 'incomplete', note: 'Cancelled: the events read before the cancel are kept.' });
    expect(stored).toBeGreaterThanOrEqual(2000);
    expect(stored).toBeLessThan(N);
    expect(cut.events).toBe(stored);
    await expectBigAlert(page, stored);
    expect(await page.getByRole('alert').count()).toBe(0); // a cancel is the responder's own doing: no warning

    await dropGenerated(page, N);
    await expect.poll(() => badges(page), { timeout: 60_000 }).toEqual(['incomplete', 'complete']);
    const done = await readWorkspace(page);
    expect([done.events, done.imports[1].stored, done.imports[1].duplicates]).toEqual([N, N - stored, stored]);
    await expectBigAlert(page, N);
  });

  it("two tabs: the second leaves the first one's running import alone and follows its imports, settings and clear", async () => {
    const { page: first, context } = await openApp();
    await dropGenerated(first, N);
    await freezeImportAfter(first, 2000);
    const second = await context.newPage();
    // Every badge the second tab ever shows, so a wrong 'incomplete' cannot flash by unseen.
    await second.addInitScript(() => {
      const seen = new Set<string>();
      (window as unknown as { badgesSeen: Set<string> }).badgesSeen = seen;
      new MutationObserver(() => document.querySelectorAll('[data-testid=import] .badge').forEach((b) => seen.add(b.textContent ?? ''))).observe(document, {
        subtree: true,
        childList: true,
        characterData: true,
      });
      // When the tab first asks for the import records: its read then queues behind the held import's next
      // batch, so it sees the import running however fast the rest of the import goes after the thaw.
      const transaction = IDBDatabase.prototype.transaction;
      IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<typeof transaction>) {
        if ([args[0]].flat().includes('imports')) (window as unknown as { importsAsked: boolean }).importsAsked = true;
        return transaction.apply(this, args);
      };
    });
    await second.goto(baseUrl);
    await second.waitForFunction(() => (window as unknown as { importsAsked?: boolean }).importsAsked === true);
    await thaw(first);
    await expect.poll(() => badges(second), { timeout: 60_000 }).toEqual(['complete']);
    expect((await second.evaluate(() => [...(window as unknown as { badgesSeen: Set<string> }).badgesSeen])).sort()).toEqual(['complete', 'running']);
    await expectBigAlert(second, N);
    const stored = await readWorkspace(second);
    expect(stored.events).toBe(N);
    expect(stored.imports).toEqual([expect.objectContaining({ status: 'complete', note: '', stored: N, duplicates: 0 })]);

    await first.getByLabel('Threshold (alert when distinct mailboxes exceed it)').fill('7');
    await expect.poll(() => second.getByLabel('Threshold (alert when distinct mailboxes exceed it)').inputValue(), CROSS_TAB).toBe('7');
    await expect.poll(() => alertRows(second), CROSS_TAB).toEqual([]);
    await first.getByRole('button', { name: 'Clear workspace' }).click();
    await first.getByRole('button', { name: 'Delete everything' }).click();
    await expect.poll(() => second.locator('[data-testid=import]').count(), CROSS_TAB).toBe(0);
    expect(await second.getByLabel('Threshold (alert when distinct mailboxes exceed it)').inputValue()).toBe('5');
  });

  it('a full disk mid-import: a plain message, and everything stored stays readable after a reload', async () => {
    const { page, context } = await openApp({ serviceWorkers: 'block' });
    await fillDiskAfter(context, 1 + 2); // the small file's one batch, then two of the large file's
    await page.locator('input[type=file]').setInputFiles(new URL('fixtures/graph-burst.json', import.meta.url).pathname);
    await expect.poll(() => badges(page), { timeout: 30_000 }).toEqual(['complete']);
    await dropGenerated(page, N);
    await expect.poll(() => badges(page), { timeout: 60_000 }).toEqual(['complete', 'incomplete']);
    const full = await readWorkspace(page);
    const stored = full.imports[1].stored;
    expect(stored).toBeGreaterThanOrEqual(4000); // two batches of at least 2,000
    expect(stored).toBeLessThan(N);
    expect(full.events).toBe(9 + stored); // graph-burst.json's 9 events, and the large file's whole batches
    const message = `big.jsonl: The browser's storage for this app is full. ${stored} new events from this file were stored before it filled; everything stored earlier is intact. Free disk space or clear the workspace, then import the file again.`;
    expect(await page.getByRole('alert').textContent()).toBe(message);

    await page.reload();
    await expect.poll(() => badges(page), { timeout: 30_000 }).toEqual(['complete', 'incomplete']);
    const graphAlert = ['2024-02-01 10:00:00 UTC', false, '6', '6'];
    await expect.poll(() => bigAlert(page), { timeout: 30_000 }).toEqual([graphAlert, [BIG.window, true, String(BIG.mailboxes), String(stored)]]);
    expect(await page.locator('[data-testid=import]').nth(1).locator('.problem').textContent()).toBe(message.slice('big.jsonl: '.length));
  });
});

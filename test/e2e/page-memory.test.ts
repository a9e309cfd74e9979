// The page does not own the stored events: the worker and IndexedDB do. After importing a small and then a
// much larger export, the page's own JavaScript heap (its main thread, after a garbage collection) must not
// have grown with the events. When the page held every event (about 0.55 KB each), the 38,000 more of the
// second file would have added about 21 MB; the page now holds the same one alert either way, so the bound
// below leaves room for the file list and the collector's slack only.

import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { launch } from './browser.ts';
import { alertRows, badges, BIG, dropGenerated, gotoApp, readWorkspace } from './workspace-probe.ts';

const baseUrl = inject('baseUrl');
const SMALL = 2_000;
const LARGE = 40_000; // its first 2,000 records are the small file's: 38,000 new events
const sessions: Awaited<ReturnType<typeof launch>>[] = [];
afterAll(async () => {
  for (const session of sessions.splice(0)) await session.close();
});

async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

describe("the page's memory", () => {
  it('does not grow with the number of stored events', async () => {
    const session = await launch();
    sessions.push(session);
    const page = session.context.pages()[0] ?? (await session.context.newPage());
    await gotoApp(page, baseUrl);
    const oneAlert = (events: number) =>
      expect.poll(() => alertRows(page), { timeout: 60_000 }).toEqual([expect.arrayContaining([String(BIG.mailboxes), String(events)])]);

    await dropGenerated(page, SMALL, 'small.jsonl');
    await expect.poll(() => badges(page), { timeout: 60_000 }).toEqual(['complete']);
    await oneAlert(SMALL);
    const small = await heapAfterGc(page);

    await dropGenerated(page, LARGE, 'large.jsonl');
    await expect.poll(() => badges(page), { timeout: 60_000 }).toEqual(['complete', 'complete']);
    await oneAlert(LARGE);
    expect((await readWorkspace(page)).events).toBe(LARGE);
    const large = await heapAfterGc(page);

    expect(large - small).toBeLessThan(3_000_000);
  });
});

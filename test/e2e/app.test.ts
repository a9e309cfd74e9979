// The responder's day, in real headless Chromium against the production build served by `vite preview`:
// pick and drop files, read the alerts, sort, open one, re-tune, export, reload, go offline, start again
// from the sample data. The steps share one browser profile and run in order.

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch } from './browser.ts';
import { EXPECTED_CSV, INPUTS, MARKUP, ROWS } from './expected.ts';

const baseUrl = inject('baseUrl');
const fixture = (name: string) => new URL(`fixtures/${name}`, import.meta.url).pathname;
const requests: string[] = [];
const pageErrors: string[] = [];
let session: Awaited<ReturnType<typeof launch>>;
let page: Page;

const table = () => page.getByRole('table', { name: 'Alerts' });
const rows = () => table().locator('tbody tr');
async function rowCells(): Promise<string[][]> {
  return rows().evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
}
const column = async (index: number) => (await rowCells()).map((cells) => cells[index]);
const expectRow = (cells: string[], [time, app, info, mailboxes, ips, events]: string[]) => {
  expect(cells[0]).toBe(time);
  expect(cells[2]).toContain(app);
  expect(cells[3]).toBe(info);
  expect([cells[4], cells[5], cells[6], cells[7]]).toEqual([mailboxes, ips, events, '42']);
};
async function waitForRows(n: number) {
  await expect.poll(() => rows().count(), { timeout: 15_000 }).toBe(n);
}
async function waitForIdle() {
  await expect.poll(() => page.locator('[data-testid=import] .badge').allTextContents(), { timeout: 15_000 }).not.toContain('reading');
  await expect.poll(() => page.locator('[data-testid=import] .badge').allTextContents(), { timeout: 15_000 }).not.toContain('waiting');
}
async function setThreshold(value: number) {
  await page.getByLabel('Threshold (alert when distinct mailboxes exceed it)').fill(String(value));
}
async function download(button: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return readFileSync(await file.path(), 'utf8');
}

beforeAll(async () => {
  session = await launch();
  session.context.on('request', (request) => requests.push(request.url()));
  page = session.context.pages()[0] ?? (await session.context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    pageErrors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(baseUrl);
});

afterAll(async () => {
  await session?.close();
});

describe('UAL Triage in Chromium', () => {
  it('picked files stream through the worker and produce the hand-computed alerts', async () => {
    await page.locator('input[type=file]').setInputFiles([fixture('graph-burst.json'), fixture('ews-burst.csv')]);
    await waitForRows(2);
    await waitForIdle();
    const cells = await rowCells();
    expectRow(cells[0], ROWS.graph);
    expectRow(cells[1], ROWS.ews);
    expect(cells[0][2]).toContain('unknown app');
    const ews = page.locator('[data-testid=import]', { hasText: 'ews-burst.csv' });
    await expect.poll(() => ews.getByRole('list', { name: 'Problems in ews-burst.csv' }).textContent()).toMatch(/^line 6: unreadable record/);
    const graph = page.locator('[data-testid=import]', { hasText: 'graph-burst.json' });
    expect(await graph.getByTestId('records').textContent()).toBe('10');
    expect(await graph.getByTestId('selected').textContent()).toBe('9');
  });

  it('a dropped file (synthetic DataTransfer) is analysed, and markup in ClientInfoString stays text', async () => {
    const text = readFileSync(fixture('markup.json'), 'utf8');
    const dataTransfer = await page.evaluateHandle((content) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], 'markup.json', { type: 'application/json' }));
      return transfer;
    }, text);
    const zone = page.getByTestId('drop-zone');
    await zone.dispatchEvent('dragenter', { dataTransfer });
    await zone.dispatchEvent('dragover', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });
    await waitForRows(3);
    await waitForIdle();
    expectRow((await rowCells())[2], ROWS.markup);
    expect(await table().locator('tbody img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('every column header sorts, and says so with aria-sort', async () => {
    const header = (name: string) => table().locator('th', { hasText: name });
    expect(await header('Time').getAttribute('aria-sort')).toBe('ascending');
    await header('Distinct mailboxes').getByRole('button').click();
    expect(await column(4)).toEqual(['8', '7', '6']);
    expect(await header('Distinct mailboxes').getAttribute('aria-sort')).toBe('descending');
    expect(await header('Time').getAttribute('aria-sort')).toBe('none');
    await header('Distinct mailboxes').getByRole('button').click();
    expect(await column(4)).toEqual(['6', '7', '8']);
    expect(await header('Distinct mailboxes').getAttribute('aria-sort')).toBe('ascending');
    await header('Client IPs').getByRole('button').click();
    expect(await column(5)).toEqual(['203.0.113.7', '203.0.113.66', '198.51.100.9']);
    await header('Time').getByRole('button').click();
    expect(await column(4)).toEqual(['6', '8', '7']);
  });

  it('opening an alert shows its events and a timeline with the threshold', async () => {
    await rows().first().getByRole('button').click();
    const detail = page.getByRole('region', { name: /^Alert:/ });
    await expect.poll(() => detail.getByRole('heading').first().textContent()).toBe('Alert: 6 mailboxes in 10m (tumbling)');
    const events = detail.getByRole('table', { name: 'Contributing events' }).locator('tbody tr');
    expect(await events.count()).toBe(6);
    expect(await events.locator('td:nth-child(4)').allTextContents()).toEqual([1, 2, 3, 4, 5, 6].map((i) => `user${i}@fabrikam.example`));
    expect(await events.locator('td:nth-child(3)').allTextContents()).toEqual(Array(6).fill(expect.stringMatching(/^graph-burst\.json, line \d+$/)));
    expect(await detail.getByRole('img').getAttribute('aria-label')).toContain('threshold 5');
    expect(await detail.getByTestId('threshold-line').count()).toBe(1);
  });

  it('changing the threshold changes the alerts at once, without reading any file again', async () => {
    const before = requests.length;
    await setThreshold(6);
    await waitForRows(2);
    expect(await column(4)).toEqual(['8', '7']);
    await setThreshold(7);
    await waitForRows(1);
    expect(await column(4)).toEqual(['8']);
    await setThreshold(5);
    await waitForRows(3);
    expect(requests.length).toBe(before); // not even the worker script: nothing was re-imported
    expect(await page.locator('[data-testid=import]').count()).toBe(3);
  });

  it('Export CSV downloads the report with the expected content', async () => {
    expect(await download('Export CSV')).toBe(EXPECTED_CSV);
  });

  it('Export provenance JSON names every input with its size, SHA-256 and counts', async () => {
    const provenance = JSON.parse(await download('Export provenance JSON'));
    expect(provenance.version).toBe('0.1.0');
    expect(provenance.rule).toEqual({ threshold: 5, spanMs: 600_000, window: 'tumbling', profile: 'mailbox', allowApps: [], allowIps: [] });
    const byName = Object.fromEntries(provenance.inputs.map((i: { name: string }) => [i.name, i]));
    for (const [name, counts] of Object.entries(INPUTS)) {
      const bytes = readFileSync(fixture(name));
      expect(byName[name]).toMatchObject({
        ...counts,
        size: statSync(fixture(name)).size,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        status: 'complete',
      });
    }
  });

  it('a reload keeps imports, events, alerts and settings', async () => {
    await setThreshold(6);
    await waitForRows(2);
    await page.reload();
    await waitForRows(2);
    expect(await page.getByLabel('Threshold (alert when distinct mailboxes exceed it)').inputValue()).toBe('6');
    expect(await page.locator('[data-testid=import]').count()).toBe(3);
    await setThreshold(5);
    await waitForRows(3);
  });

  it('offline, a reload still serves the app and a new file is analysed', async () => {
    expect(await page.evaluate(async () => Boolean(await navigator.serviceWorker.ready))).toBe(true);
    await session.context.setOffline(true);
    try {
      await page.reload();
      await waitForRows(3);
      const network = await page.evaluate(() =>
        fetch('/not-precached').then(
          () => 'reachable',
          () => 'unreachable',
        ),
      );
      expect(network).toBe('unreachable'); // the page really is offline: what it shows came from the precache
      await page.locator('input[type=file]').setInputFiles(fixture('offline-burst.jsonl'));
      await waitForRows(4);
      await waitForIdle();
      expectRow((await rowCells())[3], ROWS.offline);
      // The same export again adds nothing: every selected record is already stored.
      await page.locator('input[type=file]').setInputFiles(fixture('graph-burst.json'));
      await expect.poll(() => page.locator('[data-testid=import]').count()).toBe(5);
      await waitForIdle();
      const again = page.locator('[data-testid=import]').nth(4);
      expect(await again.getByTestId('duplicates').textContent()).toBe('9');
      expect(await rows().count()).toBe(4);
    } finally {
      await session.context.setOffline(false);
    }
  });

  it('Clear workspace asks first, then empties it; the sample data brings alerts back', async () => {
    await page.getByRole('button', { name: 'Clear workspace' }).click();
    await page.getByRole('button', { name: 'Keep' }).click();
    expect(await rows().count()).toBe(4);
    await page.getByRole('button', { name: 'Clear workspace' }).click();
    await page.getByRole('button', { name: 'Delete everything' }).click();
    await waitForRows(0);
    expect(await page.locator('[data-testid=import]').count()).toBe(0);

    await page.getByRole('button', { name: 'Load sample data' }).click();
    await waitForRows(3);
    await waitForIdle();
    expect(await column(4)).toEqual(['9', '7', '6']);
    expect((await column(2))[2]).toContain('Microsoft Graph Command Line Tools');
    await rows().first().getByRole('button').click();
    await expect.poll(() => page.getByRole('note').textContent()).toContain('1 mailbox was throttled');
    await page.screenshot({ path: new URL('screenshot.png', import.meta.url).pathname, fullPage: true });
  });

  it('every request went to the app itself, and nothing on the page ran the markup', async () => {
    const origin = new URL(baseUrl).origin;
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    expect(requests.filter((url) => new URL(url).pathname === '/x')).toEqual([]); // <img src=x> was never loaded
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(pageErrors).toEqual([]);
    expect(MARKUP).toContain('onerror');
  });
});

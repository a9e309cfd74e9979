// What the evidence cannot show, in the app: an empty workspace is not a clean one, a missing column and a
// gap between exports are said on the page, and an export in local time waits for the responder's offset.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as write from '../fixtures/export-formats.ts';
import { records, TENANT } from '../fixtures/scenario.ts';
import { launch } from './browser.ts';

const baseUrl = inject('baseUrl');
const dir = mkdtempSync(join(tmpdir(), 'ual-evidence-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const shift = (hours: number) =>
  records.map((r) => ({
    ...r,
    Id: `${hours}-${String(r.Id)}`,
    CreationTime: new Date(Date.parse(`${String(r.CreationTime)}Z`) + hours * 3600_000).toISOString().slice(0, 19),
  }));
let session: Awaited<ReturnType<typeof launch>>;
let page: Page;

const evidence = () => page.getByTestId('evidence');
const rows = () => page.getByRole('table', { name: 'Alerts' }).locator('tbody tr');
async function waitForIdle(imports: number) {
  await expect.poll(() => page.locator('[data-testid=import] .badge').allTextContents(), { timeout: 20_000 }).toHaveLength(imports);
  await expect.poll(() => page.locator('[data-testid=import] .badge').allTextContents(), { timeout: 20_000 }).not.toContain('reading');
  await expect.poll(() => page.locator('[data-testid=import] .badge').allTextContents(), { timeout: 20_000 }).not.toContain('waiting');
}

beforeAll(async () => {
  session = await launch();
  page = session.context.pages()[0] ?? (await session.context.newPage());
  await page.goto(baseUrl);
});

afterAll(async () => {
  await session?.close();
});

describe('the evidence panel in Chromium', () => {
  it('an empty workspace says no file was analysed, not that there are no alerts', async () => {
    await expect.poll(() => page.getByRole('region', { name: 'Alerts' }).textContent()).toContain('No files analysed yet');
    expect(await page.getByRole('region', { name: 'Alerts' }).textContent()).not.toContain('No alerts');
  });

  it("the rule's dropdowns show every choice whole", async () => {
    // Each choice's text, in the select's own font, fits inside it with room for its padding and arrow.
    const cut = await page.evaluate(() => {
      const context = document.createElement('canvas').getContext('2d')!;
      return [...document.querySelectorAll<HTMLSelectElement>('.rule select')].flatMap((select) => {
        context.font = getComputedStyle(select).font;
        return [...select.options].filter((option) => context.measureText(option.text).width + 28 > select.clientWidth).map((option) => option.text);
      });
    });
    expect(cut).toEqual([]);
  });

  it('two exports an hour apart: the gap is named and the alerts beside it are marked', async () => {
    await page
      .locator('input[type=file]')
      .setInputFiles([file('day-1.jsonl', write.managementApiLines(records)), file('day-1-later.jsonl', write.managementApiLines(shift(1)))]);
    await waitForIdle(2);
    await expect.poll(() => rows().count()).toBe(4);
    expect(await evidence().textContent()).toContain(
      `No file holds a counted read of tenant ${TENANT} from 2024-02-01 10:16:00 UTC to 2024-02-01 11:01:00 UTC.`,
    );
    expect(await page.getByRole('img', { name: 'near a gap in the evidence' }).count()).toBe(4);
  });

  it('opening an alert brings its detail into view with focus on it; each event names its record Id, file and line', async () => {
    await rows().first().getByRole('button').click();
    const heading = page.locator('#detail-heading');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('detail-heading');
    const top = await heading.evaluate((h) => h.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(await page.evaluate(() => window.innerHeight));
    const first = page.getByRole('table', { name: 'Contributing events' }).locator('tbody tr').first();
    // The harvester's first read (scenario.ts) is the file's first line, Id ...0001.
    expect(await first.locator('td').nth(1).textContent()).toBe('00000000-0000-4000-8000-000000000001');
    expect(await first.locator('td').nth(2).textContent()).toBe('day-1.jsonl, line 1');
  });

  it('an export without its AppId column says so on the file and in the panel', async () => {
    const withoutAppId = shift(5).map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'AppId')));
    await page.locator('input[type=file]').setInputFiles([file('projected.csv', write.sentinelCsv(withoutAppId))]);
    await waitForIdle(3);
    const item = page.locator('[data-testid=import]', { hasText: 'projected.csv' });
    await expect
      .poll(() => item.getByTestId('warning').textContent())
      .toBe('This export has no AppId column: Graph reads cannot be recognised; 25 MailItemsAccessed records could not be judged.');
    expect(await evidence().textContent()).toContain('projected.csv: 25 MailItemsAccessed records could not be judged');
  });

  it('an export in local time is refused until the offset is given, then read', async () => {
    const local = file('local.csv', write.sentinelCsv(shift(9)).replace('TimeGenerated [UTC]', 'TimeGenerated [Local Time]'));
    await page.locator('input[type=file]').setInputFiles([local]);
    await waitForIdle(4);
    const refused = page.locator('[data-testid=import]', { hasText: 'local.csv' });
    await expect.poll(() => refused.locator('.problem').first().textContent()).toMatch(/local time of the machine that exported it/);
    await page.getByLabel('Exports in local time were written at UTC').fill('+02:00');
    await page.locator('input[type=file]').setInputFiles([local]);
    await waitForIdle(5);
    // Written at 19:00-19:16 local time, UTC+02:00: the alerts are those of 17:00 and 17:10 UTC.
    await expect.poll(() => rows().filter({ hasText: '2024-02-01 17:' }).count()).toBe(2);
  });
});

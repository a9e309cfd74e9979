// The release's single HTML file, opened from disk (file://) in headless Chromium with the browser offline:
// real-shaped exports analysed in Web Workers started from blob URLs, the workspace kept in IndexedDB across
// a reload and a browser restart, the CSV report byte for byte the release's command line's `--out`, no
// request but the page itself and its blob:/data: URLs, and markup in a record shown as text.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { powershellExportCsv, utf16 } from '../fixtures/export-formats.ts';
import { DELEGATE_APP, HARVESTER, records } from '../fixtures/scenario.ts';
import { MARKUP, ROWS } from './expected.ts';
import { launch } from './browser.ts';
import { alertRows, waitForWorkspace } from './workspace-probe.ts';

const release = inject('release');
const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const dir = mkdtempSync(join(tmpdir(), 'ual-triage-file-'));
const profile = mkdtempSync(join(tmpdir(), 'ual-triage-file-profile-'));
const html = join(dir, `ual-triage-${version}.html`);
const pageUrl = pathToFileURL(html).href;
const fixture = (name: string) => new URL(`fixtures/${name}`, import.meta.url).pathname;
// Windows PowerShell 5.1's `Search-UnifiedAuditLog | Export-Csv`: UTF-16LE with a BOM, a #TYPE line, CRLF.
const powershell = join(dir, 'Search-UnifiedAuditLog.csv');
const INPUTS = [fixture('graph-burst.json'), powershell, fixture('markup.json')];

/** Time, ClientAppId and distinct mailboxes of each alert, as the table shows them (sorted: two share a time). */
const EXPECTED = [
  ['2024-02-01 10:00:00 UTC', HARVESTER, '6'],
  [ROWS.graph[0], ROWS.graph[1], ROWS.graph[3]],
  ['2024-02-01 10:10:00 UTC', DELEGATE_APP, '6'],
  [ROWS.markup[0], ROWS.markup[1], ROWS.markup[3]],
];

const requests: string[] = [];
const violations: string[] = [];
const pageErrors: string[] = [];
let session: Awaited<ReturnType<typeof launch>>;
let page: Page;

async function open() {
  session = await launch({ profile });
  await session.context.setOffline(true);
  session.context.on('request', (request) => requests.push(request.url()));
  await session.context.exposeFunction('reportViolation', (v: string) => violations.push(v));
  await session.context.addInitScript(() =>
    document.addEventListener(
      'securitypolicyviolation',
      (e) => (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.effectiveDirective} ${e.blockedURI}`),
      true,
    ),
  );
  page = session.context.pages()[0] ?? (await session.context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(pageUrl);
}
const summary = async () =>
  (await alertRows(page)).map((cells) => [cells[0], cells[2].split(' ')[0], cells[4]]).sort((a, b) => a.join().localeCompare(b.join()));
async function expectAlerts() {
  await expect.poll(() => summary(), { timeout: 30_000 }).toEqual(EXPECTED);
}

beforeAll(async () => {
  copyFileSync(join(release.dir, `ual-triage-${version}.html`), html);
  writeFileSync(powershell, utf16(powershellExportCsv(records), 'le'));
  await open();
});

afterAll(async () => {
  await session?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
});

describe('the single-file release opened from disk, offline', () => {
  it('analyses a Management API export, a UTF-16 PowerShell export and a hostile one in blob: Web Workers', async () => {
    await waitForWorkspace(page);
    await page.locator('input[type=file]').setInputFiles(INPUTS);
    await expectAlerts();
    await expect.poll(() => page.locator('[data-testid=import] .badge').allTextContents()).toEqual(['complete', 'complete', 'complete']);
    const ps = page.locator('[data-testid=import]', { hasText: 'Search-UnifiedAuditLog.csv' });
    expect(await ps.textContent()).toMatch(/UTF-16LE/);
    expect(page.workers().map((worker) => worker.url())).toEqual([expect.stringMatching(/^blob:/)]);
  });

  it('markup in a record stays text', async () => {
    expect((await alertRows(page)).find((cells) => cells[2].startsWith(ROWS.markup[1]))?.[3]).toBe(MARKUP);
    expect(await page.getByRole('table', { name: 'Alerts' }).locator('tbody img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it("the SHA-256 of each file comes from the inlined hash worker, as sha256sum's", async () => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export provenance JSON' }).click()]);
    const provenance = JSON.parse(readFileSync(await file.path(), 'utf8')) as { inputs: { sha256: string }[] };
    expect(provenance.inputs.map((input) => input.sha256)).toEqual(INPUTS.map((path) => createHash('sha256').update(readFileSync(path)).digest('hex')));
  });

  it("Export CSV is byte for byte the release's command line --out for the same files", async () => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const out = join(dir, 'cli-report.csv');
    execFileSync(process.execPath, [join(release.dir, `ual-triage-${version}-cli.mjs`), '--out', out, ...INPUTS], { cwd: dir, stdio: 'ignore' });
    expect(readFileSync(await file.path())).toEqual(readFileSync(out));
  });

  it('the workspace is still there after a reload', async () => {
    await page.reload();
    await waitForWorkspace(page);
    await expectAlerts();
  });

  it('and after the browser is closed and started again on the same profile', async () => {
    await session.close();
    await open();
    await waitForWorkspace(page);
    await expectAlerts();
  });

  it('registers no service worker', async () => {
    expect(session.context.serviceWorkers()).toEqual([]);
    // A page from disk cannot list registrations (its origin is opaque); no controller means none serves it.
    expect(await page.evaluate(() => navigator.serviceWorker?.controller ?? null)).toBeNull();
  });

  it('requested nothing but the page itself and its own blob: and data: URLs, and broke no policy', () => {
    expect(requests.filter((url) => url !== pageUrl && !/^(blob|data):/.test(url))).toEqual([]);
    expect(requests).toContain(pageUrl);
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

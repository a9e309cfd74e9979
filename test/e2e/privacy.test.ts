// Privacy and injection in Chromium against the production build. A whole session (sample data, a hostile
// export, re-tuning, both exports, a reload, offline) with every request logged and every
// Content-Security-Policy violation recorded from before the app's first script. The hostile export carries
// markup in every field an attacker controls and the app shows; each must read as text wherever it appears.

import { readdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch } from './browser.ts';
import { alertRows, badges, gotoApp, waitForWorkspace } from './workspace-probe.ts';

const baseUrl = inject('baseUrl');
/** Markup that would create an element with id pwn-<field> and set window.__xss if it were ever parsed. */
const markup = (field: string) => `<img src=x id=pwn-${field} onerror=window.__xss='${field}'>`;
const FIELDS = {
  tenant: markup('tenant'),
  app: markup('app'),
  clientInfo: markup('cis'),
  user: `<script id=pwn-user>window.__xss='user'</script>`,
  mailbox: markup('mailbox'), // followed by 1..6: six distinct mailboxes, so the rule alerts
  ip: `<svg id=pwn-ip onload=window.__xss='ip'>`,
  file: `${markup('file')}.jsonl`,
};
// Six Graph reads of six mailboxes by one application in one window: one alert (threshold 5).
const hostileExport = Array.from({ length: 6 }, (_, i) =>
  JSON.stringify({
    CreationTime: `2024-02-05T14:0${i + 1}:00`,
    Id: `priv-${i}`,
    Operation: 'MailItemsAccessed',
    Workload: 'Exchange',
    OrganizationId: FIELDS.tenant,
    UserId: FIELDS.user,
    AppId: '00000003-0000-0000-c000-000000000000',
    ClientAppId: FIELDS.app,
    ClientInfoString: FIELDS.clientInfo,
    MailboxOwnerUPN: `${FIELDS.mailbox}${i + 1}`,
    ClientIPAddress: FIELDS.ip,
    Folders: [{ Path: markup('folder'), FolderItems: [{ InternetMessageId: `<${markup('msgid')}>` }] }],
  }),
).join('\n');

const requests: string[] = [];
const violations: { directive: string; blocked: string; sample: string }[] = [];
let injectedFrom = Infinity; // violations from here on may be the test's own injected script and handler
let session: Awaited<ReturnType<typeof launch>>;
let page: Page;

const injected = () => page.evaluate(() => ({ elements: document.querySelectorAll('[id^=pwn-]').length, xss: (window as { __xss?: string }).__xss ?? null }));
async function expectText(region: Locator, literals: string[]) {
  for (const literal of literals) {
    expect(await region.textContent()).toContain(literal);
    expect(await region.getByText(literal).first().isVisible()).toBe(true);
  }
}
async function dropHostile() {
  await page.evaluate(
    ({ text, name }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], name, { type: 'application/json' }));
      document.querySelector('[data-testid=drop-zone]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { text: hostileExport, name: FIELDS.file },
  );
}
const hostileRow = async () => (await alertRows(page)).find((cells) => cells[0] === '2024-02-05 14:00:00 UTC');

beforeAll(async () => {
  session = await launch();
  session.context.on('request', (request) => requests.push(request.url()));
  await session.context.exposeFunction('reportViolation', (v: (typeof violations)[number]) => violations.push(v));
  await session.context.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (e) =>
        (window as unknown as { reportViolation(v: object): void }).reportViolation({
          directive: e.effectiveDirective,
          blocked: e.blockedURI,
          sample: e.sample,
        }),
      true,
    );
  });
  page = session.context.pages()[0] ?? (await session.context.newPage());
});

afterAll(async () => {
  await session?.close();
});

describe('privacy and injection in Chromium', () => {
  it('a hostile export: markup in every field reads as text in the table, the detail, the chart and the file list', async () => {
    await gotoApp(page, baseUrl);
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await expect.poll(() => badges(page), { timeout: 30_000 }).toEqual(['complete']);
    await dropHostile();
    await expect.poll(() => badges(page), { timeout: 30_000 }).toEqual(['complete', 'complete']);
    await expect.poll(hostileRow).toBeDefined();

    const table = page.getByRole('table', { name: 'Alerts' });
    await expectText(table, [FIELDS.tenant, FIELDS.app, FIELDS.clientInfo, FIELDS.ip]);
    await table.locator('tbody tr', { hasText: FIELDS.clientInfo }).getByRole('button').click();
    const detail = page.getByRole('region', { name: /^Alert:/ });
    const mailboxes = [1, 2, 3, 4, 5, 6].map((i) => `${FIELDS.mailbox}${i}`);
    await expectText(detail.locator('dl'), [FIELDS.tenant, FIELDS.app, FIELDS.clientInfo, FIELDS.ip, FIELDS.user, ...mailboxes]);
    await expectText(detail.getByRole('table', { name: 'Contributing events' }), [FIELDS.clientInfo, FIELDS.ip, FIELDS.user, ...mailboxes]);
    // The chart labels are times and counts only; no audit string reaches it, markup or not.
    const chart = detail.locator('figure.timeline');
    expect(await chart.locator('svg').count()).toBe(1);
    expect(await chart.evaluate((figure) => [...new Set([...figure.querySelectorAll('*')].map((e) => e.localName))].sort())).toEqual([
      'figcaption',
      'line',
      'rect',
      'svg',
      'text',
      'title',
    ]);
    for (const literal of Object.values(FIELDS)) expect(await chart.textContent()).not.toContain(literal);
    await expectText(page.getByRole('list', { name: 'Imported files' }), [FIELDS.file]);
    // Folder paths and message-ids are counted, never shown.
    expect(await page.locator('body').textContent()).not.toContain(markup('folder'));
    expect(await injected()).toEqual({ elements: 0, xss: null });
  });

  it('a session of tuning, exports, a reload and offline work creates no element from the markup', async () => {
    await page.getByLabel('Threshold (alert when distinct mailboxes exceed it)').fill('6');
    await expect.poll(hostileRow).toBeUndefined(); // six mailboxes do not exceed 6
    await page.getByLabel('Threshold (alert when distinct mailboxes exceed it)').fill('5');
    await expect.poll(hostileRow).toBeDefined();
    for (const button of ['Export CSV', 'Export provenance JSON']) {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
      expect(await file.path()).toBeTruthy();
    }
    await page.reload();
    await waitForWorkspace(page);
    await expect.poll(hostileRow).toBeDefined();
    expect(await page.evaluate(async () => Boolean(await navigator.serviceWorker.ready))).toBe(true);
    await session.context.setOffline(true);
    try {
      await page.reload();
      await waitForWorkspace(page);
      await expect.poll(hostileRow).toBeDefined();
      await page.getByRole('button', { name: 'Clear workspace' }).click();
      await page.getByRole('button', { name: 'Delete everything' }).click();
      await dropHostile();
      await expect.poll(() => badges(page), { timeout: 30_000 }).toEqual(['complete']);
      await expect.poll(() => alertRows(page)).toHaveLength(1);
    } finally {
      await session.context.setOffline(false);
    }
    expect(await injected()).toEqual({ elements: 0, xss: null });
  });

  it('the Content-Security-Policy is enforced: an inline script or event handler injected into the page does not run', async () => {
    const before = violations.length;
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = "window.__inline = 'script'";
      document.head.append(script);
      const div = document.createElement('div');
      div.setAttribute('onclick', "window.__inline = 'handler'");
      document.body.append(div);
      div.click();
      div.remove();
      return (window as { __inline?: string }).__inline ?? null;
    });
    expect(ran).toBeNull();
    // The page is under two equal policies (the meta tag and the served header), so each block may be reported twice.
    const injectedKinds = () => [...new Set(violations.slice(before).map((v) => v.directive))].sort();
    await expect.poll(injectedKinds).toEqual(['script-src-attr', 'script-src-elem']);
    injectedFrom = before;
  });

  it('the worker script is served under the same policy, so it cannot load or run anything foreign either', async () => {
    const worker = readdirSync('dist/assets').find((name) => name.startsWith('analyzer.worker'));
    const response = await page.request.get(`${baseUrl}/assets/${worker}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-security-policy']).toMatch(
      /^default-src 'self'; script-src 'self' 'wasm-unsafe-eval';.*connect-src 'self'.*frame-ancestors 'none'$/,
    );
  });

  it('the app itself caused no policy violation, and every request went to its own origin', () => {
    const injectedByTest = (v: (typeof violations)[number], i: number) => i >= injectedFrom && v.blocked === 'inline' && v.directive.startsWith('script-src');
    const own = violations.filter((v, i) => !injectedByTest(v, i));
    expect(own).toEqual([]);
    const origin = new URL(baseUrl).origin;
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    expect(requests.filter((url) => new URL(url).pathname === '/x')).toEqual([]);
  });
});

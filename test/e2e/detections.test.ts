// The detection pack in the app, in headless Chromium against the production build: the incident fixture
// (test/fixtures/detections/incident.ts) dropped, its alerts listed with their detections, filtered, opened,
// and the application's and the mailbox's stories read, oldest first. Expected by hand from the records:
//   09:00 admin consents tenant-wide to 5f91ce94… (Tenant Wide Admin Consent Granted, risk 45);
//   09:30-09:36 that app reads m1..m7 via Graph: 7 mailboxes in the 09:30 window (the API-read rule, risk 42),
//     and the Graph listing's context (first read 09:30, last 09:36);
//   09:45 through that app, New-InboxRule on m1 forwarding to drop@attacker.example (Email New Inbox Rule
//     Created, risk 10; New Email Forwarding Rule Created, risk 42; ties keep the pack's order, by ESCU id);
//   10:30 the admin exports a content search over m1 (Compliance Content Search Exported, risk 42): it names
//     no application, and m1 was read by the app, so it ends both m1's story and the application's.

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch } from './browser.ts';

const baseUrl = inject('baseUrl');
const incident = new URL('../fixtures/detections/incident.jsonl', import.meta.url).pathname;
const APP = '5f91ce94-4cc5-4ebe-aeb6-f074e57201bb';
const API_READ = 'O365 Multiple Mailboxes Accessed via API';
const CONSENT = 'O365 Tenant Wide Admin Consent Granted';
const INBOX_RULE = 'O365 Email New Inbox Rule Created';
const FORWARD = 'O365 New Email Forwarding Rule Created';
const EXPORT = 'O365 Compliance Content Search Exported';
const at = (time: string) => `2024-03-01 ${time} UTC`;
const pageErrors: string[] = [];
let session: Awaited<ReturnType<typeof launch>>;
let page: Page;

const rows = () => page.getByRole('table', { name: 'Alerts' }).locator('tbody tr');
const cells = () => rows().evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
/** Time, risk score and detection of each row. */
const listed = async () => (await cells()).map((c) => [c[0], c[7], c[8]]);
const story = () => page.getByRole('region', { name: /^Story of/ });
/** Each time line entry: time, kind, detection. */
const entries = () =>
  story()
    .getByRole('list', { name: 'Time line, oldest first' })
    .locator('li')
    .evaluateAll((lis) => lis.map((li) => ['time', '.story-source', '.story-name'].map((s) => (li.querySelector(s)?.textContent ?? '').trim())));

const ALL = [
  [at('09:00:00'), '45', CONSENT],
  [at('09:30:00'), '42', API_READ],
  [at('09:45:00'), '10', INBOX_RULE],
  [at('09:45:00'), '42', FORWARD],
  [at('10:30:00'), '42', EXPORT],
];

beforeAll(async () => {
  session = await launch();
  page = session.context.pages()[0] ?? (await session.context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(baseUrl);
});

afterAll(async () => {
  await session?.close();
});

describe('the detection pack in Chromium', () => {
  it('a dropped incident lists every alert with its detection, oldest first', async () => {
    const dataTransfer = await page.evaluateHandle(
      (content) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([content], 'incident.jsonl'));
        return transfer;
      },
      readFileSync(incident, 'utf8'),
    );
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
    await expect.poll(() => rows().count(), { timeout: 20_000 }).toBe(5);
    expect(await listed()).toEqual(ALL);
    expect(await page.getByRole('columnheader', { name: /Detection/ }).count()).toBe(1);
  });

  it('the filter lists the detections present and narrows the table to one', async () => {
    const filter = page.getByLabel('Filter by detection');
    expect(await filter.locator('option').allTextContents()).toEqual(['All detections', EXPORT, INBOX_RULE, API_READ, FORWARD, CONSENT]);
    await filter.selectOption({ label: FORWARD });
    await expect.poll(listed).toEqual([ALL[3]]);
    expect(await page.locator('#alerts-heading .count').textContent()).toBe('1');
    await filter.selectOption({ label: 'All detections' });
    await expect.poll(listed).toEqual(ALL);
  });

  it('the mass-read alert opens with its Graph reads, and the application story runs consent -> reads -> forwarding rule', async () => {
    await rows().nth(1).getByRole('button').click();
    const detail = page.getByRole('region', { name: /^Alert:/ });
    await expect.poll(() => detail.getByRole('heading').first().textContent()).toBe('Alert: 7 mailboxes in 10m (tumbling)');
    expect(await detail.locator('.reads').textContent()).toBe(
      `Through Graph, this application read 7 mailboxes in 7 records, first at ${at('09:30:00')}, last at ${at('09:36:00')}.`,
    );
    await detail.getByRole('button', { name: 'Story of this application' }).click();
    await expect.poll(() => story().getByRole('heading').first().textContent()).toBe(`Story of application ${APP}`);
    expect(await entries()).toEqual([
      [at('09:00:00'), 'detection', CONSENT],
      [at('09:30:00'), 'API-read alert', API_READ],
      [at('09:30:00'), 'context', 'Mailbox reads via Graph'],
      [at('09:45:00'), 'detection', INBOX_RULE],
      [at('09:45:00'), 'detection', FORWARD],
      [at('10:30:00'), 'detection', EXPORT],
    ]);
    expect(await story().locator('p').first().textContent()).toBe(
      `5 alerts from ${at('09:00:00')} to ${at('10:30:00')}; summed risk ${45 + 42 + 10 + 42 + 42}.`,
    );
  });

  it('the forwarding rule shows its target, and the mailbox story runs reads -> forwarding rule -> export', async () => {
    await rows().nth(3).getByRole('button').click();
    const detail = page.getByRole('region', { name: `Alert: ${FORWARD}` });
    await expect.poll(() => detail.locator('dl').textContent()).toContain('ForwardTodrop@attacker.example');
    expect(await detail.locator('dl').textContent()).toContain('userm1@contoso.onmicrosoft.com');
    await detail.getByRole('button', { name: 'Story of this mailbox' }).click();
    await expect.poll(() => story().getByRole('heading').first().textContent()).toBe('Story of mailbox m1@contoso.onmicrosoft.com');
    expect(await entries()).toEqual([
      [at('09:30:00'), 'API-read alert', API_READ],
      [at('09:30:00'), 'context', 'Mailbox reads via Graph'],
      [at('09:45:00'), 'detection', INBOX_RULE],
      [at('09:45:00'), 'detection', FORWARD],
      [at('10:30:00'), 'detection', EXPORT],
    ]);
  });

  it('Export CSV writes the pack alerts after the API-read alert, with their detection columns', async () => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const lines = readFileSync(await file.path(), 'utf8').split('\r\n');
    const detection = (line: string) => /,(\w{8}-\w{4}-\w{4}-\w{4}-\w{12}),O365 [^,]+,\d+,/.exec(line)?.[1];
    expect(lines.slice(1).map(detection).filter(Boolean)).toEqual([
      '7cd853e9-d370-412f-965d-a2bcff2a2908',
      '50eaabf8-5180-4e86-bfb2-011472c359fc',
      '449f525a-7b42-47be-96a7-d9724e336c19',
      '68469fd0-1315-44ba-b7e4-e92847bb76d6',
      '2ce9f31d-ab4f-4179-b2b7-c77a9652e1d8',
    ]);
  });

  it('the rule export offers a detection its own SPL', async () => {
    const panel = page.getByRole('region', { name: 'Export a detection of the pack' });
    await panel.getByLabel('Detection').selectOption({ label: FORWARD });
    expect(await panel.locator('pre').textContent()).toContain('O365 New Email Forwarding Rule Created (ESCU 68469fd0-1315-44ba-b7e4-e92847bb76d6, version 7');
  });

  it('a reload keeps the pack alerts; clearing the workspace removes them', async () => {
    await page.reload();
    await expect.poll(listed, { timeout: 20_000 }).toEqual(ALL);
    await page.getByRole('button', { name: 'Clear workspace' }).click();
    await page.getByRole('button', { name: 'Delete everything' }).click();
    await expect.poll(() => rows().count()).toBe(0);
    await page.reload();
    await expect.poll(() => page.getByRole('region', { name: 'Alerts' }).textContent()).toContain('No files analysed yet');
    expect(await rows().count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});

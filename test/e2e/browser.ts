// Headless Chromium without a browser download: the binary shipped in @sparticuz/chromium (extracted to /tmp
// on first use), else a system Chromium. A fresh profile each run, so nothing leaks between runs.

import chromium from '@sparticuz/chromium';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium as playwright, type BrowserContext } from 'playwright-core';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

async function executable(): Promise<string> {
  try {
    return await chromium.executablePath();
  } catch (error) {
    if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
    throw error;
  }
}

/**
 * `serviceWorkers: 'block'` lets page.route() see every request the app makes, its worker script included.
 * `profile`: a profile folder to open again (a browser restart); the caller removes it.
 */
export async function launch({ profile: reuse, ...options }: { serviceWorkers?: 'allow' | 'block'; profile?: string } = {}): Promise<{
  context: BrowserContext;
  close(): Promise<void>;
}> {
  const profile = reuse ?? mkdtempSync(join(tmpdir(), 'ual-triage-e2e-'));
  const context = await playwright.launchPersistentContext(profile, {
    executablePath: await executable(),
    args: ARGS,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    timezoneId: 'Europe/Berlin',
    ...options,
  });
  return {
    context,
    async close() {
      await context.close();
      if (!reuse) rmSync(profile, { recursive: true, force: true });
    },
  };
}

// npm run bench:browser: the production build in headless Chromium on the benchmark files. For each file:
// time from picking it to its import finishing (alerts on screen), MB/s, and, in the same page, how fast
// File.stream() alone reads the same file (the browser's I/O limit), with the ratio; the renderer's peak
// memory (the tab and its worker). Then, on files of 100,000, 1,000,000 and 3,000,000 selected events:
// the import into IndexedDB (to the alerts on screen), the renderer's peak, IndexedDB's bytes per stored
// event (navigator.storage.estimate() before and after), and from 1,000,000 on: re-tuning the threshold
// (answered by the worker from its tallies), re-tuning the span and the identity profile (the worker
// counts the stored batches again, showing progress) and a reload until the alerts are on screen again.
// Files come from `npm run bench -- --generate` (the selected-event files are written here when missing).
// Arguments pick measurements by name: `-- 100k 1m 3m` runs only the selected-event ones, `-- purview`
// only the CSV file; `-- --runs 5` sets how many runs give each median (3 by default; the 1,000,000- and
// 3,000,000-event imports run once). Figures on a shared two-core machine swing by a third between runs,
// hence medians.

import { existsSync, statSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { launch, sampleRendererMemory, servePreview } from './bench/chromium-page.ts';
import { benchFiles, writeSelectedFile } from './bench/generate.ts';

const DIR = 'bench-data';
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt === -1 ? 3 : Math.max(1, Number(args[runsAt + 1]) || 1);
const picked = args.filter((arg, i) => arg !== '--runs' && (runsAt === -1 || i !== runsAt + 1));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const wanted = (label: string) => picked.length === 0 || picked.some((word) => label.toLowerCase().includes(word.toLowerCase()));
const mb = (bytes: number) => bytes / 1e6;
const badges = (page: Page) => page.locator('[data-testid=import] .badge').allTextContents();

async function untilImported(page: Page): Promise<string> {
  for (;;) {
    const states = await badges(page);
    if (states.length && !states.some((s) => s === 'reading' || s === 'waiting')) return states.join(', ');
    await new Promise((r) => setTimeout(r, 50));
  }
}

// File.stream() alone over the same file, in the same page, through an input of its own: with its default
// reader (the reference the goals are set against), and with a BYOB reader into one reused 1 MB buffer, the
// way the app reads (src/worker/chunk-reader.ts), which is several times faster in Chromium.
async function rawReadMs(page: Page, path: string): Promise<{ plain: number; byob: number }> {
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'bench-raw';
    input.hidden = true;
    document.body.append(input);
  });
  await page.locator('#bench-raw').setInputFiles(path);
  return page.evaluate(async () => {
    const file = (document.getElementById('bench-raw') as HTMLInputElement).files![0];
    let started = performance.now();
    const reader = file.stream().getReader();
    while (!(await reader.read()).done);
    const plain = performance.now() - started;
    started = performance.now();
    const byob = file.stream().getReader({ mode: 'byob' });
    for (let buffer = new ArrayBuffer(1 << 20); ;) {
      const next = await byob.read(new Uint8Array(buffer));
      if (next.done) break;
      buffer = next.value.buffer;
    }
    return { plain, byob: performance.now() - started };
  });
}

// Until the worker has answered for the rule shown (the alerts heading is aria-busy until then), and a frame
// is painted.
const settled = (page: Page) =>
  page.evaluate(async () => {
    const heading = document.getElementById('alerts-heading')!;
    while (heading.getAttribute('aria-busy') === 'true') await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  });

// One edit of the rule, until its alerts are on screen; whether a re-count showed its progress meanwhile.
async function retuneMs(page: Page, edit: { label: string; value: string }): Promise<{ ms: number; progress: boolean }> {
  const started = performance.now();
  const progress = await page.evaluate(async ({ label, value }) => {
    const field = [...document.querySelectorAll('label')].find((l) => l.textContent?.startsWith(label))!.querySelector('input, select') as HTMLInputElement;
    let seen = false;
    const watch = new MutationObserver(() => (seen ||= !!document.querySelector('[role=status]')?.textContent?.startsWith('Counting')));
    watch.observe(document.body, { subtree: true, childList: true, characterData: true });
    field.value = value;
    field.dispatchEvent(new Event(field.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
    const heading = document.getElementById('alerts-heading')!;
    await new Promise((r) => setTimeout(r, 0));
    while (heading.getAttribute('aria-busy') === 'true') await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    watch.disconnect();
    return seen;
  }, edit);
  return { ms: performance.now() - started, progress };
}

const storageUsed = (page: Page) => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
// The events the imports stored, from their records in IndexedDB.
const storedEvents = (page: Page) =>
  page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('ual-triage');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const request = db.transaction('imports').objectStore('imports').getAll();
    const imports = await new Promise<{ stored: number }[]>(
      (resolve, reject) => ((request.onsuccess = () => resolve(request.result)), (request.onerror = () => reject(request.error))),
    );
    db.close();
    return imports.reduce((sum, i) => sum + i.stored, 0);
  });
const alertCount = async (page: Page) => Number(await page.locator('#alerts-heading .count').textContent()); // the table draws the first rows only

async function measure(url: string, path: string, after?: (page: Page) => Promise<string>) {
  const browser = await launch();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(url);
    const input = page.locator('input[type=file]').first();
    await input.waitFor({ state: 'attached' });
    const usedBefore = await storageUsed(page);
    const memory = sampleRendererMemory();
    const started = performance.now();
    await input.setInputFiles(path);
    const state = await untilImported(page);
    await settled(page);
    const ms = performance.now() - started;
    const peak = memory.stop();
    const storage = (await storageUsed(page)) - usedBefore;
    const events = await storedEvents(page);
    const alerts = await alertCount(page);
    return { ms, peak, state, alerts, storage, events, extra: after ? await after(page) : '' };
  } finally {
    await browser.close();
  }
}

// After an import of many events: the threshold back and forth, the span and the profile (each counts the
// stored events again), then a reload until the alerts are on screen.
async function retunings(page: Page): Promise<string> {
  const times: number[] = [];
  for (const threshold of [6, 5, 7, 5, 6]) times.push((await retuneMs(page, { label: 'Threshold', value: String(threshold) })).ms);
  const span = await retuneMs(page, { label: 'Span', value: '15m' });
  const profile = await retuneMs(page, { label: 'Mailbox identity', value: 'splunk' });
  const back = await retuneMs(page, { label: 'Mailbox identity', value: 'mailbox' });
  const alerts = await alertCount(page);
  await new Promise((r) => setTimeout(r, 3000)); // what the worker derived is written 300 ms after its last answer
  const memory = sampleRendererMemory();
  const started = performance.now();
  await page.reload();
  await page.waitForFunction(() => {
    const heading = document.getElementById('alerts-heading');
    return heading && heading.getAttribute('aria-busy') !== 'true' && /^\d+$/.test(heading.querySelector('.count')?.textContent ?? '');
  });
  await settled(page);
  const reload = performance.now() - started;
  const reloaded = await alertCount(page);
  const after = memory.stop();
  const progress = (r: { progress: boolean }) => (r.progress ? 'progress shown' : 'no progress shown');
  return [
    `  re-tuning the threshold: ${times.map((t) => t.toFixed(0)).join(', ')} ms (median ${median(times).toFixed(0)} ms)`,
    `  re-tuning the span to 15m: ${(span.ms / 1000).toFixed(1)} s (${progress(span)}); the profile to UserId: ${(profile.ms / 1000).toFixed(1)} s (${progress(profile)}), and back: ${(back.ms / 1000).toFixed(1)} s`,
    `  reload to alerts on screen: ${(reload / 1000).toFixed(2)} s (${reloaded} alerts, ${alerts} before; renderer peak meanwhile ${mb(after).toFixed(0)} MB)`,
  ].join('\n');
}

const preview = await servePreview();
try {
  console.log(
    `${cpus()[0].model.trim()}, ${availableParallelism()} cores; load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}; medians of ${runs} runs`,
  );
  console.log(`${'file'.padEnd(38)}    MB  import s   MB/s  File.stream MB/s  ratio  renderer peak  state`);
  console.log(`${''.padEnd(38)}  (File.stream MB/s read with a BYOB reader into one buffer, and the ratio to it, below each file)`);
  for (const file of benchFiles(DIR, 1).filter((f) => wanted(f.label))) {
    if (!existsSync(file.path)) throw new Error(`${file.path} missing: run npm run bench -- --generate`);
    const size = statSync(file.path).size;
    const results: (Awaited<ReturnType<typeof measure>> & { raw: number; byob: number; ratio: number })[] = [];
    for (let i = 0; i < runs; i++) {
      let raw = { plain: 0, byob: 0 };
      const result = await measure(preview.url, file.path, async (page) => {
        raw = await rawReadMs(page, file.path);
        return '';
      });
      results.push({ ...result, raw: raw.plain, byob: raw.byob, ratio: raw.plain / result.ms });
    }
    // The run with the median ratio, so that its import and File.stream() figures belong together.
    const result = results.find((r) => r.ratio === median(results.map((x) => x.ratio)))!;
    const rate = mb(size) / (result.ms / 1000);
    const rawRate = mb(size) / (result.raw / 1000);
    const peak = Math.max(...results.map((r) => r.peak));
    console.log(
      `${file.label.padEnd(38)}${mb(size).toFixed(0).padStart(6)}  ${(result.ms / 1000).toFixed(1).padStart(8)}  ${rate.toFixed(0).padStart(5)}  ${rawRate.toFixed(0).padStart(16)}  ${(rate / rawRate).toFixed(2).padStart(5)}x  ${mb(peak).toFixed(0).padStart(9)} MB  ${result.state}, ${result.alerts} alerts`,
    );
    console.log(`  ratios ${results.map((r) => r.ratio.toFixed(2)).join(', ')}`);
    const byobRate = mb(size) / (result.byob / 1000);
    console.log(
      `  BYOB read ${byobRate.toFixed(0)} MB/s, ratio ${(rate / byobRate).toFixed(2)}x (runs ${results.map((r) => (r.byob / r.ms).toFixed(2)).join(', ')})`,
    );
  }

  const peaks = new Map<string, number>();
  for (const [count, label] of [
    [100_000, '100k'],
    [1_000_000, '1m'],
    [3_000_000, '3m'],
  ] as const) {
    if (!wanted(label)) continue;
    const path = `${DIR}/ual-selected-${label}.jsonl`;
    if (!existsSync(path)) writeSelectedFile(path, count);
    const results: Awaited<ReturnType<typeof measure>>[] = [];
    for (let i = 0; i < (count < 1_000_000 ? runs : 1); i++) {
      results.push(await measure(preview.url, path, count < 1_000_000 ? undefined : retunings));
    }
    const result = results.find((r) => r.ms === median(results.map((x) => x.ms)))!;
    const all = results.length > 1 ? ` (runs ${results.map((r) => (r.ms / 1000).toFixed(1)).join(', ')} s)` : '';
    const peak = Math.max(...results.map((r) => r.peak));
    peaks.set(label, peak);
    const ratio = label === '3m' && peaks.has('1m') ? `, ${(peak / peaks.get('1m')!).toFixed(2)}x the 1,000,000 figure` : '';
    console.log(
      `${count.toLocaleString('en-US')} selected events (${mb(statSync(path).size).toFixed(0)} MB) imported into IndexedDB in ${(result.ms / 1000).toFixed(1)} s${all} (${result.state}, ${result.alerts} alerts); renderer peak ${mb(peak).toFixed(0)} MB${ratio}; IndexedDB ${(result.storage / result.events).toFixed(0)} bytes per stored event (${mb(result.storage).toFixed(0)} MB for ${result.events.toLocaleString('en-US')})`,
    );
    if (result.extra) console.log(result.extra);
  }
} finally {
  preview.stop();
}

// The release `npm run package` writes (built once by the global setup): reproducible, each file checkable
// with sha256sum, sizes sane, the single HTML file self-contained under a hash-based policy, the site zip
// holding the served app and how to serve it, and the command line running alone with plain node.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { describe, expect, inject, it } from 'vitest';
import { deterministicZip, packageRelease } from '../../src/cli/package.ts';
import { policyHeader } from '../../src/cli/page-policy.ts';
import { inlineCode } from '../../src/cli/single-file-plugins.ts';
import { managementApiLines, powershellExportCsv, utf16 } from '../fixtures/export-formats.ts';
import { records } from '../fixtures/scenario.ts';

const run = promisify(execFile);
const release = inject('release');
const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const NAMES = { html: `ual-triage-${version}.html`, zip: `ual-triage-${version}-site.zip`, cli: `ual-triage-${version}-cli.mjs` };
const read = (name: string) => readFileSync(join(release.dir, name));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('npm run package', () => {
  it('writes the three files and SHA256SUMS over them, in sha256sum format', () => {
    expect(readdirSync(release.dir).sort()).toEqual(['SHA256SUMS', NAMES.cli, NAMES.zip, NAMES.html].sort());
    const sums = read('SHA256SUMS').toString('utf8');
    expect(sums).toBe([NAMES.cli, NAMES.zip, NAMES.html].map((name) => `${sha256(read(name))}  ${name}\n`).join(''));
  });

  it('is reproducible: a second run from the same sources gives the same SHA256SUMS', () => {
    const again = mkdtempSync(join(tmpdir(), 'ual-triage-release-again-'));
    try {
      packageRelease(again);
      expect(readFileSync(join(again, 'SHA256SUMS'), 'utf8')).toBe(read('SHA256SUMS').toString('utf8'));
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });

  it('the zip depends on its entries only, not on their order or the time zone', () => {
    const a = deterministicZip({ 'b.txt': new Uint8Array([2]), 'a.txt': new Uint8Array([1]) });
    const b = deterministicZip({ 'a.txt': new Uint8Array([1]), 'b.txt': new Uint8Array([2]) });
    expect(sha256(a)).toBe(sha256(b));
    expect(Object.keys(unzipSync(a))).toEqual(['a.txt', 'b.txt']);
  });

  it('keeps each file small: the single HTML file well under 1 MB', () => {
    console.info(`release sizes in bytes: ${JSON.stringify(release.sizes)}`);
    expect(release.sizes[NAMES.html]).toBeLessThan(1_000_000);
    expect(release.sizes[NAMES.zip]).toBeLessThan(1_000_000);
    expect(release.sizes[NAMES.cli]).toBeLessThan(1_000_000);
  });
});

describe('the single HTML file', () => {
  const html = () => read(NAMES.html).toString('utf8');
  const directives = () =>
    Object.fromEntries(
      /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/
        .exec(html())![1]
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
  const hash = (code: string) => `'sha256-${createHash('sha256').update(code).digest('base64')}'`;

  it('loads nothing from beside it: one inline script and one inline style, icons as data: URLs', () => {
    expect(html()).not.toMatch(/<script[^>]*\bsrc=|<link[^>]*rel="(stylesheet|modulepreload|manifest)"/);
    expect(html()).not.toMatch(/(src|href)="(?!data:)/);
    expect(inlineCode(html()).scripts).toHaveLength(1);
    expect(inlineCode(html()).styles).toHaveLength(1);
  });

  it('allows its inline code by SHA-256, never unsafe-inline, and connects nowhere', () => {
    const { scripts, styles } = inlineCode(html());
    expect(directives()['script-src']).toEqual([hash(scripts[0]), "'wasm-unsafe-eval'"]);
    expect(directives()['style-src']).toEqual([hash(styles[0])]);
    expect(directives()).toMatchObject({
      'default-src': ["'none'"],
      'connect-src': ["'none'"],
      'worker-src': ['blob:'],
      'img-src': ['data:'],
      'object-src': ["'none'"],
    });
    expect(html()).not.toMatch(/unsafe-inline|'unsafe-eval'|'self'/);
  });

  it('names no URL the served bundle does not (test/build/supply-chain.test.ts explains each of those)', () => {
    const urls = (text: string) => new Set([...text.matchAll(/https?:\/\/[^\s"'`()<>\\,;]+/g)].map((m) => m[0]));
    const served = new Set(Object.values(unzipSync(read(NAMES.zip))).flatMap((bytes) => [...urls(new TextDecoder().decode(bytes))]));
    expect([...urls(html())].filter((url) => !served.has(url))).toEqual([]);
  });

  it('neither registers nor asks for a service worker', () => {
    expect(html()).not.toMatch(/serviceWorker|registerSW|sw\.js|workbox/i);
  });
});

describe('the site zip', () => {
  const entries = () => unzipSync(read(NAMES.zip));
  it('holds the served build under site/, as dist/ would, with its service worker', () => {
    const names = Object.keys(entries());
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['SERVE.md', 'site/index.html', 'site/sw.js', 'site/manifest.webmanifest']));
    expect(names.some((name) => /^site\/assets\/analyzer\.worker-.*\.js$/.test(name))).toBe(true);
  });
  it('SERVE.md gives the policy header vite preview sends', () => {
    expect(new TextDecoder().decode(entries()['SERVE.md'])).toContain(`Content-Security-Policy: ${policyHeader}`);
  });
});

describe('the command line file', () => {
  // Alone in an empty folder: no node_modules beside it, nothing to compile.
  const alone = mkdtempSync(join(tmpdir(), 'ual-triage-cli-alone-'));
  const input = (name: string, content: string | Uint8Array) => {
    const path = join(alone, name);
    writeFileSync(path, content);
    return path;
  };
  const detect = async (args: string[], cwd?: string) => (await run(process.execPath, args, { cwd, maxBuffer: 64 << 20 })).stdout;

  it('runs with plain node and gives the --json the source command line gives', async () => {
    copyFileSync(join(release.dir, NAMES.cli), join(alone, NAMES.cli));
    const files = [
      input('audit.jsonl', managementApiLines(records)),
      input('ps.csv', utf16(powershellExportCsv(records), 'le')),
      new URL('../e2e/fixtures/ews-burst.csv', import.meta.url).pathname,
    ];
    const bundled = await detect([join(alone, NAMES.cli), '--json', ...files], alone);
    expect(JSON.parse(bundled).alerts).toHaveLength(3);
    expect(bundled).toBe(await detect(['--import', 'tsx', 'src/cli/detect.ts', '--json', ...files]));
  });

  it('reads a file large enough for worker threads, started from the bundle itself, with the same answer', async () => {
    // Over 32 MB and dense in MailItemsAccessed reads: read-parallel.ts hands ranges to worker threads.
    const line = (i: number) =>
      JSON.stringify({
        ...records[0],
        Id: `big-${i}`,
        CreationTime: new Date(Date.UTC(2024, 1, 1, 10) + i * 1000).toISOString().slice(0, 19),
        MailboxOwnerUPN: `m${i % 7}@contoso.com`,
      });
    const big = input('big.jsonl', `${Array.from({ length: 36_000 }, (_, i) => line(i)).join('\n')}\n`);
    const bundled = await detect([join(alone, NAMES.cli), '--json', big], alone);
    expect(JSON.parse(bundled).files[0]).toMatchObject({ records: 36_000, bytes: expect.any(Number) });
    expect(JSON.parse(bundled).files[0].bytes).toBeGreaterThan(32 << 20);
    expect(bundled).toBe(await detect(['--import', 'tsx', 'src/cli/detect.ts', '--json', big]));
    rmSync(alone, { recursive: true, force: true });
  });
});

// The offline promise is a build artefact: the generated service worker must precache the page, the manifest
// and the worker chunk, or the installed app cannot analyse a file without the network.

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dist = new URL('../../dist/', import.meta.url);
const sw = () => readFileSync(new URL('sw.js', dist), 'utf8');
const precached = () => [...sw().matchAll(/"?url"?\s*:\s*"([^"]+)"\s*,\s*"?revision"?/g)].map((m) => m[1]);

describe('dist/sw.js', () => {
  it('precaches index.html', () => expect(precached()).toContain('index.html'));
  it('precaches the web manifest', () => expect(precached()).toContain('manifest.webmanifest'));
  it('precaches the analyzer worker chunk', () => {
    const worker = readdirSync(new URL('assets/', dist)).filter((f) => /^analyzer\.worker-.*\.js$/.test(f));
    expect(worker).toHaveLength(1);
    expect(precached()).toContain(`assets/${worker[0]}`);
  });
  it('precaches the app icons the manifest names', () => {
    const manifest = JSON.parse(readFileSync(new URL('manifest.webmanifest', dist), 'utf8')) as { icons: { src: string }[] };
    for (const icon of manifest.icons) expect(precached()).toContain(icon.src);
  });
  it('skips waiting only when the page asks: an update is a prompt', () => {
    expect(sw().match(/skipWaiting\(\)/g)).toHaveLength(1);
    expect(sw()).toMatch(/"SKIP_WAITING"\s*===|===\s*"SKIP_WAITING"/);
  });
  it('serves index.html for navigations, so an offline reload of any URL opens the app', () =>
    expect(sw()).toMatch(/NavigationRoute\(\s*\w+\.createHandlerBoundToURL\("index\.html"\)/));
});

describe('dist/index.html', () => {
  const html = () => readFileSync(new URL('index.html', dist), 'utf8');
  const csp = () => /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html())?.[1] ?? '';
  it('carries a Content-Security-Policy that allows only the app itself', () => {
    const directives = Object.fromEntries(
      csp()
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values.join(' ')]),
    );
    // 'wasm-unsafe-eval' lets the bundle compile its own WebAssembly (the SHA-256); it allows no JavaScript eval.
    expect(directives).toMatchObject({ 'default-src': "'self'", 'script-src': "'self' 'wasm-unsafe-eval'", 'connect-src': "'self'", 'object-src': "'none'" });
    expect(csp()).not.toMatch(/unsafe-inline|'unsafe-eval'|https?:|\*/);
  });
  it('has no inline script, and loads nothing from another origin', () => {
    expect([...html().matchAll(/<script(?![^>]*\bsrc=)[^>]*>/g)]).toEqual([]);
    expect(html()).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
  it('links the web manifest', () => expect(html()).toContain('<link rel="manifest" href="/manifest.webmanifest">'));
});

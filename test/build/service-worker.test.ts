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

// `npm run package [-- DIR]`: the release a responder receives, in release/ (or DIR), the same bytes from the
// same sources on any machine:
//   ual-triage-<version>.html       the app in one file that works opened from disk (vite --mode singlefile)
//   ual-triage-<version>-site.zip   the served app (vite build) and SERVE.md, for an internal web server
//   ual-triage-<version>-cli.mjs    the command line in one file for `node` (build-cli.mjs)
//   SHA256SUMS                      over the three, in sha256sum's format
// Each is built into a temporary folder first, never into dist/ (which `vite preview` and the tests serve).

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { policyHeader } from './page-policy.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const vite = join(root, 'node_modules/vite/bin/vite.js');
const run = (args: string[]) =>
  execFileSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'));

const serveMd = (version: string) => `# UAL Triage ${version}: serving the app from your own web server

The folder \`site/\` is the whole app: static files, no server code, no database. Serve it with any static
web server (nginx, Apache, IIS, Caddy; \`python3 -m http.server\` for a quick look, though it sends none of
the headers below) at the root of a host (\`https://ual-triage.example.internal/\`): the app and its service
worker expect to be at \`/\`. Over HTTPS, or on \`localhost\`, the browser installs the service worker and
the app then works with the network off.

Send these headers with every file (the Content-Security-Policy header covers the Web Workers too, which the
page's meta tag cannot):

    Content-Security-Policy: ${policyHeader}
    X-Content-Type-Options: nosniff
    Referrer-Policy: no-referrer

Cache: \`index.html\`, \`sw.js\` and \`manifest.webmanifest\` with \`Cache-Control: no-cache\`, so a new release
is seen (the app then offers the update; it never reloads by itself); \`assets/\` has content-hashed names and
may be cached for a year (\`Cache-Control: public, max-age=31536000, immutable\`). Types: \`.js\` as
\`text/javascript\`, \`.webmanifest\` as \`application/manifest+json\`, \`.svg\` as \`image/svg+xml\`.

The app makes no request beyond its own files and sends nothing anywhere: audit logs are read and kept in
the browser that opens it. Check the zip against SHA256SUMS before unpacking it.
`;

/** A zip whose bytes depend on its entries only: sorted names, one fixed time, no extra fields. */
export function deterministicZip(entries: Record<string, Uint8Array>): Uint8Array {
  // The zip's DOS time is local time; built from local fields, it reads 1980-01-01 00:00 in every zone.
  const mtime = new Date(1980, 0, 1);
  const sorted = Object.fromEntries(
    Object.keys(entries)
      .sort()
      .map((name) => [name, entries[name]]),
  );
  return zipSync(sorted, { level: 9, mtime });
}

export function sha256sums(files: Record<string, Uint8Array>): string {
  return Object.keys(files)
    .sort()
    .map((name) => `${createHash('sha256').update(files[name]).digest('hex')}  ${name}\n`)
    .join('');
}

export function packageRelease(out: string): Record<string, number> {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const staging = mkdtempSync(join(tmpdir(), 'ual-triage-package-'));
  try {
    run([vite, 'build', '--logLevel', 'warn', '--outDir', join(staging, 'site'), '--emptyOutDir']);
    run([vite, 'build', '--mode', 'singlefile', '--logLevel', 'warn', '--outDir', join(staging, 'singlefile'), '--emptyOutDir']);
    run([join(root, 'src/cli/build-cli.mjs'), join(staging, 'cli.mjs')]);
    const site: Record<string, Uint8Array> = { 'SERVE.md': new TextEncoder().encode(serveMd(version)) };
    for (const path of filesUnder(join(staging, 'site'))) site[`site/${path}`] = readFileSync(join(staging, 'site', path));
    const release: Record<string, Uint8Array> = {
      [`ual-triage-${version}.html`]: readFileSync(join(staging, 'singlefile', 'index.html')),
      [`ual-triage-${version}-site.zip`]: deterministicZip(site),
      [`ual-triage-${version}-cli.mjs`]: readFileSync(join(staging, 'cli.mjs')),
    };
    mkdirSync(out, { recursive: true });
    for (const [name, bytes] of Object.entries(release)) writeFileSync(join(out, name), bytes, { mode: name.endsWith('.mjs') ? 0o755 : 0o644 });
    writeFileSync(join(out, 'SHA256SUMS'), sha256sums(release));
    return Object.fromEntries(Object.entries(release).map(([name, bytes]) => [name, bytes.byteLength]));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? join(root, 'release'));
  const sizes = packageRelease(out);
  const width = Math.max(...Object.keys(sizes).map((name) => name.length));
  process.stdout.write(`${relative(process.cwd(), out) || '.'}/\n`);
  for (const [name, bytes] of Object.entries(sizes)) process.stdout.write(`  ${name.padEnd(width)}  ${bytes.toLocaleString('en-US').padStart(9)} bytes\n`);
  process.stdout.write(`  ${'SHA256SUMS'.padEnd(width)}  (sha256sum -c SHA256SUMS)\n`);
}

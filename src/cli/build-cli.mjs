// The command line as one ES module (`npm run build:cli`, or `node src/cli/build-cli.mjs OUTFILE`): src/cli/cli.entry.ts and everything it imports,
// bundled by esbuild, runnable with plain `node` (>= 20), no node_modules and no TypeScript loader. Its
// worker threads run the same file (start-range-worker.ts). Plain JavaScript, so that `npm run detect` can
// check whether the bundle is stale without a TypeScript loader's start-up time.

import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const CLI_BUNDLE = join(root, 'dist-cli', 'ual-triage.mjs');
/** The sources the bundle was built from, beside it, to tell when it is stale. */
const inputsOf = (bundle) => `${bundle}.inputs.json`;

/** Builds the bundle at `outfile`; the same sources give the same bytes. */
export async function buildCli(outfile = CLI_BUNDLE) {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/cli/cli.entry.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  writeFileSync(inputsOf(outfile), `${JSON.stringify(Object.keys(result.metafile.inputs).sort(), null, 2)}\n`);
  chmodSync(outfile, 0o755);
  return outfile;
}

/** True when the bundle is missing or older than any source it was built from. */
export function isStale(bundle = CLI_BUNDLE) {
  try {
    const built = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(inputsOf(bundle), 'utf8'));
    return inputs.some((input) => statSync(join(root, input)).mtimeMs > built);
  } catch {
    return true;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outfile = process.argv[2] ? resolve(process.argv[2]) : CLI_BUNDLE;
  mkdirSync(dirname(outfile), { recursive: true });
  process.stdout.write(`${await buildCli(outfile)}\n`);
}

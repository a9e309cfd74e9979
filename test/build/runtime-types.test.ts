// One tsconfig per runtime, and each keeps its code to what that runtime has: the compiler refuses the DOM
// in the core and the workers, and Node in the page. Each probe is a one-line file type-checked under a
// runtime's own settings; the control cases prove the probe itself compiles where it should.

import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const probes = join(root, 'test-results', 'runtime-probes');

function compiles(runtime: string, code: string): boolean {
  const dir = join(probes, `${runtime}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'probe.ts'), `${code}\nexport {};\n`);
  const files = ['probe.ts', ...(runtime === 'core' ? [join(root, 'src/core/host.d.ts')] : [])];
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: join(root, 'src', runtime, 'tsconfig.json'), files }));
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '-p', dir], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

afterAll(() => rmSync(probes, { recursive: true, force: true }));

describe('each runtime compiles only against what it has', () => {
  test.each([
    { name: 'core: no DOM', runtime: 'core', code: 'document.title = "x";', ok: false },
    { name: 'core: no Node', runtime: 'core', code: 'import { readFileSync } from "node:fs"; readFileSync("x");', ok: false },
    {
      name: 'core: its host gives TextDecoder and WebAssembly',
      runtime: 'core',
      code: 'new TextDecoder().decode(new Uint8Array(1)); WebAssembly.validate(new Uint8Array(8));',
      ok: true,
    },
    { name: 'worker: no DOM', runtime: 'worker', code: 'document.title = "x";', ok: false },
    { name: 'worker: its own globals', runtime: 'worker', code: 'self.postMessage("x"); new FileReaderSync();', ok: true },
    { name: 'ui: no Node', runtime: 'ui', code: 'import { readFileSync } from "node:fs"; readFileSync("x");', ok: false },
    { name: 'ui: the DOM', runtime: 'ui', code: 'document.title = "x";', ok: true },
  ])('$name', ({ runtime, code, ok }) => {
    expect(compiles(runtime, code)).toBe(ok);
  });
});

// The browser side of the benchmark: the production build served by `vite preview` on a free port, a fresh
// headless Chromium per measurement, and the peak memory of its renderer (the tab and its workers).

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { launch } from '../../../test/e2e/browser.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const vite = fileURLToPath(new URL('../../../node_modules/vite/bin/vite.js', import.meta.url));

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Builds the app and serves dist/; returns its URL and a stop function. */
export async function servePreview(): Promise<{ url: string; stop(): void }> {
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [vite, 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: root,
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}/`;
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      if (tries > 300) throw new Error(`vite preview did not answer on ${url}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop: () => child.kill() };
}

export { launch };

// Resident memory of this run's Chromium renderers (a dedicated worker runs inside its page's renderer),
// sampled from ps while a measurement runs: descendants of this process only, as other browsers may run.
export function sampleRendererMemory(everyMs = 100): { stop(): number } {
  let peak = 0;
  const sample = () => {
    const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args='], { encoding: 'utf8' })
      .split('\n')
      .map((line) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line))
      .filter((m) => m !== null)
      .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), rss: Number(m[3]) * 1024, renderer: m[4].includes('--type=renderer') }));
    const ours = new Set([process.pid]);
    for (let grew = true; grew;) {
      grew = false;
      for (const row of rows) if (!ours.has(row.pid) && ours.has(row.ppid)) grew = ours.add(row.pid) !== null;
    }
    const total = rows.filter((row) => row.renderer && ours.has(row.pid)).reduce((sum, row) => sum + row.rss, 0);
    peak = Math.max(peak, total);
  };
  const timer = setInterval(sample, everyMs);
  sample();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

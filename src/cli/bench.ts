// npm run bench [-- --runs 5]: the production engine against DuckDB on the same files, same run.
// npm run bench -- --generate: writes the benchmark files (1x and 3x) to bench-data/ first.
// Each measurement is a child process (so peak RSS is per run); engines alternate so both see the same
// machine load; figures are medians. The alert sets must match exactly or the run fails.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { benchFiles, writeBenchFiles, type BenchFile } from './bench/generate.ts';
import { alertKey } from './bench/measure.ts';
import type { RunResult } from './bench/measure.ts';
import { API_READ_DETECTION } from '../core/detections/story.ts';

const DIR = 'bench-data';
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const runs = Number(args[args.indexOf('--runs') + 1]) || (flag('--runs') ? 1 : 3);

// Each run is a child process; `wallMs` is its whole life, from spawn to exit, which is what a user waits for.
function run(engine: 'engine' | 'duckdb', path: string): RunResult & { wallMs: number } {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', 'tsx', `src/cli/bench/run-${engine}.ts`, path], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`${engine} failed on ${path}:\n${child.stderr}`);
  return { ...(JSON.parse(child.stdout) as RunResult), wallMs };
}

// The command line as a responder runs it (the bundle `npm run detect` runs), timed from spawn to exit.
// With the detection pack (the default) or the seed analytic alone (`--detections none`); the seed's alerts
// are compared with DuckDB's either way.
function runCommandLine(path: string, pack: boolean): { wallMs: number; alerts: string[] } {
  const started = performance.now();
  const child = spawnSync(process.execPath, [CLI_BUNDLE, '--json', ...(pack ? [] : ['--detections', 'none']), path], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`the command line failed on ${path}:\n${child.stderr}`);
  const { alerts } = JSON.parse(child.stdout) as {
    alerts: { detection: string; time: string; tenant: string; clientAppId: string; clientInfoString: string; uniqueMailboxes: number }[];
  };
  const seed = alerts.filter((a) => a.detection === API_READ_DETECTION.id);
  return { wallMs, alerts: seed.map((a) => alertKey(a.time, a.tenant, a.clientAppId, a.clientInfoString, a.uniqueMailboxes)).sort() };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mb = (bytes: number) => bytes / 1e6;
const fixed = (n: number, digits = 0) => n.toFixed(digits).padStart(7);

function sameAlerts(file: BenchFile, ours: string[], theirs: string[]) {
  const a = new Set(ours);
  const b = new Set(theirs);
  const onlyOurs = ours.filter((k) => !b.has(k));
  const onlyTheirs = theirs.filter((k) => !a.has(k));
  if (!onlyOurs.length && !onlyTheirs.length) return;
  process.stderr.write(
    `ALERT SETS DIFFER on ${file.path}\n only ours:\n  ${onlyOurs.slice(0, 20).join('\n  ')}\n only DuckDB:\n  ${onlyTheirs.slice(0, 20).join('\n  ')}\n`,
  );
  process.exit(1);
}

if (flag('--generate')) {
  for (const scale of [1, 3]) {
    const started = performance.now();
    for (const f of writeBenchFiles(DIR, scale)) console.log(`wrote ${f.path} (${mb(statSync(f.path).size).toFixed(0)} MB)`);
    console.log(`  in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  process.exit(0);
}

// The bundle `npm run detect` runs, built from the sources as they are (build-cli.mjs).
const CLI_BUNDLE = 'dist-cli/ual-triage.mjs';
execFileSync(process.execPath, ['src/cli/build-cli.mjs'], { stdio: 'inherit' });
const files = benchFiles(DIR, 1);
// The MailItemsAccessed-only file of many applications came after the others: written alone when missing.
if (files.slice(0, 3).every((f) => existsSync(f.path)) && !existsSync(files[3].path)) {
  for (const f of writeBenchFiles(DIR, 1, true)) console.log(`wrote ${f.path} (${mb(statSync(f.path).size).toFixed(0)} MB)`);
}
if (!files.every((f) => existsSync(f.path))) {
  console.error('No benchmark files: run `npm run bench -- --generate` first.');
  process.exit(2);
}

// The machine, and how busy it was: absolute figures move with both, the ratios much less.
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
console.log(
  `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.versions.node}; load average ${load()}`,
);
console.log(`${runs} runs per engine and file, medians; MB/s over the file's size.`);
console.log(`${'file'.padEnd(38)}    MB  alerts  ours MB/s  DuckDB MB/s  ours/DuckDB  ours peak RSS  DuckDB peak RSS`);
const ourRss: number[] = [];
for (const file of files) {
  const size = statSync(file.path).size;
  const ours: ReturnType<typeof run>[] = [];
  const theirs: ReturnType<typeof run>[] = [];
  const command: ReturnType<typeof runCommandLine>[] = [];
  const seedOnly: ReturnType<typeof runCommandLine>[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(run('engine', file.path));
    theirs.push(run('duckdb', file.path));
    command.push(runCommandLine(file.path, true));
    seedOnly.push(runCommandLine(file.path, false));
  }
  sameAlerts(file, ours[0].alerts, theirs[0].alerts);
  sameAlerts(file, command[0].alerts, theirs[0].alerts);
  sameAlerts(file, seedOnly[0].alerts, theirs[0].alerts);
  const rateOurs = mb(size) / (median(ours.map((r) => r.ms)) / 1000);
  const rateTheirs = mb(size) / (median(theirs.map((r) => r.ms)) / 1000);
  const rss = median(ours.map((r) => r.peakRss));
  ourRss.push(rss);
  console.log(
    `${file.label.padEnd(38)}${fixed(mb(size))} ${fixed(ours[0].alerts.length)}    ${fixed(rateOurs)}      ${fixed(rateTheirs)}      ${fixed(rateOurs / rateTheirs, 2)}x     ${fixed(mb(rss))} MB      ${fixed(mb(median(theirs.map((r) => r.peakRss))))} MB`,
  );
  console.log(
    `  ours: ${ours[0].note}; runs ${ours.map((r) => r.ms.toFixed(0)).join(', ')} ms; DuckDB runs ${theirs.map((r) => r.ms.toFixed(0)).join(', ')} ms`,
  );
  const wallDuck = median(theirs.map((r) => r.wallMs));
  for (const [label, results] of [
    ['--json', command],
    ['--json --detections none', seedOnly],
  ] as const) {
    const wall = median(results.map((r) => r.wallMs));
    console.log(
      `  whole process: the command line (${CLI_BUNDLE.split('/').slice(-2).join('/')} ${label}) ${wall.toFixed(0)} ms (${(mb(size) / (wall / 1000)).toFixed(0)} MB/s; runs ${results.map((r) => r.wallMs.toFixed(0)).join(', ')}), ` +
        `DuckDB's child ${wallDuck.toFixed(0)} ms: ${(wallDuck / wall).toFixed(2)}x`,
    );
  }
}

if (!flag('--no-memory')) {
  console.log('\nMemory flatness: the engine on the 3x files (one run each).');
  benchFiles(DIR, 3).forEach((file, i) => {
    if (!existsSync(file.path)) return console.log(`  ${file.path} missing: run --generate`);
    const result = run('engine', file.path);
    const growth = (result.peakRss / ourRss[i] - 1) * 100;
    console.log(
      `  ${file.label.padEnd(42)} ${fixed(mb(result.peakRss))} MB peak RSS (1x: ${mb(ourRss[i]).toFixed(0)} MB, ${growth >= 0 ? '+' : ''}${growth.toFixed(0)}%), ${fixed(mb(statSync(file.path).size) / (result.ms / 1000))} MB/s`,
    );
  });
}
console.log(`\nload average at the end: ${load()}`);

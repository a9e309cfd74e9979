import fc from 'fast-check';
import { expect, test } from 'vitest';
import { analyzeChunks } from '../../src/core/session.ts';
import { DEFAULT_PARAMS } from '../../src/core/rule.ts';
import * as write from '../fixtures/export-formats.ts';
import { HARVESTER, records } from '../fixtures/scenario.ts';

// Mutated exports: byte flips, truncation, duplicated and swapped stretches, read in random chunks.
// Whatever the damage, nothing throws, the run ends, every non-blank line of a JSON lines file is either a
// record or a skipped line, and the untouched records still raise their alert.
// `npm test` runs a short budget; `npm run fuzz` sets FUZZ_RUNS for a long one.

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const TIMEOUT = 30_000 + RUNS * 100;
const encoder = new TextEncoder();
const LF = 0x0a;

const harvest = records.slice(0, 7); // the Graph harvester: six mailboxes, one alert
const noise = records.slice(7);
// The first line stays intact so the reader settles into JSON lines; the harvester's lines are protected.
const first = encoder.encode(`${JSON.stringify(noise[noise.length - 1])}\n`);
const protectedPart = encoder.encode(write.managementApiLines(harvest));
const mutable = encoder.encode(write.managementApiLines(noise));
const csvHead = encoder.encode(write.purviewCsv(harvest));
const csvTail = encoder.encode(write.purviewCsv(noise).split('\r\n').slice(1).join('\r\n'));

type Mutation =
  { kind: 'flip'; at: number; value: number } | { kind: 'truncate'; at: number } | { kind: 'duplicate' | 'swap'; at: number; length: number; to: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constantFrom('duplicate' as const, 'swap' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 400 }), to: fc.nat() }),
);

function mutate(bytes: Uint8Array, mutations: Mutation[], keepNewlines: boolean): Uint8Array {
  let out: Uint8Array = bytes.slice();
  for (const m of mutations) {
    if (out.length === 0) break;
    const at = m.at % out.length;
    if (m.kind === 'flip') {
      if (keepNewlines && (out[at] === LF || m.value === LF)) continue;
      out[at] = m.value;
    } else if (m.kind === 'truncate') out = out.slice(0, at);
    else {
      const piece = out.slice(at, at + m.length);
      const to = m.to % out.length;
      if (m.kind === 'duplicate') out = join(out.subarray(0, to), piece, out.subarray(to));
      else {
        const rest = join(out.subarray(0, at), out.subarray(at + piece.length));
        const where = to % (rest.length + 1);
        out = join(rest.subarray(0, where), piece, rest.subarray(where));
      }
    }
  }
  return out;
}

function join(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  return [0, ...points].map((from, i) => bytes.subarray(from, i < points.length ? points[i] : bytes.length));
}

const nonBlankLines = (bytes: Uint8Array) =>
  new TextDecoder()
    .decode(bytes)
    .split('\n')
    .filter((line) => /[^ \t\r]/.test(line)).length;

const harvesterAlert = (alerts: { clientAppId: string; mailboxes: string[] }[]) => alerts.find((a) => a.clientAppId === HARVESTER);
const harvested = ['m1@contoso.com', 'm2@contoso.com', 'm3@contoso.com', 'm4@contoso.com', 'm5@contoso.com', 'm6@contoso.com'];

test(
  `JSON lines survive ${RUNS} random mutations: counts add up and the untouched burst still alerts`,
  () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), (mutations, cuts) => {
        const damaged = mutate(mutable, mutations, false);
        const bytes = join(first, protectedPart, damaged);
        const { alerts, files } = analyzeChunks([{ name: 'f', chunks: chunked(bytes, cuts) }], DEFAULT_PARAMS);
        const [file] = files;
        expect(file.records + file.skipped).toBe(nonBlankLines(bytes));
        expect(file.problems.length + file.moreProblems).toBeGreaterThanOrEqual(file.skipped);
        expect(harvesterAlert(alerts)?.mailboxes).toEqual(expect.arrayContaining(harvested));
      }),
      { numRuns: RUNS, seed: 20261128 },
    );
  },
  TIMEOUT,
);

test(
  `any export mutated anywhere (${RUNS} runs): nothing throws, the run ends, every skip is reported`,
  () => {
    const inputs = [write.managementApiArray(records), write.graphPage(records), write.purviewCsv(records), write.powershellJson(records)].map((t) =>
      encoder.encode(t),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...inputs),
        fc.array(mutation, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (input, mutations, cuts) => {
          const { files } = analyzeChunks([{ name: 'f', chunks: chunked(mutate(input, mutations, false), cuts) }], DEFAULT_PARAMS);
          // Every skipped record is reported: listed with its line, or counted past the list's cap.
          expect(files[0].problems.length + files[0].moreProblems).toBeGreaterThanOrEqual(files[0].skipped);
        },
      ),
      { numRuns: RUNS, seed: 7 },
    );
  },
  TIMEOUT,
);

test(
  `CSV mutated after the burst (${RUNS} runs): the burst's rows still alert`,
  () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), (mutations, cuts) => {
        const bytes = join(csvHead, mutate(csvTail, mutations, true));
        const { alerts } = analyzeChunks([{ name: 'f', chunks: chunked(bytes, cuts) }], DEFAULT_PARAMS);
        expect(harvesterAlert(alerts)?.mailboxes).toEqual(expect.arrayContaining(harvested));
      }),
      { numRuns: RUNS, seed: 11 },
    );
  },
  TIMEOUT,
);

// npx tsx src/cli/bench/fields-vs-parse.ts [FILE] [RECORDS]: the rule's API reads of a JSON lines file
// made into events two ways, the reader's (decode, JSON.parse, normalise) and on their bytes
// (src/core/record-fields.ts, then normalise), best of 60 rounds, in µs a record. Reads the first
// RECORDS (20,000; as many as fit in 3 MB of the WebAssembly memory, about 2,000) records naming Graph's AppId or the EWS prefix, as the reader's filter would hand them on.

import { readFileSync } from 'node:fs';
import { decodeUtf8 } from '../../core/bytes.ts';
import { stagingBytes } from '../../core/simd-search.ts';
import { normalise } from '../../core/normalise.ts';
import { readRecordFields } from '../../core/record-fields.ts';
import { API_NEEDLES } from '../../core/record-reader.ts';
import { decodeUtf8Js } from '../../core/utf8.ts';

const [path = 'bench-data/ual-mia-apps.jsonl', wanted = '20000'] = process.argv.slice(2);
const text = readFileSync(path).subarray(0, 256 << 20);
const apiRead = new RegExp(API_NEEDLES.map(({ needle }) => String.fromCharCode(...needle)).join('|'), 'i');
const records: Uint8Array[] = [];
for (let start = 0, end; records.length < Number(wanted) && (end = text.indexOf(0x0a, start)) !== -1; start = end + 1) {
  const line = text.subarray(start, end);
  if (apiRead.test(line.toString('latin1'))) records.push(line);
}

// As the reader meets them: in the WebAssembly module's memory, where the command line reads its chunks.
const staging = stagingBytes(3 << 20);
const inMemory: Uint8Array[] = [];
for (let at = 0, i = 0; i < records.length && at + records[i].length <= staging.length; at += records[i++].length) {
  staging.set(records[i], at);
  inMemory.push(staging.subarray(at, at + records[i].length));
}
records.splice(0, records.length, ...inMemory);

const ways = {
  'decode + JSON.parse + normalise': (bytes: Uint8Array) => normalise({ record: JSON.parse(decodeUtf8(bytes)) }),
  'record-fields + normalise': (bytes: Uint8Array) => normalise({ record: readRecordFields(bytes, decodeUtf8)! }),
  'JavaScript decoder + JSON.parse + normalise': (bytes: Uint8Array) => normalise({ record: JSON.parse(decodeUtf8Js(bytes)) }),
  'record-fields (JavaScript decoder) + normalise': (bytes: Uint8Array) => normalise({ record: readRecordFields(bytes, decodeUtf8Js)! }),
};
const best = new Map<string, number>();
for (let round = 0; round < 60; round++) {
  for (const [name, way] of Object.entries(ways)) {
    const started = performance.now();
    for (const bytes of records) way(bytes);
    best.set(name, Math.min(best.get(name) ?? Infinity, ((performance.now() - started) * 1000) / records.length));
  }
}
console.log(`${records.length} API reads of ${path}`);
for (const [name, us] of best) console.log(`  ${name.padEnd(48)} ${us.toFixed(2)} µs`);

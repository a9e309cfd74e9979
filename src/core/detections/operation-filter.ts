// Which records the pack may want, judged on their bytes without decoding them. Most of the pack's analytics
// select by Operation, so a record is read for the value of its `Operation` key: every occurrence of the
// word, followed by the key's closing quote and colon in any of the ways exports write them (JSON
// `"Operation":"`, PowerShell's `"Operation":  "`, a CSV cell's `""Operation"":""`, Splunk's escaped `_raw`
// `\"Operation\":\"`), its value compared, ignoring case, with the pack's operations. One search for one
// word per record, where a search per operation cost the pack most of its time. A record with no such key
// (a flat CSV row, whose Operation is a column) falls back to searching each operation's bytes.

import { asciiBytes, byteSearch, scalarSearch } from '../bytes.ts';
import type { Search } from '../simd-search.ts';
import type { Detection } from './model.ts';

const OPERATION = asciiBytes('Operation');
const findOperation = byteSearch(OPERATION);
const MAX_VALUE = 80;
const isSeparator = (b: number) => b === 0x22 || b === 0x5c || b === 0x20 || b === 0x09 || b === 0x3a;

/** The Operation value that follows the key ending at `at`, lower-cased, or null when `at` does not end a key. */
function valueAfter(bytes: Uint8Array, at: number): string | null {
  let i = at;
  let colon = false;
  for (const stop = Math.min(bytes.length, at + 12); i < stop && isSeparator(bytes[i]); i++) if (bytes[i] === 0x3a) colon = true;
  if (!colon || i === at) return null;
  let value = '';
  for (const stop = Math.min(bytes.length, i + MAX_VALUE); i < stop && bytes[i] !== 0x22 && bytes[i] !== 0x5c; i++) {
    const b = bytes[i];
    value += String.fromCharCode(b >= 0x41 && b <= 0x5a ? b + 0x20 : b);
  }
  return value;
}

export interface OperationFilter {
  /** Whether a record's bytes may hold a record one of the detections selects. */
  wants(bytes: Uint8Array): boolean;
}

/**
 * `skipOperations`: operations whose records the caller decodes anyway (the API-read rule decodes every
 * MailItemsAccessed record that names Graph or EWS, all that the pack's context analytics select).
 */
export function createOperationFilter(detections: Detection[], skipOperations: string[] = []): OperationFilter {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  const anywhere: Search[] = []; // analytics selecting any Operation, by other bytes (an alert's name)
  const skip = new Set(skipOperations.map((op) => op.toLowerCase()));
  for (const d of detections) {
    if (d.operations.includes('*')) {
      for (const needle of d.needles ?? []) anywhere.push(byteSearch(asciiBytes(needle), { ignoreAsciiCase: true }));
      continue;
    }
    for (const operation of d.operations.map((op) => op.toLowerCase())) {
      if (skip.has(operation)) continue;
      if (operation.endsWith('*')) prefixes.push(operation.slice(0, -1));
      else exact.add(operation);
    }
  }
  const named = (value: string) => exact.has(value) || prefixes.some((prefix) => value.startsWith(prefix));
  const flat = [...exact, ...prefixes].map((op) => scalarSearch(asciiBytes(op), { ignoreAsciiCase: true }));
  return {
    wants(bytes) {
      if (anywhere.some((find) => find(bytes, 0) !== -1)) return true;
      let keyed = false;
      for (let at = findOperation(bytes, 0); at !== -1; at = findOperation(bytes, at + OPERATION.length)) {
        const value = valueAfter(bytes, at + OPERATION.length);
        if (value === null) continue;
        if (named(value)) return true;
        keyed = true;
      }
      return !keyed && flat.some((find) => find(bytes, 0) !== -1);
    },
  };
}

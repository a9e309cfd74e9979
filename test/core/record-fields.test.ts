import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeUtf8 } from '../../src/core/bytes.ts';
import { formatOfRow, type Row } from '../../src/core/formats.ts';
import { normalise, SELECTED_OPERATION } from '../../src/core/normalise.ts';
import { DETECTIONS } from '../../src/core/detections/index.ts';
import { operationIn } from '../../src/core/detections/fields.ts';
import { createOperationFilter } from '../../src/core/detections/operation-filter.ts';
import { readRecordFields, SHAPE_KEYS } from '../../src/core/record-fields.ts';
import { stagingBytes } from '../../src/core/simd-search.ts';
import { noFields } from '../../src/core/rule-fields.ts';
import { decodeUtf8Js } from '../../src/core/utf8.ts';
import { generateRecords } from '../../src/cli/bench/generate.ts';
import { records } from '../fixtures/scenario.ts';

// The byte path against the JSON.parse path, record by record: whenever readRecordFields answers, the row it
// gives must be taken for the same shape, select or refuse the same way, tally the same fields and make the
// same event as the parsed record; when it is unsure it answers null and the record is parsed as before.

const encoder = new TextEncoder();
const inMemory = stagingBytes(64 * 1024);

// The reader hands the pack the byte path's row for a record whose bytes name none of the pack's other
// operations (pack-sink.ts's filter leaves MailItemsAccessed to the rule): every analytic selecting that
// record's Operation must then give the rows it gives for the parsed record.
const packFilter = createOperationFilter(DETECTIONS, [SELECTED_OPERATION]);
const packRows = (record: Row) => DETECTIONS.filter((d) => operationIn(record, d.operations)).map((d) => [d.key, d.select(record, { thresholds: {} })]);

/** What the reader makes of a row: its format, the normalised result, the fields tallied, the pack's rows. */
function verdict(row: Row, withPack: boolean) {
  const format = formatOfRow(row);
  const fields = noFields();
  const unwrapped = format?.unwrap?.(row);
  const pack = withPack && unwrapped ? packRows(unwrapped.record as Row) : undefined;
  return { format: format?.name, result: unwrapped ? normalise(unwrapped, { fields }) : undefined, fields, pack };
}

/** Asserts the two paths agree on `bytes`; answers whether the byte path answered (for coverage checks). */
function agree(bytes: Uint8Array, decode = decodeUtf8): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decode(bytes));
  } catch {
    parsed = undefined;
  }
  // On the bytes as they are (jsonTape copies them into the WebAssembly memory) and on a copy already there,
  // where the reader's chunks are: the same answer.
  const fields = readRecordFields(bytes, decode);
  if (bytes.length <= inMemory.length) {
    inMemory.set(bytes);
    expect(readRecordFields(inMemory.subarray(0, bytes.length), decode)).toEqual(fields);
  }
  if (fields === null) return false;
  expect(parsed, 'the byte path answered for bytes JSON.parse refuses').toBeTypeOf('object');
  expect(Array.isArray(parsed)).toBe(false);
  const withPack = !packFilter.wants(bytes);
  expect(verdict(fields, withPack)).toEqual(verdict(parsed as Row, withPack));
  return true;
}

const lines = (text: string) => text.split(/\r?\n/).filter((line) => line.trim());
const samples = (name: string): string[] => {
  const text = readFileSync(new URL(`../fixtures/samples/${name}`, import.meta.url), 'utf8');
  return text.trimStart().startsWith('[') ? (JSON.parse(text) as unknown[]).map((record) => JSON.stringify(record)) : lines(text);
};

const corpus: { name: string; texts: string[] }[] = [
  { name: 'the scenario', texts: records.map((r) => JSON.stringify(r)) },
  { name: 'the scenario, pretty', texts: records.map((r) => JSON.stringify(r, null, 2).replace(/\n/g, '\r\n')) },
  { name: 'Splunk example logs', texts: samples('splunk_security_content_data_sources_o365_example_logs.jsonl') },
  { name: 'Management Activity API reference', texts: samples('management_activity_api_reference_sample_response.json') },
  { name: 'Sentinel OfficeActivity (a wrapper)', texts: samples('GoldenSAMLADFSMailAccess_OfficeActivityEvents.json') },
  { name: 'Defender CloudAppEvents (a wrapper)', texts: samples('GoldenSAMLADFSMailAccess_Microsoft365DefenderEvents.json') },
  { name: 'the benchmark generator', texts: [...generateRecords(3000, 0.5)].map((r) => r.json) },
];

describe('every record of every fixture and sample', () => {
  test.each(corpus)('$name', ({ texts }) => {
    for (const text of texts) agree(encoder.encode(text));
  });
  test('answers for the plain records, not only defers', () => {
    const answered = corpus[0].texts.filter((text) => agree(encoder.encode(text)));
    expect(answered.length).toBe(corpus[0].texts.length);
  });
  test('the JavaScript decoder gives the same', () => {
    for (const text of corpus.at(-1)!.texts.slice(0, 300)) agree(encoder.encode(text), decodeUtf8Js);
  });
});

// Generated records: the rule's fields with hostile values, shuffled, spaced, duplicated and wrapped.
const MIA: [string, unknown][] = Object.entries(records[0]);
const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('00000003-0000-0000-C000-000000000000', 'Client=WebServices;ExchangeWebServices/15', ' x ', '', '"AppId":"y"', 'Bind'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom({ AppId: 'nested' }, [{ Name: 'MailAccessType', Value: 'Sync' }], [], {}),
);
const lookalike = fc.constantFrom(
  ['Folders', [{ AppId: 'x', FolderItems: [{ AppId: 'y' }, 1], Path: '\\Inbox' }, 'text', null, { FolderItems: 'no' }]],
  ['Folders', '[{"FolderItems":[1,2,3]}]'],
  ['Folders', [{ FolderItems: [1], Id: 'a' }, [{ FolderItems: [2] }]]],
  ['OperationProperties', [{ Name: 'IsThrottled', Value: 'True', AppId: 'z' }, '@{Value=Sync; Name=MailAccessType}', 3]],
  ['OperationProperties', '[{"Name":"MailAccessType","Value":"Bind"}]'],
  ['OperationProperties', [{ Name: 'MailAccessType', Value: { deep: 'Bind' } }]],
  ['Extra', { AppId: '00000003-0000-0000-c000-000000000000', Operation: 'x', deep: [[[{ Workload: 'Exchange' }]]] }],
  ['Note', '"AppId":"00000003-0000-0000-c000-000000000000","Operation":"MailItemsAccessed"'],
) as fc.Arbitrary<[string, unknown]>;
const wrapperKey = fc.constantFrom(...SHAPE_KEYS.map((key): [string, unknown] => [key, key === 'category' ? 'AdvancedHunting-CloudAppEvents' : 'x']));
const space = fc.constantFrom('', ' ', '\t', '\r\n', '  \n ');

// Beside the rule's fields, those the pack's analytics of any MailItemsAccessed record read (the PST
// alert's Name, ObjectId, Parameters where field() looks for a missing member).
const packMember = fc.oneof(
  fc.tuple(fc.constantFrom('ObjectId', 'Category', 'Name', 'Parameters'), hostile),
  fc.constantFrom<[string, unknown]>(
    ['Category', 'ThreatManagement'],
    ['Name', 'eDiscovery search started or exported'],
    ['Parameters', [{ Name: 'ClientAppId', Value: 'from-parameters' }]],
  ),
);
const member = fc.oneof(
  { arbitrary: fc.tuple(fc.constantFrom(...MIA.map(([key]) => key), 'OfficeWorkload', 'id', 'Identity', 'ClientIP'), hostile), weight: 4 },
  { arbitrary: packMember, weight: 1 },
);
const recordArbitrary = fc
  .record({
    overrides: fc.array(member, { maxLength: 4 }),
    extras: fc.array(fc.oneof({ arbitrary: lookalike, weight: 6 }, { arbitrary: wrapperKey, weight: 1 }), { maxLength: 2 }),
    duplicates: fc.array(member, { maxLength: 2 }),
    order: fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
    spaces: fc.array(space, { minLength: 4, maxLength: 4 }),
    escapeUnicode: fc.constantFrom(false, false, false, true),
  })
  .map(({ overrides, extras, duplicates, order, spaces, escapeUnicode }) => {
    const members = new Map<string, unknown>(MIA);
    for (const [key, value] of [...overrides, ...extras]) members.set(key, value);
    const list = [...members].map((entry, i) => ({ entry, rank: order[i % order.length] + i / 100 })).sort((a, b) => a.rank - b.rank);
    const all = [...list.map((m) => m.entry), ...duplicates];
    const [a, b, c, d] = spaces;
    const json = (value: unknown) => {
      const text = JSON.stringify(value) ?? 'null';
      return escapeUnicode ? text.replace(/[^\x20-\x7e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
    };
    return `${a}{${b}${all.map(([key, value]) => `${json(key)}${c}:${d}${json(value)}`).join(`,${b}`)}${c}}${a}`;
  });

describe("the pack's fields", () => {
  const graphRead = (members: Record<string, unknown>) => JSON.stringify({ ...records[0], AppId: '00000003-0000-0000-c000-000000000000', ...members });
  test.each([
    ['a ClientAppId only in Parameters', { ClientAppId: null, Parameters: [{ Name: 'ClientAppId', Value: 'from-parameters' }] }],
    ['an escaped PST alert name', { Category: 'ThreatManagement', Name: 'eDiscovery search started or exported' }],
    ['an ObjectId', { ObjectId: 'the-mailbox-object' }],
  ])('%s: the same Graph listing row on both paths', (_, members) => {
    const bytes = encoder.encode(graphRead(members).replace('started or exported', 'started or expor\\u0074ed'));
    expect(packFilter.wants(bytes)).toBe(false);
    agree(bytes);
  });
});

describe('generated records', () => {
  test('escapes, unicode, duplicate and reordered keys, lookalike nested keys, wrapper keys, spacing', () => {
    let answered = 0;
    fc.assert(
      fc.property(recordArbitrary, (text) => void (answered += +agree(encoder.encode(text)))),
      { numRuns: 1500 },
    );
    expect(answered, 'the byte path answers for most generated records').toBeGreaterThan(300);
  });
  test('damaged bytes: flipped, cut or inserted anywhere', () => {
    let answered = 0;
    const base = encoder.encode(JSON.stringify(records[0]));
    fc.assert(
      fc.property(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'cut', 'insert'), (at, byte, how) => {
        const bytes =
          how === 'flip'
            ? base.map((b, i) => (i === at ? byte : b))
            : how === 'cut'
              ? base.subarray(0, at)
              : Uint8Array.from([...base.subarray(0, at), byte, ...base.subarray(at)]);
        answered += +agree(bytes);
      }),
      { numRuns: 3000 },
    );
    expect(answered, 'flips inside values still answer').toBeGreaterThan(300);
  });
  test.each([
    ['an escaped key spelling AppId', '{"Operation":"MailItemsAccessed","App\\u0049d":"x"}'],
    ['a kept key twice', '{"Operation":"MailItemsAccessed","AppId":"a","AppId":"b"}'],
    ['an escape in a kept value', '{"Operation":"MailItemsAccessed","UserId":"a\\"b"}'],
    ['a wrapper key', '{"Operation":"MailItemsAccessed","AuditData":"{}"}'],
    ['an array', '[{"Operation":"MailItemsAccessed"}]'],
    ['trailing bytes', '{"Operation":"MailItemsAccessed"} x'],
    ['a raw tab in a string', '{"Operation":"Mail\tItemsAccessed"}'],
    ['deep nesting', `{"Operation":"MailItemsAccessed","x":${'['.repeat(100)}${']'.repeat(100)}}`],
  ])('defers on %s', (_, text) => {
    expect(readRecordFields(encoder.encode(text), decodeUtf8)).toBeNull();
  });
});

import { describe, expect, test } from 'vitest';
import { asciiBytes } from '../../src/core/bytes.ts';
import { createCsvSplitter } from '../../src/core/csv-records.ts';
import { createJsonSplitter } from '../../src/core/json-records.ts';
import type { SkipRule, Splitter } from '../../src/core/record-sink.ts';
import { stagingBytes } from '../../src/core/simd-search.ts';

// Each splitter counts the records the reader's rule lets it skip, and hands over the rest. As the reader
// does, the sink here sets the rule once the first record has arrived. Written from an ordinary array the
// splitters skip in JavaScript, on the needle alone; written from the search's memory, in WebAssembly, which
// for JSON lines also skips records with the needle that name none of `alsoOneOf`.

const MAIL = { needle: asciiBytes('Mail') };
const MAIL_VIA_API = { needle: asciiBytes('Mail'), alsoOneOf: [{ needle: asciiBytes('API'), ignoreAsciiCase: false }] };

function split(create: (sink: Parameters<typeof createJsonSplitter>[0]) => Splitter, text: string, rule: SkipRule | null, staged: boolean) {
  const handed: number[] = [];
  const splitter = create({
    record: (_, line) => {
      handed.push(line);
      if (rule && handed.length === 1) splitter.skipUnless(rule);
    },
    broken: (line) => handed.push(-line),
  });
  const bytes = asciiBytes(text);
  const chunk = staged ? stagingBytes(bytes.length) : new Uint8Array(bytes.length);
  chunk.set(bytes);
  splitter.write(chunk);
  splitter.end();
  return { handed, skipped: splitter.skipped() };
}

const jsonLines = '{"a":"Mail"}\n{"b":1}\n{"c":"Mail"}\n\n{"d":2}\n';
const apiLines = '{"x":"Mail"}\n{"x":"Mail API"}\n{"x":"Mail"}\n{"y":1}\n';
const cases = [
  { name: 'JSON lines without a rule: every record handed over', create: createJsonSplitter, text: jsonLines, rule: null, handed: [1, 2, 3, 5], skipped: 0 },
  { name: 'JSON lines: records without the needle counted', create: createJsonSplitter, text: jsonLines, rule: MAIL, handed: [1, 3], skipped: 2 },
  {
    name: 'JSON lines, also-one-of, in JavaScript: the needle alone decides',
    create: createJsonSplitter,
    text: apiLines,
    rule: MAIL_VIA_API,
    handed: [1, 2, 3],
    skipped: 1,
  },
  {
    name: 'JSON lines, also-one-of, in WebAssembly: a record naming none is counted',
    create: createJsonSplitter,
    text: apiLines,
    rule: MAIL_VIA_API,
    staged: true,
    handed: [1, 2],
    skipped: 2,
  },
  {
    name: 'a JSON array is scanned for structure and never skips',
    create: createJsonSplitter,
    text: '[\n{"a":"Mail"},\n{"b":1}\n]\n',
    rule: MAIL,
    handed: [2, 3],
    skipped: 0,
  },
  {
    name: 'a damaged JSON line is reported, not counted',
    create: createJsonSplitter,
    text: '{"a":"Mail"}\n{"b":\n{"c":1}\n',
    rule: MAIL,
    handed: [1, -2],
    skipped: 1,
  },
  {
    name: 'CSV: rows without the needle counted, a row over lines too',
    create: createCsvSplitter,
    text: 'h\nMail,1\nx,2\n"Mail\nx",3\n"a\nb",4\ny\n',
    rule: MAIL,
    handed: [1, 2, 4],
    skipped: 3,
  },
  {
    name: 'CSV in WebAssembly: the same counts',
    create: createCsvSplitter,
    text: 'h\nMail,1\nx,2\n"Mail\nx",3\n"a\nb",4\ny\n',
    rule: MAIL,
    staged: true,
    handed: [1, 2, 4],
    skipped: 3,
  },
  {
    name: 'CSV ignores also-one-of: a row with the needle is always handed over',
    create: createCsvSplitter,
    text: 'h\nMail,1\nMail API,2\nz,3\n',
    rule: MAIL_VIA_API,
    staged: true,
    handed: [1, 2, 3],
    skipped: 1,
  },
];

describe('splitters count what they skip', () => {
  test.each(cases)('$name', ({ create, text, rule, staged = false, handed, skipped }) => {
    expect(split(create, text, rule, staged)).toEqual({ handed, skipped });
  });
});

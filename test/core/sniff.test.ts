import { describe, expect, test } from 'vitest';
import { analyzeChunks } from '../../src/core/session.ts';
import { DEFAULT_PARAMS } from '../../src/core/rule.ts';

const bytes = (...parts: (number[] | string)[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));
const analyse = (data: Uint8Array) => analyzeChunks([{ name: 'f', chunks: [data] }], DEFAULT_PARAMS).files[0];

// Files that are not audit exports get a sentence saying what they look like, never a crash.
describe('files that are not audit exports', () => {
  test.each([
    { name: 'empty file', data: bytes(), says: /empty/ },
    { name: 'whitespace only', data: bytes(' \r\n\t\n'), says: /only whitespace/ },
    {
      name: 'xlsx workbook',
      data: bytes([0x50, 0x4b, 0x03, 0x04], new Array(26).fill(0), '[Content_Types].xml', 'xl/workbook.xml'),
      says: /Excel workbook.*CSV/,
    },
    { name: 'plain zip', data: bytes([0x50, 0x4b, 0x03, 0x04], new Array(26).fill(0), 'audit.csv'), says: /zip archive: extract/ },
    { name: 'legacy xls', data: bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), says: /legacy Office/ },
    { name: 'PNG image', data: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), says: /PNG image/ },
    { name: 'gzip', data: bytes([0x1f, 0x8b, 0x08, 0x00]), says: /gzip/ },
    { name: 'PDF', data: bytes('%PDF-1.7\n'), says: /PDF/ },
    { name: 'binary with NUL bytes', data: bytes('abc', [0, 0, 1, 2, 0], 'def'), says: /binary/ },
    { name: 'a CSV without AuditData', data: bytes('name,size\r\na,1\r\n'), says: /no AuditData column \(columns: name, size\)/ },
    { name: 'JSON that is not audit records', data: bytes('{"name":"ual-triage","version":"1"}\n'), says: /not audit records.*name, version/ },
    { name: 'an empty JSON array', data: bytes('[]'), says: /No audit records/ },
    { name: 'prose', data: bytes('Dear responder,\nplease find attached.\n'), says: /neither JSON nor a CSV/ },
  ])('$name', ({ data, says }) => {
    const file = analyse(data);
    expect(file.format).toBe('unsupported');
    expect(file.unsupported).toMatch(says);
  });
});

// A file that changes or becomes unreadable while it is read: Chromium's File.stream() rejects with
// NotReadableError. The worker must report it as a problem on the file and keep what it read, never throw.

import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { allEvents, closeWorkspace, listImports } from '../../src/storage/workspace-db.ts';
import { importFile } from '../../src/worker/import-file.ts';
import { createFileAnalyzer } from '../../src/core/analyzer.ts';

beforeEach(() => {
  closeWorkspace();
  globalThis.indexedDB = new IDBFactory();
});

const line = (i: number) =>
  JSON.stringify({
    CreationTime: '2024-02-01T10:05:00',
    Id: `rf-${i}`,
    Operation: 'MailItemsAccessed',
    Workload: 'Exchange',
    AppId: '00000003-0000-0000-c000-000000000000',
    ClientAppId: 'app',
    MailboxOwnerUPN: `m${i}@x.example`,
  });

/** A File look-alike whose stream hands out `chunks`, then fails as Chromium's does when the file changed. */
function changingFile(chunks: string[], size: number): File {
  const bytes = chunks.map((c) => new TextEncoder().encode(c));
  return {
    name: 'changing.jsonl',
    size,
    lastModified: 0,
    stream: () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = bytes.shift();
          if (next) controller.enqueue(next);
          else
            controller.error(
              new DOMException(
                'The requested file could not be read, typically due to permission problems that have occurred after a reference to a file was acquired.',
                'NotReadableError',
              ),
            );
        },
      }),
  } as unknown as File;
}

describe('a file that changes while it is read', () => {
  const whole = Array.from({ length: 2100 }, (_, i) => `${line(i)}\n`).join('');
  const cases = [
    { name: 'fails before the first byte: nothing stored, the problem is on line 1', chunks: [], bytes: 0, problemLine: 1, stored: 0 },
    {
      name: 'fails mid-record after a stored batch: whole records are kept, the cut one is not',
      chunks: [whole.slice(0, 300_000), `${whole.slice(300_000)}${line(2100).slice(0, 40)}`],
      bytes: whole.length + 40,
      problemLine: 2101,
      stored: 2100,
    },
  ];
  for (const { name, chunks, bytes, problemLine, stored } of cases) {
    it(name, async () => {
      const outcome = await importFile(changingFile(chunks, 1e9), 'rf', () => {});
      const message = `the file changed or could not be read after ${bytes} bytes (NotReadableError); results cover the part read`;
      expect(outcome).toMatchObject({ status: 'incomplete', stored, sha256: null, error: `Line ${problemLine}: ${message}.` });
      expect(outcome.summary.problems.at(-1)).toEqual({ line: problemLine, message });
      expect((await allEvents()).length).toBe(stored);
      const [record] = await listImports();
      expect([record.status, record.stored, record.summary.problems.at(-1)?.line]).toEqual(['incomplete', stored, problemLine]);
    });
  }
});

// Where a failed read stopped, in lines: the analyzer counts line feeds as the bytes go by (countLines).
describe("the analyzer's lineReached", () => {
  const cases = [
    { name: 'no bytes: line 1', chunks: [''], line: 1 },
    { name: 'one line feed per line, LF or CRLF', chunks: ['a\nb\r\nc'], line: 3 },
    { name: 'line feeds across chunks add up', chunks: ['a\n', '\n', 'b\nc'], line: 4 },
  ];
  for (const { name, chunks, line: expected } of cases) {
    it(name, () => {
      const analyzer = createFileAnalyzer('f', () => true, { countLines: true });
      for (const c of chunks) analyzer.write(new TextEncoder().encode(c));
      expect(analyzer.lineReached()).toBe(expected);
    });
  }
});

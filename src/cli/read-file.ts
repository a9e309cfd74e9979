// A file, or a byte range of one, from disk into an analyzer: the CLI's main thread, its worker threads and the
// benchmark read the same way: 1 MB reads into one buffer, each written whole (smaller writes carry more
// records across writes; docs/performance.md has what was measured).
// The buffer is reused, which is safe because the analyzer copies whatever it holds across writes.
//
// The buffer lives in the needle search's WebAssembly memory (core/simd-search.ts), so every search over a
// chunk runs in place, and it is a Node Buffer because the splitters find newlines with the chunk's own
// indexOf: on a Buffer that is memchr, on a plain typed array a byte loop, several times slower.

import { closeSync, openSync, readSync } from 'node:fs';
import type { FileAnalyzer } from '../core/analyzer.ts';
import { readBuffer } from '../core/analyzer.ts';

const READ_BYTES = 1 << 20;
let staged: Buffer | null = null;

export function readRange(path: string, analyzer: Pick<FileAnalyzer, 'write'>, start = 0, end = Infinity): void {
  if (!staged) {
    const bytes = readBuffer(READ_BYTES);
    staged = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  }
  const buffer = staged;
  const fd = openSync(path, 'r');
  try {
    for (let at = start; at < end;) {
      const read = readSync(fd, buffer, 0, Math.min(buffer.length, end - at), at);
      if (read === 0) break;
      at += read;
      analyzer.write(buffer.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
}

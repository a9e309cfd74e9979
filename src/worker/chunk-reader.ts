// A File's bytes, chunk by chunk, read with a BYOB ("bring your own buffer") reader of File.stream() into
// buffers of CHUNK_BYTES that the import hands back once it is done with them (after hashing). Chromium's
// default reader allocates a new buffer for every chunk, and fresh memory is what costs: reading into reused
// 1 MB buffers is several times faster, and as slow again when the reader runs short of spare buffers and
// allocates (docs/performance.md, "Measured choices"). Where a stream offers no BYOB reader, the default
// reader is used.
// A chunk's buffer comes back once the import has copied it and the hasher (sha256.ts) has hashed it.
//
// Every chunk starts at offset 0 of a buffer no other chunk shares, so it can be transferred to another
// thread; all but the last fill their buffer.

export const CHUNK_BYTES = 1 << 20;
/** Spare buffers kept for reuse: more than the hasher holds (sha256.ts, MAX_IN_FLIGHT), so none is allocated in steady state. */
const MAX_SPARE = 32;

export interface ChunkReader {
  /** The next chunk, or null at the end of the file; rejects with the browser's error (NotReadableError...). */
  read(): Promise<Uint8Array<ArrayBuffer> | null>;
  /** Gives back a chunk's buffer for a later read. */
  release(buffer: ArrayBuffer): void;
  cancel(): void;
}

export function readChunks(file: Blob): ChunkReader {
  const stream = file.stream();
  const spare: ArrayBuffer[] = [];
  let byob: ReadableStreamBYOBReader | null = null;
  let plain: ReadableStreamDefaultReader<Uint8Array<ArrayBuffer>> | null = null;
  try {
    byob = stream.getReader({ mode: 'byob' });
  } catch {
    plain = stream.getReader();
  }
  return {
    async read() {
      if (byob) {
        // A read fills what the browser has at hand (often 64 KB): read on until the buffer is full, so a
        // chunk is a whole buffer and the hasher's in-flight limit counts the memory it holds.
        let buffer = spare.pop() ?? new ArrayBuffer(CHUNK_BYTES);
        let filled = 0;
        while (filled < CHUNK_BYTES) {
          const next = await byob.read(new Uint8Array(buffer, filled));
          if (next.value) buffer = next.value.buffer; // each read transfers the buffer to a new ArrayBuffer object
          if (next.done) break;
          filled += next.value.byteLength;
        }
        if (filled) return new Uint8Array(buffer, 0, filled);
        this.release(buffer);
        return null;
      }
      const next = await plain!.read();
      if (next.done) return null;
      const whole = next.value.byteOffset === 0 && next.value.byteLength === next.value.buffer.byteLength;
      return whole ? next.value : next.value.slice();
    },
    release(buffer) {
      if (buffer.byteLength === CHUNK_BYTES && spare.length < MAX_SPARE) spare.push(buffer);
    },
    cancel: () => void (byob ?? plain)!.cancel().catch(() => {}),
  };
}

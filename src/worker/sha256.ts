// The file's SHA-256 for provenance (`sha256sum` of the file): hash-wasm's WebAssembly SHA-256, more than
// twice as fast as @noble/hashes in Chromium (docs/performance.md, "Measured choices"). Its module is
// compiled from bytes inlined in the bundle, nothing is fetched; the page's policy allows that with
// 'wasm-unsafe-eval'.
//
// In the browser it runs in a worker of its own (hash.worker.ts), handed each chunk once the import has
// copied it for parsing: the chunk's buffer is transferred there and back (`recycle`), so the reader reuses
// it and never allocates (fresh buffers are what made reading slow, see chunk-reader.ts). At most
// MAX_IN_FLIGHT chunks wait for the hasher: when it falls behind, the read loop waits, and memory stays
// bounded. Hashing and parsing share the two cores. A hash worker reading the file again on its own, tried
// for the same purpose, was slower. Where workers cannot start one (Node, the tests), it hashes in the
// calling thread.

import { createSHA256 } from 'hash-wasm';
import { transfer, wrap, type Remote } from 'comlink';
import { startHashWorker } from './start-hash-worker.ts';

export interface HashApi {
  /** Hashes the first `length` bytes of `buffer` and gives the buffer back. */
  update(buffer: ArrayBuffer, length: number): Promise<ArrayBuffer> | ArrayBuffer;
  /** Hex digest of everything added. */
  digest(): Promise<string> | string;
}

export interface Hasher {
  /**
   * Takes the chunk, which starts at offset 0 of a buffer it does not share: the caller must not use it
   * afterwards (it may be handed to another thread) until `recycle` gives the buffer back.
   */
  update(chunk: Uint8Array<ArrayBuffer>): Promise<void>;
  digest(): Promise<string>;
  close(): void;
}

export const MAX_IN_FLIGHT = 16;

export async function createInThreadHasher(): Promise<HashApi> {
  const hash = await createSHA256();
  hash.init();
  return { update: (buffer, length) => (hash.update(new Uint8Array(buffer, 0, length)), buffer), digest: () => hash.digest('hex') };
}

export async function createHasher(recycle: (buffer: ArrayBuffer) => void = () => {}): Promise<Hasher> {
  if (typeof Worker === 'undefined') {
    const inThread = await createInThreadHasher();
    return {
      update: async (chunk) => recycle(await inThread.update(chunk.buffer, chunk.byteLength)),
      digest: async () => inThread.digest(),
      close: () => {},
    };
  }
  const worker = startHashWorker();
  const remote: Remote<HashApi> = wrap<HashApi>(worker);
  const inFlight: Promise<void>[] = [];
  return {
    async update(chunk) {
      inFlight.push(remote.update(transfer(chunk.buffer, [chunk.buffer]), chunk.byteLength).then(recycle));
      while (inFlight.length > MAX_IN_FLIGHT) await inFlight.shift();
    },
    async digest() {
      await Promise.all(inFlight);
      return remote.digest();
    },
    close: () => worker.terminate(),
  };
}

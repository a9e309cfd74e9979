// The file's SHA-256 for provenance (`sha256sum` of the file): hash-wasm's WebAssembly SHA-256, about 2.3x
// @noble/hashes in Chromium here (241-341 MB/s against 119-156 MB/s over the same 200 MB). Its module is
// compiled from bytes inlined in the bundle, nothing is fetched; the page's policy allows that with
// 'wasm-unsafe-eval'.
//
// In the browser the hash has a worker of its own (hash.worker.ts) that reads the file itself, in step with
// nothing: reading a File into a reused buffer costs about 1 ms of CPU per MB (chunk-reader.ts), far less
// than handing every chunk from the import to the hasher and back, which held the import to the hasher's
// pace and, when buffers ran short, made the reader allocate (4 ms a MB). Hashing and parsing then share the
// two cores, each at its own speed. Where workers cannot start one (Node, the tests), the import's own chunks
// are hashed in its thread.

import { createSHA256, type IHasher } from 'hash-wasm';
import { wrap, type Remote } from 'comlink';
import { readChunks } from './chunk-reader.ts';

export interface HashApi {
  /** The SHA-256 of the file's bytes, in hex; rejects as reading the file does (NotReadableError...). */
  hashFile(file: Blob): Promise<string>;
}

export interface FileHash {
  /** Each chunk the import reads, in order; used only where the hash is computed in this thread. */
  update(chunk: Uint8Array): void;
  /** The file's SHA-256 in hex; rejects when the file could not be read to its end. */
  digest(): Promise<string>;
  close(): void;
}

async function sha256(): Promise<IHasher> {
  const hash = await createSHA256();
  hash.init();
  return hash;
}

/** Reads the file and hashes it, in the calling thread (the hash worker's verb). */
export async function hashWholeFile(file: Blob): Promise<string> {
  const hash = await sha256();
  const reader = readChunks(file);
  for (let chunk = await reader.read(); chunk; chunk = await reader.read()) {
    hash.update(chunk);
    reader.release(chunk.buffer);
  }
  return hash.digest('hex');
}

export async function hashFile(file: Blob): Promise<FileHash> {
  if (typeof Worker === 'undefined') {
    const hash = await sha256();
    return { update: (chunk) => void hash.update(chunk), digest: async () => hash.digest('hex'), close: () => {} };
  }
  const worker = new Worker(new URL('./hash.worker.ts', import.meta.url), { type: 'module', name: 'sha256' });
  const remote: Remote<HashApi> = wrap<HashApi>(worker);
  const digest = remote.hashFile(file);
  digest.catch(() => {}); // handled by whoever awaits digest(); an import that stops early never does
  return { update: () => {}, digest: () => digest, close: () => worker.terminate() };
}

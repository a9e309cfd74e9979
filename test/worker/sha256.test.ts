import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashFile, hashWholeFile } from '../../src/worker/sha256.ts';

// Where no worker can start (here), the import's own chunks are hashed as they go by.
const hashOfChunks = async (chunks: Uint8Array[]) => {
  const hash = await hashFile(new Blob(chunks as BlobPart[]));
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest();
};
const text = (s: string) => new TextEncoder().encode(s);

describe('the file hash', () => {
  const cases = [
    { name: 'no chunk: the empty file (FIPS 180-2 value)', chunks: [], expected: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    { name: '"abc" (FIPS 180-2 example)', chunks: [text('abc')], expected: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
    { name: '"abc" in three chunks', chunks: [text('a'), text('b'), text('c')], expected: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
  ];
  for (const { name, chunks, expected } of cases) {
    it(`chunk by chunk: ${name}`, async () => expect(await hashOfChunks(chunks)).toBe(expected));
    it(`read by the hash itself (the hash worker's way): ${name}`, async () => expect(await hashWholeFile(new Blob(chunks as BlobPart[]))).toBe(expected));
  }

  const bytes = new Uint8Array(5_000_003).map((_, i) => (i * 7919) & 255);
  const sha256sum = createHash('sha256').update(bytes).digest('hex');
  it('5 MB in 64 KB chunks hashes as sha256sum does', async () => {
    const chunks = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536));
    expect(await hashOfChunks(chunks)).toBe(sha256sum);
  });
  it('5 MB read whole by the hash (several reused buffers) hashes as sha256sum does', async () => {
    expect(await hashWholeFile(new Blob([bytes]))).toBe(sha256sum);
  });
});

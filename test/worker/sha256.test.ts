import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHasher, createInThreadHasher } from '../../src/worker/sha256.ts';

const hashOf = async (chunks: Uint8Array<ArrayBuffer>[]) => {
  const hash = await createHasher();
  for (const chunk of chunks) await hash.update(chunk);
  return hash.digest();
};
const text = (s: string) => new TextEncoder().encode(s);

describe('createHasher', () => {
  const cases = [
    { name: 'no chunk: the empty file (FIPS 180-2 value)', chunks: [], expected: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    { name: '"abc" (FIPS 180-2 example)', chunks: [text('abc')], expected: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
    { name: '"abc" in three chunks', chunks: [text('a'), text('b'), text('c')], expected: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
  ];
  for (const { name, chunks, expected } of cases) it(name, async () => expect(await hashOf(chunks)).toBe(expected));

  const bytes = new Uint8Array(5_000_003).map((_, i) => (i * 7919) & 255);
  const sha256sum = createHash('sha256').update(bytes).digest('hex');
  it('5 MB in 64 KB chunks hashes as sha256sum does', async () => {
    const chunks = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.slice(i * 65536, (i + 1) * 65536));
    expect(await hashOf(chunks)).toBe(sha256sum);
  });

  it("gives every chunk's buffer back once hashed, for the reader to reuse", async () => {
    const chunks = [text('one'), text('two'), text('three')];
    const returned: ArrayBuffer[] = [];
    const hash = await createHasher((buffer) => returned.push(buffer));
    for (const chunk of chunks) await hash.update(chunk);
    expect(returned).toEqual(chunks.map((c) => c.buffer));
    expect(await hash.digest()).toBe(createHash('sha256').update('onetwothree').digest('hex'));
  });

  it("the hash worker's verb: the first `length` bytes of each buffer, the buffer handed back", async () => {
    const hasher = await createInThreadHasher();
    const buffer = new Uint8Array(1 << 20).fill(0x61).buffer; // a reused buffer holding more than the chunk
    expect(await hasher.update(buffer, 3)).toBe(buffer);
    expect(await hasher.digest()).toBe(createHash('sha256').update('aaa').digest('hex'));
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256OfFile } from '../../src/worker/sha256-file.ts';

describe('sha256OfFile', () => {
  const cases = [
    { name: 'empty file (FIPS 180-2 value)', blob: new Blob([]), expected: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    { name: '"abc" (FIPS 180-2 example)', blob: new Blob(['abc']), expected: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
  ];
  for (const { name, blob, expected } of cases) it(name, async () => expect(await sha256OfFile(blob)).toBe(expected));

  it('a file read in many chunks hashes as sha256sum does', async () => {
    const bytes = new Uint8Array(5_000_003).map((_, i) => (i * 7919) & 255);
    expect(await sha256OfFile(new Blob([bytes]))).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});

import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES, readChunks } from '../../src/worker/chunk-reader.ts';

const pattern = (length: number) => new Uint8Array(length).map((_, i) => (i * 31 + (i >> 8)) & 255);

async function readAll(file: Blob, recycle: boolean) {
  const reader = readChunks(file);
  const parts: Uint8Array[] = [];
  for (let chunk = await reader.read(); chunk; chunk = await reader.read()) {
    expect(chunk.byteOffset).toBe(0);
    expect(chunk.byteLength).toBeLessThanOrEqual(Math.max(CHUNK_BYTES, chunk.buffer.byteLength));
    expect(chunk.buffer.byteLength === chunk.byteLength || chunk.buffer.byteLength === CHUNK_BYTES).toBe(true);
    parts.push(chunk.slice());
    if (recycle) reader.release(chunk.buffer);
  }
  return Buffer.concat(parts);
}

describe('readChunks', () => {
  it('reads a file of several chunks into reused buffers, bytes in order', async () => {
    const bytes = pattern(3 * CHUNK_BYTES + 12345);
    expect((await readAll(new Blob([bytes]), true)).equals(bytes)).toBe(true);
  });

  it('without giving buffers back, still reads every byte', async () => {
    const bytes = pattern(2 * CHUNK_BYTES + 1);
    expect((await readAll(new Blob([bytes]), false)).equals(bytes)).toBe(true);
  });

  it('a stream with no BYOB reader: chunks that share a buffer come out as copies of their own', async () => {
    const bytes = pattern(1000);
    // Three views into one buffer, as some streams hand out.
    const views = [bytes.subarray(0, 300), bytes.subarray(300, 700), bytes.subarray(700)];
    const stream = new ReadableStream<Uint8Array>({ pull: (c) => (views.length ? c.enqueue(views.shift()!) : c.close()) });
    const file = { stream: () => stream } as unknown as Blob;
    expect((await readAll(file, true)).equals(bytes)).toBe(true);
  });

  it("a read that fails rejects with the stream's error, its name kept", async () => {
    const stream = new ReadableStream<Uint8Array>({ type: 'bytes', pull: (c) => c.error(Object.assign(new Error('gone'), { name: 'NotReadableError' })) });
    const reader = readChunks({ stream: () => stream } as unknown as Blob);
    await expect(reader.read()).rejects.toMatchObject({ name: 'NotReadableError' });
  });
});

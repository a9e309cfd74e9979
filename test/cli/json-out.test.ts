import fc from 'fast-check';
import { expect, test } from 'vitest';
import { jsonPieces, writeJson } from '../../src/cli/json-out.ts';

// The pieces must join to exactly what JSON.stringify(value, null, 2) writes, for any JSON value.
test('jsonPieces joins to JSON.stringify(value, null, 2) for any JSON value, at any depth', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 5 }), (value, depth) => {
      expect([...jsonPieces(value, depth)].join('')).toBe(JSON.stringify(value, null, 2));
    }),
    { numRuns: 500 },
  );
});

test('jsonPieces: undefined members are left out and undefined array items written null, as JSON.stringify does', () => {
  const value = { a: undefined, b: [undefined, 1], c: {}, d: [], e: 'x\ny' };
  expect([...jsonPieces(value)].join('')).toBe(JSON.stringify(value, null, 2));
});

test('writeJson hands the document over in batches that join to one line of JSON', async () => {
  const big = { alerts: Array.from({ length: 3000 }, (_, i) => ({ i, mailboxes: Array.from({ length: 20 }, (_, m) => `mailbox-${m}@contoso.com`) })) };
  const writes: string[] = [];
  await writeJson(big, async (text) => void writes.push(text));
  expect(writes.length).toBeGreaterThan(1);
  expect(writes.join('')).toBe(`${JSON.stringify(big, null, 2)}\n`);
});

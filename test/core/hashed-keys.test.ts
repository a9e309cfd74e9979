import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { HashedKeys } from '../../src/core/hashed-keys.ts';

// The set against a plain Set of the same strings: the same answers on every add and lookup, through growth.
describe('HashedKeys', () => {
  test('answers as a Set of strings does, for any sequence of adds and lookups', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('add', 'has'), fc.string({ maxLength: 6 })), { maxLength: 400 }), (steps) => {
        const model = new Set<string>();
        const keys = new HashedKeys();
        for (const [step, key] of steps) {
          if (step === 'has') expect(keys.has(key)).toBe(model.has(key));
          else {
            expect(keys.add(key)).toBe(!model.has(key));
            model.add(key);
          }
        }
        expect(keys.size).toBe(model.size);
      }),
    );
  });

  test('a million distinct keys, each added twice: every first add is new, every second is not', () => {
    const keys = new HashedKeys();
    const key = (i: number) => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000\u00002024-03-01T09:00:00`;
    let firsts = 0;
    for (let i = 0; i < 1_000_000; i++) firsts += +keys.add(key(i));
    let seconds = 0;
    for (let i = 0; i < 1_000_000; i++) seconds += +keys.add(key(i));
    expect([firsts, seconds, keys.size]).toEqual([1_000_000, 0, 1_000_000]);
  });
});

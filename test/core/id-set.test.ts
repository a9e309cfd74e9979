import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { IdSet } from '../../src/core/id-set.ts';

// The reference is what deduplication always meant: a Set of lower-cased Ids.
function reference() {
  const seen = new Set<string>();
  return (id: string) => {
    const key = id.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}

describe('IdSet', () => {
  test.each([
    { name: 'a GUID in upper case repeats its lower-case spelling', ids: ['0b1c2d3e-aaaa-4bbb-8ccc-0123456789ab', '0B1C2D3E-AAAA-4BBB-8CCC-0123456789AB'], expected: [true, false] },
    { name: 'GUIDs one digit apart are different', ids: ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'], expected: [true, true] },
    { name: 'the all-zero GUID is an Id like any other', ids: ['00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000'], expected: [true, false] },
    { name: 'braces make a different Id, as the strings differ', ids: ['{0b1c2d3e-aaaa-4bbb-8ccc-0123456789ab}', '0b1c2d3e-aaaa-4bbb-8ccc-0123456789ab'], expected: [true, true] },
    { name: 'a non-hex digit is not a GUID, compared as text', ids: ['0b1c2d3e-aaaa-4bbb-8ccc-0123456789ag', '0B1C2D3E-AAAA-4BBB-8CCC-0123456789AG'], expected: [true, false] },
    { name: 'dashes elsewhere are not a GUID', ids: ['0b1c2d3ea-aaa-4bbb-8ccc-0123456789ab', '0b1c2d3e-aaaa-4bbb-8ccc-0123456789ab'], expected: [true, true] },
  ])('$name', ({ ids, expected }) => {
    const set = new IdSet();
    expect(ids.map((id) => set.add(id))).toEqual(expected);
  });

  test('a million GUIDs, each added twice: every first add is new, every second a repeat', () => {
    const set = new IdSet();
    const guid = (i: number) => `${(Math.imul(i, 0x9e3779b1) >>> 0).toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    let fresh = 0;
    for (let i = 0; i < 1_000_000; i++) if (set.add(guid(i))) fresh++;
    let repeats = 0;
    for (let i = 0; i < 1_000_000; i++) if (!set.add(guid(i).toUpperCase())) repeats++;
    expect([fresh, repeats, set.size]).toEqual([1_000_000, 1_000_000, 1_000_000]);
  });

  test('answers as a Set of lower-cased Ids does, for any mix of GUIDs, near-GUIDs and other Ids', () => {
    const hex = fc.constantFrom(...'0123456789abcdefABCDEF');
    const guid = fc.array(hex, { minLength: 32, maxLength: 32 }).map((d) => `${d.slice(0, 8).join('')}-${d.slice(8, 12).join('')}-${d.slice(12, 16).join('')}-${d.slice(16, 20).join('')}-${d.slice(20).join('')}`);
    const nearGuid = fc.tuple(guid, fc.nat(35), fc.constantFrom('g', '-', 'x', 'É', '')).map(([g, at, c]) => g.slice(0, at) + c + g.slice(at + 1));
    const pool = fc.array(fc.oneof(guid, nearGuid, fc.string()), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(pool, fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 200 }), (ids, picks) => {
        const set = new IdSet();
        const ref = reference();
        for (const [pick, upper] of picks) {
          const id = ids[pick % ids.length];
          const spelled = upper ? id.toUpperCase() : id;
          if (set.add(spelled) !== ref(spelled)) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});

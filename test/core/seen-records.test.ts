import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { recordKey, SeenRecords, type Seen } from '../../src/core/seen-records.ts';
import type { MailEvent } from '../../src/core/types.ts';
import { mailEvent } from '../storage/fixtures.ts';

// A GUID Id, as real exports carry.
const event = (overrides: Partial<MailEvent> = {}): MailEvent => mailEvent({ id: '0b1c2d3e-aaaa-4bbb-8ccc-0123456789ab', ...overrides });

// The plain model of what a duplicate is: the same lower-cased Id and the same content the rule reads, the
// content's text compared without ASCII case; an Id met again with other content is a reused Id.
function reference() {
  const contents = new Map<string, Set<string>>();
  const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return (e: MailEvent): Seen => {
    const id = e.id.toLowerCase();
    const content = JSON.stringify([Math.floor(e.time), ...[e.mailbox, e.userId, e.clientAppId].map(fold)]);
    const seen = contents.get(id);
    if (!seen) {
      contents.set(id, new Set([content]));
      return 'new';
    }
    if (seen.has(content)) return 'duplicate';
    seen.add(content);
    return id ? 'reused-id' : 'new';
  };
}

describe('SeenRecords', () => {
  test.each([
    { name: 'the same record twice is a duplicate', events: [event(), event()], expected: ['new', 'duplicate'] },
    {
      name: 'a GUID in capitals with the same content is a duplicate',
      events: [event(), event({ id: '0B1C2D3E-AAAA-4BBB-8CCC-0123456789AB' })],
      expected: ['new', 'duplicate'],
    },
    { name: 'a GUID shared by another mailbox is a reused Id, counted', events: [event(), event({ mailbox: 'm2@x.example' })], expected: ['new', 'reused-id'] },
    {
      name: 'a placeholder Id shared by two reads is a reused Id',
      events: [event({ id: 'ANONYMIZED' }), event({ id: 'ANONYMIZED', clientAppId: 'app-2' }), event({ id: 'anonymized' })],
      expected: ['new', 'reused-id', 'duplicate'],
    },
    {
      name: 'the all-zero GUID is compared like any other Id',
      events: [event({ id: '00000000-0000-0000-0000-000000000000' }), event({ id: '00000000-0000-0000-0000-000000000000', time: 0 })],
      expected: ['new', 'reused-id'],
    },
    {
      name: 'Id-less records: same content is a duplicate, other content new',
      events: [event({ id: '' }), event({ id: '' }), event({ id: '', userId: 'other' })],
      expected: ['new', 'duplicate', 'new'],
    },
    {
      name: 'mailboxes that differ only in case are the same content',
      events: [event({ mailbox: 'USER1@Fabrikam.example' }), event()],
      expected: ['new', 'duplicate'],
    },
    {
      name: 'what the rule does not read (IP, OperationCount) does not make another record',
      events: [event(), event({ clientIp: '198.51.100.1', operationCount: 7 })],
      expected: ['new', 'duplicate'],
    },
    {
      name: 'fields are kept apart: text moved from one field to the next is other content',
      events: [event({ id: 'x', mailbox: 'ab', userId: 'c' }), event({ id: 'x', mailbox: 'a', userId: 'bc' })],
      expected: ['new', 'reused-id'],
    },
  ])('$name', ({ events, expected }) => {
    const seen = new SeenRecords();
    expect(events.map((e) => seen.check(e))).toEqual(expected);
  });

  test('answers as the plain model does, for any mix of GUIDs, placeholder Ids, no Ids and contents', () => {
    const hex = fc.constantFrom(...'0123456789abcdefABCDEF');
    const guid = fc
      .array(hex, { minLength: 32, maxLength: 32 })
      .map((d) => `${d.slice(0, 8).join('')}-${d.slice(8, 12).join('')}-${d.slice(12, 16).join('')}-${d.slice(16, 20).join('')}-${d.slice(20).join('')}`);
    const id = fc.oneof(guid, fc.constantFrom('', 'ANONYMIZED', '00000000-0000-0000-0000-000000000000'), fc.string());
    const content = fc.record({
      time: fc.integer({ min: 0, max: 2 ** 42 }),
      mailbox: fc.constantFrom('m1@x', 'M1@X', 'm2@x', ''),
      clientAppId: fc.constantFrom('app-1', 'APP-1', 'app-2'),
    });
    fc.assert(
      fc.property(
        fc.array(id, { minLength: 1, maxLength: 12 }),
        fc.array(content, { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 150 }),
        (ids, contents, picks) => {
          const seen = new SeenRecords();
          const model = reference();
          for (const [i, c, upper] of picks) {
            const raw = ids[i % ids.length];
            const e = event({ id: upper ? raw.toUpperCase() : raw, ...contents[c % contents.length] });
            if (seen.check(e) !== model(e)) return false;
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });

  test('records remembered by their stored key answer as records remembered by checking them', () => {
    const earlier = [event(), event({ id: 'ANONYMIZED' }), event({ id: '' }), event({ id: '00000000-0000-0000-0000-000000000000' })];
    const later = [
      ...earlier,
      event({ mailbox: 'm9@x.example' }),
      event({ id: 'ANONYMIZED', mailbox: 'm9@x.example' }),
      event({ id: '', mailbox: 'm9@x.example' }),
    ];
    const checked = new SeenRecords();
    const loaded = new SeenRecords();
    for (const e of earlier) {
      checked.check(e);
      loaded.addKey(recordKey(e));
    }
    expect(later.map((e) => loaded.check(e))).toEqual(later.map((e) => checked.check(e)));
    expect(later.map((e) => new SeenRecords().check(e))).toEqual(later.map(() => 'new'));
  });

  test('lastKey is the recordKey of the record checked last', () => {
    const seen = new SeenRecords();
    const keys = [event(), event({ id: 'ANONYMIZED', mailbox: 'M2@x.example' }), event({ id: '' })].map((e) => (seen.check(e), [seen.lastKey(), recordKey(e)]));
    for (const [last, key] of keys) expect(last).toBe(key);
  });

  test('a million GUIDs, each added twice: every first add is new, every second a duplicate', () => {
    const seen = new SeenRecords();
    const guid = (i: number) => `${(Math.imul(i, 0x9e3779b1) >>> 0).toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    const e = event();
    let fresh = 0;
    for (let i = 0; i < 1_000_000; i++) if (seen.check({ ...e, id: guid(i) }) === 'new') fresh++;
    let repeats = 0;
    for (let i = 0; i < 1_000_000; i++) if (seen.check({ ...e, id: guid(i).toUpperCase() }) === 'duplicate') repeats++;
    expect([fresh, repeats, seen.size]).toEqual([1_000_000, 1_000_000, 1_000_000]);
  });
});

import { describe, expect, it } from 'vitest';
import { decodeEvents, encodeEvents } from '../../src/core/event-columns.ts';
import { mailEvent } from '../storage/fixtures.ts';

describe('event columns', () => {
  const cases = [
    { name: 'no events', events: [] },
    { name: 'one event as the fixture has it', events: [mailEvent()] },
    {
      name: 'every accessType, throttled or not, Id-less, empty and non-ASCII text',
      events: [
        mailEvent({ id: '', accessType: '', throttled: true, clientIp: '' }),
        mailEvent({ id: 'b', accessType: 'Sync', mailbox: 'jürgen@例え.example', clientInfoString: 'Client=WebServices;ExchangeWebServices;\u0000' }),
        mailEvent({ id: 'c', accessType: 'Bind', throttled: true, tenant: '' }),
      ],
    },
    {
      name: 'numbers kept exactly: fractions, negatives, beyond 32 bits, -0',
      events: [
        mailEvent({ time: -1, operationCount: 2.5, folders: 2 ** 40, messageIds: 0 }),
        mailEvent({ time: 8.64e15, operationCount: -0, folders: 0, messageIds: 4_294_967_296 }),
      ],
    },
  ];
  for (const { name, events } of cases) it(`round trip: ${name}`, () => expect(decodeEvents(encodeEvents(events))).toEqual(events));

  it('keeps each distinct text value once per batch', () => {
    // Three events of one tenant, app and IP; mailboxes m1, m2, m1. Distinct text values by hand: tenant-1,
    // the Graph AppId, the ClientAppId, the ClientInfoString, sp-reader, m1, m2, 203.0.113.7 = 8.
    const columns = encodeEvents([mailEvent({ id: '1', mailbox: 'm1' }), mailEvent({ id: '2', mailbox: 'm2' }), mailEvent({ id: '3', mailbox: 'm1' })]);
    expect(columns.strings).toHaveLength(8);
    expect(columns.ids).toEqual(['1', '2', '3']);
  });

  it('appends to the list it is given', () => {
    const into = [mailEvent({ id: 'before' })];
    decodeEvents(encodeEvents([mailEvent({ id: 'after' })]), into);
    expect(into.map((e) => e.id)).toEqual(['before', 'after']);
  });
});

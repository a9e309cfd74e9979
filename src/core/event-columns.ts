// How a batch of events is kept in IndexedDB: in columns, not as objects. Structured clone writes every
// object's property names and every string on its own; a batch of 2,000 events from one export repeats a
// handful of tenants, applications and mailboxes thousands of times. Here each distinct text value is
// stored once per batch and events point at it, numbers sit in typed arrays (copied as bytes), and only
// the record Ids, distinct by nature, stay a list of strings. Decoding gives back equal events that share
// their strings, which also keeps the page's copy of a large workspace small.

import type { MailEvent } from './types.ts';

const TEXT = ['tenant', 'appId', 'clientAppId', 'clientInfoString', 'userId', 'mailbox', 'clientIp'] as const;
const NUMBERS = ['time', 'operationCount', 'folders', 'messageIds'] as const;
const ACCESS: MailEvent['accessType'][] = ['', 'Bind', 'Sync'];

export interface EventColumns {
  ids: string[];
  /** Distinct values of the text fields, in first-seen order. */
  strings: string[];
  /** Per event, TEXT.length indices into `strings`. */
  text: Uint32Array<ArrayBuffer>;
  /** Per event, the NUMBERS as they were (a float64 holds any JS number exactly). */
  numbers: Float64Array<ArrayBuffer>;
  /** Per event: bit 0 throttled, bits 1-2 the index of its accessType in ACCESS. */
  flags: Uint8Array<ArrayBuffer>;
  /** Per event, the line its record starts on in its file, when known (batches stored before lines were kept have none). */
  lines?: Uint32Array<ArrayBuffer>;
}

export function encodeEvents(events: MailEvent[], lines?: ArrayLike<number>): EventColumns {
  const n = events.length;
  const index = new Map<string, number>();
  const strings: string[] = [];
  const text = new Uint32Array(n * TEXT.length);
  const numbers = new Float64Array(n * NUMBERS.length);
  const flags = new Uint8Array(n);
  const ids: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const e = events[i];
    ids[i] = e.id;
    for (let f = 0; f < TEXT.length; f++) {
      const value = e[TEXT[f]];
      let at = index.get(value);
      if (at === undefined) index.set(value, (at = strings.push(value) - 1));
      text[i * TEXT.length + f] = at;
    }
    for (let f = 0; f < NUMBERS.length; f++) numbers[i * NUMBERS.length + f] = e[NUMBERS[f]];
    flags[i] = (e.throttled ? 1 : 0) | (ACCESS.indexOf(e.accessType) << 1);
  }
  return lines ? { ids, strings, text, numbers, flags, lines: Uint32Array.from(lines) } : { ids, strings, text, numbers, flags };
}

export function decodeEvents({ ids, strings, text, numbers, flags }: EventColumns, into: MailEvent[] = []): MailEvent[] {
  for (let i = 0; i < ids.length; i++) {
    const t = i * TEXT.length;
    const x = i * NUMBERS.length;
    into.push({
      id: ids[i],
      time: numbers[x],
      tenant: strings[text[t]],
      appId: strings[text[t + 1]],
      clientAppId: strings[text[t + 2]],
      clientInfoString: strings[text[t + 3]],
      userId: strings[text[t + 4]],
      mailbox: strings[text[t + 5]],
      clientIp: strings[text[t + 6]],
      operationCount: numbers[x + 1],
      accessType: ACCESS[flags[i] >> 1],
      throttled: (flags[i] & 1) === 1,
      folders: numbers[x + 2],
      messageIds: numbers[x + 3],
    });
  }
  return into;
}

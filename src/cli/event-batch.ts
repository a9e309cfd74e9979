// Events crossing from a worker thread to the main thread, packed by column. Structured clone writes every
// property name of every object it copies, and the main thread, which also counts every event, had most of
// its time go on rebuilding them. A batch is the events' Ids, each other distinct string once (an
// application's tenant, AppId, ClientAppId and ClientInfoString repeat in nearly every event), and two
// transferred buffers: which string each field is, and the numbers. Repeated values then also arrive as
// one string, whose hash the main thread's maps compute once.

import type { MailEvent } from '../core/types.ts';

export interface EventBatch {
  count: number;
  ids: string[];
  /** Distinct values of the other string fields. */
  words: string[];
  /** Per event, indexes into words: tenant, appId, clientAppId, clientInfoString, userId, mailbox, clientIp, accessType. */
  codes: Uint32Array<ArrayBuffer>;
  /** Per event: time, operationCount, throttled (0/1), folders, messageIds, line. */
  numbers: Float64Array<ArrayBuffer>;
}

const CODES = 8;
const NUMBERS = 6;

/** The buffers a batch can hand over instead of copying. */
export const transferables = (batch: EventBatch) => [batch.codes.buffer, batch.numbers.buffer];

/** Collects events and their lines; take() empties it into a batch. */
export function createBatcher(): { add(event: MailEvent, line: number): void; readonly count: number; take(): EventBatch } {
  let ids: string[] = [];
  let words: string[] = [];
  let known = new Map<string, number>();
  let codes: number[] = [];
  let numbers: number[] = [];
  const code = (value: string) => {
    let index = known.get(value);
    if (index === undefined) {
      index = words.push(value) - 1;
      known.set(value, index);
    }
    return index;
  };
  return {
    add(e, line) {
      ids.push(e.id);
      codes.push(code(e.tenant), code(e.appId), code(e.clientAppId), code(e.clientInfoString), code(e.userId), code(e.mailbox), code(e.clientIp), code(e.accessType));
      numbers.push(e.time, e.operationCount, e.throttled ? 1 : 0, e.folders, e.messageIds, line);
    },
    get count() {
      return ids.length;
    },
    take() {
      const batch = { count: ids.length, ids, words, codes: Uint32Array.from(codes), numbers: Float64Array.from(numbers) };
      ids = [];
      words = [];
      known = new Map();
      codes = [];
      numbers = [];
      return batch;
    },
  };
}

/** Each event of a batch, rebuilt, with its line. */
export function forEachEvent(batch: EventBatch, visit: (event: MailEvent, line: number) => void): void {
  const { ids, words: w, codes: c, numbers: n } = batch;
  for (let i = 0; i < batch.count; i++) {
    const a = i * CODES;
    const b = i * NUMBERS;
    const event: MailEvent = {
      id: ids[i],
      time: n[b],
      tenant: w[c[a]],
      appId: w[c[a + 1]],
      clientAppId: w[c[a + 2]],
      clientInfoString: w[c[a + 3]],
      userId: w[c[a + 4]],
      mailbox: w[c[a + 5]],
      clientIp: w[c[a + 6]],
      operationCount: n[b + 1],
      accessType: w[c[a + 7]] as MailEvent['accessType'],
      throttled: n[b + 2] === 1,
      folders: n[b + 3],
      messageIds: n[b + 4],
    };
    visit(event, n[b + 5]);
  }
}

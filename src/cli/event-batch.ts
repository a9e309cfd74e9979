// Events crossing from a worker thread to the main thread, packed by column. Structured clone writes every
// property name of every object it copies; fourteen-field events sent as objects cost the worker the
// serialising and the main thread the rebuilding, and the main thread is also the one counting them. As
// columns, a batch is one array of strings and one transferred buffer of numbers.

import type { MailEvent } from '../core/types.ts';

export interface EventBatch {
  count: number;
  /** Per event: id, tenant, appId, clientAppId, clientInfoString, userId, mailbox, clientIp, accessType. */
  strings: string[];
  /** Per event: time, operationCount, throttled (0/1), folders, messageIds, line. */
  numbers: Float64Array<ArrayBuffer>;
}

const STRINGS = 9;
const NUMBERS = 6;

/** Collects events and their lines; take() empties it into a batch. */
export function createBatcher(): { add(event: MailEvent, line: number): void; readonly count: number; take(): EventBatch } {
  let strings: string[] = [];
  let numbers: number[] = [];
  let count = 0;
  return {
    add(e, line) {
      strings.push(e.id, e.tenant, e.appId, e.clientAppId, e.clientInfoString, e.userId, e.mailbox, e.clientIp, e.accessType);
      numbers.push(e.time, e.operationCount, e.throttled ? 1 : 0, e.folders, e.messageIds, line);
      count++;
    },
    get count() {
      return count;
    },
    take() {
      const batch = { count, strings, numbers: Float64Array.from(numbers) };
      strings = [];
      numbers = [];
      count = 0;
      return batch;
    },
  };
}

/** Each event of a batch, rebuilt, with its line. */
export function forEachEvent(batch: EventBatch, visit: (event: MailEvent, line: number) => void): void {
  const { strings: s, numbers: n } = batch;
  for (let i = 0; i < batch.count; i++) {
    const a = i * STRINGS;
    const b = i * NUMBERS;
    const event: MailEvent = {
      id: s[a],
      time: n[b],
      tenant: s[a + 1],
      appId: s[a + 2],
      clientAppId: s[a + 3],
      clientInfoString: s[a + 4],
      userId: s[a + 5],
      mailbox: s[a + 6],
      clientIp: s[a + 7],
      operationCount: n[b + 1],
      accessType: s[a + 8] as MailEvent['accessType'],
      throttled: n[b + 2] === 1,
      folders: n[b + 3],
      messageIds: n[b + 4],
    };
    visit(event, n[b + 5]);
  }
}

// One window's tally as an object: the sliding windows' (their events are kept, and a merged interval is
// tallied once). Tumbling windows keep the same tally in typed arrays (window-table.ts); both give a Tally
// (alert.ts), which is what an alert is built from.

import type { Tally } from './alert.ts';
import type { MailEvent } from './types.ts';

// Most tallies see one user, one IP and one AppId: a lone value is kept as a plain string, not a Set.
type SmallSet = string | Set<string> | undefined;
const addTo = (set: SmallSet, value: string): SmallSet => {
  if (set === undefined || set === value) return value;
  if (typeof set === 'string') return new Set([set, value]);
  set.add(value);
  return set;
};
const sizeOf = (set: SmallSet) => (set === undefined ? 0 : typeof set === 'string' ? 1 : set.size);
const sortedValues = (set: SmallSet) => (set === undefined ? [] : typeof set === 'string' ? [set] : [...set].sort());

export class Accumulator {
  mailboxes: SmallSet;
  users: SmallSet;
  ips: SmallSet;
  appIds: SmallSet;
  throttled: SmallSet;
  events = 0;
  operationCount = 0;
  bind = 0;
  sync = 0;
  first = Infinity;
  last = -Infinity;

  get uniqueMailboxes(): number {
    return sizeOf(this.mailboxes);
  }

  add(event: MailEvent, mailbox: string): void {
    this.mailboxes = addTo(this.mailboxes, mailbox);
    this.users = addTo(this.users, event.userId);
    if (event.clientIp) this.ips = addTo(this.ips, event.clientIp);
    this.appIds = addTo(this.appIds, event.appId);
    if (event.throttled) this.throttled = addTo(this.throttled, mailbox);
    this.events++;
    this.operationCount += event.operationCount;
    if (event.accessType === 'Bind') this.bind++;
    else if (event.accessType === 'Sync') this.sync++;
    if (event.time < this.first) this.first = event.time;
    if (event.time > this.last) this.last = event.time;
  }

  tally(): Tally {
    return {
      mailboxes: sortedValues(this.mailboxes),
      users: sortedValues(this.users),
      srcIps: sortedValues(this.ips),
      appIds: sortedValues(this.appIds),
      events: this.events,
      operationCount: this.operationCount,
      bind: this.bind,
      sync: this.sync,
      throttledMailboxes: sizeOf(this.throttled),
      first: this.first,
      last: this.last,
    };
  }
}

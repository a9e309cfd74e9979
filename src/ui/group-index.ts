// The events of one application, found without scanning the whole workspace. The alert detail asks for an
// alert's events and its timeline on every selection, and each scanned every stored event (two passes over
// 1,000,000 events per click). The index is built on the first question for a set of events and kept until
// the events change; eventsOfAlert() and mailboxTimeline() still check the application, so they answer the same.

import { groupKey } from '../core/rule.ts';
import type { MailEvent } from '../core/types.ts';
import type { Application } from '../core/alert.ts';

/** Returns a function giving one application's events, in the order of `events`. */
export function createGroupIndex<E extends MailEvent>(events: E[]): (group: Application) => E[] {
  let index: Map<string, E[]> | null = null;
  return (group) => {
    if (!index) {
      index = new Map();
      for (const e of events) {
        const key = groupKey(e);
        const list = index.get(key);
        if (list) list.push(e);
        else index.set(key, [e]);
      }
    }
    return index.get(groupKey(group)) ?? [];
  };
}

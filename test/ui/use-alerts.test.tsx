// Re-tuning from a list of every window: each threshold must give exactly the alerts worked out by hand.

import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, LIMITS } from '../../src/core/rule.ts';
import type { Alert, MailEvent, RuleParams } from '../../src/core/types.ts';
import { uncountedNotice, useAlerts } from '../../src/ui/use-alerts.ts';
import { mailEvent } from '../storage/fixtures.ts';
import { mount } from './dom.ts';

// App A reads m1..m4 at 10:01..10:04 and m1, m2 at 10:12, 10:13; app B reads m1..m7 at 10:00..10:06 (2024-02-01 UTC).
const at = (minute: number) => Date.UTC(2024, 1, 1, 10, minute);
const events: MailEvent[] = [
  ...[1, 2, 3, 4].map((i) => mailEvent({ id: `a${i}`, clientAppId: 'app-a', mailbox: `m${i}`, time: at(i) })),
  ...[1, 2].map((i) => mailEvent({ id: `a1${i}`, clientAppId: 'app-a', mailbox: `m${i}`, time: at(11 + i) })),
  ...[1, 2, 3, 4, 5, 6, 7].map((i) => mailEvent({ id: `b${i}`, clientAppId: 'app-b', mailbox: `m${i}`, time: at(i - 1) })),
];

let alerts: Alert[] = [];
let uncounted = -1;
function Probe({ params, stored = events }: { params: RuleParams; stored?: MailEvent[] }) {
  ({ alerts, uncounted } = useAlerts(stored, params));
  return null;
}
let view: ReturnType<typeof mount> | null = null;
afterEach(() => view?.unmount());
const summary = () => alerts.map((a) => `${a.clientAppId} ${a.time.slice(11, 16)}-${a.end.slice(11, 16)} ${a.uniqueMailboxes}`);

describe('useAlerts', () => {
  it('follows the threshold up and down, and the window mode, over the same events', () => {
    const steps: { params: Partial<RuleParams>; expected: string[] }[] = [
      { params: {}, expected: ['app-b 10:00-10:10 7'] },
      { params: { threshold: 3 }, expected: ['app-a 10:00-10:10 4', 'app-b 10:00-10:10 7'] },
      { params: { threshold: 1 }, expected: ['app-a 10:00-10:10 4', 'app-b 10:00-10:10 7', 'app-a 10:10-10:20 2'] },
      { params: { threshold: 0 }, expected: ['app-a 10:00-10:10 4', 'app-b 10:00-10:10 7', 'app-a 10:10-10:20 2'] },
      { params: { threshold: 7 }, expected: [] },
      { params: { threshold: 6 }, expected: ['app-b 10:00-10:10 7'] },
      // Sliding, more than 3: A's interval from 10:01 holds m1..m4 (the one from 10:02 only 3), B's 10:00 to 10:06.
      { params: { threshold: 3, window: 'sliding' }, expected: ['app-b 10:00-10:06 7', 'app-a 10:01-10:04 4'] },
      // Tumbling again with a 20-minute span: A's six reads fall in one window of 4 mailboxes.
      { params: { threshold: 3, spanMs: 20 * 60_000 }, expected: ['app-a 10:00-10:20 4', 'app-b 10:00-10:20 7'] },
    ];
    for (const [i, { params, expected }] of steps.entries()) {
      const next = <Probe params={{ ...DEFAULT_PARAMS, ...params }} />;
      if (i === 0) view = mount(next);
      else view!.rerender(next);
      expect([i, summary()]).toEqual([i, expected]);
    }
  });

  it('counts the events the rule could not track, in both window modes', () => {
    // One event each from LIMITS.applications + 3 applications: the last three are beyond the limit.
    const many = Array.from({ length: LIMITS.applications + 3 }, (_, i) => mailEvent({ id: `x${i}`, clientAppId: `app-${i}`, time: at(0) }));
    view = mount(<Probe params={DEFAULT_PARAMS} stored={many} />);
    expect([alerts.length, uncounted]).toEqual([0, 3]);
    view.rerender(<Probe params={{ ...DEFAULT_PARAMS, window: 'sliding' }} stored={many} />);
    expect(uncounted).toBe(3);
    view.rerender(<Probe params={DEFAULT_PARAMS} />);
    expect(uncounted).toBe(0);
    expect(uncountedNotice(3)).toBe(
      'The rule tracks at most 100,000 applications and 1,000,000 windows: 3 stored events beyond them are not counted, so alerts may be missing.',
    );
  });
});

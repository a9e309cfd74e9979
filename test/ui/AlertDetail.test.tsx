import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../src/core/rule.ts';
import { AlertDetail } from '../../src/ui/AlertDetail.tsx';
import { mailEvent } from '../storage/fixtures.ts';
import { alert } from './alerts.ts';
import { mount, texts } from './dom.ts';

let view: ReturnType<typeof mount> | null = null;
afterEach(() => view?.unmount());

const T0 = Date.UTC(2024, 1, 1, 10, 0);
// Distinct mailboxes per 10-minute window: 2 at 09:50, 6 at 10:00 (the alert), 1 at 10:10.
const timeline = [
  { start: T0 - 600_000, mailboxes: 2 },
  { start: T0, mailboxes: 6 },
  { start: T0 + 600_000, mailboxes: 1 },
];
const events = [
  mailEvent({ id: 'e1', mailbox: 'u1@x', time: T0 + 120_000 }),
  mailEvent({ id: 'e2', mailbox: 'u2@x', time: T0 + 180_000, throttled: true, accessType: 'Sync', clientInfoString: '<script>alert(1)</script>' }),
];

function render(overrides: Parameters<typeof alert>[0] = {}) {
  view = mount(<AlertDetail alert={alert(overrides)} events={events} timeline={timeline} params={DEFAULT_PARAMS} clock="utc" onClose={() => {}} />);
  return view.root;
}

describe('AlertDetail', () => {
  it('lists the contributing events with their access type and counts', () => {
    const root = render();
    expect(root.querySelector('h2')?.textContent).toBe('Alert: 6 mailboxes in 10m (tumbling)');
    const rows = [...root.querySelectorAll('table[aria-label="Contributing events"] tbody tr')].map((tr) => texts(tr, 'td'));
    expect(rows).toEqual([
      ['2024-02-01 10:02:00 UTC', 'u1@x', 'sp-reader', '203.0.113.7', 'Client=REST;Client=RESTSystem;;', '1', 'Bind', '1', '2'],
      ['2024-02-01 10:03:00 UTC', 'u2@x', 'sp-reader', '203.0.113.7', '<script>alert(1)</script>', '1', 'Sync (throttled)', '1', '2'],
    ]);
    expect(root.querySelector('tbody script')).toBeNull();
  });

  it('warns that counts are lower bounds when a mailbox was throttled', () => {
    expect(render({ throttledMailboxes: 2 }).querySelector('[role=note]')?.textContent).toMatch(/^2 mailboxes were throttled \(IsThrottled=True\)\..*lower bounds/);
  });

  it('has no throttling caveat when nothing was throttled', () => {
    expect(render().querySelector('[role=note]')).toBeNull();
  });

  it('draws one bar per window, the alert window highlighted, and the threshold line at 5', () => {
    const root = render();
    const bars = [...root.querySelectorAll('svg rect')];
    expect(bars.map((b) => b.getAttribute('class'))).toEqual(['bar', 'bar hit', 'bar']);
    // y scale: 0 at 134, the top (max(threshold + 1, 6) = 6) at 10, so 5 sits at 134 - 5/6 * 124.
    const line = root.querySelector('[data-testid=threshold-line]')!;
    expect(Number(line.getAttribute('y1'))).toBeCloseTo(134 - (5 / 6) * 124, 6);
    expect(Number(bars[1].getAttribute('y'))).toBeCloseTo(10, 6);
    expect(root.querySelector('svg')?.getAttribute('aria-label')).toBe('Distinct mailboxes per 10m window for this application; threshold 5 (alert above it).');
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PARAMS } from '../../src/core/rule.ts';
import { AlertDetail } from '../../src/ui/AlertDetail.tsx';
import { mailEvent } from '../storage/fixtures.ts';
import { alert } from './alerts.ts';
import { button, click, mount, texts } from './dom.ts';

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
  { ...mailEvent({ id: 'e1', mailbox: 'u1@x', time: T0 + 120_000 }), file: 'export.json', line: 14 },
  {
    ...mailEvent({ id: '', mailbox: 'u2@x', time: T0 + 180_000, throttled: true, accessType: 'Sync', clientInfoString: '<script>alert(1)</script>' }),
    file: 'old.csv',
    line: 0,
  },
];

function render(overrides: Parameters<typeof alert>[0] = {}, onExportEvents = () => {}) {
  view = mount(
    <AlertDetail
      alert={alert(overrides)}
      events={events}
      timeline={timeline}
      params={DEFAULT_PARAMS}
      clock="utc"
      onClose={() => {}}
      onExportEvents={onExportEvents}
    />,
  );
  return view.root;
}

describe('AlertDetail', () => {
  it('lists the contributing events with their record Id, where they came from, access type and counts', () => {
    const root = render();
    expect(root.querySelector('h2')?.textContent).toBe('Alert: 6 mailboxes in 10m (tumbling)');
    const rows = [...root.querySelectorAll('table[aria-label="Contributing events"] tbody tr')].map((tr) => texts(tr, 'td'));
    expect(rows).toEqual([
      ['2024-02-01 10:02:00 UTC', 'e1', 'export.json, line 14', 'u1@x', 'sp-reader', '203.0.113.7', 'Client=REST;Client=RESTSystem;;', '1', 'Bind', '1', '2'],
      ['2024-02-01 10:03:00 UTC', 'none', 'old.csv', 'u2@x', 'sp-reader', '203.0.113.7', '<script>alert(1)</script>', '1', 'Sync (throttled)', '1', '2'],
    ]);
    expect(root.querySelector('tbody script')).toBeNull();
  });

  it('opening an alert moves focus to its heading, and offers its events as CSV', () => {
    const onExport = vi.fn();
    const root = render({}, onExport);
    expect(document.activeElement).toBe(root.querySelector('h2'));
    click(button(root, 'Export these events (CSV)'));
    expect(onExport).toHaveBeenCalledTimes(1);
  });

  it('warns that counts are lower bounds when a mailbox was throttled', () => {
    expect(render({ throttledMailboxes: 2 }).querySelector('[role=note]')?.textContent).toMatch(
      /^2 mailboxes were throttled \(IsThrottled=True\)\..*lower bounds/,
    );
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

describe('AlertDetail and the detection pack', () => {
  const reads = {
    application: 'a1b2c3d4-0000-4000-8000-00000000abcd',
    mailboxes: ['u1@x', 'u2@x', 'u3@x'],
    firstRead: '2024-02-01T10:02:00Z',
    lastRead: '2024-02-01T10:07:00Z',
    records: 4,
    via: ['EWS', 'Graph'],
  };
  const show = (onStory?: (q: unknown) => void, withReads = true) =>
    (view = mount(
      <AlertDetail
        alert={alert()}
        events={events}
        timeline={timeline}
        params={DEFAULT_PARAMS}
        clock="utc"
        reads={withReads ? reads : null}
        onClose={() => {}}
        onExportEvents={() => {}}
        onStory={onStory}
      />,
    )).root;

  it("says what the Graph/EWS listings report of the alert's application", () => {
    expect(show().querySelector('.reads')?.textContent).toBe(
      'Through EWS and Graph, this application read 3 mailboxes in 4 records, first at 2024-02-01 10:02:00 UTC, last at 2024-02-01 10:07:00 UTC.',
    );
    view!.unmount();
    expect(show(undefined, false).querySelector('.reads')).toBeNull();
  });

  it('opens the story of its application, or of each of its six mailboxes', () => {
    const onStory = vi.fn();
    const root = show(onStory);
    expect(texts(root, '.story-links button')).toEqual(['Story of this application', ...[1, 2, 3, 4, 5, 6].map((i) => `Story of mailbox u${i}@x`)]);
    click(button(root, 'Story of this application'));
    click(button(root, 'Story of mailbox u2@x'));
    expect(onStory.mock.calls).toEqual([[{ kind: 'application', subject: 'a1b2c3d4-0000-4000-8000-00000000abcd' }], [{ kind: 'mailbox', subject: 'u2@x' }]]);
  });

  it('without a story to ask, no links', () => {
    expect(show(undefined).querySelector('.story-links')).toBeNull();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { AlertTable } from '../../src/ui/AlertTable.tsx';
import { alert } from './alerts.ts';
import { click, mount, texts } from './dom.ts';

const OUTLOOK_MOBILE = '27922004-5251-4030-b22d-91ecd9a37ea4';
const alerts = [
  alert({ time: '2024-02-01T10:00:00Z', uniqueMailboxes: 6, events: 6, srcIps: ['203.0.113.7'] }),
  alert({ time: '2024-02-01T11:20:00Z', clientAppId: OUTLOOK_MOBILE, uniqueMailboxes: 8, events: 9, srcIps: ['198.51.100.9'] }),
  alert({ time: '2024-02-01T12:00:00Z', clientInfoString: '<img src=x onerror=alert(1)>', uniqueMailboxes: 7, events: 7, srcIps: ['192.0.2.1', '192.0.2.2'] }),
];

let view: ReturnType<typeof mount> | null = null;
afterEach(() => view?.unmount());
const render = (props: Partial<Parameters<typeof AlertTable>[0]> = {}) =>
  (view = mount(<AlertTable alerts={alerts} clock="utc" selected={null} onSelect={() => {}} {...props} />));
const header = (name: string) => [...view!.root.querySelectorAll('th')].find((th) => th.textContent?.startsWith(name))!;
const column = (index: number) => texts(view!.root, `tbody td:nth-child(${index + 1})`);

describe('AlertTable', () => {
  it('is a table named "Alerts" with one row per alert, sorted by time at first', () => {
    render();
    expect(view!.root.querySelector('table')?.getAttribute('aria-label')).toBe('Alerts');
    expect(column(0)).toEqual(['2024-02-01 10:00:00 UTC', '2024-02-01 11:20:00 UTC', '2024-02-01 12:00:00 UTC']);
    expect(header('Time').getAttribute('aria-sort')).toBe('ascending');
  });

  const sorts = [
    { name: 'distinct mailboxes, most first', clicks: ['Distinct mailboxes'], column: 4, expected: ['8', '7', '6'], sort: 'descending' },
    {
      name: 'distinct mailboxes again, fewest first',
      clicks: ['Distinct mailboxes', 'Distinct mailboxes'],
      column: 4,
      expected: ['6', '7', '8'],
      sort: 'ascending',
    },
    { name: 'events, most first', clicks: ['Events'], column: 6, expected: ['9', '7', '6'], sort: 'descending' },
    { name: 'client IPs as text', clicks: ['Client IPs'], column: 5, expected: ['203.0.113.7', '198.51.100.9', '192.0.2.1, 192.0.2.2'], sort: 'descending' },
    { name: 'time reversed', clicks: ['Time'], column: 4, expected: ['7', '8', '6'], sort: 'descending' },
    { name: 'ClientAppId puts unknown apps first', clicks: ['ClientAppId'], column: 4, expected: ['6', '7', '8'], sort: 'ascending' },
  ];
  for (const { name, clicks, column: index, expected, sort } of sorts) {
    it(`sorts by ${name}`, () => {
      render();
      for (const label of clicks) click(header(label).querySelector('button'));
      expect(column(index)).toEqual(expected);
      expect(header(clicks[0]).getAttribute('aria-sort')).toBe(sort);
      expect([...view!.root.querySelectorAll('th[aria-sort=ascending], th[aria-sort=descending]')]).toHaveLength(1);
    });
  }

  it('names first-party apps and flags unknown ones', () => {
    render();
    const apps = column(2);
    expect(apps[0]).toContain('unknown app');
    expect(apps[1]).toBe(`${OUTLOOK_MOBILE} Outlook Mobile`);
  });

  it('shows markup in ClientInfoString as text, creating no element', () => {
    render();
    expect(column(3)[2]).toBe('<img src=x onerror=alert(1)>');
    expect(view!.root.querySelector('tbody img')).toBeNull();
  });

  it('shows local time with its offset when asked', () => {
    render({ clock: 'local' });
    expect(column(0)[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC[+-]\d{2}:\d{2}$/);
  });

  it('opens an alert from its row', () => {
    const onSelect = vi.fn();
    render({ onSelect });
    click(view!.root.querySelectorAll('tbody tr')[1]);
    expect(onSelect).toHaveBeenCalledWith(`2024-02-01T11:20:00Z\u0000tenant-1\u0000${OUTLOOK_MOBILE}\u0000Client=REST;Client=RESTSystem;;`);
  });

  it('draws the first 500 rows of a large list, in the chosen order, and 500 more per click', () => {
    // 1,201 alerts one minute apart; alert i has 6 + (i mod 50) mailboxes, so 55 is the most, first reached at i = 49.
    const many = Array.from({ length: 1201 }, (_, i) =>
      alert({ time: new Date(Date.UTC(2024, 1, 1) + i * 60_000).toISOString().replace('.000', ''), uniqueMailboxes: 6 + (i % 50) }),
    );
    render({ alerts: many });
    const more = () => [...view!.root.querySelectorAll('button')].find((b) => b.textContent?.startsWith('Show'));
    expect([column(0).length, column(0)[499], more()?.textContent]).toEqual([500, '2024-02-01 08:19:00 UTC', 'Show 500 more']);
    expect(view!.root.textContent).toContain('701 of 1201 alerts not shown yet');
    click(header('Distinct mailboxes').querySelector('button'));
    expect(column(4).slice(0, 2)).toEqual(['55', '55']);
    expect(column(0)[0]).toBe('2024-02-01 00:49:00 UTC');
    click(more());
    expect([column(0).length, more()?.textContent]).toEqual([1000, 'Show 201 more']);
    click(more());
    expect([column(0).length, more()]).toEqual([1201, undefined]);
  });

  it('says why the table is empty', () => {
    render({ alerts: [] });
    expect(view!.root.textContent).toContain('No alerts');
  });

  it('an empty workspace is not a clean one: it says nothing was analysed yet', () => {
    render({ alerts: [], analysed: false });
    expect(view!.root.textContent).toContain('No files analysed yet');
    expect(view!.root.textContent).not.toContain('No alerts');
  });
});

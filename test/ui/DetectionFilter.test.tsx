import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiRow, detectionsPresent, packRow, rowKey } from '../../src/ui/alert-rows.ts';
import { AlertTable } from '../../src/ui/AlertTable.tsx';
import { DetectionFilter } from '../../src/ui/DetectionFilter.tsx';
import { toRow } from '../../src/worker/api.ts';
import { alert } from './alerts.ts';
import { click, mount, texts, type } from './dom.ts';
import { packAlert } from '../fixtures/detections/pack-alerts.ts';

let view: ReturnType<typeof mount> | null = null;
afterEach(() => view?.unmount());

const CONSENT = packAlert({
  detection: '50eaabf8-5180-4e86-bfb2-011472c359fc',
  key: '50eaabf8-5180-4e86-bfb2-011472c359fc',
  detectionName: 'O365 Tenant Wide Admin Consent Granted',
  firstTime: '2024-03-01T09:00:00Z',
  lastTime: '2024-03-01T09:00:00Z',
  risk: 45,
  fields: {},
  mailboxes: [],
  recordIds: ['rec-1'],
});
const VARIANT = packAlert({ key: '68469fd0-1315-44ba-b7e4-e92847bb76d6:analyst', recordIds: ['rec-10'] });
// The API-read alert at 09:30, the consent at 09:00, the forwarding rule (ESCU and analyst) at 09:45.
const rows = [apiRow(toRow(alert({ time: '2024-03-01T09:30:00Z' }))), packRow(CONSENT), packRow(packAlert()), packRow(VARIANT)];

describe('detections in the alert table', () => {
  it('every row names its detection, the API-read rule too; the pack rows fill what they have', () => {
    view = mount(<AlertTable alerts={rows} clock="utc" selected={null} onSelect={() => {}} />);
    expect(texts(view.root, 'thead th').at(-1)).toBe('Detection');
    expect(texts(view.root, 'tbody td:nth-child(9)')).toEqual([
      'O365 Tenant Wide Admin Consent Granted',
      'O365 Multiple Mailboxes Accessed via API',
      'O365 New Email Forwarding Rule Created',
      'O365 New Email Forwarding Rule Created (analyst variant)',
    ]);
    // Risk: 45, 42, 42, 42; mailboxes: none named by the consent, 6 read, 1 forwarded.
    expect(texts(view.root, 'tbody td:nth-child(8)')).toEqual(['45', '42', '42', '42']);
    expect(texts(view.root, 'tbody td:nth-child(5)')).toEqual(['', '6', '1', '1']);
  });

  it('sorts by detection name, then reversed', () => {
    view = mount(<AlertTable alerts={rows} clock="utc" selected={null} onSelect={() => {}} />);
    const sortButton = [...view.root.querySelectorAll('th button')].find((b) => b.textContent?.startsWith('Detection'));
    click(sortButton);
    expect(texts(view.root, 'tbody td:nth-child(1)')).toEqual([
      '2024-03-01 09:30:00 UTC',
      '2024-03-01 09:45:00 UTC',
      '2024-03-01 09:45:00 UTC',
      '2024-03-01 09:00:00 UTC',
    ]);
    click(sortButton);
    expect(texts(view.root, 'tbody td:nth-child(9)')[0]).toBe('O365 Tenant Wide Admin Consent Granted');
  });

  it('a pack row is selected by its own key, apart from another with the same time and application', () => {
    const onSelect = vi.fn();
    view = mount(<AlertTable alerts={rows} clock="utc" selected={null} onSelect={onSelect} />);
    click(view.root.querySelectorAll('tbody tr')[2].querySelector('button'));
    click(view.root.querySelectorAll('tbody tr')[3].querySelector('button'));
    expect(onSelect.mock.calls.map(([key]) => key)).toEqual([rowKey(rows[2]), rowKey(rows[3])]);
    expect(rowKey(rows[2])).not.toBe(rowKey(rows[3]));
  });
});

describe('DetectionFilter', () => {
  const options = detectionsPresent(rows);

  it('lists each detection present once, by name, after "All detections"', () => {
    view = mount(<DetectionFilter options={options} value="" onChange={() => {}} />);
    expect(texts(view.root, 'option')).toEqual([
      'All detections',
      'O365 Multiple Mailboxes Accessed via API',
      'O365 New Email Forwarding Rule Created',
      'O365 New Email Forwarding Rule Created (analyst variant)',
      'O365 Tenant Wide Admin Consent Granted',
    ]);
    expect(view.root.querySelector('label')?.textContent).toMatch(/^Filter by detection/);
  });

  it("answers the chosen detection's key", () => {
    const onChange = vi.fn();
    view = mount(<DetectionFilter options={options} value="" onChange={onChange} />);
    type(view.root.querySelector('select'), '68469fd0-1315-44ba-b7e4-e92847bb76d6:analyst', 'change');
    expect(onChange).toHaveBeenCalledWith('68469fd0-1315-44ba-b7e4-e92847bb76d6:analyst');
  });
});

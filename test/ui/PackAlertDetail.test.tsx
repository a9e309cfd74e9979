import { afterEach, describe, expect, it, vi } from 'vitest';
import { PackAlertDetail } from '../../src/ui/PackAlertDetail.tsx';
import { button, click, mount, texts } from './dom.ts';
import { APP, packAlert } from '../fixtures/detections/pack-alerts.ts';

let view: ReturnType<typeof mount> | null = null;
afterEach(() => view?.unmount());

/** The facts list as [term, description] pairs. */
const facts = (root: HTMLElement) => {
  const terms = texts(root, 'dl dt');
  const descriptions = texts(root, 'dl dd');
  return terms.map((t, i) => [t, descriptions[i]]);
};

describe('PackAlertDetail', () => {
  it('names the detection and lists the fields its search groups by: who, which mailbox, the forwarding target', () => {
    view = mount(<PackAlertDetail alert={packAlert()} clock="utc" onClose={() => {}} onStory={() => {}} />);
    expect(view.root.querySelector('h2')?.textContent).toBe('Alert: O365 New Email Forwarding Rule Created');
    expect(facts(view.root)).toEqual([
      ['Detection', 'ESCU 68469fd0-1315-44ba-b7e4-e92847bb76d6, version 7 (TTP)'],
      ['Time', '2024-03-01 09:45:00 UTC'],
      ['Risk object', 'm1@contoso.example'],
      ['user', 'm1@contoso.example'],
      ['ForwardTo', 'drop@attacker.example'],
      ['src', '192.0.2.44'],
      ['Mailboxes', 'm1@contoso.example'],
      ['Applications', APP],
      ['Records', '1 (rec-9)'],
      ['MITRE ATT&CK', 'T1114.003, risk 42'],
    ]);
  });

  it('a per-window alert shows its window and the values it collected; an analyst variant says so', () => {
    const alert = packAlert({
      key: '1435475e-2128-4417-a34f-59770733b0d5:analyst',
      detectionName: 'O365 Mailbox Folder Read Permission Assigned',
      window: '2024-03-01T09:00:00Z',
      firstTime: '2024-03-01T09:05:00Z',
      lastTime: '2024-03-01T09:20:00Z',
      fields: { user: 'admin@contoso.example' },
      values: { MemberRights: ['ReadAny', 'FolderVisible'], empty: [] },
      applications: [],
    });
    view = mount(<PackAlertDetail alert={alert} clock="utc" onClose={() => {}} onStory={() => {}} />);
    expect(view.root.querySelector('h2')?.textContent).toBe('Alert: O365 Mailbox Folder Read Permission Assigned (analyst variant)');
    const list = facts(view.root);
    expect(list[1]).toEqual(['Window', '2024-03-01 09:05:00 UTC to 2024-03-01 09:20:00 UTC']);
    expect(list).toContainEqual(['MemberRights', 'ReadAny, FolderVisible']);
    expect(list.map(([t]) => t)).not.toContain('empty');
    expect(list).toContainEqual(['Applications', 'none named']);
  });

  it('opens the story of its application or its mailbox, lower-cased', () => {
    const onStory = vi.fn();
    view = mount(<PackAlertDetail alert={packAlert({ mailboxes: ['M1@Contoso.example'] })} clock="utc" onClose={() => {}} onStory={onStory} />);
    click(button(view.root, 'Story of this application'));
    click(button(view.root, 'Story of this mailbox'));
    expect(onStory.mock.calls).toEqual([[{ kind: 'application', subject: APP }], [{ kind: 'mailbox', subject: 'm1@contoso.example' }]]);
  });
});

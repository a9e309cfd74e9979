import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Story, StoryEntry } from '../../src/core/detections/story.ts';
import { StoryView } from '../../src/ui/StoryView.tsx';
import { button, click, mount, texts } from './dom.ts';
import { APP } from '../fixtures/detections/pack-alerts.ts';

let view: ReturnType<typeof mount> | null = null;
afterEach(() => view?.unmount());

const entry = (overrides: Partial<StoryEntry>): StoryEntry => ({
  time: '2024-03-01T09:00:00Z',
  end: '2024-03-01T09:00:00Z',
  source: 'pack',
  detection: '50eaabf8-5180-4e86-bfb2-011472c359fc',
  key: '50eaabf8-5180-4e86-bfb2-011472c359fc',
  detectionName: 'O365 Tenant Wide Admin Consent Granted',
  risk: 45,
  technique: 'T1098.003',
  summary: 'admin consented to MailSyncPro',
  mailboxes: [],
  mailboxCount: overrides.mailboxes?.length ?? 0,
  applications: [APP],
  ...overrides,
});

// Consent (45), the API read (42), the Graph reads as context: 2 alerts, summed risk 87, 09:00 to 09:36.
const story: Story = {
  kind: 'application',
  subject: APP,
  first: '2024-03-01T09:00:00Z',
  last: '2024-03-01T09:36:00Z',
  risk: 87,
  entries: [
    entry({}),
    entry({
      time: '2024-03-01T09:30:00Z',
      end: '2024-03-01T09:36:00Z',
      source: 'api-read',
      key: '7cd853e9-d370-412f-965d-a2bcff2a2908',
      detectionName: 'O365 Multiple Mailboxes Accessed via API',
      risk: 42,
      technique: 'T1114.002',
      summary: 'read 7 mailboxes',
    }),
    entry({
      time: '2024-03-01T09:30:00Z',
      source: 'context',
      key: '',
      detection: '',
      detectionName: 'Mailbox reads via Graph',
      risk: 0,
      summary: `${APP} read 7 mailboxes`,
    }),
  ],
};

describe('StoryView', () => {
  it('is a region headed by its subject, with the alerts counted and their risk summed', () => {
    view = mount(<StoryView story={story} clock="utc" onClose={() => {}} />);
    const region = view.root.querySelector('section')!;
    expect(region.getAttribute('aria-labelledby')).toBe('story-heading');
    expect(view.root.querySelector('#story-heading')?.textContent).toBe(`Story of application ${APP}`);
    expect(view.root.querySelector('p')?.textContent).toBe('2 alerts from 2024-03-01 09:00:00 UTC to 2024-03-01 09:36:00 UTC; summed risk 87.');
  });

  it('lists every entry oldest first: time, kind, detection; context has no risk', () => {
    view = mount(<StoryView story={story} clock="utc" onClose={() => {}} />);
    expect(view.root.querySelector('ol')?.getAttribute('aria-label')).toBe('Time line, oldest first');
    expect(texts(view.root, 'li time')).toEqual(['2024-03-01 09:00:00 UTC', '2024-03-01 09:30:00 UTC', '2024-03-01 09:30:00 UTC']);
    expect(texts(view.root, 'li .story-source')).toEqual(['detection', 'API-read alert', 'context']);
    expect(texts(view.root, 'li .story-name')).toEqual([
      'O365 Tenant Wide Admin Consent Granted',
      'O365 Multiple Mailboxes Accessed via API',
      'Mailbox reads via Graph',
    ]);
    expect(texts(view.root, 'li .story-risk')).toEqual(['risk 45, T1098.003', 'risk 42, T1114.002']);
    expect([...view.root.querySelectorAll('li time')].map((t) => t.getAttribute('datetime'))).toEqual([
      '2024-03-01T09:00:00Z',
      '2024-03-01T09:30:00Z',
      '2024-03-01T09:30:00Z',
    ]);
  });

  it('closes with its button', () => {
    const onClose = vi.fn();
    view = mount(<StoryView story={story} clock="utc" onClose={onClose} />);
    click(button(view.root, 'Close story'));
    expect(onClose).toHaveBeenCalledOnce();
  });
});

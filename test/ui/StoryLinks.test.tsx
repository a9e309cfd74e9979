import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_MAILBOX_LINKS, StoryLinks } from '../../src/ui/StoryLinks.tsx';
import { button, click, mount, texts } from './dom.ts';
import { APP } from '../fixtures/detections/pack-alerts.ts';

let view: ReturnType<typeof mount> | null = null;
afterEach(() => view?.unmount());

describe('StoryLinks', () => {
  const cases = [
    { name: 'one of each: "this"', applications: [APP], mailboxes: ['m1@x'], expected: ['Story of this application', 'Story of this mailbox'] },
    {
      name: 'several mailboxes: each named',
      applications: [APP],
      mailboxes: ['m1@x', 'm2@x'],
      expected: ['Story of this application', 'Story of mailbox m1@x', 'Story of mailbox m2@x'],
    },
    { name: 'no application (a content search export)', applications: [], mailboxes: ['m1@x'], expected: ['Story of this mailbox'] },
  ];
  it.each(cases)('$name', ({ applications, mailboxes, expected }) => {
    view = mount(<StoryLinks applications={applications} mailboxes={mailboxes} onStory={() => {}} />);
    expect(texts(view.root, 'button')).toEqual(expected);
    expect(view.root.querySelector('nav')?.getAttribute('aria-label')).toBe('Stories of this alert');
  });

  it('nothing to tell: no links at all', () => {
    view = mount(<StoryLinks applications={[]} mailboxes={[]} onStory={() => {}} />);
    expect(view.root.innerHTML).toBe('');
  });

  it(`lists ${MAX_MAILBOX_LINKS} mailboxes and says how many more: 25 gives 20 and 5`, () => {
    const mailboxes = Array.from({ length: 25 }, (_, i) => `m${i + 1}@x`);
    view = mount(<StoryLinks applications={[]} mailboxes={mailboxes} onStory={() => {}} />);
    expect(view.root.querySelectorAll('button')).toHaveLength(20);
    expect(view.root.querySelector('.muted')?.textContent).toBe('5 more mailboxes not listed');
  });

  it('asks for the subject lower-cased, as the stories key it', () => {
    const onStory = vi.fn();
    view = mount(<StoryLinks applications={['5F91CE94-4CC5-4EBE-AEB6-F074E57201BB']} mailboxes={['M1@X']} onStory={onStory} />);
    click(button(view.root, 'Story of this application'));
    click(button(view.root, 'Story of this mailbox'));
    expect(onStory.mock.calls).toEqual([[{ kind: 'application', subject: APP }], [{ kind: 'mailbox', subject: 'm1@x' }]]);
  });
});

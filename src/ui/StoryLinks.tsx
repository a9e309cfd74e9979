import type { StoryQuestion } from '../worker/api.ts';

interface Props {
  /** The applications (ClientAppId or AppId) and mailboxes the alert touches. */
  applications: string[];
  mailboxes: string[];
  onStory(question: StoryQuestion): void;
}

/** Buttons past this many mailboxes are left out: an API-read alert may name hundreds. */
export const MAX_MAILBOX_LINKS = 20;

/**
 * The stories an alert opens: one per application and per mailbox it names. With one of a kind the button
 * says "this"; with several each names its subject, so every button's name is its own.
 */
export function StoryLinks({ applications, mailboxes, onStory }: Props) {
  const shown = mailboxes.slice(0, MAX_MAILBOX_LINKS);
  const open = (kind: StoryQuestion['kind'], subject: string) => () => onStory({ kind, subject: subject.toLowerCase() });
  if (!applications.length && !mailboxes.length) return null;
  return (
    <nav class="story-links" aria-label="Stories of this alert">
      {applications.map((app) => (
        <button key={`a${app}`} type="button" onClick={open('application', app)}>
          {applications.length === 1 ? 'Story of this application' : `Story of application ${app}`}
        </button>
      ))}
      {shown.map((mailbox) => (
        <button key={`m${mailbox}`} type="button" onClick={open('mailbox', mailbox)}>
          {mailboxes.length === 1 ? 'Story of this mailbox' : `Story of mailbox ${mailbox}`}
        </button>
      ))}
      {mailboxes.length > shown.length && <span class="muted">{mailboxes.length - shown.length} more mailboxes not listed</span>}
    </nav>
  );
}

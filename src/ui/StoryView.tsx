import type { Story, StoryEntry } from '../core/detections/story.ts';
import { detectionLabel } from './alert-rows.ts';
import { DetailHeading } from './DetailHeading.tsx';
import { formatTime, type Clock } from './format.ts';

interface Props {
  story: Story;
  clock: Clock;
  onClose(): void;
}

const SOURCE_LABELS: Record<StoryEntry['source'], string> = { pack: 'detection', 'api-read': 'API-read alert', context: 'context' };

/**
 * One application's or mailbox's time line, oldest first: every alert touching it (the pack's and the
 * API-read rule's) and, as context, the Graph/EWS reads that name it. Opening it moves focus to its heading.
 */
export function StoryView({ story, clock, onClose }: Props) {
  const alerts = story.entries.filter((e) => e.source !== 'context').length;
  return (
    <section class="story" aria-labelledby="story-heading">
      <DetailHeading id="story-heading" shows={[story.kind, story.subject]} closeLabel="Close story" onClose={onClose}>
        Story of {story.kind} <span class="mono">{story.subject}</span>
      </DetailHeading>
      <p>
        {alerts} alert{alerts === 1 ? '' : 's'} from {formatTime(story.first, clock)} to {formatTime(story.last, clock)}; summed risk {story.risk}.
      </p>
      <ol class="story-entries" aria-label="Time line, oldest first">
        {story.entries.map((e, i) => (
          <li key={i} class={`story-entry ${e.source}`}>
            <time dateTime={e.time}>{formatTime(e.time, clock)}</time>
            <span class="story-source">{SOURCE_LABELS[e.source]}</span>
            <strong class="story-name">{e.key ? detectionLabel(e.detectionName, e.key) : e.detectionName}</strong>
            {e.source !== 'context' && (
              <span class="story-risk">
                risk {e.risk}, {e.technique}
              </span>
            )}
            <span class="story-summary">{e.summary}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

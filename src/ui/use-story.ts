// The story open on the page: asked of the worker (use-workspace.ts story()) when a story link is clicked;
// an answer overtaken by a newer question is dropped, and a question no alert answers says so.

import { useCallback, useRef, useState } from 'preact/hooks';
import type { Story } from '../core/detections/story.ts';
import type { StoryQuestion } from '../worker/api.ts';

export function useStory(ask: (question: StoryQuestion) => Promise<Story | null>) {
  const [story, setStory] = useState<Story | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const asked = useRef(0);
  const open = useCallback(
    (question: StoryQuestion) => {
      const mine = ++asked.current;
      ask(question).then(
        (answer) => {
          if (mine !== asked.current) return;
          setStory(answer);
          setNote(answer ? null : `No alert touches ${question.kind} ${question.subject}.`);
        },
        () => {},
      );
    },
    [ask],
  );
  const close = useCallback(() => {
    asked.current++;
    setStory(null);
    setNote(null);
  }, []);
  return { story, note, open, close };
}

import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

interface Props {
  id: string;
  /** What the panel shows: when it changes, the panel comes into view and its heading takes focus. */
  shows: unknown[];
  closeLabel?: string;
  onClose(): void;
  children: ComponentChildren;
}

/** A panel's heading and its Close button. Opening the panel lands a keyboard or screen reader user on the heading. */
export function DetailHeading({ id, shows, closeLabel = 'Close', onClose, children }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.scrollIntoView?.({ block: 'start' });
    heading.current?.focus({ preventScroll: true });
  }, shows);
  return (
    <div class="detail-head">
      <h2 id={id} ref={heading} tabIndex={-1}>
        {children}
      </h2>
      <button type="button" onClick={onClose}>
        {closeLabel}
      </button>
    </div>
  );
}

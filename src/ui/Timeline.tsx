import { formatSpan } from '../core/time.ts';
import { formatTime, type Clock } from './format.ts';

interface Props {
  windows: { start: number; mailboxes: number }[];
  threshold: number;
  spanMs: number;
  /** The alert's own span, [from, to) in epoch ms, highlighted. */
  from: number;
  to: number;
  clock: Clock;
}

const W = 640;
const H = 160;
const PAD = { left: 36, right: 8, top: 10, bottom: 26 };

/** Distinct mailboxes per window for one application, with the threshold the rule compares against. */
export function Timeline({ windows, threshold, spanMs, from, to, clock }: Props) {
  if (!windows.length) return null;
  // A few empty windows either side of the alert, so a lone burst reads as a bar and not as the whole chart.
  const first = Math.min(windows[0].start, from - 3 * spanMs);
  const last = Math.max(windows[windows.length - 1].start + spanMs, to + 3 * spanMs);
  const maxY = Math.max(threshold + 1, ...windows.map((w) => w.mailboxes));
  const x = (t: number) => PAD.left + ((t - first) / (last - first)) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / maxY) * (H - PAD.top - PAD.bottom);
  const barWidth = Math.max(1, x(first + spanMs) - x(first) - 1);
  const label = `Distinct mailboxes per ${formatSpan(spanMs)} window for this application; threshold ${threshold} (alert above it).`;
  return (
    <figure class="timeline">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
        <line x1={PAD.left} y1={y(0)} x2={W - PAD.right} y2={y(0)} class="axis" />
        {[0, Math.ceil(maxY / 2), maxY].map((v) => (
          <text key={v} x={PAD.left - 4} y={y(v) + 4} class="tick" text-anchor="end">
            {v}
          </text>
        ))}
        {windows.map((w) => (
          <rect
            key={w.start}
            x={x(w.start)}
            y={y(w.mailboxes)}
            width={barWidth}
            height={y(0) - y(w.mailboxes)}
            class={w.start + spanMs > from && w.start < to ? 'bar hit' : w.mailboxes > threshold ? 'bar over' : 'bar'}
          >
            <title>{`${formatTime(w.start, clock)}: ${w.mailboxes} mailboxes`}</title>
          </rect>
        ))}
        <line x1={PAD.left} y1={y(threshold)} x2={W - PAD.right} y2={y(threshold)} class="threshold" data-testid="threshold-line" />
        <text x={W - PAD.right} y={y(threshold) - 4} class="tick" text-anchor="end">
          threshold {threshold}
        </text>
        <text x={PAD.left} y={H - 6} class="tick">
          {formatTime(first, clock)}
        </text>
        <text x={W - PAD.right} y={H - 6} class="tick" text-anchor="end">
          {formatTime(last, clock)}
        </text>
      </svg>
      <figcaption>{label}</figcaption>
    </figure>
  );
}

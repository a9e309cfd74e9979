import { useMemo, useState } from 'preact/hooks';
import { API_READ_DETECTION } from '../core/detections/story.ts';
import type { AlertRow } from '../worker/api.ts';
import { detectionLabel, rowKey, type DetectionTag } from './alert-rows.ts';
import { COLUMNS, sortAlerts, type SortDirection, type SortKey } from './alert-sort.ts';
import { AppName } from './AppName.tsx';
import { formatTime, type Clock } from './format.ts';

interface Props {
  /** The rule's alerts and the pack's (alert-rows.ts); a row without a detection is the API-read rule's. */
  alerts: (AlertRow & Partial<DetectionTag>)[];
  /** Whether any file was analysed: with none, "no alerts" would claim a look that never happened. */
  analysed?: boolean;
  /** Keys of alerts near a gap in the evidence (core/evidence.ts): marked, since they may be missing mailboxes. */
  nearGap?: Set<string>;
  clock: Clock;
  selected: string | null;
  onSelect(key: string): void;
}

/** Rows drawn at first, and added per click: a large workspace can hold tens of thousands of alerts, and
 * drawing them all made every re-tuning take seconds. Sorting and Export CSV always cover every alert. */
export const ROWS_PER_PAGE = 500;

/** One row per alert; every header sorts (again to reverse). Audit strings are rendered as text only. */
export function AlertTable({ alerts, analysed = true, nearGap, clock, selected, onSelect }: Props) {
  const [sort, setSort] = useState<{ key: SortKey; direction: SortDirection }>({ key: 'time', direction: 'ascending' });
  const [shown, setShown] = useState(ROWS_PER_PAGE);
  const rows = useMemo(() => sortAlerts(alerts, sort.key, sort.direction), [alerts, sort]);
  const toggle = (key: SortKey) =>
    setSort((s) => ({
      key,
      direction:
        s.key === key && s.direction === 'ascending'
          ? 'descending'
          : s.key === key
            ? 'ascending'
            : key === 'time' || key === 'tenant' || key === 'app' || key === 'clientInfoString' || key === 'detection'
              ? 'ascending'
              : 'descending',
    }));
  return (
    <div class="table-wrap">
      <table aria-label="Alerts" class="alerts">
        <thead>
          <tr>
            {COLUMNS.map(({ key, label }) => (
              <th key={key} scope="col" aria-sort={sort.key === key ? sort.direction : 'none'}>
                <button type="button" class="sort" onClick={() => toggle(key)}>
                  {label}
                  <span aria-hidden="true">{sort.key === key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}</span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, shown).map((a) => {
            const key = rowKey(a);
            return (
              <tr
                key={key}
                class={[key === selected ? 'selected' : '', nearGap?.has(key) ? 'near-gap' : ''].join(' ').trim() || undefined}
                onClick={() => onSelect(key)}
              >
                <td>
                  <button type="button" class="link" onClick={(e) => (e.stopPropagation(), onSelect(key))}>
                    {formatTime(a.time, clock)}
                  </button>
                  {nearGap?.has(key) && (
                    <span
                      class="tag"
                      role="img"
                      aria-label="near a gap in the evidence"
                      title="Within one window of a stretch no file covers: more mailboxes may have been read there"
                    />
                  )}
                </td>
                <td>{a.tenant}</td>
                <td>{a.pack ? a.pack.applications.map((id) => <AppName key={id} clientAppId={id} />) : <AppName clientAppId={a.clientAppId} />}</td>
                <td class="mono">{a.clientInfoString}</td>
                <td class="num">{a.pack && !a.uniqueMailboxes ? '' : a.uniqueMailboxes}</td>
                <td class="mono">{a.srcIps.join(', ')}</td>
                <td class="num">{a.events}</td>
                <td class="num">{a.riskScore}</td>
                <td>{a.detectionName ? detectionLabel(a.detectionName, a.detectionKey ?? '') : API_READ_DETECTION.name}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length > shown && (
        <p class="more-rows">
          <button type="button" onClick={() => setShown((n) => n + ROWS_PER_PAGE)}>
            Show {Math.min(ROWS_PER_PAGE, rows.length - shown)} more
          </button>{' '}
          <span class="muted">
            {rows.length - shown} of {rows.length} alerts not shown yet (sorting covers all of them; Export CSV writes all)
          </span>
        </p>
      )}
      {!alerts.length &&
        (analysed ? (
          <p class="muted">No alerts: no application read more mailboxes than the threshold in one window, and no detection of the pack matched.</p>
        ) : (
          <p class="muted">No files analysed yet: drop exports above, or load the sample data.</p>
        ))}
    </div>
  );
}

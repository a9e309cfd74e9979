import type { ImportRecord } from '../storage/workspace-db.ts';
import type { ImportProgress } from '../worker/api.ts';
import { listedProblems } from '../core/file-summary.ts';
import { formatBytes, formatEta } from './format.ts';

interface Props {
  name: string;
  size: number;
  record: ImportRecord | null;
  job: { state: 'queued' | 'running'; progress: ImportProgress | null } | null;
  onCancel(): void;
}

/** One input file: live progress while it streams, then what it was read as and what went wrong. */
export function ImportItem({ name, size, record, job, onCancel }: Props) {
  const summary = record?.summary;
  const progress = job?.progress;
  const { listed, more } = summary ? listedProblems(summary) : { listed: [], more: 0 };
  const status = job ? (job.state === 'queued' ? 'waiting' : 'reading') : record?.summary.unsupported ? 'not analysed' : (record?.status ?? 'waiting');
  return (
    <li class={`import import-${status.replace(' ', '-')}`} data-testid="import">
      <div class="import-head">
        <strong class="import-name">{name}</strong> <span class="muted">{formatBytes(size)}</span> <span class="badge">{status}</span>
        {job && (
          <button type="button" class="small" onClick={onCancel} aria-label={`Cancel ${name}`}>
            Cancel
          </button>
        )}
      </div>
      {job?.state === 'running' && (
        <div class="import-progress">
          <progress max={size || 1} value={progress?.bytesDone ?? 0} aria-label={`Progress of ${name}`} />
          <span>
            {progress ? (
              <>
                {progress.format}: {formatBytes(progress.bytesDone)} of {formatBytes(progress.bytesTotal)}, {progress.records} records,{' '}
                {progress.mbPerSecond.toFixed(1)} MB/s, {formatEta(progress.etaSeconds)} left
              </>
            ) : (
              'starting'
            )}
          </span>
        </div>
      )}
      {!job && summary && !summary.unsupported && (
        <p class="import-summary">
          {summary.format}, {summary.encoding}: <span data-testid="records">{summary.records}</span> records,{' '}
          <span data-testid="selected">{summary.selected}</span> read by the rule,{' '}
          {summary.unjudged ? (
            <>
              <span data-testid="unjudged">{summary.unjudged}</span> could not be judged,{' '}
            </>
          ) : null}
          {summary.skipped} skipped, <span data-testid="duplicates">{summary.duplicates}</span> already in the workspace
        </p>
      )}
      {summary?.unsupported && <p class="problem">{summary.unsupported}</p>}
      {!job &&
        !summary?.unsupported &&
        (summary?.warnings ?? []).map((warning) => (
          <p key={warning} class="problem" data-testid="warning">
            {warning}
          </p>
        ))}
      {!job && record?.status === 'incomplete' && <p class="problem">{record.note || 'Incomplete.'}</p>}
      {listed.length > 0 && (
        <ul class="problems" aria-label={`Problems in ${name}`}>
          {listed.map((p) => (
            <li key={`${p.line}:${p.message}`}>
              line {p.line}: {p.message}
            </li>
          ))}
          {more > 0 && <li>… and {more} more</li>}
        </ul>
      )}
    </li>
  );
}

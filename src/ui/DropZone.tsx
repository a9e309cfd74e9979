import { useState } from 'preact/hooks';
import { parseOffset } from '../core/csv-layout.ts';

interface Props {
  onFiles(files: File[]): void;
  onSample(): void;
  /** The offset from UTC for exports written in the exporting machine's local time ('' when none). */
  timeOffset: string;
  onTimeOffset(offset: string): void;
}

/**
 * Where files come in: dropped anywhere on the zone, picked with the file input, or the built-in demo. The
 * offset field answers the one question some exports leave open: which zone their local times are in.
 */
export function DropZone({ onFiles, onSample, timeOffset, onTimeOffset }: Props) {
  const [over, setOver] = useState(false);
  const take = (list: FileList | null | undefined) => {
    const files = list ? Array.from(list) : [];
    if (files.length) onFiles(files);
  };
  return (
    <div
      class={over ? 'drop-zone over' : 'drop-zone'}
      data-testid="drop-zone"
      onDragEnter={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragOver={(e) => {
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        take(e.dataTransfer?.files);
      }}
    >
      <p>
        Drop unified audit log exports here (CSV, JSON, JSON Lines: Purview, PowerShell, Graph, Sentinel, Defender, Splunk), or{' '}
        <label class="file-button">
          choose files
          <input
            type="file"
            multiple
            accept=".csv,.tsv,.json,.jsonl,.ndjson,.log,.txt,text/csv,text/tab-separated-values,text/plain,application/json"
            onChange={(e) => {
              const input = e.currentTarget;
              take(input.files);
              input.value = '';
            }}
          />
        </label>
        . They are read on this machine and never uploaded.
      </p>
      <button type="button" onClick={onSample}>
        Load sample data
      </button>
      <p class="time-offset">
        <label>
          Exports in local time were written at UTC{' '}
          <input
            type="text"
            size={7}
            placeholder="+02:00"
            value={timeOffset}
            aria-invalid={timeOffset !== '' && parseOffset(timeOffset) === null}
            onInput={(e) => onTimeOffset(e.currentTarget.value.trim())}
          />
        </label>{' '}
        <span class="muted">
          {timeOffset !== '' && parseOffset(timeOffset) === null
            ? 'Write an offset such as +02:00 or -05:00.'
            : 'Only for exports whose time column says "Local Time"; others state their zone.'}
        </span>
      </p>
    </div>
  );
}

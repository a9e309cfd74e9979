import { useState } from 'preact/hooks';

interface Props {
  onFiles(files: File[]): void;
  onSample(): void;
}

/** Where files come in: dropped anywhere on the zone, picked with the file input, or the built-in demo. */
export function DropZone({ onFiles, onSample }: Props) {
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
            accept=".csv,.json,.jsonl,.ndjson,.txt,text/csv,application/json"
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
    </div>
  );
}

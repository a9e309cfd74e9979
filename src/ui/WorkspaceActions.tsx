import { useState } from 'preact/hooks';

interface Props {
  alertCount: number;
  importCount: number;
  busy: boolean;
  onExportCsv(): void;
  onExportProvenance(): void;
  onClear(): Promise<void>;
}

/** Report out, provenance out, and emptying the workspace (only after saying what will be lost). */
export function WorkspaceActions({ alertCount, importCount, busy, onExportCsv, onExportProvenance, onClear }: Props) {
  const [confirming, setConfirming] = useState(false);
  return (
    <div class="actions">
      <button type="button" onClick={onExportCsv} disabled={!alertCount}>
        Export CSV
      </button>
      <button type="button" onClick={onExportProvenance} disabled={!importCount}>
        Export provenance JSON
      </button>
      {!confirming ? (
        <button type="button" class="danger" onClick={() => setConfirming(true)} disabled={busy || !importCount}>
          Clear workspace
        </button>
      ) : (
        <span class="confirm" role="alertdialog" aria-label="Confirm clearing the workspace">
          Delete all {importCount} imports, their events and the rule settings from this browser?{' '}
          <button
            type="button"
            class="danger"
            onClick={async () => {
              setConfirming(false);
              await onClear();
            }}
          >
            Delete everything
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </span>
      )}
    </div>
  );
}

interface Props {
  busy: boolean;
  onUpdate(): void;
}

/** A new version is waiting: the responder chooses when to reload, and never while a file is being read. */
export function UpdatePrompt({ busy, onUpdate }: Props) {
  return (
    <p class="update" role="status">
      A new version of UAL Triage is ready.{' '}
      <button type="button" onClick={onUpdate} disabled={busy}>
        {busy ? 'Reload after the import finishes' : 'Reload to update'}
      </button>
    </p>
  );
}

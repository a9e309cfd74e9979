import { useEffect, useState } from 'preact/hooks';
import { formatSpan, parseSpan } from '../core/time.ts';
import type { RuleParams } from '../core/types.ts';

interface Props {
  params: RuleParams;
  onChange(params: RuleParams): void;
}

const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** The rule's tunable half. Every valid edit applies at once; the alerts are recomputed from stored events. */
export function RuleSettings({ params, onChange }: Props) {
  const [span, setSpan] = useState(formatSpan(params.spanMs));
  const [threshold, setThreshold] = useState(String(params.threshold));
  const [apps, setApps] = useState(params.allowApps.join('\n'));
  const [ips, setIps] = useState(params.allowIps.join('\n'));
  // Follow changes made elsewhere (a cleared workspace), without fighting the text being typed.
  useEffect(() => {
    if (parseSpan(span) !== params.spanMs) setSpan(formatSpan(params.spanMs));
    if (Number(threshold) !== params.threshold) setThreshold(String(params.threshold));
    if (!sameList(lines(apps), params.allowApps)) setApps(params.allowApps.join('\n'));
    if (!sameList(lines(ips), params.allowIps)) setIps(params.allowIps.join('\n'));
  }, [params]);
  const spanValid = !Number.isNaN(parseSpan(span));
  const thresholdValid = /^\d+$/.test(threshold.trim());

  return (
    <form class="rule" aria-label="Rule settings" onSubmit={(e) => e.preventDefault()}>
      <label>
        Threshold (alert when distinct mailboxes exceed it)
        <input
          type="number"
          min={0}
          step={1}
          value={threshold}
          aria-invalid={!thresholdValid}
          onInput={(e) => {
            const text = e.currentTarget.value;
            setThreshold(text);
            if (/^\d+$/.test(text.trim())) onChange({ ...params, threshold: Number(text) });
          }}
        />
      </label>
      <label>
        Span
        <input
          type="text"
          value={span}
          aria-invalid={!spanValid}
          aria-describedby="span-help"
          onInput={(e) => {
            const text = e.currentTarget.value;
            setSpan(text);
            const ms = parseSpan(text);
            if (!Number.isNaN(ms)) onChange({ ...params, spanMs: ms });
          }}
        />
        <small id="span-help" class={spanValid ? 'muted' : 'problem'}>
          {spanValid ? 'e.g. 10m, 600s, 1h' : 'Write a duration such as 10m, 600s or 1h.'}
        </small>
      </label>
      <label>
        Windows
        <select value={params.window} onChange={(e) => onChange({ ...params, window: e.currentTarget.value as RuleParams['window'] })}>
          <option value="tumbling">Tumbling (Splunk's bucket span)</option>
          <option value="sliding">Sliding (catches bursts across bucket edges)</option>
        </select>
      </label>
      <label>
        Mailbox identity
        <select value={params.profile} onChange={(e) => onChange({ ...params, profile: e.currentTarget.value as RuleParams['profile'] })}>
          <option value="mailbox">Mailbox read (MailboxOwnerUPN)</option>
          <option value="splunk">UserId (Splunk's dc(user))</option>
        </select>
      </label>
      <ListField label="Allow-listed ClientAppIds (one a line)" text={apps} setText={setApps} onList={(allowApps) => onChange({ ...params, allowApps })} />
      <ListField label="Allow-listed client IPs (one a line)" text={ips} setText={setIps} onList={(allowIps) => onChange({ ...params, allowIps })} />
    </form>
  );
}

function ListField({ label, text, setText, onList }: { label: string; text: string; setText(text: string): void; onList(list: string[]): void }) {
  return (
    <label>
      {label}
      <textarea
        rows={3}
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
          onList(lines(e.currentTarget.value));
        }}
      />
    </label>
  );
}

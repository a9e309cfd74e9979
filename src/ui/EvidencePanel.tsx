import type { Evidence } from '../core/evidence.ts';
import { formatTime, type Clock } from './format.ts';

interface Props {
  evidence: Evidence;
  clock: Clock;
}

/** What the evidence cannot show, beside the alerts: the same findings the command line prints. */
export function EvidencePanel({ evidence: e, clock }: Props) {
  const at = (time: string | null) => (time ? formatTime(time, clock) : '-');
  const alertName = (a: { time: string; clientAppId: string }) => `the alert of ${a.clientAppId} at ${at(a.time)}`;
  const findings = [
    ...e.gaps.map((g) => `No file holds a counted read of tenant ${g.tenant} from ${at(g.from)} to ${at(g.to)}.`),
    ...e.nearGap.map((a) => `Near a gap: ${alertName(a)}; more mailboxes may have been read in the gap.`),
    ...e.truncated.map((t) => `${t.file} looks truncated: ${t.reason}.`),
    ...e.throttled.map((a) => `Throttled: ${alertName(a)}: ${a.mailboxes} of its mailboxes have IsThrottled=True records, so its counts are lower bounds.`),
    ...e.syncOnly.map((a) => `Sync only: ${alertName(a)}: folders were synchronised; no message read is recorded.`),
    ...e.unjudged.map((u) => `${u.file}: ${u.records} MailItemsAccessed records could not be judged (a field the rule needs is missing).`),
    ...e.reusedIds.map((r) => `${r.file}: ${r.records} records share an Id with a record of other content; each was counted.`),
  ];
  return (
    <section aria-labelledby="evidence-heading" data-testid="evidence">
      <h2 id="evidence-heading">What the evidence cannot show</h2>
      {e.coverage.length === 0 ? (
        <p class="muted">No files analysed yet.</p>
      ) : (
        <table class="coverage" aria-label="Time covered per file">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Tenants</th>
              <th scope="col">First counted read</th>
              <th scope="col">Last counted read</th>
            </tr>
          </thead>
          <tbody>
            {e.coverage.map((c) => (
              <tr key={c.file}>
                <td>{c.file}</td>
                <td class="mono">{c.tenants.join(', ')}</td>
                <td>{at(c.from)}</td>
                <td>{at(c.to)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {findings.length > 0 ? (
        <ul class="findings">
          {findings.map((text, i) => (
            <li key={i}>{text}</li>
          ))}
        </ul>
      ) : (
        e.coverage.length > 0 && (
          <p class="muted">Nothing beyond the time covered above: no gap, no sign of truncation, no throttled or Sync-only alert, every record judged.</p>
        )
      )}
    </section>
  );
}

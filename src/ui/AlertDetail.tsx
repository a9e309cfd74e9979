import type { EventRow } from '../core/report.ts';
import { formatSpan } from '../core/time.ts';
import type { ApplicationReads } from '../core/detections/story.ts';
import type { Alert, RuleParams } from '../core/types.ts';
import type { StoryQuestion } from '../worker/api.ts';
import { AppName } from './AppName.tsx';
import { DetailHeading } from './DetailHeading.tsx';
import { EventTable } from './EventTable.tsx';
import { formatTime, type Clock } from './format.ts';
import { StoryLinks } from './StoryLinks.tsx';
import { Timeline } from './Timeline.tsx';

interface Props {
  alert: Alert;
  events: EventRow[];
  timeline: { start: number; mailboxes: number }[];
  params: RuleParams;
  clock: Clock;
  /** What the Graph/EWS listings say of the alert's application (the pack's context), when any does. */
  reads?: ApplicationReads | null;
  onClose(): void;
  onExportEvents(): void;
  onStory?(question: StoryQuestion): void;
}

/**
 * One alert opened: who read what, from where, and how it compares to the threshold over time. Opening
 * one brings it into view and moves focus to its heading, so a keyboard or screen reader user lands on it.
 */
export function AlertDetail({ alert, events, timeline, params, clock, reads, onClose, onExportEvents, onStory }: Props) {
  return (
    <section class="detail" aria-labelledby="detail-heading">
      <DetailHeading id="detail-heading" shows={[alert.time, alert.tenant, alert.clientAppId, alert.clientInfoString]} onClose={onClose}>
        Alert: {alert.uniqueMailboxes} mailboxes in {formatSpan(params.spanMs)} ({params.window})
      </DetailHeading>
      <dl class="facts">
        <dt>Window</dt>
        <dd>
          {formatTime(alert.time, clock)} to {formatTime(alert.end, clock)}
        </dd>
        <dt>Application</dt>
        <dd>
          <AppName clientAppId={alert.clientAppId} />
        </dd>
        <dt>ClientInfoString</dt>
        <dd class="mono">{alert.clientInfoString}</dd>
        <dt>Tenant</dt>
        <dd>{alert.tenant}</dd>
        <dt>AppId</dt>
        <dd class="mono">{alert.appIds.join(', ')}</dd>
        <dt>Client IPs</dt>
        <dd class="mono">{alert.srcIps.join(', ') || 'none recorded'}</dd>
        <dt>Users</dt>
        <dd>{alert.users.join(', ')}</dd>
        <dt>Mailboxes</dt>
        <dd>{alert.mailboxes.join(', ')}</dd>
        <dt>Events</dt>
        <dd>
          {alert.events} ({alert.bind} Bind, {alert.sync} Sync, {alert.operationCount} operations)
        </dd>
        <dt>MITRE ATT&amp;CK</dt>
        <dd>
          {alert.mitre}, risk score {alert.riskScore}
        </dd>
      </dl>
      <p class="message">{alert.message}</p>
      {reads && (
        <p class="reads">
          Through {reads.via.join(' and ')}, this application read {reads.mailboxes.length} mailbox{reads.mailboxes.length === 1 ? '' : 'es'} in {reads.records}{' '}
          record{reads.records === 1 ? '' : 's'}, first at {formatTime(reads.firstRead, clock)}, last at {formatTime(reads.lastRead, clock)}.
        </p>
      )}
      {onStory && <StoryLinks applications={[alert.clientAppId]} mailboxes={alert.mailboxes} onStory={onStory} />}
      {alert.throttledMailboxes > 0 && (
        <p class="caveat" role="note">
          {alert.throttledMailboxes} mailbox{alert.throttledMailboxes === 1 ? ' was' : 'es were'} throttled (IsThrottled=True). Exchange stops auditing
          MailItemsAccessed for a throttled mailbox for 24 hours, so the counts here are lower bounds: more may have been read.
        </p>
      )}
      <Timeline
        windows={timeline}
        threshold={params.threshold}
        spanMs={params.spanMs}
        from={Date.parse(alert.time)}
        to={Date.parse(alert.end) + (params.window === 'sliding' ? 1 : 0)} // a sliding alert's end is its last event, inclusive
        clock={clock}
      />
      <div class="detail-head">
        <h3>Contributing events ({events.length})</h3>
        <button type="button" onClick={onExportEvents}>
          Export these events (CSV)
        </button>
      </div>
      <EventTable events={events} clock={clock} />
    </section>
  );
}

import { Fragment } from 'preact';
import type { PackAlert } from '../core/detections/model.ts';
import type { StoryQuestion } from '../worker/api.ts';
import { detectionLabel } from './alert-rows.ts';
import { DetailHeading } from './DetailHeading.tsx';
import { formatTime, type Clock } from './format.ts';
import { StoryLinks } from './StoryLinks.tsx';

interface Props {
  alert: PackAlert;
  clock: Clock;
  onClose(): void;
  onStory(question: StoryQuestion): void;
}

/**
 * One pack alert opened: the analytic, when, and the fields its search groups by and collects (who did it,
 * on which mailbox or application, the forwarding address, the rights granted), named as the SPL names
 * them; then its records and the stories it belongs to.
 */
export function PackAlertDetail({ alert, clock, onClose, onStory }: Props) {
  const values = Object.entries(alert.values).filter(([, list]) => list.length);
  return (
    <section class="detail" aria-labelledby="detail-heading">
      <DetailHeading id="detail-heading" shows={[alert]} onClose={onClose}>
        Alert: {detectionLabel(alert.detectionName, alert.key)}
      </DetailHeading>
      <dl class="facts">
        <dt>Detection</dt>
        <dd>
          ESCU <span class="mono">{alert.detection}</span>, version {alert.version} ({alert.type})
        </dd>
        <dt>{alert.window ? 'Window' : 'Time'}</dt>
        <dd>
          {formatTime(alert.firstTime, clock)}
          {alert.lastTime !== alert.firstTime && <> to {formatTime(alert.lastTime, clock)}</>}
        </dd>
        <dt>Risk object</dt>
        <dd>{alert.riskObject || 'none named'}</dd>
        {Object.entries(alert.fields).map(([name, value]) => (
          <Fragment key={`f${name}`}>
            <dt>{name}</dt>
            <dd class="mono">{value}</dd>
          </Fragment>
        ))}
        {values.map(([name, list]) => (
          <Fragment key={`v${name}`}>
            <dt>{name}</dt>
            <dd class="mono">{list.join(', ')}</dd>
          </Fragment>
        ))}
        <dt>Mailboxes</dt>
        <dd>{alert.mailboxes.join(', ') || 'none named'}</dd>
        <dt>Applications</dt>
        <dd class="mono">{alert.applications.join(', ') || 'none named'}</dd>
        <dt>Records</dt>
        <dd class="mono">
          {alert.count} ({alert.recordIds.join(', ') || 'no Ids'})
        </dd>
        <dt>MITRE ATT&amp;CK</dt>
        <dd>
          {alert.technique}, risk {alert.risk}
        </dd>
      </dl>
      <p class="message">{alert.message}</p>
      <StoryLinks applications={alert.applications} mailboxes={alert.mailboxes} onStory={onStory} />
    </section>
  );
}

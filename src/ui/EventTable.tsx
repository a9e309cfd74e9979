import type { EventRow } from '../core/report.ts';
import { formatTime, type Clock } from './format.ts';

const SHOWN = 500;

/** The MailItemsAccessed records behind one alert, each with its record Id and the file and line it came from. */
export function EventTable({ events, clock }: { events: EventRow[]; clock: Clock }) {
  return (
    <div class="table-wrap">
      <table aria-label="Contributing events" class="events">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Record Id</th>
            <th scope="col">From</th>
            <th scope="col">Mailbox</th>
            <th scope="col">UserId</th>
            <th scope="col">Client IP</th>
            <th scope="col">ClientInfoString</th>
            <th scope="col">OperationCount</th>
            <th scope="col">Bind/Sync</th>
            <th scope="col">Folders</th>
            <th scope="col">Message IDs</th>
          </tr>
        </thead>
        <tbody>
          {events.slice(0, SHOWN).map((e, i) => (
            <tr key={`${e.id}:${i}`} class={e.throttled ? 'throttled' : undefined}>
              <td>{formatTime(e.time, clock)}</td>
              <td class="mono">{e.id || 'none'}</td>
              <td>
                {e.file ?? ''}
                {e.line ? `, line ${e.line}` : ''}
              </td>
              <td>{e.mailbox}</td>
              <td>{e.userId}</td>
              <td class="mono">{e.clientIp}</td>
              <td class="mono">{e.clientInfoString}</td>
              <td class="num">{e.operationCount}</td>
              <td>
                {e.accessType}
                {e.throttled ? ' (throttled)' : ''}
              </td>
              <td class="num">{e.folders}</td>
              <td class="num">{e.messageIds}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {events.length > SHOWN && (
        <p class="muted">
          The first {SHOWN} of {events.length} events are shown; Export these events (CSV) has every one.
        </p>
      )}
    </div>
  );
}

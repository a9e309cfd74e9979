import { describe, expect, it } from 'vitest';
import { eventsOfAlert } from '../../src/core/alert-detail.ts';
import { DEFAULT_PARAMS } from '../../src/core/rule.ts';
import { createGroupIndex } from '../../src/ui/group-index.ts';
import { mailEvent } from '../storage/fixtures.ts';
import { alert } from './alerts.ts';

// Three applications: A (tenant-1, app-a, REST), A' (the same app under another ClientInfoString) and B in tenant-2.
const events = [
  mailEvent({ id: '1', clientAppId: 'app-a', time: Date.UTC(2024, 1, 1, 10, 3) }),
  mailEvent({ id: '2', clientAppId: 'app-b', tenant: 'tenant-2' }),
  mailEvent({ id: '3', clientAppId: 'app-a', clientInfoString: 'Client=EWS;' }),
  mailEvent({ id: '4', clientAppId: 'app-a', time: Date.UTC(2024, 1, 1, 10, 1) }),
  mailEvent({ id: '5', clientAppId: 'app-a', time: Date.UTC(2024, 1, 1, 10, 12) }),
];
const app = (clientAppId: string, clientInfoString = 'Client=REST;Client=RESTSystem;;', tenant = 'tenant-1') => ({ tenant, clientAppId, clientInfoString });

describe('createGroupIndex', () => {
  const cases = [
    { name: 'one application, in stored order', group: app('app-a'), ids: ['1', '4', '5'] },
    { name: 'the same app under another ClientInfoString is another application', group: app('app-a', 'Client=EWS;'), ids: ['3'] },
    { name: 'another tenant', group: app('app-b', undefined, 'tenant-2'), ids: ['2'] },
    { name: 'an application with no events', group: app('app-c'), ids: [] },
  ];
  const eventsOf = createGroupIndex(events);
  for (const { name, group, ids } of cases) it(name, () => expect(eventsOf(group).map((e) => e.id)).toEqual(ids));

  it("gives the alert detail the same events as a scan of the workspace: A's 10:00 window holds events 4 and 1", () => {
    const a = alert({ time: '2024-02-01T10:00:00Z', end: '2024-02-01T10:10:00Z', clientAppId: 'app-a' });
    expect(eventsOfAlert(a, eventsOf(a), DEFAULT_PARAMS).map((e) => e.id)).toEqual(['4', '1']);
    expect(eventsOfAlert(a, events, DEFAULT_PARAMS).map((e) => e.id)).toEqual(['4', '1']);
  });
});

// Hand-made alerts for component tests.

import type { Alert } from '../../src/core/types.ts';

export function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    time: '2024-02-01T10:00:00Z',
    end: '2024-02-01T10:10:00Z',
    tenant: 'tenant-1',
    clientAppId: 'a1b2c3d4-0000-4000-8000-00000000abcd',
    clientInfoString: 'Client=REST;Client=RESTSystem;;',
    uniqueMailboxes: 6,
    mailboxes: ['u1@x', 'u2@x', 'u3@x', 'u4@x', 'u5@x', 'u6@x'],
    users: ['sp-reader'],
    srcIps: ['203.0.113.7'],
    appIds: ['00000003-0000-0000-c000-000000000000'],
    events: 6,
    operationCount: 6,
    bind: 6,
    sync: 0,
    throttledMailboxes: 0,
    firstEvent: '2024-02-01T10:02:00Z',
    lastEvent: '2024-02-01T10:07:00Z',
    riskScore: 42,
    mitre: 'T1114.002',
    message: 'An Oauth application identified with id a1b2c3d4-0000-4000-8000-00000000abcd accessed multiple mailboxes in a short period of time via an API.',
    ...overrides,
  };
}

// Hand-made pack alerts and stories for component tests (core/detections/model.ts PackAlert, story.ts Story).

import type { PackAlert } from '../../src/core/detections/model.ts';

export const APP = '5f91ce94-4cc5-4ebe-aeb6-f074e57201bb';

export function packAlert(overrides: Partial<PackAlert> = {}): PackAlert {
  return {
    detection: '68469fd0-1315-44ba-b7e4-e92847bb76d6',
    key: '68469fd0-1315-44ba-b7e4-e92847bb76d6',
    detectionName: 'O365 New Email Forwarding Rule Created',
    variant: 'escu',
    version: 7,
    technique: 'T1114.003',
    risk: 42,
    type: 'TTP',
    firstTime: '2024-03-01T09:45:00Z',
    lastTime: '2024-03-01T09:45:00Z',
    window: null,
    count: 1,
    fields: { user: 'm1@contoso.example', ForwardTo: 'drop@attacker.example', src: '192.0.2.44' },
    values: {},
    riskObject: 'm1@contoso.example',
    mailboxes: ['m1@contoso.example'],
    applications: [APP],
    recordIds: ['rec-9'],
    message: 'Inbox rule forwarding to drop@attacker.example',
    ...overrides,
  };
}

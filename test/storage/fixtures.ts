// Small hand-made events and import records for the storage and worker tests.

import type { MailEvent } from '../../src/core/types.ts';
import type { ImportRecord } from '../../src/storage/workspace-db.ts';

export function mailEvent(overrides: Partial<MailEvent> = {}): MailEvent {
  return {
    id: 'AAAA-0001',
    time: Date.UTC(2024, 1, 1, 10, 2),
    tenant: 'tenant-1',
    appId: '00000003-0000-0000-c000-000000000000',
    clientAppId: 'a1b2c3d4-0000-4000-8000-00000000abcd',
    clientInfoString: 'Client=REST;Client=RESTSystem;;',
    userId: 'sp-reader',
    mailbox: 'user1@fabrikam.example',
    clientIp: '203.0.113.7',
    operationCount: 1,
    accessType: 'Bind',
    throttled: false,
    folders: 1,
    messageIds: 2,
    ...overrides,
  };
}

export function importRecord(overrides: Partial<ImportRecord> = {}): ImportRecord {
  return {
    id: 'import-1',
    name: 'export.json',
    size: 1234,
    lastModified: Date.UTC(2024, 1, 2),
    sha256: null,
    status: 'running',
    note: '',
    startedAt: '2024-02-02T08:00:00.000Z',
    finishedAt: null,
    summary: {
      name: 'export.json',
      format: 'Management Activity API records (JSON array)',
      encoding: 'UTF-8',
      bytes: 1234,
      records: 3,
      skipped: 0,
      selected: 2,
      duplicates: 0,
      firstTime: '2024-02-01T10:02:00Z',
      lastTime: '2024-02-01T10:03:00Z',
      problems: [],
      moreProblems: 0,
      unjudged: 0,
      warnings: [],
      tenants: ['tenant-1'],
      cutShort: false,
      reusedIds: 0,
      fields: { mailReads: true, carried: 31, unjudged: [], mailboxless: 0 },
    },
    stored: 0,
    ...overrides,
  };
}

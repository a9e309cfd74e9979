import { describe, expect, test } from 'vitest';
import { describeEvidence } from '../../src/core/evidence.ts';
import type { Alert, FileSummary } from '../../src/core/types.ts';
import { importRecord } from '../storage/fixtures.ts';

const SPAN = 10 * 60_000;
const file = (overrides: Partial<FileSummary>): FileSummary => ({ ...importRecord().summary, ...overrides });
const alert = (time: string, end: string, overrides: Partial<Alert> = {}): Alert =>
  ({ time, end, tenant: 'tenant-1', clientAppId: 'app', throttledMailboxes: 0, bind: 3, sync: 0, ...overrides }) as Alert;

describe('describeEvidence', () => {
  // Tenant 1 covered 10:00-10:30 and 11:00-12:00 (gap 10:30-11:00); tenant 2 only 10:00-12:00 in one file.
  const files = [
    file({ name: 'a', tenants: ['tenant-1', 'tenant-2'], firstTime: '2024-02-01T10:00:00Z', lastTime: '2024-02-01T10:30:00Z' }),
    file({ name: 'b', tenants: ['tenant-1'], firstTime: '2024-02-01T11:00:00Z', lastTime: '2024-02-01T12:00:00Z' }),
    file({ name: 'c', tenants: ['tenant-2'], firstTime: '2024-02-01T10:15:00Z', lastTime: '2024-02-01T12:00:00Z' }),
  ];

  test('gaps are per tenant: an overlapping file of another tenant does not close one', () => {
    expect(describeEvidence(files, [], SPAN).gaps).toEqual([{ tenant: 'tenant-1', from: '2024-02-01T10:30:00Z', to: '2024-02-01T11:00:00Z' }]);
  });

  test.each([
    { name: 'an alert ending within a span before the gap is near it', alert: alert('2024-02-01T10:10:00Z', '2024-02-01T10:20:00Z'), near: true },
    { name: 'an alert starting within a span after the gap is near it', alert: alert('2024-02-01T11:10:00Z', '2024-02-01T11:20:00Z'), near: true },
    { name: 'an alert an hour away is not', alert: alert('2024-02-01T11:50:00Z', '2024-02-01T12:00:00Z'), near: false },
    {
      name: 'an alert of another tenant at the same time is not',
      alert: alert('2024-02-01T10:20:00Z', '2024-02-01T10:30:00Z', { tenant: 'tenant-2' }),
      near: false,
    },
  ])('$name', ({ alert: a, near }) => {
    expect(describeEvidence(files, [a], SPAN).nearGap.length).toBe(near ? 1 : 0);
  });

  test.each([
    { name: 'exactly 50,000 records (a Purview export cap)', summary: { records: 49_998, skipped: 2 }, truncated: true },
    { name: '50,001 records', summary: { records: 50_001 }, truncated: false },
    { name: 'a last record cut off', summary: { records: 12, cutShort: true }, truncated: true },
  ])('truncated: $name', ({ summary, truncated }) => {
    expect(describeEvidence([file(summary)], [], SPAN).truncated.length > 0).toBe(truncated);
  });

  test('throttled and Sync-only alerts, unjudged records and reused Ids are listed', () => {
    const alerts = [
      alert('2024-02-01T10:00:00Z', '2024-02-01T10:10:00Z', { throttledMailboxes: 2 }),
      alert('2024-02-01T10:10:00Z', '2024-02-01T10:20:00Z', { bind: 0, sync: 4 }),
    ];
    const e = describeEvidence([file({ name: 'p', unjudged: 8, reusedIds: 3 }), file({ name: 'not', unsupported: 'zip', unjudged: 1 })], alerts, SPAN);
    expect([e.throttled.map((t) => t.mailboxes), e.syncOnly.map((s) => s.time), e.unjudged, e.reusedIds]).toEqual([
      [2],
      ['2024-02-01T10:10:00Z'],
      [{ file: 'p', records: 8 }],
      [{ file: 'p', records: 3 }],
    ]);
  });
});

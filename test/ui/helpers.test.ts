import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../src/core/rule.ts';
import { firstPartyName } from '../../src/ui/first-party-apps.ts';
import { formatBytes, formatEta, formatTime } from '../../src/ui/format.ts';
import { buildProvenance } from '../../src/ui/provenance.ts';
import { importRecord } from '../storage/fixtures.ts';

describe('formatTime', () => {
  const cases = [
    { name: 'ISO UTC', input: '2024-02-01T10:00:00Z', expected: '2024-02-01 10:00:00 UTC' },
    { name: 'epoch milliseconds', input: Date.UTC(2024, 0, 31, 23, 59, 59), expected: '2024-01-31 23:59:59 UTC' },
    { name: 'unreadable stays as written', input: 'soon', expected: 'soon' },
  ];
  for (const { name, input, expected } of cases) it(name, () => expect(formatTime(input, 'utc')).toBe(expected));
});

describe('formatBytes and formatEta', () => {
  const bytes: [number, string][] = [
    [0, '0 B'],
    [999, '999 B'],
    [1500, '1.5 kB'],
    [2_500_000, '2.5 MB'],
    [250_000_000, '250 MB'],
    [3_200_000_000, '3.2 GB'],
  ];
  for (const [input, expected] of bytes) it(`${input} bytes read as ${expected}`, () => expect(formatBytes(input)).toBe(expected));
  const etas: [number | null, string][] = [
    [null, '–'],
    [0.2, '< 1 s'],
    [42.4, '42 s'],
    [125, '2 min 5 s'],
  ];
  for (const [input, expected] of etas) it(`ETA ${input} reads as ${expected}`, () => expect(formatEta(input)).toBe(expected));
});

describe('firstPartyName', () => {
  const cases: [string, string | null][] = [
    ['00000003-0000-0000-c000-000000000000', 'Microsoft Graph'],
    ['27922004-5251-4030-B22D-91ECD9A37EA4', 'Outlook Mobile'],
    [' d3590ed6-52b3-4102-aeff-aad2292ab01c ', 'Microsoft Office'],
    ['a1b2c3d4-0000-4000-8000-00000000abcd', null],
    ['', null],
  ];
  for (const [id, name] of cases) it(`${id || '(empty)'} is ${name ?? 'unknown'}`, () => expect(firstPartyName(id)).toBe(name));
});

describe('buildProvenance', () => {
  it('records each input, the rule and the version', () => {
    const record = importRecord({ status: 'complete', sha256: 'ab'.repeat(32), stored: 2 });
    const provenance = buildProvenance([record], DEFAULT_PARAMS, '0.1.0', new Date(Date.UTC(2024, 1, 3)));
    expect(provenance).toEqual({
      app: 'UAL Triage',
      version: '0.1.0',
      exportedAt: '2024-02-03T00:00:00.000Z',
      rule: DEFAULT_PARAMS,
      inputs: [
        {
          name: 'export.json',
          size: 1234,
          lastModified: '2024-02-02T00:00:00.000Z',
          sha256: 'ab'.repeat(32),
          format: 'Management Activity API records (JSON array)',
          encoding: 'UTF-8',
          status: 'complete',
          note: '',
          records: 3,
          skipped: 0,
          selected: 2,
          unjudged: 0,
          warnings: [],
          duplicates: 0,
          storedEvents: 2,
          firstTime: '2024-02-01T10:02:00Z',
          lastTime: '2024-02-01T10:03:00Z',
          importedAt: '2024-02-02T08:00:00.000Z',
        },
      ],
    });
  });

  it('a file that was not analysed is "not analysed", not "complete", and says why', () => {
    const record = importRecord({ status: 'complete' });
    record.summary.unsupported = 'This is a zip archive: extract it and drop the CSV or JSON files inside.';
    const [input] = buildProvenance([record], DEFAULT_PARAMS, '0.1.0').inputs;
    expect([input.status, input.note]).toEqual(['not analysed', record.summary.unsupported]);
  });

  it('carries what a file cannot show', () => {
    const record = importRecord({ status: 'complete' });
    record.summary.unjudged = 8;
    record.summary.warnings = ['This export has no AppId column: Graph reads cannot be recognised; 8 MailItemsAccessed records could not be judged.'];
    const [input] = buildProvenance([record], DEFAULT_PARAMS, '0.1.0').inputs;
    expect([input.unjudged, input.warnings]).toEqual([8, record.summary.warnings]);
  });
});

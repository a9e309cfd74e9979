import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { createFileAnalyzer } from '../../src/core/analyzer.ts';
import { analyzeChunks } from '../../src/core/session.ts';
import { DEFAULT_PARAMS } from '../../src/core/rule.ts';
import type { MailEvent } from '../../src/core/types.ts';

const sample = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/samples/${name}`, import.meta.url)));

function read(name: string) {
  const events: MailEvent[] = [];
  const analyzer = createFileAnalyzer(name, (event) => (events.push(event), true));
  analyzer.write(sample(name));
  return { summary: analyzer.end(), events };
}

// Expected values read off the sample files by hand (see fixtures/samples/README.md for their origin).
describe('real public samples', () => {
  test('Splunk security_content example logs: 18 JSON lines, one MailItemsAccessed by an app over EWS', () => {
    const { summary, events } = read('splunk_security_content_data_sources_o365_example_logs.jsonl');
    expect(summary).toMatchObject({ format: 'Management Activity API records (JSON lines)', records: 18, selected: 1, skipped: 0 });
    expect(events).toEqual([
      {
        id: '9cef02e9-4bfa-4c73-be7d-9dad68b9cea8',
        time: Date.UTC(2024, 1, 1, 16, 7, 34), // "2024-02-01T16:07:34" has no zone: UTC
        tenant: '75243ab2-44f8-435c-a7a6-b479385df6d4',
        appId: '47629505-c2b6-4a80-adb1-9b3a3d233b7b',
        clientAppId: '47629505-c2b6-4a80-adb1-9b3a3d233b7b',
        clientInfoString:
          'Client=WebServices;ExchangeWebServicesProxy/CrossSite/EXCH/15.20.7249.024/python-requests/2.25.1[AppId=47629505-c2b6-4a80-adb1-9b3a3d233b7b];',
        userId: 'user15@splunkresearch.onmicrosoft.com',
        mailbox: 'user15@splunkresearch.onmicrosoft.com',
        clientIp: '120.1.121.35',
        operationCount: 4,
        accessType: 'Bind',
        throttled: false,
        folders: 1,
        messageIds: 4,
      },
    ]);
  });

  test('Sentinel OfficeActivity row: Graph AppId, TimeGenerated, Client_IPAddress, JSON-string Folders', () => {
    const { summary, events } = read('GoldenSAMLADFSMailAccess_OfficeActivityEvents.json');
    expect(summary).toMatchObject({ format: expect.stringMatching(/^Microsoft Sentinel OfficeActivity/), records: 1, selected: 1 });
    expect(events[0]).toMatchObject({
      id: '699e0b10-1c53-403e-976f-ce0847a92b44',
      time: Date.UTC(2021, 7, 2, 13, 32, 7),
      appId: '00000003-0000-0000-c000-000000000000',
      clientAppId: '5a95e683-08ad-424e-a441-1d1aec52c02c',
      clientInfoString: 'Client=REST;;',
      mailbox: 'pgustavo@simulandlabs.com',
      clientIp: '1.2.3.4',
      accessType: 'Bind',
      folders: 1,
      messageIds: 7,
    });
  });

  test('Defender advanced hunting rows: other tables skipped quietly, PowerShell-style OperationProperties read', () => {
    const { summary, events } = read('GoldenSAMLADFSMailAccess_Microsoft365DefenderEvents.json');
    expect(summary).toMatchObject({ format: 'Microsoft Defender CloudAppEvents (JSON lines)', records: 9, selected: 1, skipped: 0 });
    expect(events[0]).toMatchObject({
      id: '699e0b10-1c53-403e-976f-ce0847a92b44',
      time: Date.UTC(2021, 7, 2, 13, 32, 7),
      operationCount: 7,
      accessType: 'Bind',
      throttled: false,
      folders: 1,
    });
  });

  test('the same event in Sentinel and Defender exports counts once, and the second is reported as a duplicate', () => {
    const names = ['GoldenSAMLADFSMailAccess_OfficeActivityEvents.json', 'GoldenSAMLADFSMailAccess_Microsoft365DefenderEvents.json'];
    const { files } = analyzeChunks(
      names.map((name) => ({ name, chunks: [sample(name)] })),
      DEFAULT_PARAMS,
    );
    expect(files.map((f) => [f.selected, f.duplicates])).toEqual([
      [1, 0],
      [1, 1],
    ]);
  });

  test('Management Activity API reference response: a CRLF JSON array of 3 Azure AD records, none selected', () => {
    const { summary, events } = read('management_activity_api_reference_sample_response.json');
    expect(summary).toMatchObject({ format: 'Management Activity API records (JSON array)', records: 3, selected: 0, skipped: 0 });
    expect(events).toEqual([]);
  });
});

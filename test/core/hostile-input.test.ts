import { describe, expect, test } from 'vitest';
import { createFileAnalyzer } from '../../src/core/analyzer.ts';
import { analyzeChunks, createDetectingSession } from '../../src/core/session.ts';
import { DEFAULT_PARAMS, LIMITS } from '../../src/core/rule.ts';
import * as write from '../fixtures/export-formats.ts';
import { HARVESTER, records } from '../fixtures/scenario.ts';

// Damaged and hostile files: each gets a stated outcome, the rest of the file is still analysed, nothing throws.
const utf8 = (text: string) => new TextEncoder().encode(text);
const harvest = records.slice(0, 7);
const harvestLines = write.managementApiLines(harvest);
const analyse = (chunks: Iterable<Uint8Array>) => {
  const session = createDetectingSession(DEFAULT_PARAMS);
  const file = session.file('f');
  for (const chunk of chunks) file.write(chunk);
  return { file: file.end(), alerts: session.alerts() };
};
const harvesterAlerted = (alerts: { clientAppId: string; uniqueMailboxes: number }[]) =>
  expect(alerts.find((a) => a.clientAppId === HARVESTER)?.uniqueMailboxes).toBe(6);

function* repeat(text: string, bytes: number, chunk = 64 * 1024) {
  const block = utf8(text.repeat(Math.ceil(chunk / text.length))).subarray(0, chunk);
  for (let sent = 0; sent < bytes; sent += chunk) yield block.subarray(0, Math.min(chunk, bytes - sent));
}

describe('damaged exports', () => {
  test('a JSON array truncated mid-record: the records before it count, the cut one is reported', () => {
    const text = write.managementApiArray(harvest);
    const { file, alerts } = analyse([utf8(text.slice(0, text.lastIndexOf('"Folders"')))]);
    expect(file).toMatchObject({ records: 6, skipped: 1 });
    expect(file.problems).toEqual([{ line: expect.any(Number), message: 'the file ends inside this record: it is cut short' }]);
    const cutRecordStart = text.indexOf('    {\r\n        "CreationTime": "2024-02-01T10:08:30"');
    expect(file.problems[0].line).toBe(text.slice(0, cutRecordStart).split('\n').length);
    expect(alerts).toEqual([]); // 5 mailboxes left: correctly no alert
  });

  test('a CSV with an unbalanced quote at line 10 does not swallow the rest of the file', () => {
    const noise = records.slice(-2);
    const rows = write.purviewCsv([...noise, ...noise, ...noise, ...noise, ...noise, ...harvest]).split('\r\n');
    rows[9] = `${rows[9]},"unclosed`; // line 10, a noise row, opens a quote that never closes
    const { file, alerts } = analyse([utf8(rows.join('\r\n'))]);
    expect(file.problems[0]).toEqual({ line: 10, message: expect.stringMatching(/quoted field opened here is never closed/) });
    expect(file.records).toBe(10 - 1 + 7);
    harvesterAlerted(alerts);
  });

  test('a 100 MB record with no newline is skipped with its line; the records after it are read', () => {
    const chunks = (function* () {
      yield utf8(`${harvestLines}{"CreationTime":"2024-02-01T10:00:00","Notes":"`);
      yield* repeat('x', 100 * 1024 * 1024);
      yield utf8(`"}\n${write.managementApiLines(records.slice(-2))}`);
    })();
    const { file, alerts } = analyse(chunks);
    expect(file.problems).toEqual([{ line: 8, message: 'record larger than 16 MB; skipped' }]);
    expect(file).toMatchObject({ records: 9, skipped: 1 });
    harvesterAlerted(alerts);
  });

  test('JSON nested a million levels deep is refused at 512 levels; reading resumes on the next record', () => {
    const chunks = (function* () {
      yield utf8('[\n{"a":');
      yield* repeat('[', 1_000_000);
      yield* repeat(']', 1_000_000);
      yield utf8(`}\n${write.managementApiArray(harvest).slice(1)}`);
    })();
    const { file, alerts } = analyse(chunks);
    expect(file.problems[0]).toEqual({ line: 2, message: 'nested deeper than 512 levels' });
    harvesterAlerted(alerts);
  });

  test('JSON lines with a deeply nested line: that line is skipped, the others read', () => {
    const deep = `{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    const { file, alerts } = analyse([utf8(`${harvestLines.split('\n')[0]}\n${deep}\n${harvestLines.split('\n').slice(1).join('\n')}`)]);
    expect(file.records + file.skipped).toBe(8);
    harvesterAlerted(alerts);
  });

  test('__proto__ and constructor keys in records and CSV headers pollute nothing', () => {
    const hostile = harvest.map((r) => ({ ...r }));
    const json = harvestLines.replace(/^\{/gm, '{"__proto__":{"polluted":"yes","Operation":"x"},"constructor":{"prototype":{"polluted":"yes"}},');
    const csv = write.purviewCsv(hostile).replace('RecordId,', '__proto__,').replace(',AssociatedAdminUnits,', ',constructor,');
    for (const text of [json, csv]) {
      const { file, alerts } = analyse([utf8(text)]);
      expect(file.skipped).toBe(0);
      harvesterAlerted(alerts);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  test('UTF-16 without a BOM is recognised and read', () => {
    const { file, alerts } = analyse([write.utf16(harvestLines, 'le', false)]);
    expect(file.encoding).toBe('UTF-16LE without BOM');
    harvesterAlerted(alerts);
  });

  test('binary junk in the middle of JSON lines is skipped line by line', () => {
    const junk = new Uint8Array(300).map((_, i) => (i * 37) % 256).filter((b) => b !== 0x0a);
    const bytes = [utf8(harvestLines.split('\n').slice(0, 4).join('\n') + '\n'), junk, utf8('\n' + harvestLines.split('\n').slice(4).join('\n'))];
    const { file, alerts } = analyse(bytes);
    expect(file).toMatchObject({ records: 7, skipped: 1 });
    expect(file.problems[0].line).toBe(5);
    harvesterAlerted(alerts);
  });
});

describe('resource limits', () => {
  test('1,000,000 distinct ClientAppIds: the detector stops at its limit, says so once with the line, and keeps alerting', () => {
    const session = createDetectingSession(DEFAULT_PARAMS);
    const file = session.file('many-apps.jsonl');
    file.write(utf8(harvestLines));
    const head = '{"CreationTime":"2024-02-01T11:00:00","Id":"';
    const middle =
      '","Operation":"MailItemsAccessed","Workload":"Exchange","UserId":"u@contoso.com","AppId":"00000003-0000-0000-c000-000000000000","ClientAppId":"';
    const before = process.memoryUsage().rss;
    for (let batch = 0; batch < 1000; batch++) {
      let text = '';
      for (let i = batch * 1000; i < (batch + 1) * 1000; i++) text += `${head}r${i}${middle}app-${i}"}\n`;
      file.write(utf8(text));
    }
    const summary = file.end();
    const grown = (process.memoryUsage().rss - before) / 2 ** 20;
    expect(summary).toMatchObject({ records: 7 + 1_000_000, selected: 7 + 1_000_000, skipped: 0 });
    expect(summary.problems).toEqual([{ line: 7 + LIMITS.applications, message: expect.stringMatching(/^more than 100,000 distinct applications/) }]);
    expect(grown).toBeLessThan(600);
    harvesterAlerted(session.alerts());
  });

  test('problems are listed up to a cap and the rest counted, so a file of garbage cannot exhaust memory', () => {
    const summary = analyzeChunks([{ name: 'g', chunks: [utf8(`${harvestLines}${'garbage\n'.repeat(5000)}`)] }], DEFAULT_PARAMS).files[0];
    expect(summary.skipped).toBe(5000);
    expect(summary.problems).toHaveLength(100);
    expect(summary.moreProblems).toBe(4900);
  });
});

test('a progress snapshot between chunks counts exactly the whole lines read so far', () => {
  const analyzer = createFileAnalyzer('f', () => true);
  const bytes = utf8(write.managementApiLines(records));
  analyzer.write(bytes.subarray(0, 5000));
  const early = analyzer.snapshot();
  analyzer.write(bytes.subarray(5000));
  const late = analyzer.end();
  expect(early.bytes).toBe(5000);
  expect(early.records).toBe(bytes.subarray(0, 5000).filter((b) => b === 0x0a).length);
  expect(late.records).toBe(records.length);
});

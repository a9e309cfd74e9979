import { expect, test } from 'vitest';
import { createBatcher, forEachEvent, transferables } from '../../src/cli/event-batch.ts';
import { createFileAnalyzer } from '../../src/core/analyzer.ts';
import type { MailEvent } from '../../src/core/types.ts';
import * as write from '../fixtures/export-formats.ts';
import { GRAPH, records, TENANT } from '../fixtures/scenario.ts';

test('events packed by column cross a structured clone unchanged, each with its line', () => {
  const sent: [MailEvent, number][] = [];
  const analyzer = createFileAnalyzer('f', (event, line) => (sent.push([event, line]), true));
  analyzer.write(new TextEncoder().encode(write.managementApiLines(records)));
  analyzer.end();
  // The scenario holds what could be lost in packing: Sync and Bind, a throttled read, an IPv6 address.
  expect(new Set(sent.map(([e]) => e.accessType))).toEqual(new Set(['Bind', 'Sync']));
  expect(sent.some(([e]) => e.throttled)).toBe(true);

  const batcher = createBatcher();
  for (const [event, line] of sent.slice(0, 10)) batcher.add(event, line);
  const first = batcher.take();
  for (const [event, line] of sent.slice(10)) batcher.add(event, line);
  const second = batcher.take();
  expect([first.count, second.count, batcher.count]).toEqual([10, sent.length - 10, 0]);
  // The ten share one tenant and one Graph AppId: each crosses once.
  expect([TENANT, GRAPH].map((value) => first.words.filter((w) => w === value).length)).toEqual([1, 1]);

  const received: [MailEvent, number][] = [];
  for (const batch of [first, second]) {
    const copy = structuredClone(batch, { transfer: transferables(batch) });
    forEachEvent(copy, (event, line) => received.push([event, line]));
  }
  expect(received).toEqual(sent);
});

import { describe, expect, test } from 'vitest';
import { DETECTIONS, packNeedles, selectDetections } from '../../../src/core/detections/index.ts';
import { exportDetection } from '../../../src/core/rule-export/detection-spl.ts';

const snake = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '_');

describe('the registry', () => {
  test('keys are unique; each analyst variant sits beside its analytic', () => {
    const keys = DETECTIONS.map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const d of DETECTIONS.filter((d) => d.analyst)) expect(keys).toContain(d.escuId);
  });

  test.each(DETECTIONS.filter((d) => !d.analyst).map((d) => [d.name, d] as const))('%s: its own SPL, ending in its own filter macro', (name, d) => {
    expect(d.spl.startsWith('`o365_management_activity`')).toBe(true);
    expect(d.spl).toContain(`\`${snake(name)}_filter\``);
    expect(exportDetection(d.escuId)).toContain(d.spl);
  });

  test.each([
    [['68469fd0'], ['68469fd0-1315-44ba-b7e4-e92847bb76d6'], []],
    [['ac7c4d0a-06a3-4278-aa59-88a5e537f981'], ['ac7c4d0a-06a3-4278-aa59-88a5e537f981', 'ac7c4d0a-06a3-4278-aa59-88a5e537f981:analyst'], []],
    [['ac7c4d0a-06a3-4278-aa59-88a5e537f981:analyst'], ['ac7c4d0a-06a3-4278-aa59-88a5e537f981:analyst'], []],
    [['1234', 'AC7C4D0A'], ['ac7c4d0a-06a3-4278-aa59-88a5e537f981', 'ac7c4d0a-06a3-4278-aa59-88a5e537f981:analyst'], ['1234']],
  ])('selectDetections(%j)', (ids, keys, unknown) => {
    const selected = selectDetections(ids);
    expect([selected.detections.map((d) => d.key), selected.unknown]).toEqual([keys, unknown]);
  });

  test('needles: the PST alert by its name, Send* as its value starts, the OAuth listings by the API they name', () => {
    expect(packNeedles(selectDetections(['c97b3d72', '5f694cc4', '9db0d5b0']).detections)).toEqual([
      'eDiscovery search started or exported',
      '"Send',
      'HardDelete',
      '00000003-0000-0000-c000-000000000000',
      'Client=WebServices;ExchangeWebServices',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { mergePackAnswers } from '../../../src/core/detections/merge.ts';
import type { PackAlert } from '../../../src/core/detections/model.ts';
import { packAlert } from '../../fixtures/detections/pack-alerts.ts';

const at = (time: string, overrides: Partial<PackAlert> = {}) => packAlert({ firstTime: `2024-03-01T${time}Z`, lastTime: `2024-03-01T${time}Z`, ...overrides });
const CONSENT = { key: '50eaabf8-5180-4e86-bfb2-011472c359fc', detection: '50eaabf8-5180-4e86-bfb2-011472c359fc' };

describe('mergePackAnswers', () => {
  const cases: { name: string; files: PackAlert[][]; expected: string[] }[] = [
    { name: 'no imports: nothing', files: [], expected: [] },
    { name: 'one file: as it is', files: [[at('09:00:00', CONSENT), at('09:45:00')]], expected: ['09:00:00 50eaabf8', '09:45:00 68469fd0'] },
    {
      name: 'the same alert in two files (JSON and CSV of one export): once',
      files: [[at('09:45:00')], [at('09:45:00')]],
      expected: ['09:45:00 68469fd0'],
    },
    {
      name: 'two files: oldest first across them, a tie by key',
      files: [
        [at('09:45:00'), at('10:30:00')],
        [at('09:45:00', CONSENT), at('09:00:00', CONSENT)],
      ],
      expected: ['09:00:00 50eaabf8', '09:45:00 50eaabf8', '09:45:00 68469fd0', '10:30:00 68469fd0'],
    },
    {
      name: 'a group split across two files: two rows, each with its own records',
      files: [[at('09:45:00', { recordIds: ['r1'] })], [at('09:45:00', { recordIds: ['r2'] })]],
      expected: ['09:45:00 68469fd0', '09:45:00 68469fd0'],
    },
  ];
  it.each(cases)('$name', ({ files, expected }) => {
    const merged = mergePackAnswers(files.map((alerts) => ({ alerts, context: alerts })));
    const summary = (list: PackAlert[]) => list.map((a) => `${a.firstTime.slice(11, 19)} ${a.key.slice(0, 8)}`);
    expect([summary(merged.alerts), summary(merged.context)]).toEqual([expected, expected]);
  });
});

import { describe, expect, test } from 'vitest';
import { define } from '../../../src/core/detections/define.ts';
import { createPackRunner } from '../../../src/core/detections/runner.ts';

// The runner's groups are found by a 32-bit hash of their BY values (runner.ts): two values whose hashes
// collide must still make two groups. These two collide (found by searching u<n>@contoso.example).
const COLLIDING = ['u99765@contoso.example', 'u180774@contoso.example'];

const byUser = define({
  id: '00000000-0000-4000-8000-000000000001',
  name: 'test: one group per user',
  version: 1,
  date: '2026-12-04',
  technique: 'T0000',
  risk: 1,
  type: 'TTP',
  operations: ['Op'],
  reads: ['top level'],
  spl: '',
  riskObject: 'user',
  by: ['user'],
  select: (record) => [{ user: String(record.UserId) }],
  message: (g) => `${g.by.user}: ${g.count}`,
});

describe('the pack runner', () => {
  test('values whose group hashes collide stay apart, and each still finds its own group', () => {
    const runner = createPackRunner([byUser]);
    const add = (user: string, id: string) => runner.add({ Operation: 'Op', CreationTime: '2024-03-01T09:00:00', Id: id, UserId: user });
    add(COLLIDING[0], 'a');
    add(COLLIDING[1], 'b');
    add(COLLIDING[1], 'c');
    add(COLLIDING[0], 'd');
    add(COLLIDING[1], 'e');
    expect(runner.results().alerts.map((a) => [a.fields.user, a.count, a.recordIds])).toEqual([
      [COLLIDING[1], 3, ['b', 'c', 'e']],
      [COLLIDING[0], 2, ['a', 'd']],
    ]);
  });
});

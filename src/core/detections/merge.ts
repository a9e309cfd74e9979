// The pack's answers of several imports as one: the app runs the pack over each file as it imports it and
// keeps each file's answer (storage/workspace-db.ts `pack`). An alert two files both hold (the same export
// as JSON and as CSV) is listed once; the order is the runner's, oldest first.
//
// A stats group is tallied within one file: a group whose records lie in two files (an hourly search
// count split across exports) is two rows here, where the command line, reading the files in one session,
// tallies one; so is a group two overlapping exports each hold part of, each row with its file's count.

import type { PackAlert } from './model.ts';

export interface PackAnswer {
  alerts: PackAlert[];
  context: PackAlert[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byTime = (a: PackAlert, b: PackAlert) =>
  cmp(a.firstTime, b.firstTime) || cmp(a.key, b.key) || cmp(Object.values(a.fields).join('\u0000'), Object.values(b.fields).join('\u0000'));

function once(lists: PackAlert[][]): PackAlert[] {
  const seen = new Set<string>();
  const out: PackAlert[] = [];
  for (const list of lists)
    for (const alert of list) {
      const id = JSON.stringify(alert);
      if (!seen.has(id)) (seen.add(id), out.push(alert));
    }
  return out.sort(byTime);
}

export function mergePackAnswers(answers: PackAnswer[]): PackAnswer {
  return { alerts: once(answers.map((a) => a.alerts)), context: once(answers.map((a) => a.context)) };
}

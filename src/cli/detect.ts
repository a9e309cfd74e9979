// Command line over the same core the app's worker runs: each file into one session, in 64 KB chunks, a large one
// split across worker threads.

import { stat, writeFile } from 'node:fs/promises';
import { describeEvidence } from '../core/evidence.ts';
import { alertsToCsv } from '../core/report.ts';
import { exportRule, isRuleTarget } from '../core/rule-export/index.ts';
import { createPackSink } from '../core/detections/pack-sink.ts';
import { packResults } from '../core/detections/results.ts';
import { exportDetection } from '../core/rule-export/detection-spl.ts';
import { createDetectingSession } from '../core/session.ts';
import type { FileSummary } from '../core/types.ts';
import { parseArgs, USAGE } from './args.ts';
import { analyzeFile } from './read-parallel.ts';
import { readRecordIds } from './record-ids.ts';
import { packText } from './pack-text.ts';
import { textReport } from './text-report.ts';

const options = parseArgs(process.argv.slice(2));
if ('error' in options) {
  process.stderr.write(`${options.error}\n${USAGE}\n`);
  process.exit(2);
}
if (isRuleTarget(options.exportRule)) {
  // The tuned rule for a SIEM or data platform; no input is read.
  process.stdout.write(exportRule(options.exportRule, options.params));
  process.exit(0);
}

if (options.exportDetection) {
  process.stdout.write(exportDetection(options.exportDetection) ?? '');
  process.exit(0);
}

const pack = options.detections.length ? createPackSink(options.detections, { thresholds: options.thresholds }) : undefined;
const session = createDetectingSession(options.params, { ...options.analyzer, pack });
const files: FileSummary[] = [];
const readPaths: string[] = []; // the files read, for the report's second read (record-ids.ts)
let failed = false;
for (const path of options.files) {
  let before;
  let summary;
  try {
    before = await stat(path);
    summary = await analyzeFile(path, session);
  } catch (error) {
    process.stderr.write(`${path}: cannot be read: ${(error as Error).message}\n`);
    failed = true;
    continue;
  }
  const after = await stat(path).catch(() => null);
  if (!after || after.size !== before.size || after.mtimeMs !== before.mtimeMs || summary.bytes !== before.size) {
    // Evidence that moves under the reader deserves a loud note: the results cover only the bytes read.
    const message = `the file changed while it was being read (${before.size} bytes before, ${summary.bytes} read); analyse a copy nothing is writing to`;
    summary.problems.unshift({ line: 0, message });
  }
  if (summary.unsupported) {
    process.stderr.write(`${path}: not analysed. ${summary.unsupported}\n`);
    failed = true;
  }
  files.push(summary);
  readPaths.push(path);
}

const alerts = session.alerts();
const evidence = describeEvidence(files, alerts, options.params.spanMs);
const results = packResults(alerts, pack);
if (options.out)
  await writeFile(options.out, alertsToCsv(alerts, await readRecordIds(readPaths, alerts, options.params, options.analyzer), results.packAlerts));
const json = () => JSON.stringify({ alerts: results.alerts, files, evidence, reads: results.reads, stories: results.stories }, null, 2);
process.stdout.write(options.json ? `${json()}\n` : textReport(alerts, files, evidence) + packText(results));
process.exitCode = failed ? 1 : 0;

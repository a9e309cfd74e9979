// Command line over the same core the app's worker runs: stream each file in 64 KB chunks into one session.

import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { alertsToCsv } from '../core/report.ts';
import { exportRule, isRuleTarget } from '../core/rule-export/index.ts';
import { createSession } from '../core/session.ts';
import type { FileSummary } from '../core/types.ts';
import { parseArgs, USAGE } from './args.ts';
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

const session = createSession(options.params);
const files: FileSummary[] = [];
let failed = false;
for (const path of options.files) {
  const analyzer = session.file(basename(path));
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) analyzer.write(chunk as Buffer);
  } catch (error) {
    process.stderr.write(`${path}: cannot be read: ${(error as Error).message}\n`);
    failed = true;
    continue;
  }
  const summary = analyzer.end();
  if (summary.unsupported) {
    process.stderr.write(`${path}: not analysed. ${summary.unsupported}\n`);
    failed = true;
  }
  files.push(summary);
}

const alerts = session.alerts();
if (options.out) await writeFile(options.out, alertsToCsv(alerts));
process.stdout.write(options.json ? `${JSON.stringify({ alerts, files }, null, 2)}\n` : textReport(alerts, files));
process.exitCode = failed ? 1 : 0;

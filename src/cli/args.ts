// The command line's contract: flags -> rule parameters and outputs. node:util's parseArgs reads the flags;
// this module only checks their values and says what is wrong in words. Pure, so it is tested directly.

import { parseArgs as parseFlags } from 'node:util';
import type { AnalyzerOptions } from '../core/analyzer.ts';
import { parseOffset } from '../core/csv-layout.ts';
import { DEFAULT_PARAMS } from '../core/rule.ts';
import { parseSpan } from '../core/time.ts';
import type { RuleParams } from '../core/types.ts';

export interface CliOptions {
  json: boolean;
  out: string | null;
  exportRule: string | null;
  params: RuleParams;
  analyzer: AnalyzerOptions;
  files: string[];
}

export const USAGE = `usage: npm run detect -- [--json] [--out report.csv] [--profile mailbox|splunk]
       [--window tumbling|sliding] [--span 10m] [--threshold 5]
       [--allow-app ID]... [--allow-ip IP]... [--time-offset +02:00]
       [--export-rule spl|kql|sigma|sql] FILE...`;

const FLAGS = {
  json: { type: 'boolean' },
  out: { type: 'string' },
  profile: { type: 'string' },
  window: { type: 'string' },
  span: { type: 'string' },
  threshold: { type: 'string' },
  'allow-app': { type: 'string', multiple: true },
  'allow-ip': { type: 'string', multiple: true },
  'time-offset': { type: 'string' },
  'export-rule': { type: 'string' },
} as const;

export function parseArgs(argv: string[]): CliOptions | { error: string } {
  let flags;
  try {
    flags = parseFlags({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs says "Unknown option '--x'" or "Option '--out <value>' argument missing"; keep its words.
    return { error: (error as Error).message.replace(/\. To specify a positional argument.*$/s, '') };
  }
  const { values: v, positionals } = flags;
  const params: RuleParams = { ...DEFAULT_PARAMS, allowApps: [...(v['allow-app'] ?? [])], allowIps: [...(v['allow-ip'] ?? [])] };
  const analyzer: AnalyzerOptions = {};
  if (v.out === '') return { error: '--out needs a file name' };
  if (v.profile !== undefined) {
    if (v.profile !== 'mailbox' && v.profile !== 'splunk') return { error: `--profile must be mailbox or splunk, not ${v.profile}` };
    params.profile = v.profile;
  }
  if (v.window !== undefined) {
    if (v.window !== 'tumbling' && v.window !== 'sliding') return { error: `--window must be tumbling or sliding, not ${v.window}` };
    params.window = v.window;
  }
  if (v.span !== undefined) {
    const ms = parseSpan(v.span);
    if (Number.isNaN(ms)) return { error: `--span must be a duration such as 10m, 600s or 1h, not ${v.span}` };
    params.spanMs = ms;
  }
  if (v.threshold !== undefined) {
    if (!/^\d+$/.test(v.threshold)) return { error: `--threshold must be a whole number, not ${v.threshold}` };
    params.threshold = Number(v.threshold);
  }
  if (v['time-offset'] !== undefined) {
    const minutes = parseOffset(v['time-offset']);
    if (minutes === null) return { error: `--time-offset must be an offset from UTC such as +02:00 or -05:00, not ${v['time-offset']}` };
    analyzer.localOffsetMinutes = minutes;
  }
  const exportRule = v['export-rule'] ?? null;
  if (exportRule !== null && !['spl', 'kql', 'sigma', 'sql'].includes(exportRule))
    return { error: `--export-rule must be spl, kql, sigma or sql, not ${exportRule}` };
  if (!positionals.length && !exportRule) return { error: 'no input files' };
  return { json: v.json ?? false, out: v.out ?? null, exportRule, params, analyzer, files: positionals };
}

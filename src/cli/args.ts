// The command line's contract: flags -> rule parameters and outputs. node:util's parseArgs reads the flags;
// this module only checks their values and says what is wrong in words. Pure, so it is tested directly.

import { parseArgs as parseFlags } from 'node:util';
import type { AnalyzerOptions } from '../core/analyzer.ts';
import { parseOffset } from '../core/csv-layout.ts';
import { DEFAULT_PARAMS } from '../core/rule.ts';
import { parseSpan } from '../core/time.ts';
import type { RuleParams } from '../core/types.ts';
import { DETECTIONS, selectDetections, type Detection } from '../core/detections/index.ts';

export interface CliOptions {
  json: boolean;
  out: string | null;
  exportRule: string | null;
  /** An ESCU id: print that detection's own SPL and stop. */
  exportDetection: string | null;
  params: RuleParams;
  analyzer: AnalyzerOptions;
  /** The detection pack's rules to run (all by default; none with `--detections none`) and their thresholds. */
  detections: Detection[];
  thresholds: Record<string, number>;
  files: string[];
}

export const USAGE = `usage: npm run detect -- [--json] [--out report.csv] [--profile mailbox|splunk]
       [--window tumbling|sliding] [--span 10m] [--threshold 5]
       [--allow-app ID]... [--allow-ip IP]... [--time-offset +02:00]
       [--detections all|none|ID,...] [--detection-threshold ID=N]...
       [--export-rule spl|kql|sigma|sql] [--export-detection ID] FILE...`;

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
  detections: { type: 'string' },
  'detection-threshold': { type: 'string', multiple: true },
  'export-detection': { type: 'string' },
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
  const pack = detectionOptions(v.detections, v['detection-threshold'] ?? []);
  if ('error' in pack) return pack;
  const exportDetection = v['export-detection'] ?? null;
  if (exportDetection !== null && selectDetections([exportDetection]).detections.filter((d) => d.spl).length !== 1)
    return { error: `--export-detection must name one ESCU detection of the pack (see docs/detections.md), not ${exportDetection}` };
  const exportRule = v['export-rule'] ?? null;
  if (exportRule !== null && !['spl', 'kql', 'sigma', 'sql'].includes(exportRule))
    return { error: `--export-rule must be spl, kql, sigma or sql, not ${exportRule}` };
  if (!positionals.length && !exportRule && !exportDetection) return { error: 'no input files' };
  return { json: v.json ?? false, out: v.out ?? null, exportRule, exportDetection, params, analyzer, ...pack, files: positionals };
}

function detectionOptions(
  list: string | undefined,
  thresholdFlags: string[],
): { detections: Detection[]; thresholds: Record<string, number> } | { error: string } {
  let detections = DETECTIONS;
  if (list !== undefined && list !== 'all') {
    if (list === 'none') detections = [];
    else {
      const { detections: chosen, unknown } = selectDetections(list.split(','));
      if (unknown.length) return { error: `--detections: no detection ${unknown.join(', ')} in the pack (see docs/detections.md)` };
      detections = chosen;
    }
  }
  const thresholds: Record<string, number> = {};
  for (const flag of thresholdFlags) {
    const m = /^([^=]+)=(\d+)$/.exec(flag);
    const rule = m ? selectDetections([m[1]]).detections.find((d) => d.threshold) : undefined;
    if (!m || !rule)
      return {
        error: `--detection-threshold must be ID=N for a detection with a threshold (${DETECTIONS.filter((d) => d.threshold)
          .map((d) => d.escuId)
          .join(', ')}), not ${flag}`,
      };
    thresholds[rule.key] = Number(m[2]);
  }
  return { detections, thresholds };
}

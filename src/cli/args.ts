// The command line's contract: flags -> rule parameters and outputs. Pure, so it is tested directly.

import { DEFAULT_PARAMS } from '../core/rule.ts';
import { parseSpan } from '../core/time.ts';
import type { RuleParams } from '../core/types.ts';

export interface CliOptions {
  json: boolean;
  out: string | null;
  exportRule: string | null;
  params: RuleParams;
  files: string[];
}

export const USAGE = `usage: npm run detect -- [--json] [--out report.csv] [--profile mailbox|splunk]
       [--window tumbling|sliding] [--span 10m] [--threshold 5]
       [--allow-app ID]... [--allow-ip IP]... [--export-rule spl|kql|sigma|sql] FILE...`;

export function parseArgs(argv: string[]): CliOptions | { error: string } {
  const options: CliOptions = { json: false, out: null, exportRule: null, params: { ...DEFAULT_PARAMS, allowApps: [], allowIps: [] }, files: [] };
  const { params } = options;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--json':
        options.json = true;
        break;
      case '--out':
        options.out = value() ?? null;
        if (!options.out) return { error: '--out needs a file name' };
        break;
      case '--profile': {
        const v = value();
        if (v !== 'mailbox' && v !== 'splunk') return { error: `--profile must be mailbox or splunk, not ${v}` };
        params.profile = v;
        break;
      }
      case '--window': {
        const v = value();
        if (v !== 'tumbling' && v !== 'sliding') return { error: `--window must be tumbling or sliding, not ${v}` };
        params.window = v;
        break;
      }
      case '--span': {
        const v = value() ?? '';
        const ms = parseSpan(v);
        if (Number.isNaN(ms)) return { error: `--span must be a duration such as 10m, 600s or 1h, not ${v}` };
        params.spanMs = ms;
        break;
      }
      case '--threshold': {
        const v = value() ?? '';
        if (!/^\d+$/.test(v)) return { error: `--threshold must be a whole number, not ${v}` };
        params.threshold = Number(v);
        break;
      }
      case '--allow-app':
        params.allowApps.push(value() ?? '');
        break;
      case '--allow-ip':
        params.allowIps.push(value() ?? '');
        break;
      case '--export-rule': {
        const v = value() ?? '';
        if (!['spl', 'kql', 'sigma', 'sql'].includes(v)) return { error: `--export-rule must be spl, kql, sigma or sql, not ${v}` };
        options.exportRule = v;
        break;
      }
      default:
        if (arg.startsWith('--')) return { error: `unknown option ${arg}` };
        options.files.push(arg);
    }
  }
  if (!options.files.length && !options.exportRule) return { error: 'no input files' };
  return options;
}

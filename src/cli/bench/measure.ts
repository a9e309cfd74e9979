// What one timed child run reports to the harness, as one JSON line on stdout. Each run is a process of
// its own so that peak RSS belongs to that run alone.

export interface RunResult {
  ms: number;
  /** Peak resident set size of the whole process, bytes. */
  peakRss: number;
  /** One line per alert: window start, tenant, ClientAppId, ClientInfoString, distinct mailboxes. */
  alerts: string[];
  note?: string;
}

export const alertKey = (time: string, tenant: string, clientAppId: string, clientInfoString: string, mailboxes: number | bigint) =>
  [time, tenant, clientAppId, clientInfoString, String(mailboxes)].join(' | ');

export function reportRun(startedAt: number, alerts: string[], note?: string): void {
  const result: RunResult = { ms: performance.now() - startedAt, peakRss: process.resourceUsage().maxRSS * 1024, alerts: alerts.sort(), note };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

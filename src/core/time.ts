// Audit timestamps come in several spellings. All are read as UTC by hand: Date.parse would read a
// zone-less ISO string ("2024-02-01T16:07:34", as CreationTime is written) in the machine's local time,
// and results must not depend on where the laptop thinks it is.

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
// Purview/PowerShell CreationDate (en-US) and Azure portal exports: 9/20/2023 4:05:03 AM, 8/2/2021, 1:32:07.000 PM
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*([AP]M)?$/i;
// PowerShell ConvertTo-Json: /Date(1706781780000)/, optionally with an offset that does not move the instant.
const MS_DATE = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;

const fraction = (digits: string | undefined) => (digits ? Math.round(Number(`0.${digits}`) * 1000) : 0);

/** Epoch milliseconds (UTC) for any supported timestamp, or NaN. */
export function parseTimestamp(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value !== 'string') return NaN;
  const text = value.trim();
  let m = ISO.exec(text);
  if (m) {
    const utc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0)) + fraction(m[7]);
    return utc - offsetMinutes(m[8]) * 60_000;
  }
  m = MS_DATE.exec(text);
  if (m) return Number(m[1]);
  m = US.exec(text);
  if (m) {
    let hour = +m[4];
    const half = m[8]?.toUpperCase();
    if (half === 'PM' && hour < 12) hour += 12;
    if (half === 'AM' && hour === 12) hour = 0;
    return Date.UTC(+m[3], +m[1] - 1, +m[2], hour, +m[5], +(m[6] ?? 0)) + fraction(m[7]);
  }
  return NaN;
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return zone[0] === '-' ? -minutes : minutes;
}

/** ISO 8601 in UTC, without milliseconds when there are none: 2024-02-01T10:00:00Z. */
export function isoUtc(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** "10m", "600s", "1h", "90" (seconds) -> milliseconds; NaN when unreadable or not positive. */
export function parseSpan(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(text);
  if (!m) return NaN;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 's').toLowerCase() as 'ms'];
  const ms = Number(m[1]) * unit;
  return ms > 0 ? ms : NaN;
}

export function formatSpan(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

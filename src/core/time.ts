// Audit timestamps come in several spellings. All are read as UTC by hand: Date.parse would read a
// zone-less ISO string ("2024-02-01T16:07:34", as CreationTime is written) in the machine's local time,
// and results must not depend on where the laptop thinks it is.

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
// Purview/PowerShell CreationDate (en-US) and Azure portal exports: 9/20/2023 4:05:03 AM, 8/2/2021, 1:32:07.000 PM
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*([AP]M)?$/i;
// PowerShell ConvertTo-Json: /Date(1706781780000)/, optionally with an offset that does not move the instant.
const MS_DATE = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;

const fraction = (digits: string | undefined) => (digits ? Math.round(Number(`0.${digits}`) * 1000) : 0);

// CreationTime as the audit log writes it, 2024-02-01T16:07:34, read without a regular expression: on a
// file of MailItemsAccessed reads this is the one timestamp every event has, and the general path below
// was a tenth of normalising.
const digit = (text: string, at: number) => text.charCodeAt(at) - 0x30;
const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
function plainCreationTime(text: string): number {
  if (text.length !== 19 || text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d || text.charCodeAt(13) !== 0x3a || text.charCodeAt(16) !== 0x3a)
    return NaN;
  const t = text.charCodeAt(10);
  if (t !== 0x54 && t !== 0x74 && t !== 0x20) return NaN; // T, t or a space
  for (const at of DIGITS) {
    const d = digit(text, at);
    if (d < 0 || d > 9) return NaN;
  }
  const pair = (at: number) => digit(text, at) * 10 + digit(text, at + 1);
  return Date.UTC(pair(0) * 100 + pair(2), pair(5) - 1, pair(8), pair(11), pair(14), pair(17));
}

/** Epoch milliseconds (UTC) for any supported timestamp, or NaN. */
export function parseTimestamp(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value !== 'string') return NaN;
  const plain = plainCreationTime(value);
  if (!Number.isNaN(plain)) return plain;
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
/** Whether a timestamp states its own zone (Z, +02:00, /Date(ms)/ or epoch milliseconds do). */
export function hasZone(text: string): boolean {
  return /(?:[Zz]|[+-]\d{2}:?\d{2})\s*$/.test(text.trim()) || MS_DATE.test(text.trim());
}

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

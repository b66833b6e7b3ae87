const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|([+-])(\d{2}):(\d{2}))$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export type ParsedTime = {
  /** Milliseconds since the epoch, for window checks. */
  epochMs: number;
  /** UTC, always six fraction digits: what is stored and hashed, so equal instants compare equal. */
  canonical: string;
};

function daysInMonth(year: number, month: number): number {
  return month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS[month - 1];
}

/** Date.UTC, but years 1-99 as written: Date.UTC reads them as 1901-1999. */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second); // no Date object on the hot path
  const t = new Date(0);
  t.setUTCFullYear(year, month - 1, day);
  t.setUTCHours(hour, minute, second, 0);
  return t.getTime();
}

/**
 * Parses an RFC 3339 timestamp exactly (Date.parse accepts far more and loses microseconds).
 * Fractions beyond microseconds are truncated, Postgres' precision. Returns null when invalid,
 * and for instants outside the years 0001-9999 UTC (PostgreSQL has no year 0).
 * On the ingest hot path: UTC stamps, the common case, are canonicalised without a Date.
 */
export function parseRfc3339(value: string): ParsedTime | null {
  const m = RFC3339.exec(value);
  if (!m) return null;
  const year = +m[1];
  if (year === 0) return null;
  const month = +m[2];
  const day = +m[3];
  const hour = +m[4];
  const minute = +m[5];
  const second = +m[6];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (m[9]) {
    const oh = +m[10];
    const om = +m[11];
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (m[9] === '+' ? 1 : -1) * (oh * 60 + om);
  }
  const fraction = m[7] ?? '';
  const micros = fraction.length === 6 ? fraction : fraction.length > 6 ? fraction.slice(0, 6) : fraction.padEnd(6, '0');
  const wholeMs = utcMs(year, month, day, hour, minute, second) - offsetMinutes * 60_000;
  const epochMs = wholeMs + +micros / 1000;
  if (offsetMinutes === 0) {
    return { epochMs, canonical: `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${micros}Z` };
  }
  const iso = new Date(wholeMs).toISOString(); // whole seconds here
  if (iso.length !== 24 || iso.startsWith('0000')) return null; // shifted outside years 0001-9999
  return { epochMs, canonical: `${iso.slice(0, 19)}.${micros}Z` };
}

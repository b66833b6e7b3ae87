const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|([+-])(\d{2}):(\d{2}))$/;

export type ParsedTime = {
  /** Milliseconds since the epoch, for window checks. */
  epochMs: number;
  /** UTC, always six fraction digits: what is stored and hashed, so equal instants compare equal. */
  canonical: string;
};

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses an RFC 3339 timestamp exactly (Date.parse accepts far more and loses microseconds).
 * Fractions beyond microseconds are truncated, Postgres' precision. Returns null when invalid.
 */
export function parseRfc3339(value: string): ParsedTime | null {
  const m = RFC3339.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (m[9]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (m[9] === '+' ? 1 : -1) * (oh * 60 + om);
  }
  const micros = (m[7] ?? '').padEnd(6, '0').slice(0, 6);
  const wholeMs = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  if (!Number.isFinite(wholeMs)) return null;
  const iso = new Date(wholeMs).toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z, whole seconds here
  if (!iso.startsWith('-') && iso.length !== 24) return null; // outside years 0000-9999
  return { epochMs: wholeMs + Number(micros) / 1000, canonical: `${iso.slice(0, 19)}.${micros}Z` };
}

// Calendar arithmetic in IANA zones, with no dependency but Intl. Pure: table-tested in
// zoned-time.test.ts across DST, half- and quarter-hour zones and midnight transitions.

type LocalParts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Throws RangeError for a zone Intl does not know. Uses the cached formatter: building an
 * `Intl.DateTimeFormat` costs more than the calendar arithmetic it guards (a simulation checks
 * every subscriber's zone).
 */
export function checkTimeZone(timeZone: string): void {
  formatter(timeZone);
}

/** The wall-clock reading in `timeZone` at `instant`. */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** The local date of an instant in a zone, as YYYY-MM-DD. */
export function localDate(instant: Date, timeZone: string): string {
  const l = localParts(instant, timeZone);
  return `${String(l.year).padStart(4, '0')}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (east positive). */
export function offsetMs(instant: Date, timeZone: string): number {
  const l = localParts(instant, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The first instant whose wall clock in `timeZone` reads the given date: local midnight, or,
 * where midnight does not exist (a DST jump at 00:00), the moment the clock jumps.
 */
export function zonedInstant(year: number, month: number, day: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day);
  // The offsets in force a day either side bracket any transition near this midnight.
  const offsets = new Set([offsetMs(new Date(wall - 86_400_000), timeZone), offsetMs(new Date(wall + 86_400_000), timeZone)]);
  const onTheDay = [...offsets]
    .map((o) => wall - o)
    .filter((t) => {
      const l = localParts(new Date(t), timeZone);
      return l.year === year && l.month === month && l.day === day;
    });
  if (onTheDay.length === 0) throw new Error(`cannot place ${year}-${month}-${day} in ${timeZone}`);
  return new Date(Math.min(...onTheDay));
}

/** The calendar month containing `instant` in `timeZone`, as [start, end). */
export function monthOf(instant: Date, timeZone: string): { start: Date; end: Date } {
  const l = localParts(instant, timeZone);
  const next = l.month === 12 ? { year: l.year + 1, month: 1 } : { year: l.year, month: l.month + 1 };
  return { start: zonedInstant(l.year, l.month, 1, timeZone), end: zonedInstant(next.year, next.month, 1, timeZone) };
}

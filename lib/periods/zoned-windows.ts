import { localParts, zonedInstant } from './zoned-time';

export type WindowUnit = 'hour' | 'day';
export type ZonedWindow = { start: Date; end: Date };

/** The most windows one call enumerates; more is a caller's mistake, not a chart. */
export const MAX_ZONED_WINDOWS = 10_000;

/**
 * The hour containing `at` in `timeZone`, as PostgreSQL's date_trunc('hour', at, zone) cuts it:
 * the local minutes and seconds taken off, so the offset in force at `at` is kept (the two
 * 01:00 hours of a night the clocks go back stay apart; Kathmandu's hours start at :15 UTC).
 */
function hourStart(at: Date, timeZone: string): Date {
  const l = localParts(at, timeZone);
  return new Date(at.getTime() - l.minute * 60_000 - l.second * 1000 - (at.getTime() % 1000));
}

/** Local midnight of the day containing `at`. */
function dayStart(at: Date, timeZone: string): Date {
  const l = localParts(at, timeZone);
  return zonedInstant(l.year, l.month, l.day, timeZone);
}

function nextStart(start: Date, unit: WindowUnit, timeZone: string): Date {
  if (unit === 'hour') return hourStart(new Date(start.getTime() + 3_600_000), timeZone);
  const l = localParts(start, timeZone);
  const next = new Date(Date.UTC(l.year, l.month - 1, l.day + 1));
  return zonedInstant(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone);
}

/**
 * Every local hour or day overlapping [from, to) in `timeZone`, clipped to it, as the meter
 * query cuts them (windowSize HOUR or DAY, windowTimeZone): 23- and 25-hour days where DST
 * changes, 30-minute hours nowhere but Lord Howe. Lets a chart show windows without usage,
 * which the query leaves out, as zero. Throws RangeError past MAX_ZONED_WINDOWS.
 */
export function zonedWindows({ from, to, unit, timeZone }: { from: Date; to: Date; unit: WindowUnit; timeZone: string }): ZonedWindow[] {
  const windows: ZonedWindow[] = [];
  let start = unit === 'hour' ? hourStart(from, timeZone) : dayStart(from, timeZone);
  while (start < to) {
    if (windows.length === MAX_ZONED_WINDOWS) throw new RangeError(`more than ${MAX_ZONED_WINDOWS} windows`);
    const end = nextStart(start, unit, timeZone);
    windows.push({ start: start < from ? from : start, end: end > to ? to : end });
    start = end;
  }
  return windows;
}

import { localParts, zonedInstant } from '@/lib/periods/zoned-time';

/** A range the explorer reads, [from, to) as instants. */
export type Range = { from: Date; to: Date };

export type RangeChoice =
  | { kind: 'current' }
  | { kind: 'last'; days: 7 | 30 | 90 }
  | { kind: 'period'; start: string; end: string }
  | { kind: 'custom'; from: string; to: string };

/**
 * Hourly windows over at most this many days (2,400 windows). The query API allows far more
 * (200,000 windows, 50,000 rows), but a chart of more bars than a screen has pixels says nothing.
 */
export const MAX_HOURLY_DAYS = 100;
/** A custom range of days may span a leap year. */
export const MAX_DAYS = 366;

const DAY_MS = 86_400_000;

/** Local midnight `offset` days after the local date of `at`. */
function localMidnight(at: Date, timeZone: string, offset: number): Date {
  const l = localParts(at, timeZone);
  const d = new Date(Date.UTC(l.year, l.month - 1, l.day + offset));
  return zonedInstant(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), timeZone);
}

/** "2026-11-05" as a calendar date, or null when it is no such date. */
function parseLocalDate(text: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (year < 1 || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return { year, month, day };
}

/**
 * The instants a choice covers, in the customer's zone: the current billing period, the last n
 * local days up to the end of today, a past period, or whole local days from one date to another
 * (both included). Answers a message instead when the choice cannot be shown.
 */
export function resolveRange(choice: RangeChoice, ctx: { now: Date; timeZone: string; current: Range; hourly: boolean }): Range | { error: string } {
  const { now, timeZone } = ctx;
  let range: Range;
  if (choice.kind === 'current') range = ctx.current;
  else if (choice.kind === 'period') range = { from: new Date(choice.start), to: new Date(choice.end) };
  else if (choice.kind === 'last') range = { from: localMidnight(now, timeZone, 1 - choice.days), to: localMidnight(now, timeZone, 1) };
  else {
    const from = parseLocalDate(choice.from);
    const to = parseLocalDate(choice.to);
    if (!from || !to) return { error: 'Enter both dates as YYYY-MM-DD.' };
    const start = zonedInstant(from.year, from.month, from.day, timeZone);
    const last = zonedInstant(to.year, to.month, to.day, timeZone);
    if (last < start) return { error: 'The end date is before the start date: choose an end on or after the start.' };
    range = { from: start, to: localMidnight(last, timeZone, 1) };
    // 25-hour days make a long range a little more than its days × 24 hours.
    if (range.to.getTime() - range.from.getTime() > MAX_DAYS * DAY_MS + DAY_MS / 2) return { error: `A custom range may cover at most ${MAX_DAYS} days: choose a later start or an earlier end.` };
  }
  if (ctx.hourly && range.to.getTime() - range.from.getTime() > MAX_HOURLY_DAYS * DAY_MS + DAY_MS / 2) {
    return { error: `Hourly windows cover at most ${MAX_HOURLY_DAYS} days: choose “by day” or a shorter range.` };
  }
  return range;
}

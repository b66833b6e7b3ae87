import { localParts, zonedInstant } from './zoned-time';

export type LocalDay = { start: Date; end: Date };

/** The local days (midnight to midnight in `timeZone`) covering [from, to), clipped to it. */
export function localDays(from: Date, to: Date, timeZone: string): LocalDay[] {
  const days: LocalDay[] = [];
  let start = from;
  while (start < to) {
    const l = localParts(start, timeZone);
    const next = new Date(Date.UTC(l.year, l.month - 1, l.day + 1));
    const midnight = zonedInstant(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone);
    const end = midnight < to ? midnight : to;
    days.push({ start, end });
    start = end;
  }
  return days;
}

import { localParts, zonedInstant } from '@/lib/periods/zoned-time';

export type PeriodOptions = { anchorDay: number; timeZone: string };
export type Period = { start: Date; end: Date };

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const shift = (year: number, month: number, by: number) => {
  const m = year * 12 + (month - 1) + by;
  return { year: Math.floor(m / 12), month: (m % 12) + 1 };
};
const anchorIn = (year: number, month: number, { anchorDay, timeZone }: PeriodOptions) =>
  zonedInstant(year, month, Math.min(anchorDay, daysIn(year, month)), timeZone);

/** The billing period [start, end) holding `instant`: local midnight on the anchor day, clamped to short months. */
export function periodAt(instant: Date, options: PeriodOptions): Period {
  const l = localParts(instant, options.timeZone);
  let start = { year: l.year, month: l.month };
  if (anchorIn(l.year, l.month, options) > instant) start = shift(l.year, l.month, -1);
  const end = shift(start.year, start.month, 1);
  return { start: anchorIn(start.year, start.month, options), end: anchorIn(end.year, end.month, options) };
}

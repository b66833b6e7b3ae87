import { checkTimeZone, localParts, zonedInstant } from './zoned-time';

/**
 * Where a customer's billing months start: local midnight on `anchorDay` in `timeZone`, clamped to
 * the month's last day (anchor 31 starts February's period on the 28th or 29th, and March's on the
 * 31st again).
 */
export type BillingAnchor = { anchorDay: number; timeZone: string };

/** [start, end): start inclusive, end exclusive. */
export type BillingPeriod = { start: Date; end: Date };

/** More periods than this in one list is a caller's mistake (a century of months), not a request. */
export const MAX_PERIODS = 1200;

function checkAnchor({ anchorDay, timeZone }: BillingAnchor): void {
  if (!Number.isInteger(anchorDay) || anchorDay < 1 || anchorDay > 31) throw new RangeError(`anchor day must be 1-31, got ${anchorDay}`);
  checkTimeZone(timeZone);
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Month `month` of `year` shifted by `by` months (months 1-12). */
function addMonths(year: number, month: number, by: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + by;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** The start of the period that begins in the given local month. */
function startIn(year: number, month: number, { anchorDay, timeZone }: BillingAnchor): Date {
  return zonedInstant(year, month, Math.min(anchorDay, daysIn(year, month)), timeZone);
}

/** The billing period containing `instant`. */
export function billingPeriodAt(instant: Date, anchor: BillingAnchor): BillingPeriod {
  checkAnchor(anchor);
  const local = localParts(instant, anchor.timeZone);
  const thisMonth = startIn(local.year, local.month, anchor);
  const next = addMonths(local.year, local.month, 1);
  if (instant >= thisMonth) return { start: thisMonth, end: startIn(next.year, next.month, anchor) };
  const prev = addMonths(local.year, local.month, -1);
  return { start: startIn(prev.year, prev.month, anchor), end: thisMonth };
}

/** The period right after `period`. */
export function nextBillingPeriod(period: BillingPeriod, anchor: BillingAnchor): BillingPeriod {
  return billingPeriodAt(period.end, anchor);
}

/** The period right before `period`. */
export function previousBillingPeriod(period: BillingPeriod, anchor: BillingAnchor): BillingPeriod {
  return billingPeriodAt(new Date(period.start.getTime() - 1), anchor);
}

/** Every period overlapping [from, to), in order; the first may start before `from`, the last end after `to`. */
export function billingPeriodsBetween(from: Date, to: Date, anchor: BillingAnchor): BillingPeriod[] {
  const periods: BillingPeriod[] = [];
  if (from >= to) return periods;
  for (let p = billingPeriodAt(from, anchor); p.start < to; p = nextBillingPeriod(p, anchor)) {
    if (periods.length === MAX_PERIODS) throw new RangeError(`more than ${MAX_PERIODS} billing periods between ${from.toISOString()} and ${to.toISOString()}`);
    periods.push(p);
  }
  return periods;
}

/** The anchor day a subscription starting at `instant` gets: its local day of the month. */
export function anchorDayOf(instant: Date, timeZone: string): number {
  return localParts(instant, timeZone).day;
}

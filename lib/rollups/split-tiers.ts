// Which rollup tier answers which part of a query. Pure: table-tested in split-tiers.test.ts.

export const HOUR_MS = 3_600_000;

export const floorHour = (d: Date) => new Date(Math.floor(d.getTime() / HOUR_MS) * HOUR_MS);
export const ceilHour = (d: Date) => new Date(Math.ceil(d.getTime() / HOUR_MS) * HOUR_MS);

export type Range = { from: Date | null; to: Date | null };

/** Whole UTC hours the hour tier holds: [from, to), from open when null. */
export type HourSpan = { from: Date | null; to: Date };

/** Rows to read: hour rows over a range minus some hours, and minute rows over ranges. */
export type TierPlan = {
  hours: (HourSpan & { except: Date[] }) | null;
  minutes: Range[];
};

export type HourSpanOptions = Range & {
  /** Where the hour tier ends (null: it holds nothing yet); later hours are in minute rows only. */
  hourlyUntil: Date | null;
};

export type SplitTiersOptions = HourSpanOptions & {
  /**
   * The hours of the span that some window boundary cuts through (a +05:30 zone's midnight),
   * so their minutes fall into two windows; 'all' for minute windows.
   */
  cutHours: Date[] | 'all';
};

/** The whole UTC hours inside [from, to) that the hour tier holds; null ends stay open. Null when there are none. */
export function hourSpan({ from, to, hourlyUntil }: HourSpanOptions): HourSpan | null {
  if (!hourlyUntil) return null;
  const start = from && ceilHour(from);
  const wholeEnd = to && floorHour(to);
  const end = wholeEnd && wholeEnd < hourlyUntil ? wholeEnd : hourlyUntil;
  return start && start >= end ? null : { from: start, to: end };
}

/**
 * Hour rows wherever a whole hour lies inside [from, to), inside one window and inside the
 * hour tier; minute rows for the partial hours at the start, the cut hours, and everything
 * from the end of the span to `to`. When most hours are cut, one range of minutes is cheaper to
 * read than hours with holes in them.
 */
export function splitTiers({ from, to, hourlyUntil, cutHours }: SplitTiersOptions): TierPlan {
  const hours = hourSpan({ from, to, hourlyUntil });
  const everyMinute = { hours: null, minutes: [{ from, to }] };
  if (!hours || cutHours === 'all') return everyMinute;
  const spanHours = hours.from ? (hours.to.getTime() - hours.from.getTime()) / HOUR_MS : Infinity;
  if (cutHours.length * 2 > spanHours) return everyMinute;

  const cuts = [...cutHours].sort((a, b) => a.getTime() - b.getTime());
  const minutes: Range[] = [];
  const add = (start: Date, end: Date | null) => {
    if (end && start >= end) return;
    const last = minutes.at(-1);
    if (last?.to?.getTime() === start.getTime()) last.to = end;
    else minutes.push({ from: start, to: end });
  };
  if (from && hours.from) add(from, hours.from);
  for (const h of cuts) add(h, new Date(h.getTime() + HOUR_MS));
  add(hours.to, to);
  return { hours: { ...hours, except: cuts }, minutes };
}

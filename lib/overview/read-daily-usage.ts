import type { DailyUsage } from '@/lib/forecasts/forecast-usage';
import { type Dec, ZERO, decString } from '@/lib/pricing/decimal';
import type { BillingPeriod } from '@/lib/periods/billing-period';
import { type ZonedWindow, zonedWindows } from '@/lib/periods/zoned-windows';
import { localDate, localParts, zonedInstant } from '@/lib/periods/zoned-time';
import { EVERY_CUSTOMER } from '@/lib/principals/customer-scope';
import type { PeriodMeter } from '@/lib/usage/load-period-meters';
import { CUSTOMER_GROUP, MAX_ROWS, type UsageRow, readUsage } from '@/lib/usage/read-usage';

/** The forecast looks back this far before the period: 8 weeks, as `forecastUsage` uses at most. */
const HISTORY_DAYS = 56;

/** Rows one read may answer at most: a fifth of the meter query's cap, so a read never reaches it. */
const ROW_BUDGET = MAX_ROWS / 5;

/** A local day lasts at least 23 hours (a DST change), so a span holds at most this many days. */
const SHORTEST_DAY_MS = 23 * 3_600_000;

/** A usage charge of an additive meter (SUM or COUNT): its days are summed into the period. */
export type DailyUsageCharge = { key: string; meter: Pick<PeriodMeter, 'id'>; filter: Record<string, string> };

export type DailyUsageJob = { customerId: string; timeZone: string; period: BillingPeriod; charges: DailyUsageCharge[] };

export type DailyUsageRead = {
  /** Every local day of the period, YYYY-MM-DD. */
  periodDays: string[];
  /** The period's day holding now (its first day when the period has not started). */
  today: string;
  /** How much of today has passed, 0 to 1. */
  todayElapsed: number;
  /** Where the customer's usage starts: its first day with any usage of these charges in the last 8 weeks, or today. */
  historyStart: string;
  /** Per charge key, the usage of each day from 8 weeks before the period to now (today's part so far). */
  usage: Record<string, DailyUsage[]>;
};

export type ReadDailyUsageOptions = { jobs: DailyUsageJob[]; now: Date };

/**
 * One meter query: a meter's day windows in one zone, up to one instant, grouped by customer and
 * by the group names some charges filter on (only their values are read), for the charges that
 * filter on exactly those names.
 */
type DayRead = { meterId: string; timeZone: string; names: string[]; from: Date; to: Date; values: Map<string, Set<string>>; uses: { job: number; charge: number }[] };

/**
 * Daily usage per charge for the forecast: each local day (in the customer's zone) of the charge's
 * meter and group filter, from 8 weeks before the period's start to now. Read as the meter query
 * reads (`readUsage` with day windows in the zone), one query per meter, zone and set of filtered
 * group names for every job at once (customers chunked to stay far below its row cap), so the
 * days add up exactly to what `GET /meters/{m}/query` answers for the same span; the overview
 * polls every second and each poll costs a few range reads, not one probe per customer and day.
 */
export async function readDailyUsage({ jobs, now }: ReadDailyUsageOptions): Promise<DailyUsageRead[]> {
  const planned = jobs.map((job) => {
    const start = localParts(job.period.start, job.timeZone);
    const back = new Date(Date.UTC(start.year, start.month - 1, start.day - HISTORY_DAYS));
    const from = zonedInstant(back.getUTCFullYear(), back.getUTCMonth() + 1, back.getUTCDate(), job.timeZone);
    const days = zonedWindows({ from, to: job.period.end, unit: 'day', timeZone: job.timeZone });
    const at = now < job.period.start ? job.period.start : now;
    const past = days.filter((d) => d.start < at);
    // Usage counts up to now, and never past the period's end (a subscription canceled within it).
    const to = at < job.period.end ? at : job.period.end;
    const dayIndex = new Map(past.map((d, i) => [localDate(d.start, job.timeZone), i]));
    const totals: Dec[][] = job.charges.map(() => past.map(() => ZERO));
    return { job, days, past, at, from, to, dayIndex, totals };
  });

  const reads = new Map<string, DayRead>();
  planned.forEach(({ job, from, to }, j) => {
    job.charges.forEach((charge, c) => {
      const names = Object.keys(charge.filter).sort();
      const key = JSON.stringify([charge.meter.id, job.timeZone, names, to.getTime()]);
      let read = reads.get(key);
      if (!read) {
        read = { meterId: charge.meter.id, timeZone: job.timeZone, names, from, to, values: new Map(names.map((n) => [n, new Set<string>()])), uses: [] };
        reads.set(key, read);
      }
      if (from < read.from) read.from = from;
      for (const n of names) read.values.get(n)!.add(charge.filter[n]);
      read.uses.push({ job: j, charge: c });
    });
  });

  await Promise.all(
    [...reads.values()].flatMap((read) => {
      // Rows per customer: at most one per day and combination of the filtered values.
      const windows = Math.ceil((read.to.getTime() - read.from.getTime()) / SHORTEST_DAY_MS) + 1;
      const combinations = [...read.values.values()].reduce((n, v) => n * v.size, 1);
      const perRead = Math.max(1, Math.floor(ROW_BUDGET / (windows * combinations)));
      const customers = [...new Set(read.uses.map((u) => planned[u.job].job.customerId))];
      const chunks = Array.from({ length: Math.ceil(customers.length / perRead) }, (_, k) => customers.slice(k * perRead, (k + 1) * perRead));
      // Rows share a few dozen window starts; naming each day once spares an Intl call per row.
      const days = new Map<number, string>();
      const dayOf = (start: Date) => {
        let day = days.get(start.getTime());
        if (day === undefined) days.set(start.getTime(), (day = localDate(start, read.timeZone)));
        return day;
      };
      return chunks.map(async (customerIds) => {
        const rows = await readUsage({
          meter: read.meterId,
          scope: EVERY_CUSTOMER,
          customerIds,
          from: read.from,
          to: read.to,
          windowSize: 'DAY',
          windowTimeZone: read.timeZone,
          groupBy: [CUSTOMER_GROUP, ...read.names],
          filterGroupBy: Object.fromEntries([...read.values].map(([n, v]) => [n, [...v]])),
        });
        const byCustomer = new Map<string, UsageRow[]>();
        for (const r of rows) {
          const mine = byCustomer.get(r.customerId!);
          if (mine) mine.push(r);
          else byCustomer.set(r.customerId!, [r]);
        }
        for (const use of read.uses) {
          const { job, dayIndex, totals } = planned[use.job];
          const filter = Object.entries(job.charges[use.charge].filter);
          for (const r of byCustomer.get(job.customerId) ?? []) {
            if (!filter.every(([n, v]) => r.groupBy[n] === v)) continue;
            // Days before this job's own 8 weeks belong to another job of the read.
            const i = dayIndex.get(dayOf(r.windowStart.at));
            if (i !== undefined) totals[use.charge][i] = totals[use.charge][i].plus(r.value);
          }
        }
      });
    }),
  );

  return planned.map(({ job, days, past, at, totals }): DailyUsageRead => {
    const today: ZonedWindow = days.find((d) => d.start <= at && at < d.end) ?? days[days.length - 1];
    const usage: Record<string, DailyUsage[]> = {};
    let firstUsed = Infinity;
    job.charges.forEach((charge, c) => {
      usage[charge.key] = past.map((d, i) => {
        const quantity = totals[c][i];
        if (!quantity.isZero() && i < firstUsed) firstUsed = i;
        return { day: localDate(d.start, job.timeZone), quantity: decString(quantity) };
      });
    });
    return {
      periodDays: days.filter((d) => d.start >= job.period.start).map((d) => localDate(d.start, job.timeZone)),
      today: localDate(today.start, job.timeZone),
      todayElapsed: Math.min(1, Math.max(0, (at.getTime() - today.start.getTime()) / (today.end.getTime() - today.start.getTime()))),
      historyStart: firstUsed === Infinity ? localDate(today.start, job.timeZone) : localDate(past[firstUsed].start, job.timeZone),
      usage,
    };
  });
}

import type { DailyUsage } from '@/lib/forecasts/forecast-usage';
import { dec } from '@/lib/pricing/decimal';
import type { BillingPeriod } from '@/lib/periods/billing-period';
import { type LocalDay, localDays } from '@/lib/periods/local-days';
import { localParts, zonedInstant } from '@/lib/periods/zoned-time';
import { type PeriodTotalRequest, readPeriodTotals } from '@/lib/usage/read-period-totals';

/** The forecast looks back this far before the period: 8 weeks, as `forecastUsage` uses at most. */
const HISTORY_DAYS = 56;

export type DailyUsageCharge = Pick<PeriodTotalRequest, 'meter' | 'filter'> & { key: string };

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

const pad = (n: number) => String(n).padStart(2, '0');
const label = (d: Date, timeZone: string) => {
  const l = localParts(d, timeZone);
  return `${l.year}-${pad(l.month)}-${pad(l.day)}`;
};

/**
 * Complete days are remembered for a minute: the overview polls every second, and without this
 * each poll re-read 8 weeks of days per charge (one index probe each) to change only today. A late
 * event for a past day reaches the forecast within the minute; the cost so far never waits, it is
 * the draft's. Bounded: the oldest entries go first past MAX_REMEMBERED.
 */
const REMEMBER_MS = 60_000;
const MAX_REMEMBERED = 200_000;
const days = new Map<string, { quantity: string; until: number }>();

function recalled(key: string, now: Date): string | undefined {
  const hit = days.get(key);
  return hit && hit.until > now.getTime() ? hit.quantity : undefined;
}

function memorize(key: string, quantity: string, now: Date): void {
  days.delete(key);
  days.set(key, { quantity, until: now.getTime() + REMEMBER_MS });
  for (const oldest of days.keys()) {
    if (days.size <= MAX_REMEMBERED) break;
    days.delete(oldest);
  }
}

/**
 * Daily usage per charge for the forecast: each local day (in the customer's zone) of the charge's
 * meter and group filter, from 8 weeks before the period's start to now, for every job in ONE
 * batched read (`readPeriodTotals`, the reader rating uses), so the days add up to what the
 * meter query answers for the same span.
 */
export async function readDailyUsage({ jobs, now }: ReadDailyUsageOptions): Promise<DailyUsageRead[]> {
  const requests: PeriodTotalRequest[] = [];
  /** Per job, charge and day: a remembered quantity, or the index of its request. */
  const slots: (string | number)[] = [];
  const remember: { key: string; request: number }[] = [];
  const planned = jobs.map((job) => {
    const start = localParts(job.period.start, job.timeZone);
    const back = new Date(Date.UTC(start.year, start.month - 1, start.day - HISTORY_DAYS));
    const from = zonedInstant(back.getUTCFullYear(), back.getUTCMonth() + 1, back.getUTCDate(), job.timeZone);
    const days = localDays(from, job.period.end, job.timeZone);
    const at = now < job.period.start ? job.period.start : now;
    const past = days.filter((d) => d.start < at);
    const first = slots.length;
    for (const charge of job.charges) {
      for (const d of past) {
        const complete = d.end <= at;
        const key = `${job.customerId}|${charge.meter.id}|${JSON.stringify(charge.filter)}|${d.start.getTime()}|${d.end.getTime()}`;
        const known = complete ? recalled(key, now) : undefined;
        if (known !== undefined) {
          slots.push(known);
          continue;
        }
        const index = requests.push({ customerId: job.customerId, meter: charge.meter, filter: charge.filter, from: d.start, to: complete ? d.end : at }) - 1;
        if (complete) remember.push({ key, request: index });
        slots.push(index);
      }
    }
    return { job, days, past, at, first };
  });
  const read = await readPeriodTotals(requests);
  for (const { key, request } of remember) memorize(key, read[request], now);
  const totals = slots.map((s) => (typeof s === 'number' ? read[s] : s));

  return planned.map(({ job, days, past, at, first }): DailyUsageRead => {
    const today: LocalDay = days.find((d) => d.start <= at && at < d.end) ?? days[days.length - 1];
    const usage: Record<string, DailyUsage[]> = {};
    let firstUsed = Infinity;
    job.charges.forEach((charge, c) => {
      usage[charge.key] = past.map((d, i) => {
        const quantity = totals[first + c * past.length + i];
        if (!dec(quantity).isZero() && i < firstUsed) firstUsed = i;
        return { day: label(d.start, job.timeZone), quantity };
      });
    });
    return {
      periodDays: days.filter((d) => d.start >= job.period.start).map((d) => label(d.start, job.timeZone)),
      today: label(today.start, job.timeZone),
      todayElapsed: Math.min(1, Math.max(0, (at.getTime() - today.start.getTime()) / (today.end.getTime() - today.start.getTime()))),
      historyStart: firstUsed === Infinity ? label(today.start, job.timeZone) : label(past[firstUsed].start, job.timeZone),
      usage,
    };
  });
}

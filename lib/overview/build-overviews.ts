import { type ChargeQuantityForecast, forecastCost } from '@/lib/forecasts/forecast-cost';
import { type UsageForecast, forecastUsage } from '@/lib/forecasts/forecast-usage';
import { type BillableSubscription, contentOf, versionFor } from '@/lib/invoices/billable-subscriptions';
import { buildDraftInvoices } from '@/lib/invoices/build-draft-invoice';
import type { RatedInvoice } from '@/lib/invoices/rate-invoices';
import { draftId } from '@/lib/invoices/serialize-invoice';
import type { BillingPeriod } from '@/lib/periods/billing-period';
import type { UsageCharge, VersionContent } from '@/lib/pricing/charge-schema';
import { Dec, ZERO, dec, decString } from '@/lib/pricing/decimal';
import { formatAmount } from '@/lib/pricing/money';
import { type PeriodMeter, loadPeriodMeters } from '@/lib/usage/load-period-meters';
import type { ActiveOverview, OverviewCharge } from './overview-view';
import { type DailyUsageRead, readDailyUsage } from './read-daily-usage';
import { type PreviousInvoice, readPreviousInvoices } from './read-previous-invoices';

export type OverviewJob = { subscription: BillableSubscription; period: BillingPeriod };

export type BuildOverviewsOptions = { jobs: OverviewJob[]; now: Date };


/** Days add up to the period only for these; a maximum or a distinct count of a month is not a sum of its days. */
const ADDITIVE = new Set(['SUM', 'COUNT']);

/**
 * The overview of each subscription's upcoming period, for one customer or a whole list at once:
 * the live drafts (`buildDraftInvoices`, the same drafts `getUpcomingInvoice` serves), every
 * charge's daily usage and every previous invoice each in one batched read, then per charge the
 * usage forecast (`forecastUsage`) rated by the plan (`forecastCost`).
 */
export async function buildOverviews({ jobs, now }: BuildOverviewsOptions): Promise<ActiveOverview[]> {
  const contents = jobs.map((j) => contentOf(versionFor(j.subscription, j.period)));
  const usageCharges = (content: VersionContent) => content.charges.filter((c): c is UsageCharge => c.type === 'usage');
  const slugs = [...new Set(contents.flatMap((c) => usageCharges(c).map((u) => u.meter)))];
  const [drafts, meters, previous] = await Promise.all([
    buildDraftInvoices({ drafts: jobs, now }),
    loadPeriodMeters(slugs),
    readPreviousInvoices({ periods: jobs.map((j) => ({ customerId: j.subscription.customerId, subscriptionId: j.subscription.id, before: j.period.start })) }),
  ]);
  const daily = await readDailyUsage({
    jobs: jobs.map((j, k) => ({
      customerId: j.subscription.customerId,
      timeZone: j.subscription.customer.timeZone,
      // A subscription canceled within the period bills usage only until then: no days to forecast after it.
      period: { start: j.period.start, end: j.subscription.cancelAt && j.subscription.cancelAt < j.period.end ? j.subscription.cancelAt : j.period.end },
      // A charge whose meter is gone fails rating above already; only additive meters get days.
      charges: usageCharges(contents[k]).flatMap((c) => {
        const meter = meters.get(c.meter);
        return meter && ADDITIVE.has(meter.aggregation) ? [{ key: c.key, meter, filter: c.filter }] : [];
      }),
    })),
    now,
  });
  return jobs.map((j, k) => assemble(j, drafts[k], contents[k], meters, daily[k], previous[k]));
}

function assemble(job: OverviewJob, draft: RatedInvoice, content: VersionContent, meters: Map<string, PeriodMeter>, daily: DailyUsageRead, previous: PreviousInvoice | null): ActiveOverview {
  const { subscription: s, period } = job;
  const currency = draft.currency;
  const money = (v: Dec | string) => formatAmount(v, currency);
  const soFarOf = (key: string) => draft.lines.find((l) => l.kind === 'usage' && l.chargeKey === key)?.quantity ?? '0';

  const usage = new Map<string, UsageForecast>();
  const quantities: Record<string, ChargeQuantityForecast> = {};
  for (const charge of content.charges) {
    if (charge.type !== 'usage') continue;
    const soFar = soFarOf(charge.key);
    const meter = meters.get(charge.meter)!;
    const forecast: UsageForecast = daily.usage[charge.key]
      ? forecastUsage({ history: daily.usage[charge.key], historyStart: daily.historyStart, periodDays: daily.periodDays, today: daily.today, todayElapsed: daily.todayElapsed, soFar })
      : {
          quantity: { point: soFar, low: soFar, high: soFar },
          method: 'none',
          confidence: 'normal',
          note: `${meter.name} counts the ${meter.aggregation.toLowerCase().replace('_', ' ')} over the whole period, not a sum of days, so the forecast is the value so far.`,
        };
    usage.set(charge.key, forecast);
    quantities[charge.key] = { ...forecast.quantity, soFar };
  }
  const cost = forecastCost({ content, quantities, period, covered: { start: s.startsAt, end: s.cancelAt }, currency });

  const charges: OverviewCharge[] = cost.charges.map((c) => {
    const charge = content.charges.find((x) => x.key === c.key);
    const line = draft.lines.find((l) => l.kind !== 'adjustment' && l.chargeKey === c.key);
    const forecast = usage.get(c.key);
    const base = { key: c.key, name: c.name, type: c.type, costSoFar: line?.amount ?? money(ZERO), adjusts: null };
    if (charge?.type !== 'usage' || !forecast) {
      return { ...base, meter: null, filter: null, usageSoFar: null, included: null, forecast: { quantity: null, cost: c.cost, method: null, confidence: null, note: null } };
    }
    const meter = meters.get(charge.meter)!;
    const soFar = dec(soFarOf(c.key));
    const units = dec(charge.includedUnits);
    return {
      ...base,
      meter: { slug: meter.slug, name: meter.name, unit: meter.unit, aggregation: meter.aggregation },
      filter: charge.filter,
      usageSoFar: decString(soFar),
      included: units.gt(0) ? { units: decString(units), used: decString(Dec.min(soFar, units)), left: decString(Dec.max(units.minus(soFar), ZERO)) } : null,
      forecast: { quantity: c.quantity, cost: c.cost, method: forecast.method, confidence: forecast.confidence, note: forecast.note },
    };
  });

  // Late usage of finalized periods is billed on this invoice as it stands: its cost is known.
  const adjustments = draft.lines.filter((l) => l.kind === 'adjustment');
  for (const l of adjustments) {
    const amount = money(l.amount);
    charges.push({
      key: `adjustment:${l.chargeKey}:${l.adjusts!.invoiceId}`,
      name: `${l.name}: late usage`,
      type: 'adjustment',
      meter: null,
      filter: l.filter,
      usageSoFar: l.quantity,
      included: null,
      costSoFar: amount,
      forecast: { quantity: null, cost: { point: amount, low: amount, high: amount }, method: null, confidence: null, note: null },
      adjusts: { invoiceId: l.adjusts!.invoiceId, number: l.adjusts!.number },
    });
  }
  const adjusted = adjustments.reduce((sum, l) => sum.plus(l.amount), ZERO);
  const total = { point: money(adjusted.plus(cost.total.point)), low: money(adjusted.plus(cost.total.low)), high: money(adjusted.plus(cost.total.high)) };

  const notes = [...cost.notes];
  if (previous && dec(total.point).gt(previous.total)) {
    notes.push(`The forecast of ${total.point} ${currency} is above the last invoice, ${previous.number}, of ${money(previous.total)} ${currency}.`);
  }

  // The headline follows the least certain usage forecast: a range is only as good as its weakest part.
  const summed = [...usage.entries()].filter(([key]) => daily.usage[key]).map(([, f]) => f);
  const weakest = summed.find((f) => f.confidence === 'low') ?? summed.find((f) => f.method !== 'none') ?? summed[0];
  const today = daily.periodDays.indexOf(daily.today);
  const usageTo = draft.job.usageTo < period.end ? draft.job.usageTo : period.end;
  return {
    status: 'active',
    subscription: { id: s.id, plan: { key: draft.version.plan.key, name: draft.version.plan.name, version: draft.version.number } },
    invoice: { id: draftId(s.id, period.start), usageTo: usageTo.toISOString() },
    period: {
      start: period.start.toISOString(),
      end: period.end.toISOString(),
      timeZone: s.customer.timeZone,
      days: daily.periodDays.length,
      daysLeft: daily.periodDays.length - today,
      elapsedShare: Math.min(1, Math.max(0, (usageTo.getTime() - period.start.getTime()) / (period.end.getTime() - period.start.getTime()))),
    },
    currency,
    costSoFar: draft.total,
    forecast: {
      total,
      method: weakest?.method ?? 'none',
      confidence: weakest?.confidence ?? 'normal',
      note: weakest?.note ?? 'The plan has no usage charges to forecast: the cost is its fixed fees.',
    },
    charges,
    previous: previous && {
      invoiceId: previous.invoiceId,
      number: previous.number,
      total: money(previous.total),
      period: { start: previous.periodStart.toISOString(), end: previous.periodEnd.toISOString() },
    },
    notes,
  };
}

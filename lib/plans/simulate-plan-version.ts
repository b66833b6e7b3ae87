import type { Principal } from '@/lib/principals/principal';
import { AppError } from '@/lib/errors/app-error';
import type { PlanVersion } from '@/lib/generated/prisma/client';
import { type BillingPeriod, billingPeriodAt, previousBillingPeriod } from '@/lib/periods/billing-period';
import type { VersionContent } from '@/lib/pricing/charge-schema';
import { ZERO, dec } from '@/lib/pricing/decimal';
import { formatAmount } from '@/lib/pricing/money';
import { ratePeriod } from '@/lib/pricing/rate-period';
import { listPlanSubscribers, type PlanSubscriber } from '@/lib/subscriptions/list-plan-subscribers';
import { versionAt } from '@/lib/subscriptions/version-at';
import { loadPeriodMeters } from '@/lib/usage/load-period-meters';
import { type PeriodTotalRequest, readPeriodTotals } from '@/lib/usage/read-period-totals';
import { findVersion } from './find-plan';

export type SimulatePlanVersionOptions = { plan: string; number: string | number; principal: Principal; now?: Date };

type Job = { customer: number; which: 'lastClosedPeriod' | 'currentPeriod'; period: BillingPeriod; to: Date; version: PlanVersion };
type Quantities = { content: VersionContent; requests: Map<string, number> };

/**
 * What every subscriber of a plan would pay under one of its versions (typically a draft before
 * publishing): for its last closed period and its current period to date, the cost under the
 * version it is on in that period and under the simulated one, and the difference; then totals.
 * Usage comes from the rollups in one set-based read for all customers at once; each period is
 * rated by the same `ratePeriod` as invoices, so the numbers are what an invoice would say.
 */
export async function simulatePlanVersion({ plan: key, number, principal, now = new Date() }: SimulatePlanVersionOptions) {
  // Every subscriber's name and costs: for the operator's side only, never a customer's member.
  if (principal.kind === 'user' && principal.role === 'member') throw new AppError('forbidden', 'Simulations are for admins.');
  const { plan, version: simulated } = await findVersion(key, number);
  const subscribers = (await listPlanSubscribers(plan.id, now)).filter((s) => s.startsAt <= now && versionOf(s, versionAt(s, now)).planId === plan.id);

  // Customers share anchors and zones; the calendar arithmetic (Intl) is done once for each pair.
  const periods = new Map<string, { current: BillingPeriod; last: BillingPeriod }>();
  const periodsOf = (anchorDay: number, timeZone: string) => {
    const key = `${anchorDay}|${timeZone}`;
    let p = periods.get(key);
    if (!p) {
      const current = billingPeriodAt(now, { anchorDay, timeZone });
      p = { current, last: previousBillingPeriod(current, { anchorDay, timeZone }) };
      periods.set(key, p);
    }
    return p;
  };
  const jobs: Job[] = subscribers.flatMap((s, customer) => {
    const { current, last } = periodsOf(s.anchorDay, s.customer.timeZone);
    const job = (which: Job['which'], period: BillingPeriod, to: Date): Job => ({
      customer,
      which,
      period,
      to,
      version: versionOf(s, versionAt(s, period.start < s.startsAt ? s.startsAt : period.start)),
    });
    return [...(last.end > s.startsAt ? [job('lastClosedPeriod', last, last.end)] : []), job('currentPeriod', current, now)];
  });

  // Every usage charge of both versions, per job: one request per distinct (customer, meter, filter, range).
  const contents = [simulated, ...jobs.map((j) => j.version)].map((v) => v.content as VersionContent);
  const slugs = [...new Set(contents.flatMap((c) => c.charges.flatMap((ch) => (ch.type === 'usage' ? [ch.meter] : []))))];
  const meters = await loadPeriodMeters(slugs);
  const requests: PeriodTotalRequest[] = [];
  const index = new Map<string, number>();
  const quantitiesFor = (j: Job, content: VersionContent): Quantities => {
    const s = subscribers[j.customer];
    const from = j.period.start < s.startsAt ? s.startsAt : j.period.start;
    const to = s.cancelAt && s.cancelAt < j.to ? s.cancelAt : j.to;
    const byCharge = new Map<string, number>();
    for (const c of content.charges) {
      if (c.type !== 'usage') continue;
      const meter = meters.get(c.meter);
      if (!meter) throw new AppError('conflict', `Charge "${c.key}" prices meter "${c.meter}", which no longer exists.`, [{ path: 'meter', message: c.meter }]);
      const k = [s.customerId, meter.id, JSON.stringify(Object.entries(c.filter).sort()), from.getTime(), to.getTime()].join('|');
      if (!index.has(k)) index.set(k, requests.push({ customerId: s.customerId, meter, filter: c.filter, from, to }) - 1);
      byCharge.set(c.key, index.get(k)!);
    }
    return { content, requests: byCharge };
  };
  const planned = jobs.map((j) => ({ job: j, current: quantitiesFor(j, j.version.content as VersionContent), simulated: quantitiesFor(j, simulated.content as VersionContent) }));
  const totals = await readPeriodTotals(requests);

  const rate = (j: Job, q: Quantities) => {
    const s = subscribers[j.customer];
    const quantities = Object.fromEntries([...q.requests].map(([charge, i]) => [charge, totals[i]]));
    return ratePeriod({ content: q.content, quantities, period: j.period, covered: { start: s.startsAt, end: s.cancelAt }, currency: plan.currency }).total;
  };
  const sums = { lastClosedPeriod: { current: ZERO, simulated: ZERO }, currentPeriod: { current: ZERO, simulated: ZERO } };
  const customers = subscribers.map((s) => ({
    customerId: s.customerId,
    customerName: s.customer.name,
    version: versionOf(s, versionAt(s, now)).number,
    lastClosedPeriod: null as PeriodCost | null,
    currentPeriod: null as PeriodCost | null,
  }));
  for (const { job, current, simulated: sim } of planned) {
    const a = rate(job, current);
    const b = rate(job, sim);
    sums[job.which].current = sums[job.which].current.plus(a);
    sums[job.which].simulated = sums[job.which].simulated.plus(b);
    customers[job.customer][job.which] = {
      start: job.period.start,
      end: job.period.end,
      usageTo: job.to,
      version: job.version.number,
      current: a,
      simulated: b,
      difference: formatAmount(dec(b).minus(a), plan.currency),
    };
  }
  const total = (t: { current: typeof ZERO; simulated: typeof ZERO }) => ({
    current: formatAmount(t.current, plan.currency),
    simulated: formatAmount(t.simulated, plan.currency),
    difference: formatAmount(t.simulated.minus(t.current), plan.currency),
  });
  return {
    plan: plan.key,
    version: simulated.number,
    status: simulated.status,
    currency: plan.currency,
    at: now,
    customers,
    totals: { customers: customers.length, lastClosedPeriod: total(sums.lastClosedPeriod), currentPeriod: total(sums.currentPeriod) },
  };
}

type PeriodCost = { start: Date; end: Date; usageTo: Date; version: number; current: string; simulated: string; difference: string };

function versionOf(s: PlanSubscriber, id: string): PlanVersion {
  if (s.planVersionId === id) return s.planVersion;
  return s.changes.find((c) => c.planVersionId === id)!.planVersion;
}

import { pool } from '@/lib/db/pool';
import { db } from '@/lib/db/prisma';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors/app-error';
import type { BillingPeriod } from '@/lib/periods/billing-period';
import type { VersionContent } from '@/lib/pricing/charge-schema';
import { Dec, ZERO, decString, dec } from '@/lib/pricing/decimal';
import { formatAmount } from '@/lib/pricing/money';
import { type PeriodLine, ratePeriod } from '@/lib/pricing/rate-period';
import { loadPeriodMeters } from '@/lib/usage/load-period-meters';
import { type PeriodTotalRequest, readPeriodTotals } from '@/lib/usage/read-period-totals';
import {
  type BillableSubscription,
  type BillableVersion,
  contentOf,
  loadBillableSubscriptions,
  usageSpan,
  versionFor,
} from './billable-subscriptions';

export type LineKind = 'flat' | 'usage' | 'minimum' | 'adjustment';

/** The finalized invoice and period an adjustment line corrects. */
export type AdjustedPeriod = { invoiceId: string; number: string; periodStart: Date; periodEnd: Date };

export type RatedLine = {
  kind: LineKind;
  chargeKey: string;
  name: string;
  meter: string | null;
  filter: Record<string, string> | null;
  /** Exact decimal; null for flat fees and the minimum-spend true-up. */
  quantity: string | null;
  /** Rounded once to the currency's minor unit. */
  amount: string;
  unroundedAmount: string;
  /** Usage: model, included units, tier breakdown. Flat: proration. Adjustment: re-rated vs invoiced. */
  detail: Record<string, unknown>;
  adjusts: AdjustedPeriod | null;
};

export type InvoiceJob = {
  subscription: BillableSubscription;
  period: BillingPeriod;
  /** Usage is counted up to here: the period's end, or now for a draft or an early finalization. */
  usageTo: Date;
  /** Whether the invoice carries pending late-usage adjustments (the customer's next invoice does). */
  withAdjustments: boolean;
};

export type RatedInvoice = {
  job: InvoiceJob;
  version: BillableVersion;
  currency: string;
  lines: RatedLine[];
  subtotal: string;
  total: string;
  /** How many invoices the customer had when this was rated; storing checks nothing changed since. */
  knownInvoices: number;
};

export type RateInvoicesOptions = { jobs: InvoiceJob[]; now: Date };

type Rated = { lines: PeriodLine[]; content: VersionContent };

/** A finalized invoice whose period may have received late usage since. */
type Candidate = {
  customerId: string;
  id: string;
  subscriptionId: string;
  planVersionId: string;
  number: string;
  periodStart: Date;
  periodEnd: Date;
};

/** What has been invoiced so far for one charge of one period, across the invoice and earlier adjustments. */
type Invoiced = { quantity: Dec | null; amount: Dec; unrounded: Dec; kind: LineKind; name: string; meter: string | null; filter: Record<string, string> | null };

/**
 * Rates invoices for subscription periods from the rollups, in one set-based usage read for all
 * of them: the live draft (one job), the worker's finalizations (many), a reissue. Each period is
 * rated by `ratePeriod` under the version in force at its start. A job `withAdjustments` also gets,
 * for every finalized period of its customer that may have received late usage, per charge:
 * (the period re-rated with everything now known) − (what its invoice and earlier adjustments
 * billed); only the first such job of a customer in a call gets them.
 */
export async function rateInvoices({ jobs, now }: RateInvoicesOptions): Promise<RatedInvoice[]> {
  const customers = [...new Set(jobs.filter((j) => j.withAdjustments).map((j) => j.subscription.customerId))];
  // Independent reads run side by side: a live draft is a handful of round trips, not a chain.
  const [known, candidates] = await Promise.all([countInvoices([...new Set(jobs.map((j) => j.subscription.customerId))]), loadCandidates(customers, now)]);

  // Subscriptions and versions the candidates were rated under, when not already at hand.
  const subscriptions = new Map(jobs.map((j) => [j.subscription.id, j.subscription]));
  const missing = [...new Set(candidates.map((c) => c.subscriptionId).filter((id) => !subscriptions.has(id)))];
  const [invoiced, loaded] = await Promise.all([loadInvoiced(candidates), missing.length ? loadBillableSubscriptions({ id: { in: missing } }) : []]);
  for (const s of loaded) subscriptions.set(s.id, s);
  const versions = new Map<string, BillableVersion>();
  for (const s of subscriptions.values()) for (const v of [s.planVersion, ...s.changes.map((c) => c.planVersion)]) versions.set(v.id, v);
  // A period is re-rated under the version its invoice was rated under, even one no longer in the timeline.
  const unknown = [...new Set(candidates.map((c) => c.planVersionId).filter((id) => !versions.has(id)))];
  if (unknown.length) {
    for (const v of await db().planVersion.findMany({ where: { id: { in: unknown } }, include: { plan: { select: { key: true, name: true } } } })) versions.set(v.id, v);
  }

  const meters = await loadMeters([...jobs.map((j) => versionFor(j.subscription, j.period)), ...candidates.map((c) => versions.get(c.planVersionId)!)]);
  const requests: PeriodTotalRequest[] = [];
  const plan = (s: BillableSubscription, content: VersionContent, period: BillingPeriod, until: Date) => {
    const span = usageSpan(s, period, until);
    const indexes = new Map<string, number>();
    for (const c of content.charges) {
      if (c.type !== 'usage') continue;
      const meter = meters.get(c.meter);
      if (!meter) throw new AppError('conflict', `Charge "${c.key}" prices meter "${c.meter}", which no longer exists.`, [{ path: 'meter', message: c.meter }]);
      indexes.set(c.key, requests.push({ customerId: s.customerId, meter, filter: c.filter, from: span.from, to: span.to }) - 1);
    }
    return { s, content, period, indexes };
  };
  const planned = jobs.map((j) => plan(j.subscription, contentOf(versionFor(j.subscription, j.period)), j.period, j.usageTo));
  const replanned = candidates.map((c) => {
    const s = subscriptions.get(c.subscriptionId)!;
    return plan(s, contentOf(versions.get(c.planVersionId)!), { start: c.periodStart, end: c.periodEnd }, now);
  });
  const totals = await readPeriodTotals(requests);
  const rate = (p: (typeof planned)[number]): Rated => ({
    content: p.content,
    lines: ratePeriod({
      content: p.content,
      quantities: Object.fromEntries([...p.indexes].map(([key, i]) => [key, totals[i]])),
      period: p.period,
      covered: { start: p.s.startsAt, end: p.s.cancelAt },
      currency: p.s.customer.currency,
    }).lines,
  });
  const rerated = replanned.map(rate);

  const adjusted = new Set<string>();
  return jobs.map((job, k): RatedInvoice => {
    const s = job.subscription;
    const currency = s.customer.currency;
    const lines: RatedLine[] = rate(planned[k]).lines.map((l) => periodLine(l, planned[k].content));
    if (job.withAdjustments && !adjusted.has(s.customerId)) {
      adjusted.add(s.customerId);
      candidates.forEach((c, i) => {
        if (c.customerId !== s.customerId || c.periodStart >= job.period.start) return;
        lines.push(...adjustmentLines(c, rerated[i], invoiced.get(periodKey(c.subscriptionId, c.periodStart)) ?? new Map(), currency));
      });
    }
    const subtotal = formatAmount(lines.reduce((sum, l) => sum.plus(l.amount), ZERO), currency);
    return { job, version: versionFor(s, job.period), currency, lines, subtotal, total: subtotal, knownInvoices: known.get(s.customerId) ?? 0 };
  });
}

function periodLine(l: PeriodLine, content: VersionContent): RatedLine {
  const base = { chargeKey: l.key, name: l.name, amount: l.amount, unroundedAmount: l.unroundedAmount, adjusts: null };
  if (l.type === 'flat') {
    return { ...base, kind: 'flat', meter: null, filter: null, quantity: null, detail: { billing: l.billing, coveredMs: l.coveredMs, periodMs: l.periodMs } };
  }
  if (l.type === 'minimum_spend') {
    return { ...base, kind: 'minimum', meter: null, filter: null, quantity: null, detail: { minimumSpend: content.minimumSpend } };
  }
  const charge = content.charges.find((c) => c.key === l.key);
  const { quantity, includedUnits, billableQuantity, modelAmount, clampedBy, breakdown } = l;
  return {
    ...base,
    kind: 'usage',
    meter: l.meter,
    filter: charge?.type === 'usage' ? charge.filter : {},
    quantity,
    detail: { model: charge?.type === 'usage' ? charge.model : null, includedUnits, billableQuantity, modelAmount, clampedBy, breakdown },
  };
}

/** Per charge of a finalized period: what re-rating it now bills more (or less) than was invoiced. */
function adjustmentLines(c: Candidate, now: Rated, before: Map<string, Invoiced>, currency: string): RatedLine[] {
  const keys = [...new Set([...now.lines.map((l) => l.key), ...before.keys()])];
  const lines: RatedLine[] = [];
  for (const key of keys) {
    const line = now.lines.find((l) => l.key === key);
    const was = before.get(key);
    const quantity = line?.type === 'usage' ? dec(line.quantity) : null;
    const amount = dec(line?.amount ?? '0').minus(was?.amount ?? ZERO);
    const unrounded = dec(line?.unroundedAmount ?? '0').minus(was?.unrounded ?? ZERO);
    const quantityDiff = quantity || was?.quantity ? (quantity ?? ZERO).minus(was?.quantity ?? ZERO) : null;
    if (amount.isZero() && (quantityDiff === null || quantityDiff.isZero())) continue;
    const rated = line ? periodLine(line, now.content) : null;
    lines.push({
      kind: 'adjustment',
      chargeKey: key,
      name: rated?.name ?? was!.name,
      meter: rated?.meter ?? was?.meter ?? null,
      filter: rated?.filter ?? was?.filter ?? null,
      quantity: quantityDiff && decString(quantityDiff),
      amount: formatAmount(amount, currency),
      unroundedAmount: decString(unrounded),
      detail: {
        of: rated?.kind ?? was!.kind,
        rerated: { quantity: quantity && decString(quantity), amount: line?.amount ?? formatAmount('0', currency), detail: rated?.detail ?? null },
        invoiced: { quantity: was?.quantity ? decString(was.quantity) : was ? null : '0', amount: formatAmount(was?.amount ?? ZERO, currency) },
      },
      adjusts: { invoiceId: c.id, number: c.number, periodStart: c.periodStart, periodEnd: c.periodEnd },
    });
  }
  return lines;
}

const periodKey = (subscriptionId: string, start: Date) => `${subscriptionId}|${start.getTime()}`;

async function countInvoices(customerIds: string[]): Promise<Map<string, number>> {
  if (!customerIds.length) return new Map();
  const { rows } = await pool().query<{ customer_id: string; n: number }>(
    'SELECT customer_id, count(*)::int AS n FROM invoices WHERE customer_id = ANY($1::uuid[]) GROUP BY customer_id',
    [customerIds],
  );
  return new Map(rows.map((r) => [r.customer_id, r.n]));
}

/**
 * Finalized invoices whose period late usage could still reach: an event is accepted up to the
 * late-arrival horizon after its time, and the customer's last invoice already saw everything
 * accepted before it, so only periods ending after (last finalization − horizon) can have changed
 * (a day of margin for ingest transactions still open then).
 */
async function loadCandidates(customerIds: string[], now: Date): Promise<Candidate[]> {
  if (!customerIds.length) return [];
  const { rows } = await pool().query<{ customer_id: string; id: string; subscription_id: string; plan_version_id: string; number: string; period_start: Date; period_end: Date }>(
    `WITH last AS (SELECT customer_id, max(finalized_at) AS at FROM invoices WHERE customer_id = ANY($1::uuid[]) GROUP BY customer_id)
     SELECT i.customer_id, i.id, i.subscription_id, i.plan_version_id, i.number, i.period_start, i.period_end
     FROM invoices i JOIN last ON last.customer_id = i.customer_id
     WHERE i.status = 'finalized' AND i.period_start < $2 AND i.period_end > least(last.at, $2) - make_interval(days => $3 + 1)
     ORDER BY i.customer_id, i.period_start`,
    [customerIds, now, env().LATE_ARRIVAL_HORIZON_DAYS],
  );
  return rows.map((r) => ({
    customerId: r.customer_id,
    id: r.id,
    subscriptionId: r.subscription_id,
    planVersionId: r.plan_version_id,
    number: r.number,
    periodStart: r.period_start,
    periodEnd: r.period_end,
  }));
}

/** Per candidate period and charge: its invoice's lines plus adjustments to it on finalized invoices. */
async function loadInvoiced(candidates: Candidate[]): Promise<Map<string, Map<string, Invoiced>>> {
  const result = new Map<string, Map<string, Invoiced>>();
  if (!candidates.length) return result;
  const { rows } = await pool().query<{
    subscription_id: string;
    period_start: Date;
    charge_key: string;
    kind: LineKind;
    of: LineKind | null;
    name: string;
    meter: string | null;
    filter: Record<string, string> | null;
    quantity: string | null;
    amount: string;
    unrounded_amount: string;
  }>(
    `WITH c AS (SELECT * FROM unnest($1::uuid[], $2::uuid[]) AS c(customer_id, id))
     SELECT t.subscription_id, t.period_start, l.charge_key, l.kind, l.detail ->> 'of' AS of, l.name, l.meter, l.filter,
            l.quantity::text, l.amount::text, l.unrounded_amount::text
     FROM c JOIN invoices t ON t.customer_id = c.customer_id AND t.id = c.id
     JOIN invoice_lines l ON l.customer_id = t.customer_id AND l.invoice_id = t.id AND l.kind <> 'adjustment'
     UNION ALL
     SELECT t.subscription_id, t.period_start, l.charge_key, l.kind, l.detail ->> 'of', l.name, l.meter, l.filter,
            l.quantity::text, l.amount::text, l.unrounded_amount::text
     FROM c JOIN invoices t ON t.customer_id = c.customer_id AND t.id = c.id
     JOIN invoices a ON a.customer_id = t.customer_id AND a.subscription_id = t.subscription_id AND a.period_start = t.period_start
     JOIN invoice_lines l ON l.customer_id = a.customer_id AND l.adjusts_invoice_id = a.id AND l.kind = 'adjustment'
     JOIN invoices x ON x.customer_id = l.customer_id AND x.id = l.invoice_id AND x.status = 'finalized'`,
    [candidates.map((c) => c.customerId), candidates.map((c) => c.id)],
  );
  for (const r of rows) {
    const key = periodKey(r.subscription_id, r.period_start);
    const byCharge = result.get(key) ?? new Map<string, Invoiced>();
    result.set(key, byCharge);
    const was = byCharge.get(r.charge_key);
    const quantity = r.quantity === null ? null : dec(r.quantity);
    byCharge.set(r.charge_key, {
      kind: r.kind === 'adjustment' ? (r.of ?? was?.kind ?? 'usage') : r.kind,
      name: was?.name ?? r.name,
      meter: was?.meter ?? r.meter,
      filter: was?.filter ?? r.filter,
      quantity: quantity === null ? (was?.quantity ?? null) : (was?.quantity ?? ZERO).plus(quantity),
      amount: (was?.amount ?? ZERO).plus(r.amount),
      unrounded: (was?.unrounded ?? ZERO).plus(r.unrounded_amount),
    });
  }
  return result;
}

async function loadMeters(versions: BillableVersion[]) {
  const slugs = [...new Set(versions.flatMap((v) => contentOf(v).charges.flatMap((c) => (c.type === 'usage' ? [c.meter] : []))))];
  return loadPeriodMeters(slugs);
}

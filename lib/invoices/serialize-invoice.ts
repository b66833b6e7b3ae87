import type { Prisma } from '@/lib/generated/prisma/client';
import { decString, dec } from '@/lib/pricing/decimal';
import { formatAmount } from '@/lib/pricing/money';
import { type Issuer, currentIssuer } from './issuer';
import type { LineKind, RatedInvoice, RatedLine } from './rate-invoices';

// The one contract for invoices: what the API answers and what pages render. Dates are ISO
// strings, amounts decimal strings with exactly the currency's minor digits ("12.50", JPY "13").

export type InvoiceStatus = 'draft' | 'finalized' | 'void';

/** A line as the API answers it: the rated line, numbered, with its corrected period's dates as strings. */
export type InvoiceLineView = Omit<RatedLine, 'adjusts'> & {
  position: number;
  /** For an adjustment: the finalized invoice and period it corrects. */
  adjusts: { invoiceId: string; number: string | null; periodStart: string; periodEnd: string } | null;
};

export type InvoiceSummaryView = {
  /** A uuid once finalized; `draft_<subscriptionId>_<periodStart>` for a live draft. */
  id: string;
  status: InvoiceStatus;
  /** Null until finalized. */
  number: string | null;
  customerId: string;
  customerName: string;
  subscriptionId: string;
  plan: { key: string; name: string; version: number };
  currency: string;
  /** The customer's zone the period is a month of. */
  timeZone: string;
  period: { start: string; end: string };
  /** Usage counted up to here (now, for a draft). */
  usageTo: string;
  /** 0 for a period's first invoice, n for its n-th replacement. */
  revision: number;
  subtotal: string;
  total: string;
  finalizedAt: string | null;
  finalizedBy: string | null;
  voided: { reason: string; at: string } | null;
  replacesId: string | null;
  replacedById: string | null;
};

export type InvoiceView = InvoiceSummaryView & {
  issuer: Issuer;
  /** The rollup consumer's stream position the usage was read at; null for a draft. */
  ratedAt: { tx: string; seq: string } | null;
  lines: InvoiceLineView[];
};

const stamp = (d: Date) => d.toISOString();
const decimal = (v: Prisma.Decimal | string) => decString(dec(v.toString()));

/** `draft_<subscriptionId>_<periodStart as 20260101T050000Z>`: stable for the period until it is finalized. */
export function draftId(subscriptionId: string, periodStart: Date): string {
  return `draft_${subscriptionId}_${periodStart.toISOString().replace(/[-:]|\.\d+/g, '')}`;
}

/** The subscription and period start a draft id names, or null when it is not one. */
export function parseDraftId(id: string): { subscriptionId: string; periodStart: Date } | null {
  const m = /^draft_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/i.exec(id);
  if (!m) return null;
  const periodStart = new Date(`${m[2]}-${m[3]}-${m[4]}T${m[5]}:${m[6]}:${m[7]}Z`);
  return Number.isNaN(periodStart.getTime()) ? null : { subscriptionId: m[1].toLowerCase(), periodStart };
}

function ratedLineView(l: RatedLine, position: number, currency: string): InvoiceLineView {
  return {
    position,
    kind: l.kind,
    chargeKey: l.chargeKey,
    name: l.name,
    meter: l.meter,
    filter: l.filter,
    quantity: l.quantity,
    amount: formatAmount(l.amount, currency),
    unroundedAmount: l.unroundedAmount,
    detail: l.detail,
    adjusts: l.adjusts && { invoiceId: l.adjusts.invoiceId, number: l.adjusts.number, periodStart: stamp(l.adjusts.periodStart), periodEnd: stamp(l.adjusts.periodEnd) },
  };
}

/** A live draft, rated now. */
export function serializeDraft(r: RatedInvoice): InvoiceView {
  const s = r.job.subscription;
  return {
    id: draftId(s.id, r.job.period.start),
    status: 'draft',
    number: null,
    customerId: s.customerId,
    customerName: s.customer.name,
    subscriptionId: s.id,
    plan: { key: r.version.plan.key, name: r.version.plan.name, version: r.version.number },
    currency: r.currency,
    timeZone: s.customer.timeZone,
    period: { start: stamp(r.job.period.start), end: stamp(r.job.period.end) },
    usageTo: stamp(r.job.usageTo < r.job.period.end ? r.job.usageTo : r.job.period.end),
    revision: 0,
    subtotal: r.subtotal,
    total: r.total,
    finalizedAt: null,
    finalizedBy: null,
    voided: null,
    replacesId: null,
    replacedById: null,
    issuer: currentIssuer(),
    ratedAt: null,
    lines: r.lines.map((l, i) => ratedLineView(l, i, r.currency)),
  };
}

/** What stored invoices are loaded with, for `serializeInvoice`. */
export const invoiceInclude = {
  planVersion: { select: { number: true, plan: { select: { key: true, name: true } } } },
  subscription: { select: { customer: { select: { name: true } } } },
} satisfies Prisma.InvoiceInclude;

type StoredInvoice = Prisma.InvoiceGetPayload<{ include: typeof invoiceInclude }>;
type StoredLine = Prisma.InvoiceLineGetPayload<object>;

export function serializeInvoiceSummary(i: StoredInvoice): InvoiceSummaryView {
  return {
    id: i.id,
    status: i.status,
    number: i.number,
    customerId: i.customerId,
    customerName: i.subscription.customer.name,
    subscriptionId: i.subscriptionId,
    plan: { key: i.planVersion.plan.key, name: i.planVersion.plan.name, version: i.planVersion.number },
    currency: i.currency,
    timeZone: i.timeZone,
    period: { start: stamp(i.periodStart), end: stamp(i.periodEnd) },
    usageTo: stamp(i.usageTo),
    revision: i.revision,
    subtotal: formatAmount(i.subtotal.toString(), i.currency),
    total: formatAmount(i.total.toString(), i.currency),
    finalizedAt: stamp(i.finalizedAt),
    finalizedBy: i.finalizedBy,
    voided: i.voidedAt && i.voidReason !== null ? { reason: i.voidReason, at: stamp(i.voidedAt) } : null,
    replacesId: i.replacesId,
    replacedById: i.replacedById,
  };
}

/** A stored invoice with its lines; `numbers` names the invoices its adjustments correct. */
export function serializeInvoice(i: StoredInvoice, lines: StoredLine[], numbers: Map<string, string>): InvoiceView {
  return {
    ...serializeInvoiceSummary(i),
    issuer: i.issuer as Issuer,
    ratedAt: { tx: i.ratedTx.toString(), seq: i.ratedSeq.toString() },
    lines: lines.map((l) => ({
      position: l.position,
      kind: l.kind as LineKind,
      chargeKey: l.chargeKey,
      name: l.name,
      meter: l.meter,
      filter: l.filter as Record<string, string> | null,
      quantity: l.quantity === null ? null : decimal(l.quantity),
      amount: formatAmount(l.amount.toString(), i.currency),
      unroundedAmount: decimal(l.unroundedAmount),
      detail: l.detail as Record<string, unknown>,
      adjusts:
        l.adjustsInvoiceId && l.adjustsPeriodStart && l.adjustsPeriodEnd
          ? { invoiceId: l.adjustsInvoiceId, number: numbers.get(l.adjustsInvoiceId) ?? null, periodStart: stamp(l.adjustsPeriodStart), periodEnd: stamp(l.adjustsPeriodEnd) }
          : null,
    })),
  };
}

import { randomUUID } from 'node:crypto';
import type { Tx } from '@/lib/db/prisma';
import { currentIssuer, numberSeries } from './issuer';
import type { RatedInvoice } from './rate-invoices';

/** The rollup consumer's offset the usage was read at. */
export type StreamPosition = { tx: string; seq: string };

export type StoreInvoicesOptions = {
  rated: RatedInvoice[];
  now: Date;
  /** "worker", or who finalized early or reissued. */
  actor: string;
  position: StreamPosition;
  /** For a reissue (one invoice): the voided invoice it replaces and the revision it takes. */
  replacing?: { id: string; revision: number; newId: string };
  prefix?: string;
};

export type StoredInvoice = { id: string; customerId: string; number: string; rated: RatedInvoice };

/**
 * Finalizes rated invoices in the caller's transaction: locks the numbering series row (so
 * finalizers queue here and a rollback returns its numbers), drops periods another worker
 * finalized meanwhile and customers whose invoices changed since they were rated (their
 * adjustments would be stale; the next run rates them again), then numbers the rest in order and
 * writes them and their lines in two set-based statements.
 */
export async function storeInvoices(tx: Tx, { rated, now, actor, position, replacing, prefix }: StoreInvoicesOptions): Promise<StoredInvoice[]> {
  if (!rated.length) return [];
  const series = numberSeries(now, prefix);
  const [{ last }] = await tx.$queryRawUnsafe<{ last: bigint }[]>(
    `INSERT INTO invoice_number_series (series, last_number) VALUES ($1, 0)
     ON CONFLICT (series) DO UPDATE SET last_number = invoice_number_series.last_number RETURNING last_number AS last`,
    series,
  );

  let keep = rated;
  if (!replacing) {
    const customers = [...new Set(rated.map((r) => r.job.subscription.customerId))];
    const existing = await tx.$queryRawUnsafe<{ subscription_id: string; period_start: Date }[]>(
      `SELECT i.subscription_id, i.period_start FROM invoices i
       JOIN unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS j(customer_id, subscription_id, period_start)
         ON i.customer_id = j.customer_id AND i.subscription_id = j.subscription_id AND i.period_start = j.period_start AND i.revision = 0`,
      rated.map((r) => r.job.subscription.customerId),
      rated.map((r) => r.job.subscription.id),
      rated.map((r) => r.job.period.start.toISOString()),
    );
    const done = new Set(existing.map((e) => `${e.subscription_id}|${e.period_start.getTime()}`));
    const counts = await tx.$queryRawUnsafe<{ customer_id: string; n: number }[]>(
      'SELECT customer_id, count(*)::int AS n FROM invoices WHERE customer_id = ANY($1::uuid[]) GROUP BY customer_id',
      customers,
    );
    const current = new Map(counts.map((c) => [c.customer_id, c.n]));
    keep = rated.filter(
      (r) =>
        !done.has(`${r.job.subscription.id}|${r.job.period.start.getTime()}`) &&
        (!r.job.withAdjustments || (current.get(r.job.subscription.customerId) ?? 0) === r.knownInvoices),
    );
  }
  if (!keep.length) return [];

  const issuer = currentIssuer();
  const first = Number(last) + 1;
  const stored = keep.map((r, i): StoredInvoice => ({
    id: replacing?.newId ?? randomUUID(),
    customerId: r.job.subscription.customerId,
    number: `${series}-${String(first + i).padStart(6, '0')}`,
    rated: r,
  }));
  await tx.$executeRawUnsafe('UPDATE invoice_number_series SET last_number = $2 WHERE series = $1', series, first + keep.length - 1);

  const col = <T>(f: (s: StoredInvoice) => T) => stored.map(f);
  await tx.$executeRawUnsafe(
    `INSERT INTO invoices (customer_id, id, subscription_id, plan_version_id, series, number, currency, time_zone, period_start, period_end,
       revision, usage_to, subtotal, total, issuer, rated_tx, rated_seq, finalized_at, finalized_by, replaces_id)
     SELECT customer_id, id, subscription_id, plan_version_id, $20::text, number, currency, time_zone, period_start, period_end,
       $18::int, usage_to, subtotal, total, $13::jsonb, $14::bigint, $15::bigint, $16::timestamptz, $17::text, $19::uuid
     FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[],
       $10::timestamptz[], $11::numeric[], $12::numeric[])
       AS t(customer_id, id, subscription_id, plan_version_id, number, currency, time_zone, period_start, period_end, usage_to, subtotal, total)`,
    col((s) => s.customerId),
    col((s) => s.id),
    col((s) => s.rated.job.subscription.id),
    col((s) => s.rated.version.id),
    col((s) => s.number),
    col((s) => s.rated.currency),
    col((s) => s.rated.job.subscription.customer.timeZone),
    col((s) => s.rated.job.period.start.toISOString()),
    col((s) => s.rated.job.period.end.toISOString()),
    col((s) => usageTo(s.rated).toISOString()),
    col((s) => s.rated.subtotal),
    col((s) => s.rated.total),
    JSON.stringify(issuer),
    BigInt(position.tx),
    BigInt(position.seq),
    now,
    actor,
    replacing?.revision ?? 0,
    replacing?.id ?? null,
    series,
  );

  const lines = stored.flatMap((s) => s.rated.lines.map((l, position) => ({ s, l, position })));
  if (lines.length) {
    await tx.$executeRawUnsafe(
      `INSERT INTO invoice_lines (customer_id, invoice_id, position, kind, charge_key, name, meter, filter, quantity, amount, unrounded_amount,
         detail, adjusts_invoice_id, adjusts_period_start, adjusts_period_end)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::numeric[],
         $10::numeric[], $11::numeric[], $12::jsonb[], $13::uuid[], $14::timestamptz[], $15::timestamptz[])`,
      lines.map((x) => x.s.customerId),
      lines.map((x) => x.s.id),
      lines.map((x) => x.position),
      lines.map((x) => x.l.kind),
      lines.map((x) => x.l.chargeKey),
      lines.map((x) => x.l.name),
      lines.map((x) => x.l.meter),
      lines.map((x) => (x.l.filter === null ? null : JSON.stringify(x.l.filter))),
      lines.map((x) => x.l.quantity),
      lines.map((x) => x.l.amount),
      lines.map((x) => x.l.unroundedAmount),
      lines.map((x) => JSON.stringify(x.l.detail)),
      lines.map((x) => x.l.adjusts?.invoiceId ?? null),
      lines.map((x) => x.l.adjusts?.periodStart.toISOString() ?? null),
      lines.map((x) => x.l.adjusts?.periodEnd.toISOString() ?? null),
    );
  }
  return stored;
}

/** Where the invoice's usage ends: the job's cut, never past the period. */
function usageTo(r: RatedInvoice): Date {
  return r.job.usageTo < r.job.period.end ? r.job.usageTo : r.job.period.end;
}

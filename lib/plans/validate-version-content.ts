import Decimal from 'decimal.js';
import { db } from '@/lib/db/prisma';
import { AppError, zodDetails } from '@/lib/errors/app-error';
import { minorUnits } from '@/lib/pricing/money';
import type { ZodError } from 'zod';
import { type VersionContent, flatChargeSchema, usageChargeSchema, versionContentSchema } from '@/lib/pricing/charge-schema';

export type ValidateVersionContentOptions = {
  content: unknown;
  currency: string;
  /** Where the content sits in the request body, for the error paths ("content" in a new plan). */
  path?: string;
};

type Issue = { path: string; message: string };

/**
 * Checks what the schema alone cannot: every usage charge's meter exists and has the group-by
 * names its filter uses, and amounts that are charged as they are (flat fees, minimum spend)
 * have no more decimals than the currency's minor unit. Unit prices may carry more: they are
 * multiplied by a quantity before the line is rounded.
 */
export async function validateVersionContent({ content, currency, path }: ValidateVersionContentOptions): Promise<VersionContent> {
  const at = (p: (string | number)[]) => [...(path ? [path] : []), ...p].filter((x) => x !== '').join('.');
  const parsed = versionContentSchema.safeParse(content);
  if (!parsed.success) throw new AppError('validation_failed', 'The plan version is invalid.', issuesOf(parsed.error, content).map((d) => ({ ...d, path: at([d.path]) })));
  const value = parsed.data;
  const issues: Issue[] = [];
  const digits = minorUnits(currency);
  const tooPrecise = (amount: string | null) => amount !== null && new Decimal(amount).decimalPlaces() > digits;
  const precision = `must have at most ${digits} decimal places in ${currency}`;

  const slugs = [...new Set(value.charges.flatMap((c) => (c.type === 'usage' ? [c.meter] : [])))];
  const meters = new Map(
    (await db().meter.findMany({ where: { slug: { in: slugs } }, select: { slug: true, groupBy: true } })).map((m) => [m.slug, Object.keys(m.groupBy as object)]),
  );
  value.charges.forEach((c, i) => {
    if (c.type === 'flat') {
      if (tooPrecise(c.amount)) issues.push({ path: at(['charges', i, 'amount']), message: precision });
      return;
    }
    const groups = meters.get(c.meter);
    if (!groups) {
      issues.push({ path: at(['charges', i, 'meter']), message: `no meter "${c.meter}"` });
      return;
    }
    for (const name of Object.keys(c.filter)) {
      if (!groups.includes(name)) {
        issues.push({ path: at(['charges', i, 'filter', name]), message: `meter "${c.meter}" has no group-by "${name}"${groups.length ? ` (it has: ${groups.join(', ')})` : ''}` });
      }
    }
    for (const field of ['minimum', 'maximum'] as const) if (tooPrecise(c[field])) issues.push({ path: at(['charges', i, field]), message: precision });
  });
  if (tooPrecise(value.minimumSpend)) issues.push({ path: at(['minimumSpend']), message: precision });
  if (issues.length) throw new AppError('validation_failed', 'The plan version is invalid.', issues);
  return value;
}

/**
 * Zod reports a charge that matches neither kind of charge as one issue on the whole charge;
 * parsing it again as the kind its `type` names points at the field that is wrong.
 */
function issuesOf(error: ZodError, content: unknown): Issue[] {
  return error.issues.flatMap((issue) => {
    const [list, index] = issue.path;
    if (issue.code !== 'invalid_union' || list !== 'charges' || typeof index !== 'number' || issue.path.length !== 2) return zodDetails({ issues: [issue] } as ZodError);
    const charge = (content as { charges: unknown[] }).charges[index];
    const type = (charge as { type?: unknown } | null)?.type;
    const schema = type === 'flat' ? flatChargeSchema : type === 'usage' ? usageChargeSchema : null;
    const again = schema?.safeParse(charge);
    if (!again || again.success) return [{ path: `charges.${index}.type`, message: 'must be "flat" or "usage"' }];
    return zodDetails(again.error).map((d) => ({ ...d, path: [`charges.${index}`, d.path].filter(Boolean).join('.') }));
  });
}

import type { Charge, VersionContent } from '@/lib/pricing/charge-schema';
import { findVersion } from './find-plan';

export type DiffPlanVersionsOptions = { plan: string; number: string | number; against: string | number };

type Leaf = string | number | boolean | null;

/** Every leaf of a charge by its dotted path ("tiers.1.unitPrice", "filter.model"). */
function leaves(value: unknown, prefix = '', out = new Map<string, Leaf>()): Map<string, Leaf> {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    if (entries.length === 0) out.set(prefix, Array.isArray(value) ? '[]' : '{}');
    for (const [k, v] of entries) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, value as Leaf);
  return out;
}

/** Field-by-field changes between two charges with the same key. */
function changedFields(from: Charge, to: Charge) {
  const a = leaves(from);
  const b = leaves(to);
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths.filter((p) => a.get(p) !== b.get(p)).map((p) => ({ path: p, from: a.get(p) ?? null, to: b.get(p) ?? null }));
}

/**
 * What changed from version `against` to version `number`: charges matched by key, each
 * added, removed or changed field by field, and the minimum spend.
 */
export async function diffPlanVersions({ plan: key, number, against }: DiffPlanVersionsOptions) {
  const to = await findVersion(key, number);
  const from = await findVersion(key, against);
  const a = from.version.content as VersionContent;
  const b = to.version.content as VersionContent;
  const before = new Map(a.charges.map((c) => [c.key, c]));
  const after = new Map(b.charges.map((c) => [c.key, c]));
  return {
    plan: key,
    from: from.version.number,
    to: to.version.number,
    charges: {
      added: b.charges.filter((c) => !before.has(c.key)),
      removed: a.charges.filter((c) => !after.has(c.key)),
      changed: b.charges
        .filter((c) => before.has(c.key))
        .map((c) => ({ key: c.key, fields: changedFields(before.get(c.key)!, c) }))
        .filter((c) => c.fields.length > 0),
    },
    minimumSpend: a.minimumSpend === b.minimumSpend ? null : { from: a.minimumSpend, to: b.minimumSpend },
  };
}

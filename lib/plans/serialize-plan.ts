import type { Plan, PlanVersion } from '@/lib/generated/prisma/client';
import type { VersionContent } from '@/lib/pricing/charge-schema';

/** A version as the API answers it; `content` is stored already parsed by versionContentSchema. */
export function serializeVersion(v: PlanVersion, plan: Pick<Plan, 'key'>) {
  return {
    plan: plan.key,
    number: v.number,
    status: v.status,
    content: v.content as VersionContent,
    publishedAt: v.publishedAt,
    archivedAt: v.archivedAt,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
  };
}

export type PlanVersionDto = ReturnType<typeof serializeVersion>;

/** A plan with its versions, newest first, each with how many subscriptions run on it now. */
export function serializePlan(p: Plan & { versions: PlanVersion[] }, subscribers: Map<string, number> = new Map()) {
  return {
    id: p.id,
    key: p.key,
    name: p.name,
    description: p.description,
    currency: p.currency,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    versions: [...p.versions]
      .sort((a, b) => b.number - a.number)
      .map((v) => ({ ...serializeVersion(v, p), subscribers: subscribers.get(v.id) ?? 0 })),
  };
}

export type PlanDto = ReturnType<typeof serializePlan>;

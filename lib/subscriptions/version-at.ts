/** What deciding a subscription's version at a moment needs to know of it. */
export type Timeline = {
  planVersionId: string;
  changes: { planVersionId: string; effectiveAt: Date; createdAt: Date; canceledAt: Date | null }[];
};

/** The version in force at `at`: the last change that took effect by then, else the one it started on. */
export function versionAt({ planVersionId, changes }: Timeline, at: Date): string {
  let best: Timeline['changes'][number] | null = null;
  for (const c of changes) {
    if (c.canceledAt || c.effectiveAt > at) continue;
    if (!best || c.effectiveAt > best.effectiveAt || (c.effectiveAt.getTime() === best.effectiveAt.getTime() && c.createdAt > best.createdAt)) best = c;
  }
  return best?.planVersionId ?? planVersionId;
}

/** The same rule in SQL for a subscription aliased `s`, at the timestamptz expression `at`. */
export function versionAtSql(at: string): string {
  return `coalesce((SELECT c.plan_version_id FROM subscription_changes c
    WHERE c.customer_id = s.customer_id AND c.subscription_id = s.id AND c.canceled_at IS NULL AND c.effective_at <= ${at}
    ORDER BY c.effective_at DESC, c.created_at DESC LIMIT 1), s.plan_version_id)`;
}

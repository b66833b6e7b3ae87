import { z } from 'zod';

// Dates pass through as they are, so domain code can parse what a route has parsed already.
const instant = z.union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s))]);

/** PUT /customers/{id}/subscription: subscribe, or move a subscribed customer. */
export const putSubscriptionInput = z.object({
  plan: z.string().trim().min(1).max(64),
  /** A published version's number; the plan's latest published version when left out. */
  version: z.number().int().min(1).optional(),
  /** When a new subscription starts (may be in the past); now when left out. */
  startsAt: instant.optional(),
  /** Day of the month periods start; the start date's day in the customer's zone when left out. */
  anchorDay: z.number().int().min(1).max(31).optional(),
  /** When a move takes effect: the next period's start, or the current period's (then rated under the new version). */
  effective: z.enum(['next_period', 'current_period']).default('next_period'),
});

export type PutSubscriptionInput = z.output<typeof putSubscriptionInput>;

/** DELETE /customers/{id}/subscription: end it when the current period ends, or at a moment. */
export const cancelSubscriptionInput = z.object({
  at: z.union([z.literal('period_end'), instant]).default('period_end'),
});

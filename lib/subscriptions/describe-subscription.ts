import { db } from '@/lib/db/prisma';
import { findActiveSubscription } from './find-subscription';
import { serializeSubscription } from './serialize-subscription';

/** The running subscription as the API answers it, or null; the caller has checked who may see it. */
export async function describeSubscription(customer: { id: string; timeZone: string }, now?: Date) {
  const s = await findActiveSubscription(db(), customer.id);
  return s && serializeSubscription(s, customer.timeZone, now);
}

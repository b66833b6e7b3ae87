import { randomBytes } from 'node:crypto';
import { createApiKey } from '@/lib/api-keys/create-api-key';
import { createCustomer, type CreateCustomerOptions } from '@/lib/customers/create-customer';
import { createMeter, type CreateMeterOptions } from '@/lib/meters/create-meter';
import { createPlan } from '@/lib/plans/create-plan';
import { publishPlanVersion } from '@/lib/plans/publish-plan-version';
import { setSubscription, type SetSubscriptionOptions } from '@/lib/subscriptions/set-subscription';
import { createUser } from '@/lib/users/create-user';

// Shared by the demo seed and the tests. Tests rely on the random suffixes to run in parallel
// against one database without stepping on each other's rows.

export function randomKey(prefix = 'k'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export async function customerFactory(overrides: Partial<CreateCustomerOptions> = {}) {
  return createCustomer({
    name: overrides.name ?? `Customer ${randomKey()}`,
    subjects: overrides.subjects ?? [randomKey('subject')],
    currency: overrides.currency ?? 'USD',
    timeZone: overrides.timeZone ?? 'UTC',
    actor: overrides.actor ?? 'seed',
  });
}

export type UserFactoryOptions = {
  role?: 'admin' | 'member';
  customerId?: string;
  email?: string;
  password?: string;
  name?: string;
};

/** A user plus the password it was given, so tests can sign in as it. */
export async function userFactory(options: UserFactoryOptions = {}) {
  const password = options.password ?? `pw-${randomKey()}`;
  const role = options.role ?? (options.customerId ? 'member' : 'admin');
  const user = await createUser({
    email: options.email ?? `${randomKey('user')}@example.test`,
    password,
    name: options.name,
    role,
    customer: role === 'member' ? options.customerId : undefined,
    actor: 'seed',
  });
  return { ...user, password };
}

export async function apiKeyFactory(scope: 'ingest' | 'read' | 'admin' = 'ingest', name = randomKey('key')) {
  return createApiKey({ name, scope, actor: 'seed' });
}

export async function meterFactory(overrides: Partial<CreateMeterOptions> = {}) {
  const aggregation = overrides.aggregation ?? 'COUNT';
  return createMeter({
    slug: overrides.slug ?? randomKey('meter'),
    eventType: overrides.eventType ?? randomKey('type'),
    aggregation,
    valueProperty: overrides.valueProperty ?? (aggregation === 'COUNT' ? undefined : '$.value'),
    groupBy: overrides.groupBy ?? {},
    name: overrides.name,
    unit: overrides.unit,
    actor: overrides.actor ?? 'seed',
  });
}

export type PlanFactoryOptions = {
  key?: string;
  name?: string;
  description?: string;
  currency?: string;
  /** The first version's prices (`{ charges, minimumSpend }`); no charges when left out. */
  content?: unknown;
  /** Publish version 1 (the default), or leave it a draft. */
  publish?: boolean;
};

/** A plan with version 1, published unless asked otherwise. */
export async function planFactory(options: PlanFactoryOptions = {}) {
  const plan = await createPlan({
    key: options.key ?? randomKey('plan'),
    name: options.name ?? `Plan ${randomKey()}`,
    description: options.description,
    currency: options.currency ?? 'USD',
    content: options.content ?? { charges: [] },
    actor: 'seed',
  });
  if (options.publish ?? true) await publishPlanVersion({ plan: plan.key, number: 1, migrate: 'none', actor: 'seed' });
  return plan;
}

/** Subscribes a customer to a plan's latest published version (or `version`), from `startsAt` (now). */
export async function subscriptionFactory(options: Omit<SetSubscriptionOptions, 'actor'> & { actor?: string }) {
  return (await setSubscription({ ...options, actor: options.actor ?? 'seed' })).subscription;
}

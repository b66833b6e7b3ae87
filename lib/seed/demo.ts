import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db/prisma';
import { ingestEvents } from '@/lib/ingest/ingest-events';
import { flushIngestStats } from '@/lib/ingest/ingest-stats';
import { createDraftVersion } from '@/lib/plans/create-draft-version';
import { updateDraftVersion } from '@/lib/plans/update-draft-version';
import { seedDemoInvoices } from './demo-invoices';
import { apiKeyFactory, customerFactory, meterFactory, planFactory, subscriptionFactory, userFactory } from './factories';

/** Demo-only credentials, printed in README; change or delete these users for real use. */
export const DEMO = {
  admin: { email: 'admin@meterline.local', password: 'meterline-admin' },
  members: [
    { email: 'ada@acme.example', password: 'meterline-demo', name: 'Ada Lovelace', customer: 'Acme Corp' },
    { email: 'gus@globex.example', password: 'meterline-demo', name: 'Gus Grissom', customer: 'Globex' },
  ],
  customers: [
    { name: 'Acme Corp', subjects: ['acme', 'acme-eu'], currency: 'USD', timeZone: 'America/New_York' },
    { name: 'Globex', subjects: ['globex'], currency: 'EUR', timeZone: 'Europe/Berlin' },
  ],
  meters: [
    { slug: 'api_calls', name: 'API calls', eventType: 'api_call', aggregation: 'COUNT', unit: 'calls', groupBy: { endpoint: '$.endpoint' } },
    { slug: 'tokens', name: 'LLM tokens', eventType: 'prompt', aggregation: 'SUM', valueProperty: '$.tokens', unit: 'tokens', groupBy: { model: '$.model' } },
    { slug: 'active_users', name: 'Active users', eventType: 'api_call', aggregation: 'UNIQUE_COUNT', valueProperty: '$.user', unit: 'users', groupBy: {} },
  ],
} as const;

const apiCalls = (packagePrice: string) => ({ type: 'usage', key: 'api_calls', name: 'API calls', meter: 'api_calls', model: 'package', packageSize: '1000', packagePrice });

/** Demo plans: the "Pro" in USD (with a premium on large-model tokens), and a EUR "Starter" with a published v1 and a draft v2. */
export const DEMO_PLANS = {
  pro: {
    key: 'pro',
    name: 'Pro',
    description: 'For teams running LLM features in production.',
    currency: 'USD',
    content: {
      charges: [
        { type: 'flat', key: 'platform', name: 'Platform fee', amount: '49.00', billing: 'in_advance' },
        {
          type: 'usage',
          key: 'tokens',
          name: 'LLM tokens',
          meter: 'tokens',
          model: 'graduated',
          includedUnits: '1000000',
          tiers: [
            { upTo: '10000000', unitPrice: '0.000002' },
            { upTo: null, unitPrice: '0.0000015' },
          ],
        },
        // Priced per model through the meter's group-by: the overview's breakdown by model.
        { type: 'usage', key: 'tokens-large', name: 'Large-model premium', meter: 'tokens', filter: { model: 'large' }, model: 'per_unit', unitPrice: '0.000003' },
        apiCalls('0.50'),
      ],
      minimumSpend: '100.00',
    },
  },
  starter: {
    key: 'starter',
    name: 'Starter',
    description: 'Small teams and side projects.',
    currency: 'EUR',
    content: {
      charges: [
        { type: 'flat', key: 'platform', name: 'Platform fee', amount: '19.00', billing: 'in_advance' },
        { type: 'usage', key: 'tokens', name: 'LLM tokens', meter: 'tokens', model: 'per_unit', unitPrice: '0.000004', includedUnits: '100000' },
        apiCalls('1.00'),
      ],
      minimumSpend: null,
    },
    /** The draft v2: a dearer fee, large-model tokens priced apart, cheaper calls. */
    draft: {
      charges: [
        { type: 'flat', key: 'platform', name: 'Platform fee', amount: '25.00', billing: 'in_advance' },
        { type: 'usage', key: 'tokens', name: 'LLM tokens (small)', meter: 'tokens', filter: { model: 'small' }, model: 'per_unit', unitPrice: '0.000003', includedUnits: '100000' },
        { type: 'usage', key: 'tokens-large', name: 'LLM tokens (large)', meter: 'tokens', filter: { model: 'large' }, model: 'volume', tiers: [{ upTo: '100000', unitPrice: '0.00001' }, { upTo: null, unitPrice: '0.000008' }] },
        apiCalls('0.80'),
      ],
      minimumSpend: '30.00',
    },
  },
  /** Who is on what, since when (customers migrated from another system start in the past). */
  subscriptions: [
    { customer: 'Acme Corp', plan: 'pro', startsAt: '2026-01-15T05:00:00Z' },
    { customer: 'Globex', plan: 'starter', startsAt: '2026-03-01T00:00:00Z' },
  ],
} as const;

/** Creates the demo plans and subscribes the demo customers from dates in the past. */
async function seedPlans(customers: Map<string, string>) {
  const { pro, starter, subscriptions } = DEMO_PLANS;
  await planFactory(pro);
  await planFactory(starter);
  await createDraftVersion({ plan: starter.key, actor: 'seed' });
  await updateDraftVersion({ plan: starter.key, number: 2, content: starter.draft, actor: 'seed' });
  for (const s of subscriptions) await subscriptionFactory({ customerId: customers.get(s.customer)!, plan: s.plan, startsAt: s.startsAt });
}

const DAY = 86_400_000;

/**
 * Five weeks of usage (inside the 35-day late-arrival horizon, so through the real ingest path)
 * with a weekday rhythm, quieter weekends and a gentle rise: enough history for the forecast's
 * full model on first start. Acme uses enough tokens to pass the Pro plan's minimum spend and its
 * 10M-token tier during a period, so the overview has a forecast, a range and notes worth reading.
 */
function demoEvents(now: number): object[] {
  const events: object[] = [];
  const perDay = [
    { subjects: DEMO.customers[0].subjects, prompts: 8, tokens: 110_000, calls: 14 },
    { subjects: DEMO.customers[1].subjects, prompts: 4, tokens: 30_000, calls: 6 },
  ];
  for (let d = 34; d >= 0; d--) {
    const weekday = new Date(now - d * DAY).getUTCDay();
    const pace = (weekday === 0 || weekday === 6 ? 0.45 : 1) * (1 + (34 - d) * 0.01);
    for (const { subjects, prompts, tokens, calls } of perDay) {
      const n = prompts + calls;
      for (let i = 0; i < n; i++) {
        // Spread over the day before `now - d days`; a fixed pseudo-random wobble of ±20%.
        const time = new Date(now - d * DAY - Math.floor(((i + 0.5) / n) * DAY)).toISOString();
        const common = { specversion: '1.0', id: randomUUID(), source: 'demo-seed', subject: subjects[i % subjects.length], time };
        const wobble = 0.8 + (((i * 7919 + d * 104_729) % 1000) / 1000) * 0.4;
        events.push(
          i < prompts
            ? { ...common, type: 'prompt', data: { tokens: Math.round(tokens * pace * wobble), model: i % 3 === 0 ? 'large' : 'small' } }
            : { ...common, type: 'api_call', data: { endpoint: ['/search', '/export', '/render'][i % 3], user: `user-${(i * 7 + d) % 17}` } },
        );
      }
    }
  }
  return events;
}

export type SeedResult = { seeded: boolean; ingestKey?: string };

/** Seeds the demo tenant into an empty database; a database with any user is left alone. */
export async function seedDemo(): Promise<SeedResult> {
  if ((await db().user.count()) > 0) return { seeded: false };
  const customers = new Map<string, string>();
  for (const c of DEMO.customers) {
    const created = await customerFactory({ ...c, subjects: [...c.subjects] });
    customers.set(c.name, created.id);
  }
  await userFactory({ role: 'admin', email: DEMO.admin.email, password: DEMO.admin.password, name: 'Demo Admin' });
  for (const m of DEMO.members) {
    await userFactory({ role: 'member', email: m.email, password: m.password, name: m.name, customerId: customers.get(m.customer) });
  }
  for (const m of DEMO.meters) await meterFactory({ ...m, groupBy: { ...m.groupBy } });
  await seedPlans(customers);
  const key = await apiKeyFactory('ingest', 'Demo ingest key');
  await ingestEvents({ events: demoEvents(Date.now() - 60_000), apiKeyId: key.id });
  await seedDemoInvoices([...customers.values()], new Map(DEMO.customers.map((c) => [customers.get(c.name)!, [...c.subjects]])));
  await flushIngestStats();
  return { seeded: true, ingestKey: key.key };
}

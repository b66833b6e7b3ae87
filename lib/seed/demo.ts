import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db/prisma';
import { ingestEvents } from '@/lib/ingest/ingest-events';
import { flushIngestStats } from '@/lib/ingest/ingest-stats';
import { apiKeyFactory, customerFactory, meterFactory, userFactory } from './factories';

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

/** Two weeks of plausible usage for the demo customers, sent through the real ingest path. */
function demoEvents(now: number): object[] {
  const events: object[] = [];
  const subjects = DEMO.customers.flatMap((c) => c.subjects);
  for (let i = 0; i < 600; i++) {
    const subject = subjects[i % subjects.length];
    const time = new Date(now - ((i * 2_017_171) % (14 * 86_400_000))).toISOString();
    const common = { specversion: '1.0', id: randomUUID(), source: 'demo-seed', subject, time };
    events.push({ ...common, type: 'api_call', data: { endpoint: ['/search', '/export', '/render'][i % 3], user: `user-${i % 17}` } });
    if (i % 2 === 0) events.push({ ...common, id: randomUUID(), type: 'prompt', data: { tokens: 200 + ((i * 37) % 1800), model: i % 5 === 0 ? 'large' : 'small' } });
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
  const key = await apiKeyFactory('ingest', 'Demo ingest key');
  await ingestEvents({ events: demoEvents(Date.now() - 60_000), apiKeyId: key.id });
  await flushIngestStats();
  return { seeded: true, ingestKey: key.key };
}

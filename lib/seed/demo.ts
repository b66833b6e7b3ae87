import { db } from '@/lib/db/prisma';
import { apiKeyFactory, customerFactory, userFactory } from './factories';

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
} as const;

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
  const key = await apiKeyFactory('ingest', 'Demo ingest key');
  return { seeded: true, ingestKey: key.key };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '@/lib/db/migrate';
import { setDatabaseUrl } from '@/lib/db/pool';
import { closeDb, db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { customerFactory, userFactory } from '@/lib/seed/factories';
import { deleteUser } from '@/lib/users/delete-user';
import { updateUser } from '@/lib/users/update-user';
import { createScratchDatabase, type ThrowawayDatabase } from './db-admin';

// The last-admin guard counts every admin in the database, so this file gets a database of its
// own (files run in separate processes): here, only the admins it creates exist.
let scratch: ThrowawayDatabase;
beforeAll(async () => {
  scratch = await createScratchDatabase();
  await migrate({ databaseUrl: scratch.url });
  await closeDb();
  setDatabaseUrl(scratch.url);
}, 120_000);
afterAll(async () => {
  await closeDb();
  await scratch.drop();
});

const actor = 'test';

describe('the last active admin', () => {
  it('survives two admins removing each other at the same moment, round after round', async () => {
    const customer = await customerFactory();
    let survivor = await userFactory({ role: 'admin' });
    const removals = [
      (id: string) => updateUser({ user: id, active: false, actor }),
      (id: string) => updateUser({ user: id, role: 'member', customer: customer.id, actor }),
      (id: string) => deleteUser({ user: id, actor }),
    ];
    for (let round = 0; round < 6; round++) {
      const other = await userFactory({ role: 'admin' });
      const [a, b] = [survivor, other];
      const results = await Promise.allSettled([removals[round % 3](a.id), removals[(round + 1) % 3](b.id)]);
      expect(results.map((r) => r.status).sort(), `round ${round}`).toEqual(['fulfilled', 'rejected']);
      const refused = results.find((r) => r.status === 'rejected')!.reason;
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).code).toBe('conflict');
      expect(await db().user.count({ where: { role: 'admin', active: true } })).toBe(1);
      survivor = results[0].status === 'rejected' ? a : b;
    }
  });
});

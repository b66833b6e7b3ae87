import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { closePool, pool } from './pool';

// One client per process; dev hot reload re-evaluates modules, so it lives on globalThis.
const holder = globalThis as unknown as { meterlinePrisma?: PrismaClient };

/** The shared Prisma client, created on first use so builds never need a database. */
export function db(): PrismaClient {
  holder.meterlinePrisma ??= new PrismaClient({ adapter: new PrismaPg(pool()) });
  return holder.meterlinePrisma;
}

export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** Closes Prisma and the pool under it, for scripts that must not keep connections open. */
export async function closeDb(): Promise<void> {
  const client = holder.meterlinePrisma;
  holder.meterlinePrisma = undefined;
  await client?.$disconnect();
  await closePool();
}

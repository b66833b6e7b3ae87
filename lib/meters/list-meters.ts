import { db } from '@/lib/db/prisma';

export async function listMeters() {
  return db().meter.findMany({ orderBy: { slug: 'asc' } });
}

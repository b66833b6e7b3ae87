import { db } from '@/lib/db/prisma';

export async function listUsers() {
  return db().user.findMany({
    orderBy: { email: 'asc' },
    select: { id: true, email: true, name: true, role: true, createdAt: true, customer: { select: { id: true, name: true } } },
  });
}

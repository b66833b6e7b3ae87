import { db } from '@/lib/db/prisma';
import { userRowSelect } from './user-row';

export async function listUsers() {
  return db().user.findMany({ orderBy: { email: 'asc' }, select: userRowSelect });
}

import type { Prisma } from '@/lib/generated/prisma/client';

/** What the API and the admin pages show of a user: never the password hash or session version. */
export const userRowSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  active: true,
  createdAt: true,
  customer: { select: { id: true, name: true } },
} satisfies Prisma.UserSelect;

export type UserRow = Prisma.UserGetPayload<{ select: typeof userRowSelect }>;

import { Prisma } from '@/lib/generated/prisma/client';

/** True for a unique-constraint violation, whether Prisma or the pg driver reports it. */
export function isUniqueViolation(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError) return err.code === 'P2002';
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

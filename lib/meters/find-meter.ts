import { isUuid } from '@/lib/db/ids';
import { db } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';

/** A meter by id or slug; 404 when there is none. */
export async function findMeter(idOrSlug: string) {
  // No slug holds a NUL (Postgres text cannot) or is this long: not found, without asking.
  const meter = idOrSlug.includes('\u0000') || idOrSlug.length > 256 ? null : await db().meter.findFirst({ where: isUuid(idOrSlug) ? { OR: [{ id: idOrSlug }, { slug: idOrSlug }] } : { slug: idOrSlug } });
  if (!meter) throw new AppError('not_found', `No meter "${idOrSlug}".`);
  return meter;
}

import { notFound } from 'next/navigation';
import { AppError } from '@/lib/errors/app-error';

/** For pages: a domain `not_found` renders the 404 page, as the API answers 404. */
export async function orNotFound<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  }
}

import { AppError, type ErrorCode } from '@/lib/errors/app-error';

/**
 * For pages: a domain error with one of `codes` becomes null, for the page to say so in place
 * (an old cursor in a link, a customer without a subscription) instead of an error page.
 */
export async function orNull<T>(lookup: Promise<T>, ...codes: ErrorCode[]): Promise<T | null> {
  try {
    return await lookup;
  } catch (err) {
    if (err instanceof AppError && codes.includes(err.code)) return null;
    throw err;
  }
}

import { ZodError } from 'zod';
import { AppError, type ErrorCode, zodDetails } from '@/lib/errors/app-error';

/** The HTTP status of every error code: the one place they are mapped. */
const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  malformed_json: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  internal: 500,
  unavailable: 503,
};

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

/** Turns anything thrown into the one JSON error shape; unknown errors are logged and hidden. */
export function errorResponse(err: unknown): Response {
  let appError: AppError;
  if (err instanceof AppError) appError = err;
  else if (err instanceof ZodError) appError = new AppError('validation_failed', 'The request is invalid.', zodDetails(err));
  else {
    console.error(err);
    appError = new AppError('internal', 'Something went wrong on our side.');
  }
  const body: ErrorBody = { error: { code: appError.code, message: appError.message } };
  if (appError.details !== undefined) body.error.details = appError.details;
  return Response.json(body, { status: STATUS[appError.code] });
}

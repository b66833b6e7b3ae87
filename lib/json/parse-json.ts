import { AppError } from '@/lib/errors/app-error';

/** Parses request JSON; malformed JSON is the caller's fault (400), not ours. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('malformed_json', 'The request body is not valid JSON.');
  }
}

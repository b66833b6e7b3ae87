'use client';

/** A server type as it arrives over JSON: dates become strings. */
export type Jsonified<T> = T extends Date ? string : T extends (infer U)[] ? Jsonified<U>[] : T extends object ? { [K in keyof T]: Jsonified<T[K]> } : T;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/**
 * fetch for the app's own JSON API: throws ApiError carrying the server's error code and message.
 * `exactValues` keeps usage values (`"value": 12.30…`) as the decimal strings the server sent,
 * instead of rounding them through a float.
 */
export async function apiFetch<T>(path: string, init?: RequestInit & { json?: unknown; exactValues?: boolean }): Promise<T> {
  const { json, exactValues, ...rest } = init ?? {};
  const res = await fetch(path, {
    ...rest,
    headers: { ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...rest.headers },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(exactValues ? text.replace(/"value":(-?[0-9][0-9.eE+-]*)/g, '"value":"$1"') : text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const e = body?.error;
    throw new ApiError(res.status, e?.code ?? 'error', e?.message ?? `Request failed (${res.status})`, e?.details);
  }
  return body as T;
}

/** One line per field problem, for showing under a form. */
export function describeApiError(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Something went wrong. Try again.';
  const details = Array.isArray(err.details)
    ? err.details.map((d: { path?: string; message?: string }) => `${d.path ? `${d.path}: ` : ''}${d.message}`).join('; ')
    : '';
  return details ? `${err.message} ${details}` : err.message;
}

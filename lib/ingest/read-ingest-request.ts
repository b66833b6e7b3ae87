import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { AppError } from '@/lib/errors/app-error';
import { parseJson } from '@/lib/json/parse-json';
import { INGEST_LIMITS } from './limits';

const gunzipAsync = promisify(gunzip);

export type IngestRequest = { events: unknown[] };

const tooLarge = () =>
  new AppError('payload_too_large', `The body may be at most ${INGEST_LIMITS.maxBodyBytes / 1024 / 1024} MiB after decompression.`);

async function readBody(req: Request): Promise<Buffer> {
  if (!req.body) return Buffer.alloc(0);
  const declared = Number(req.headers.get('content-length'));
  if (declared > INGEST_LIMITS.maxBodyBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > INGEST_LIMITS.maxBodyBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function decode(body: Buffer, encoding: string | null): Promise<Buffer> {
  const enc = (encoding ?? 'identity').trim().toLowerCase();
  if (enc === 'identity' || enc === '') return body;
  if (enc !== 'gzip' && enc !== 'x-gzip') {
    throw new AppError('unsupported_media_type', `Content-Encoding "${encoding}" is not supported; send gzip or nothing.`);
  }
  try {
    // maxOutputLength stops a small compressed body from expanding without bound.
    return await gunzipAsync(body, { maxOutputLength: INGEST_LIMITS.maxBodyBytes });
  } catch (err) {
    if (err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw new AppError('bad_request', 'The body is not valid gzip.');
  }
}

/** Binary mode: attributes travel as ce-* headers, the body is `data`. */
function binaryEvent(headers: Headers, body: Buffer): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  headers.forEach((value, name) => {
    if (name.startsWith('ce-')) event[name.slice(3)] = value;
  });
  if (body.length > 0) event.data = parseJson(body.toString('utf8'));
  return event;
}

/**
 * Reads a POST /api/v1/events request in any of the accepted CloudEvents HTTP modes and returns
 * its events, unvalidated. Request-level faults throw (400 / 413 / 415); per-event faults are
 * left to validateEvent so one bad event cannot sink a batch.
 */
export async function readIngestRequest(req: Request): Promise<IngestRequest> {
  const contentType = (req.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  const isBinary = req.headers.has('ce-specversion');
  const accepted = ['application/cloudevents+json', 'application/cloudevents-batch+json', 'application/json'];
  if (!isBinary && !accepted.includes(contentType)) {
    throw new AppError(
      'unsupported_media_type',
      `Content-Type "${contentType || '(none)'}" is not supported; use application/cloudevents+json, application/cloudevents-batch+json or application/json.`,
    );
  }
  const body = await decode(await readBody(req), req.headers.get('content-encoding'));
  if (isBinary) {
    if (contentType && contentType !== 'application/json' && !contentType.endsWith('+json')) {
      throw new AppError('unsupported_media_type', 'A binary-mode event body must be JSON (Content-Type: application/json).');
    }
    return { events: [binaryEvent(req.headers, body)] };
  }
  if (body.length === 0) throw new AppError('bad_request', 'The request body is empty.');
  const parsed = parseJson(body.toString('utf8'));
  if (contentType === 'application/cloudevents-batch+json' && !Array.isArray(parsed)) {
    throw new AppError('bad_request', 'A batch must be a JSON array of events.');
  }
  if (contentType === 'application/cloudevents+json' && Array.isArray(parsed)) {
    throw new AppError('bad_request', 'Send arrays as application/cloudevents-batch+json.');
  }
  // Structured mode carries one event, batch mode an array; plain application/json either.
  const events = Array.isArray(parsed) ? parsed : [parsed];
  if (events.length === 0) throw new AppError('bad_request', 'The batch is empty.');
  if (events.length > INGEST_LIMITS.maxEventsPerRequest) {
    throw new AppError('payload_too_large', `A request may carry at most ${INGEST_LIMITS.maxEventsPerRequest} events; split the batch.`);
  }
  return { events };
}

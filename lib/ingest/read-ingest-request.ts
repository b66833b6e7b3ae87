import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { AppError } from '@/lib/http/errors';
import { INGEST_LIMITS } from './limits';

const gunzipAsync = promisify(gunzip);

/** How the request carried its events; each maps to a CloudEvents HTTP binding mode. */
export type IngestMode = 'structured' | 'batch' | 'binary' | 'json';

export type IngestRequest = { mode: IngestMode; events: unknown[] };

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

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new AppError('malformed_json', 'The request body is not valid JSON.');
  }
}

/** Binary mode: attributes travel as ce-* headers, the body is `data`. */
function binaryEvent(headers: Headers, body: Buffer): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  headers.forEach((value, name) => {
    if (name.startsWith('ce-')) event[name.slice(3)] = value;
  });
  if (body.length > 0) event.data = parseJson(body);
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
    return { mode: 'binary', events: [binaryEvent(req.headers, body)] };
  }
  if (body.length === 0) throw new AppError('bad_request', 'The request body is empty.');
  const parsed = parseJson(body);
  let mode: IngestMode;
  let events: unknown[];
  if (contentType === 'application/cloudevents-batch+json') {
    if (!Array.isArray(parsed)) throw new AppError('bad_request', 'A batch must be a JSON array of events.');
    mode = 'batch';
    events = parsed;
  } else if (contentType === 'application/cloudevents+json') {
    if (Array.isArray(parsed)) throw new AppError('bad_request', 'Send arrays as application/cloudevents-batch+json.');
    mode = 'structured';
    events = [parsed];
  } else {
    mode = 'json';
    events = Array.isArray(parsed) ? parsed : [parsed];
  }
  if (events.length === 0) throw new AppError('bad_request', 'The batch is empty.');
  if (events.length > INGEST_LIMITS.maxEventsPerRequest) {
    throw new AppError('payload_too_large', `A request may carry at most ${INGEST_LIMITS.maxEventsPerRequest} events; split the batch.`);
  }
  return { mode, events };
}

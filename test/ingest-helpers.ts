import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export type CloudEvent = { specversion: string; id: string; source: string; type: string; subject: string; time?: string; data?: unknown };

export function cloudEvent(subject: string, overrides: Partial<CloudEvent> = {}): CloudEvent {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: 'test-producer',
    type: 'api_call',
    subject,
    time: new Date(Date.now() - 60_000).toISOString(),
    data: { tokens: 10 },
    ...overrides,
  };
}

export type PostOptions = { contentType?: string; gzip?: boolean; headers?: Record<string, string> };

export function postEvents(baseUrl: string, key: string, body: unknown, options: PostOptions = {}) {
  const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const headers: Record<string, string> = {
    authorization: `Bearer ${key}`,
    'content-type': options.contentType ?? (Array.isArray(body) ? 'application/cloudevents-batch+json' : 'application/cloudevents+json'),
    ...options.headers,
  };
  if (options.gzip) headers['content-encoding'] = 'gzip';
  return fetch(`${baseUrl}/api/v1/events`, { method: 'POST', headers, body: options.gzip ? gzipSync(raw) : raw });
}

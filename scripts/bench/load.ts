// Load generation for `npm run bench`: CloudEvents batches with a share of exact redeliveries.
import http from 'node:http';

// The load generator shares the cores with the app, so it uses node:http on kept-alive sockets:
// fetch (undici) cost ~1.5 ms of CPU per request here, node:http ~0.2 ms.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
let stopped = false;

/**
 * Ends the load for good: open sockets are closed, so a server shutting down is not held open
 * by kept-alive connections, and later requests never start (nor settle: the bench is exiting).
 */
export function stopRequests(): void {
  stopped = true;
  agent.destroy();
}

export type HttpResponse = { status: number; body: string };

/** One HTTP request over the kept-alive pool; resolves with the status and the whole body as text. */
export function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    if (stopped) return;
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export type Generator = { batch: (size: number) => string[] };

/**
 * Events for `customers` subjects, stamped within the last ten minutes. `duplicateShare` of each
 * batch re-sends, byte for byte, events this generator sent before: what a producer retrying
 * after a timeout does.
 */
export function eventGenerator(name: string, customers: number, duplicateShare: number): Generator {
  let n = 0;
  const sent: string[] = [];
  const RING = 50_000;
  return {
    batch(size) {
      const out: string[] = [];
      const dups = sent.length >= size ? Math.round(size * duplicateShare) : 0;
      for (let i = 0; i < dups; i++) out.push(sent[Math.floor(Math.random() * sent.length)]);
      const now = Date.now();
      for (let i = out.length; i < size; i++) {
        const k = Math.floor(Math.random() * customers) + 1;
        const e = `{"specversion":"1.0","id":"${name}-${n++}","source":"bench","type":"bench_call","subject":"bench-${k}","time":"${new Date(now - Math.floor(Math.random() * 600_000)).toISOString()}","data":{"tokens":${Math.floor(Math.random() * 2000)},"model":"${Math.random() < 0.3 ? 'large' : 'small'}"}}`;
        out.push(e);
        if (sent.length < RING) sent.push(e);
        else sent[Math.floor(Math.random() * RING)] = e;
      }
      return out;
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export type ClosedLoopResult = { events: number; seconds: number; requests: number; errors: number };

/**
 * `clients` loops, each sending the next request as soon as the last one answered, for `seconds`.
 * `send` returns how many events the request carried, or throws.
 */
export async function closedLoop(clients: number, seconds: number, send: (client: number) => Promise<number>): Promise<ClosedLoopResult> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let events = 0;
  let requests = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < deadline) {
        try {
          // Not `events += await send()`: that reads `events` before the await and drops what
          // the other clients added meanwhile.
          const sent = await send(client);
          events += sent;
          requests++;
        } catch (err) {
          errors++;
          if (errors < 5) console.error(`  request failed: ${(err as Error).message}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }),
  );
  return { events, requests, errors, seconds: (performance.now() - started) / 1000 };
}

/** Fires requests at a fixed rate for `seconds` regardless of answers (open loop); returns each latency in ms. */
export async function openLoop(ratePerSecond: number, seconds: number, send: () => Promise<void>): Promise<{ latencies: number[]; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const inflight: Promise<void>[] = [];
  const interval = 1000 / ratePerSecond;
  const started = performance.now();
  // Every request due before the end is sent, and none due after it, however late the timers run.
  for (let i = 0, due = started; due < started + seconds * 1000; i++, due = started + i * interval) {
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // Latency counts from when the request was due, so a late timer cannot hide queueing.
    const t0 = due;
    inflight.push(
      send().then(
        () => void latencies.push(performance.now() - t0),
        () => void errors++,
      ),
    );
  }
  await Promise.all(inflight);
  return { latencies: latencies.sort((a, b) => a - b), errors };
}

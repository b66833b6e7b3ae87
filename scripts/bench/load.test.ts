import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { closedLoop, eventGenerator, openLoop, percentile, request } from './load';

describe('closedLoop', () => {
  it('counts every event of every concurrent client', async () => {
    const perClient = [0, 0, 0, 0];
    const result = await closedLoop(4, 0.3, async (client) => {
      // Uneven delays interleave the clients' answers, as real requests do.
      await new Promise((r) => setTimeout(r, 1 + Math.random() * 8));
      const n = 10 + client;
      perClient[client] += n;
      return n;
    });
    expect(result.events).toBe(perClient.reduce((a, b) => a + b, 0));
    expect(result.requests).toBe(perClient.reduce((sum, n, c) => sum + n / (10 + c), 0));
    expect(perClient.every((n) => n > 0)).toBe(true);
    expect(result.errors).toBe(0);
  });

  it('counts failed requests as errors, not events', async () => {
    let calls = 0;
    const result = await closedLoop(2, 0.25, async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 2));
      if (calls % 2 === 0) throw new Error('boom');
      return 5;
    });
    expect(result.errors).toBeGreaterThan(0);
    expect(result.events).toBe(result.requests * 5);
    expect(result.requests + result.errors).toBe(calls);
  });
});

describe('openLoop', () => {
  it('fires at the given rate whatever the answers take', async () => {
    const result = await openLoop(100, 0.2, () => new Promise((r) => setTimeout(r, 30)));
    // 20 requests due in 0.2 s; each takes ~30 ms, longer than the 10 ms interval.
    expect(result.latencies).toHaveLength(20);
    expect(result.latencies[0]).toBeGreaterThanOrEqual(25);
  });

  it('counts latency from when a request was due, so a stalled sender cannot hide the wait', async () => {
    let calls = 0;
    const result = await openLoop(100, 0.1, async () => {
      // The first send blocks the event loop for 60 ms: every request due meanwhile waited that long.
      if (calls++ === 0) {
        const until = performance.now() + 60;
        while (performance.now() < until);
      }
    });
    expect(result.latencies).toHaveLength(10);
    // Requests due at 10, 20, ... 50 ms were sent at ~60 ms; the one due at 10 ms waited ~50 ms.
    expect(result.latencies.filter((ms) => ms >= 40).length).toBeGreaterThanOrEqual(2);
  });
});

describe('request', () => {
  it('sends method, headers and body, and returns the status and whole body over kept-alive sockets', async () => {
    const ports = new Set<number>();
    const server = http.createServer((req, res) => {
      ports.add(req.socket.remotePort!);
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.writeHead(207, { 'content-type': 'text/plain' });
        res.end(`${req.method} ${req.headers['x-test']} ${body}`.repeat(2000));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      for (let i = 0; i < 3; i++) {
        const res = await request(url, { method: 'POST', headers: { 'x-test': 'yes' }, body: `b${i}` });
        expect(res.status).toBe(207);
        expect(res.body).toBe(`POST yes b${i}`.repeat(2000));
      }
      expect(ports.size).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('eventGenerator', () => {
  it('re-sends earlier events byte for byte as the duplicate share', () => {
    const gen = eventGenerator('t', 10, 0.2);
    const first = gen.batch(100);
    const second = gen.batch(100);
    const seen = new Set(first);
    expect(first.every((e) => JSON.parse(e).id.startsWith('t-'))).toBe(true);
    expect(second.filter((e) => seen.has(e))).toHaveLength(20);
    expect(new Set(second.map((e) => JSON.parse(e).id)).size).toBeGreaterThanOrEqual(81);
  });
});

describe('percentile', () => {
  it.each([
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 99, 4],
    [[5], 50, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
  ])('%j p%i is %i', (sorted, p, expected) => expect(percentile(sorted, p)).toBe(expected));
});

import { CloudEvent, CONSTANTS, emitterFor, HTTP, httpTransport, Mode } from 'cloudevents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyFactory, customerFactory, meterFactory, randomKey } from '@/lib/seed/factories';
import { drain, query } from './rollup-helpers';
import { startRouteServer, type TestServer } from './route-server';

// The published `cloudevents` SDK builds and sends every request here: its own CloudEvent class,
// HTTP serializers and HTTP transport, so what it puts on the wire is what a producer would.

let server: TestServer;
let auth: { headers: { authorization: string } };
let customerId: string;
let subject: string;
let type: string;
let meter: string;
let sum: string;

beforeAll(async () => {
  server = await startRouteServer();
  auth = { headers: { authorization: `Bearer ${(await apiKeyFactory('ingest')).key}` } };
  const customer = await customerFactory();
  customerId = customer.id;
  subject = customer.subjects[0].key;
  type = randomKey('ce');
  meter = (await meterFactory({ eventType: type, aggregation: 'COUNT' })).slug;
  sum = (await meterFactory({ eventType: type, aggregation: 'SUM', valueProperty: '$.tokens' })).slug;
});
afterAll(() => server.close());

type Sent = { body: string; headers: Record<string, string | string[] | undefined> };

const event = (tokens: number, extra: Record<string, unknown> = {}) =>
  new CloudEvent({ source: 'cloudevents-sdk', type, subject, time: new Date(Date.now() - 60_000).toISOString(), datacontenttype: 'application/json', data: { tokens }, ...extra });

async function counted(): Promise<{ count: number; tokens: number }> {
  await drain([customerId]);
  const total = async (slug: string) => Number((await query(slug, {})).data[0]?.value ?? 0);
  return { count: await total(meter), tokens: await total(sum) };
}

describe('the cloudevents SDK as the producer', () => {
  it('sends structured, binary and batch requests that are all counted, once each', async () => {
    const url = `${server.url}/api/v1/events`;
    const before = await counted();

    // Structured mode: the SDK's emitter, application/cloudevents+json.
    const structured = (await emitterFor(httpTransport(url), { binding: HTTP, mode: Mode.STRUCTURED })(event(1), auth)) as Sent;
    expect(JSON.parse(structured.body)).toMatchObject({ totals: { received: 1, accepted: 1 } });

    // Binary mode: attributes as ce-* headers (an extension attribute too), data as the body.
    const binary = (await emitterFor(httpTransport(url), { binding: HTTP, mode: Mode.BINARY })(event(10, { region: 'eu' }), auth)) as Sent;
    expect(JSON.parse(binary.body)).toMatchObject({ totals: { received: 1, accepted: 1 } });

    // Batch mode: the SDK serialises only single events, so the batch is its events' own JSON
    // under its batch media type, and its HTTP deserializer must read the message as a batch.
    const events = [event(100), event(1000), event(10000)];
    const message = { headers: { [CONSTANTS.HEADER_CONTENT_TYPE]: CONSTANTS.MIME_CE_BATCH }, body: JSON.stringify(events) };
    expect(HTTP.toEvent(message)).toHaveLength(3);
    const batch = (await httpTransport(url)(message, auth)) as Sent;
    expect(JSON.parse(batch.body)).toMatchObject({ totals: { received: 3, accepted: 3 } });

    // Sending the same events again is safe: each is a duplicate, and nothing is counted twice.
    const again = (await httpTransport(url)(message, auth)) as Sent;
    expect(JSON.parse(again.body)).toMatchObject({ totals: { received: 3, accepted: 0, duplicate: 3 } });

    expect(await counted()).toEqual({ count: before.count + 5, tokens: before.tokens + 11111 });
  });

  it('hears which event of a batch was rejected and still counts the others', async () => {
    const before = await counted();
    const good = [event(2), event(20)];
    // The SDK validates its own events, so the bad one is written by hand beside its output.
    const body = `[${JSON.stringify(good[0])},${JSON.stringify({ ...good[1].toJSON(), id: randomKey('bad'), data: { tokens: 'a\u0000' } })},${JSON.stringify(good[1])}]`;
    const res = (await httpTransport(`${server.url}/api/v1/events`)({ headers: { 'content-type': CONSTANTS.MIME_CE_BATCH }, body }, auth)) as Sent;
    const report = JSON.parse(res.body);
    expect(report.totals).toMatchObject({ received: 3, accepted: 2, rejected: 1 });
    expect(report.results[1]).toMatchObject({ status: 'rejected', code: 'invalid_data' });
    expect(await counted()).toEqual({ count: before.count + 2, tokens: before.tokens + 22 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyFactory, customerFactory, meterFactory, randomKey, userFactory } from '@/lib/seed/factories';
import { drain, exactJson, insertEvents } from './rollup-helpers';
import { sessionCookie, startRouteServer, type TestServer } from './route-server';

type Row = { value: string; windowStart: string; windowEnd: string; subject: string | null; customerId?: string; groupBy: Record<string, string | null> };

let server: TestServer;
let reader: Record<string, string>;
const type = randomKey('csv');
let slug: string;
let a: { id: string; s1: string; s2: string };
let b: { id: string; s1: string };
// Four local days in Kathmandu (+05:45): Nov 10, 11, 12 and 13, 2026.
const range = 'from=2026-11-09T18:15:00Z&to=2026-11-13T18:15:00Z&windowTimeZone=Asia/Kathmandu';
const QUOTED = 'm,"q"';

beforeAll(async () => {
  server = await startRouteServer();
  reader = { authorization: `Bearer ${(await apiKeyFactory('read')).key}` };
  const ca = await customerFactory({ subjects: [randomKey('a1'), randomKey('a2')], timeZone: 'Asia/Kathmandu' });
  const cb = await customerFactory({ subjects: [randomKey('b1')] });
  a = { id: ca.id, s1: ca.subjects[0].key, s2: ca.subjects[1].key };
  b = { id: cb.id, s1: cb.subjects[0].key };
  slug = (await meterFactory({ eventType: type, aggregation: 'SUM', groupBy: { model: '$.model' } })).slug;
  await insertEvents([
    { customerId: a.id, subject: a.s1, type, time: '2026-11-09T18:20:00Z', data: { value: 1.5, model: 'x' } }, // Nov 10, 00:05 local
    { customerId: a.id, subject: a.s1, type, time: '2026-11-09T20:00:00Z', data: { value: 2, model: 'y' } }, // Nov 10, 01:45
    { customerId: a.id, subject: a.s2, type, time: '2026-11-10T18:14:00Z', data: { value: '0.25', model: 'x' } }, // Nov 10, 23:59
    { customerId: b.id, subject: b.s1, type, time: '2026-11-10T18:15:00Z', data: { value: 10, model: 'x' } }, // Nov 11, 00:00
    { customerId: b.id, subject: b.s1, type, time: '2026-11-11T01:00:00Z', data: { value: 0.5, model: QUOTED } }, // Nov 11, 06:45
    { customerId: a.id, subject: a.s1, type, time: '2026-11-12T06:00:00Z', data: { value: 3 } }, // Nov 12, 11:45, no model
  ]);
  await drain([a.id, b.id]);
});
afterAll(() => server.close());

async function query(qs: string, headers: Record<string, string>, accept?: string) {
  const res = await fetch(`${server.url}/api/v1/meters/${slug}/query?${qs}`, { headers: { ...headers, ...(accept ? { accept } : {}) } });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), text: await res.text() };
}

/** What the CSV must hold, written from the JSON answer by OpenMeter's column rule. */
function csvOf(rows: Row[], groupBy: string[]): string {
  const keys = groupBy.filter((g) => g !== 'subject' && g !== 'customer_id');
  const byCustomer = groupBy.includes('customer_id');
  const quote = (v: string | null | undefined) => (v == null ? '' : /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = [['window_start', 'window_end', 'subject', ...(byCustomer ? ['customer_id'] : []), ...keys, 'value'].join(',')];
  for (const r of rows) lines.push([r.windowStart, r.windowEnd, r.subject, ...(byCustomer ? [r.customerId] : []), ...keys.map((k) => r.groupBy[k]), r.value].map(quote).join(','));
  return lines.map((l) => `${l}\r\n`).join('');
}

describe('the meter query as CSV (Accept: text/csv) equals its JSON', () => {
  const windows = ['', '&windowSize=HOUR', '&windowSize=DAY'];
  const groupings = [[], ['model'], ['subject'], ['subject', 'model'], ['customer_id'], ['customer_id', 'model']];
  const subjects = ['', 'a1'];
  const cases = windows.flatMap((w) => groupings.flatMap((g) => subjects.map((s) => [w, g, s] as const)));

  it.each(cases)('window %s, groupBy %j, subject %s', async (w, groupBy, s) => {
    const qs = `${range}${w}${groupBy.map((g) => `&groupBy=${g}`).join('')}${s ? `&subject=${a.s1}` : ''}`;
    const json = await query(qs, reader);
    const csv = await query(qs, reader, 'text/csv');
    expect(json.status).toBe(200);
    expect(csv.status).toBe(200);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    expect(csv.disposition).toBe(`attachment; filename="${slug}_20261109T181500Z-20261113T181500Z.csv"`);
    const rows = exactJson<{ data: Row[] }>(json.text).data;
    expect(rows.length).toBeGreaterThan(0);
    expect(csv.text).toBe(csvOf(rows, [...groupBy]));
  });

  it('holds the hand-computed days, leaving out the empty ones as the JSON does', async () => {
    const csv = await query(`${range}&windowSize=DAY&groupBy=customer_id`, reader, 'text/csv');
    expect(csv.text).toBe(
      [
        'window_start,window_end,subject,customer_id,value',
        `2026-11-09T18:15:00.000Z,2026-11-10T18:15:00.000Z,,${a.id},3.75`,
        `2026-11-10T18:15:00.000Z,2026-11-11T18:15:00.000Z,,${b.id},10.5`,
        `2026-11-11T18:15:00.000Z,2026-11-12T18:15:00.000Z,,${a.id},3`,
        '',
      ].join('\r\n'),
    );
    // A group value with a comma and quotes is one quoted field.
    const models = await query(`${range}&groupBy=model&filterGroupBy[model]=${encodeURIComponent(QUOTED)}`, reader, 'text/csv');
    expect(models.text).toBe('window_start,window_end,subject,model,value\r\n2026-11-09T18:15:00.000Z,2026-11-13T18:15:00.000Z,,"m,""q""",0.5\r\n');
    // A range with no usage at all: the header alone (windowed), or one zero row (a SUM total).
    const empty = 'from=2026-11-13T18:15:00Z&to=2026-11-14T18:15:00Z';
    expect((await query(`${empty}&windowSize=HOUR`, reader, 'text/csv')).text).toBe('window_start,window_end,subject,value\r\n');
    expect((await query(empty, reader, 'text/csv')).text).toBe('window_start,window_end,subject,value\r\n2026-11-13T18:15:00.000Z,2026-11-14T18:15:00.000Z,,0\r\n');
  });

  it('breaks the month down by customer and by customer and model, as computed by hand', async () => {
    const rows = exactJson<{ data: Row[] }>((await query(`${range}&groupBy=customer_id&groupBy=model`, reader)).text).data;
    const got = rows.map((r) => [r.customerId, r.groupBy.model, r.value]).sort((x, y) => `${x}`.localeCompare(`${y}`));
    const want = [
      [a.id, 'x', '1.75'],
      [a.id, 'y', '2'],
      [a.id, null, '3'],
      [b.id, 'x', '10'],
      [b.id, QUOTED, '0.5'],
    ].sort((x, y) => `${x}`.localeCompare(`${y}`));
    expect(got).toEqual(want);
    const totals = exactJson<{ data: Row[] }>((await query(`${range}&groupBy=customer_id`, reader)).text).data;
    expect(Object.fromEntries(totals.map((r) => [r.customerId, r.value]))).toEqual({ [a.id]: '6.75', [b.id]: '10.5' });
  });

  it('answers a POST query as CSV too', async () => {
    const res = await fetch(`${server.url}/api/v1/meters/${slug}/query`, {
      method: 'POST',
      headers: { ...reader, accept: 'text/csv', 'content-type': 'application/json' },
      body: JSON.stringify({ from: '2026-11-09T18:15:00Z', to: '2026-11-13T18:15:00Z', windowTimeZone: 'Asia/Kathmandu', groupBy: ['customer_id'] }),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.split('\r\n').slice(1, -1).sort()).toEqual([`2026-11-09T18:15:00.000Z,2026-11-13T18:15:00.000Z,,${a.id},6.75`, `2026-11-09T18:15:00.000Z,2026-11-13T18:15:00.000Z,,${b.id},10.5`].sort());
  });

  it('gives JSON unless text/csv is the first type asked for', async () => {
    for (const accept of ['application/json', 'application/json, text/csv', '*/*', '']) {
      expect((await query(range, reader, accept || undefined)).type).toBe('application/json');
    }
    expect((await query(range, reader, 'text/csv; charset=utf-8, application/json;q=0.5')).type).toBe('text/csv; charset=utf-8');
  });

  it.each([
    ['from after to', 'from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z'],
    ['an unknown window size', 'windowSize=WEEK'],
    ['an unknown zone', 'windowTimeZone=Mars/Olympus'],
    ['an unknown group', 'groupBy=nope'],
    ['too many windows', 'from=2000-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&windowSize=MINUTE'],
    ['an unknown parameter', 'format=csv'],
  ])('answers %s with the same 400 as JSON', async (_name, qs) => {
    const json = await query(qs, reader);
    const csv = await query(qs, reader, 'text/csv');
    expect(json.status).toBe(400);
    expect([csv.status, csv.type, csv.text]).toEqual([json.status, json.type, json.text]);
  });

  it('keeps a member to its own customer in CSV as in JSON', async () => {
    const member = await userFactory({ role: 'member', customerId: a.id });
    const cookie = { cookie: await sessionCookie(member.id) };
    for (const qs of [`${range}&subject=${b.s1}`, `${range}&filterCustomerId=${b.id}`]) {
      const json = await query(qs, cookie);
      const csv = await query(qs, cookie, 'text/csv');
      expect(json.status).toBe(404);
      expect([csv.status, csv.text]).toEqual([json.status, json.text]);
    }
    // Grouped by customer, a member sees one customer: its own.
    const csv = await query(`${range}&groupBy=customer_id`, cookie, 'text/csv');
    expect(csv.text).toBe(`window_start,window_end,subject,customer_id,value\r\n2026-11-09T18:15:00.000Z,2026-11-13T18:15:00.000Z,,${a.id},6.75\r\n`);
    expect((await query('', {}, 'text/csv')).status).toBe(401);
  });
});

describe('hour and day windows match the pure list charts fill empty windows from', () => {
  it('on the night New York’s clocks go back, and in Kathmandu', async () => {
    const c = await customerFactory({ subjects: [randomKey('ny')], timeZone: 'America/New_York' });
    const t = randomKey('dst');
    const meter = (await meterFactory({ eventType: t, aggregation: 'COUNT' })).slug;
    const times = ['2026-11-01T04:10:00Z', '2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z', '2026-11-01T07:59:00Z', '2026-11-02T04:30:00Z'];
    await insertEvents(times.map((time) => ({ customerId: c.id, subject: c.subjects[0].key, type: t, time, data: {} })));
    await drain([c.id]);
    const { zonedWindows } = await import('@/lib/periods/zoned-windows');
    for (const [tz, unit] of [['America/New_York', 'HOUR'], ['America/New_York', 'DAY'], ['Asia/Kathmandu', 'HOUR'], ['Asia/Kathmandu', 'DAY']] as const) {
      const from = '2026-10-31T22:00:00Z';
      const to = '2026-11-02T06:00:00Z';
      const res = await fetch(`${server.url}/api/v1/meters/${meter}/query?from=${from}&to=${to}&windowSize=${unit}&windowTimeZone=${tz}`, { headers: reader });
      const rows = exactJson<{ data: Row[] }>(await res.text()).data;
      const windows = zonedWindows({ from: new Date(from), to: new Date(to), unit: unit === 'HOUR' ? 'hour' : 'day', timeZone: tz }).map((w) => `${w.start.toISOString()} ${w.end.toISOString()}`);
      for (const r of rows) expect(windows).toContain(`${r.windowStart} ${r.windowEnd}`);
      expect(rows.reduce((n, r) => n + Number(r.value), 0)).toBe(5);
    }
    // The repeated 01:00: one hour of daylight time, one of standard time, neither overlapping.
    const res = await fetch(`${server.url}/api/v1/meters/${meter}/query?from=2026-11-01T04:00:00Z&to=2026-11-01T08:00:00Z&windowSize=HOUR&windowTimeZone=America/New_York`, { headers: reader });
    expect(exactJson<{ data: Row[] }>(await res.text()).data.map((r) => [r.windowStart.slice(11, 16), r.windowEnd.slice(11, 16), r.value])).toEqual([
      ['04:00', '05:00', '1'],
      ['05:00', '06:00', '1'],
      ['06:00', '07:00', '1'],
      ['07:00', '08:00', '1'],
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/prisma';
import { pool } from '@/lib/db/pool';
import { finalizeDueInvoices } from '@/lib/invoices/finalize-due-invoices';
import { apiKeyFactory, customerFactory, subscriptionFactory, userFactory } from '@/lib/seed/factories';
import { callsPlanFactory, ingestAt, testPrefix } from './invoice-helpers';
import { sessionCookie, startRouteServer, type TestServer } from './route-server';

let server: TestServer;
let admin: Record<string, string>;
let memberA: Record<string, string>;
const ids = { a: '', b: '' };
let invoicesA: { id: string }[] = [];
let invoicesB: { id: string }[] = [];

const call = (path: string, as: Record<string, string>, init: RequestInit = {}) => fetch(server.url + path, { ...init, headers: as });
const post = (path: string, body: unknown, as = admin) => call(path, as, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });

// Two customers subscribed since the first of the month three months back (UTC): at least two
// periods are over and finalized whatever today is, and a third is open.
beforeAll(async () => {
  server = await startRouteServer();
  admin = { authorization: `Bearer ${(await apiKeyFactory('admin')).key}`, 'content-type': 'application/json' };
  const { type, plan } = await callsPlanFactory({ base: '20.00', unitPrice: '0.25' });
  const now = new Date();
  const startsAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3, 1)).toISOString();
  const [a, b] = await Promise.all([customerFactory(), customerFactory()]);
  [ids.a, ids.b] = [a.id, b.id];
  for (const c of [a, b]) await subscriptionFactory({ customerId: c.id, plan: plan.key, startsAt, anchorDay: 1 });
  await ingestAt(now.toISOString(), [0, 1, 2].map(() => ({ subject: a.subjects[0].key, type, time: new Date(now.getTime() - 60_000).toISOString() })), [a.id]);
  await finalizeDueInvoices({ customerIds: [a.id, b.id], prefix: testPrefix() });
  const member = await userFactory({ customerId: a.id });
  memberA = { cookie: await sessionCookie(member.id), 'content-type': 'application/json' };
  invoicesA = (await (await call(`/api/v1/invoices?customer=${a.id}`, admin)).json()).data;
  invoicesB = (await (await call(`/api/v1/invoices?customer=${b.id}`, admin)).json()).data;
}, 60_000);
afterAll(() => server.close());

describe('invoices API', () => {
  it('lists finalized invoices newest period first, a page at a time, with filters checked', async () => {
    expect(invoicesA.length).toBeGreaterThanOrEqual(2);
    const first = await (await call(`/api/v1/invoices?customer=${ids.a}&limit=1`, admin)).json();
    expect(first.data).toHaveLength(1);
    expect(first.data[0]).toMatchObject({ status: 'finalized', customerId: ids.a, currency: 'USD', revision: 0, voided: null });
    expect(first.data[0].number).toMatch(/^T[0-9A-F]{10}-\d{4}-\d{6}$/);
    const second = await (await call(`/api/v1/invoices?customer=${ids.a}&limit=1&cursor=${first.nextCursor}`, admin)).json();
    expect(second.data[0].period.end).toBe(first.data[0].period.start);
    expect((await (await call(`/api/v1/invoices?customer=${ids.a}&status=void`, admin)).json()).data).toEqual([]);
    const from = first.data[0].period.start;
    expect((await (await call(`/api/v1/invoices?customer=${ids.a}&periodFrom=${encodeURIComponent(from)}`, admin)).json()).data).toHaveLength(1);

    for (const bad of ['status=draftish', 'limit=0', 'cursor=nope', 'customer=42', 'periodFrom=yesterday', 'colour=red']) {
      const res = await call(`/api/v1/invoices?${bad}`, admin);
      expect(res.status, bad).toBe(400);
      expect((await res.json()).error.code).toBe('validation_failed');
    }
  });

  it('answers an invoice with its lines as decimal strings in the currency', async () => {
    const body = await (await call(`/api/v1/invoices/${invoicesA[0].id}`, admin)).json();
    expect(body).toMatchObject({ id: invoicesA[0].id, status: 'finalized', subtotal: body.total, issuer: { name: 'Meterline' } });
    expect(body.lines.map((l: { kind: string; chargeKey: string }) => [l.kind, l.chargeKey])).toEqual([
      ['flat', 'base'],
      ['usage', 'calls'],
    ]);
    expect(body.lines[0].amount).toBe('20.00');
    expect(body.ratedAt.tx).toMatch(/^\d+$/);
  });

  it('a member reaches only its own customer: other ids answer 404, lists stay its own', async () => {
    expect((await call(`/api/v1/invoices/${invoicesA[0].id}`, memberA)).status).toBe(200);
    for (const path of [`/api/v1/invoices/${invoicesB[0].id}`, `/api/v1/customers/${ids.b}/invoices/upcoming`, '/api/v1/invoices/not-an-id']) {
      const res = await call(path, memberA);
      expect(res.status, path).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
    const draftB = (await (await call(`/api/v1/customers/${ids.b}/invoices/upcoming`, admin)).json()).id;
    expect((await call(`/api/v1/invoices/${draftB}`, memberA)).status).toBe(404);
    const mine = await (await call('/api/v1/invoices', memberA)).json();
    expect(mine.data.length).toBe(invoicesA.length);
    expect(mine.data.every((i: { customerId: string }) => i.customerId === ids.a)).toBe(true);
    expect((await (await call(`/api/v1/invoices?customer=${ids.b}`, memberA)).json()).data).toEqual([]);
    expect((await post(`/api/v1/invoices/${invoicesA[0].id}/void`, { reason: 'mine' }, memberA)).status).toBe(403);
  });

  it('the upcoming draft counts usage to now; an admin finalizes it early, and the next period becomes the draft', async () => {
    const draft = await (await call(`/api/v1/customers/${ids.a}/invoices/upcoming`, memberA)).json();
    expect(draft).toMatchObject({ status: 'draft', number: null, finalizedAt: null, total: '20.75' });
    expect(draft.id).toMatch(/^draft_[0-9a-f-]{36}_\d{8}T\d{6}Z$/);
    expect(draft.lines.map((l: { quantity: string | null; amount: string }) => [l.quantity, l.amount])).toEqual([
      [null, '20.00'],
      ['3', '0.75'],
    ]);
    expect(await (await call(`/api/v1/invoices/${draft.id}`, memberA)).json()).toMatchObject({ id: draft.id, total: '20.75' });

    const finalized = await post(`/api/v1/invoices/${draft.id}/finalize`, undefined);
    expect(finalized.status).toBe(201);
    const invoice = await finalized.json();
    expect(invoice).toMatchObject({ status: 'finalized', total: '20.75', period: draft.period, finalizedBy: expect.stringMatching(/^api-key:/) });
    expect(invoice.number).toMatch(/^INV-\d{4}-\d{6}$/);
    // The draft's id now leads to the invoice; finalizing again is a conflict.
    expect((await (await call(`/api/v1/invoices/${draft.id}`, admin)).json()).id).toBe(invoice.id);
    expect((await post(`/api/v1/invoices/${draft.id}/finalize`, undefined)).status).toBe(409);
    expect((await post(`/api/v1/invoices/${invoice.id}/finalize`, undefined)).status).toBe(409);
    const next = await (await call(`/api/v1/customers/${ids.a}/invoices/upcoming`, admin)).json();
    expect(next.period.start).toBe(draft.period.end);
    const audit = await db().auditLog.findFirst({ where: { action: 'invoice.finalize', entityId: invoice.id } });
    expect(audit?.after).toMatchObject({ number: invoice.number, draftId: draft.id });
  });

  it('voids with a reason and reissues with a new number; the void is audited and final', async () => {
    const target = invoicesB[0].id;
    expect((await post(`/api/v1/invoices/${target}/void`, {})).status).toBe(400);
    expect((await post(`/api/v1/invoices/${target}/void`, { reason: 'x', extra: 1 })).status).toBe(400);
    expect((await post('/api/v1/invoices/00000000-0000-0000-0000-000000000000/void', { reason: 'x' })).status).toBe(404);
    const res = await post(`/api/v1/invoices/${target}/void`, { reason: 'Billed under the wrong plan', reissue: true });
    expect(res.status).toBe(200);
    const { voided, replacement } = await res.json();
    expect(voided).toMatchObject({ id: target, status: 'void', voided: { reason: 'Billed under the wrong plan' }, replacedById: replacement.id });
    expect(replacement).toMatchObject({ status: 'finalized', revision: 1, replacesId: target, period: voided.period, total: voided.total });
    expect(replacement.number).not.toBe(voided.number);
    expect((await post(`/api/v1/invoices/${target}/void`, { reason: 'again' })).status).toBe(409);
    const actions = await db().auditLog.findMany({ where: { entityId: { in: [target, replacement.id] } }, select: { action: true } });
    expect(actions.map((a) => a.action).sort()).toEqual(['invoice.reissue', 'invoice.void']);
    // Voided invoices stay listed, by status.
    const voids = await (await call(`/api/v1/invoices?customer=${ids.b}&status=void`, admin)).json();
    expect(voids.data.map((i: { id: string }) => i.id)).toEqual([target]);
  });

  it('the database keeps a finalized invoice and its lines as they are', async () => {
    const id = invoicesA[invoicesA.length - 1].id;
    const refused = async (sql: string) => {
      await expect(pool().query(sql, [ids.a, id])).rejects.toThrow(/can never|only its status/);
    };
    await refused('UPDATE invoices SET total = 0 WHERE customer_id = $1 AND id = $2');
    await refused('DELETE FROM invoices WHERE customer_id = $1 AND id = $2');
    await refused('UPDATE invoice_lines SET amount = 0 WHERE customer_id = $1 AND invoice_id = $2');
    await refused('DELETE FROM invoice_lines WHERE customer_id = $1 AND invoice_id = $2');
    await refused(`INSERT INTO invoice_lines (customer_id, invoice_id, position, kind, charge_key, name, amount, unrounded_amount, detail)
                   VALUES ($1, $2, 99, 'flat', 'extra', 'Extra', 1, 1, '{}')`);
    await refused(`UPDATE invoices SET status = 'void', void_reason = 'x', voided_at = now(), total = 0 WHERE customer_id = $1 AND id = $2`);
  });
});

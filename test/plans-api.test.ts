import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/prisma';
import { pool } from '@/lib/db/pool';
import { apiKeyFactory, meterFactory, planFactory, randomKey } from '@/lib/seed/factories';
import { startRouteServer, type TestServer } from './route-server';

let server: TestServer;
let admin: Record<string, string>;
let reader: Record<string, string>;
let tokens: string;
let calls: string;

beforeAll(async () => {
  server = await startRouteServer();
  admin = { authorization: `Bearer ${(await apiKeyFactory('admin')).key}`, 'content-type': 'application/json' };
  reader = { authorization: `Bearer ${(await apiKeyFactory('read')).key}`, 'content-type': 'application/json' };
  tokens = (await meterFactory({ aggregation: 'SUM', groupBy: { model: '$.model' } })).slug;
  calls = (await meterFactory({ aggregation: 'COUNT' })).slug;
});
afterAll(() => server.close());

const call = (path: string, init: RequestInit & { as?: Record<string, string> } = {}) =>
  fetch(server.url + path, { ...init, headers: init.as ?? admin });
const json = (body: unknown) => JSON.stringify(body);

/** The "Pro" plan. */
const pro = () => ({
  charges: [
    { type: 'flat', key: 'base', name: 'Platform fee', amount: '49.00', billing: 'in_advance' },
    {
      type: 'usage',
      key: 'tokens',
      name: 'Tokens',
      meter: tokens,
      model: 'graduated',
      includedUnits: '1000000',
      tiers: [
        { upTo: '10000000', unitPrice: '0.000002' },
        { upTo: null, unitPrice: '0.0000015' },
      ],
    },
    { type: 'usage', key: 'api', name: 'API calls', meter: calls, model: 'package', packageSize: '1000', packagePrice: '0.50' },
  ],
  minimumSpend: '100.00',
});

describe('plans API', () => {
  it('creates a plan with a draft, edits it, publishes it, copies it into a new draft, diffs and archives, all audited', async () => {
    const key = randomKey('pro');
    const created = await call('/api/v1/plans', { method: 'POST', body: json({ key, name: 'Pro', description: 'For teams', currency: 'usd', content: { charges: [] } }) });
    expect(created.status).toBe(201);
    const plan = await created.json();
    expect(plan).toMatchObject({ key, name: 'Pro', description: 'For teams', currency: 'USD', versions: [{ number: 1, status: 'draft', subscribers: 0 }] });

    const put = await call(`/api/v1/plans/${key}/versions/1`, { method: 'PUT', body: json(pro()) });
    expect(put.status).toBe(200);
    const v1 = await put.json();
    // Defaults are filled in, decimals stay strings as written.
    expect(v1.content.charges[1]).toMatchObject({ filter: {}, includedUnits: '1000000', minimum: null, tiers: [{ upTo: '10000000', unitPrice: '0.000002', flatPrice: '0' }, { upTo: null }] });
    expect(v1.content.minimumSpend).toBe('100.00');

    const published = await call(`/api/v1/plans/${key}/versions/1/publish`, { method: 'POST' });
    expect(published.status).toBe(200);
    expect(await published.json()).toMatchObject({ number: 1, status: 'published', migration: { mode: 'next_period', scheduled: [] } });
    expect((await call(`/api/v1/plans/${key}/versions/1/publish`, { method: 'POST' })).status).toBe(409);

    const edit = await call(`/api/v1/plans/${key}/versions/1`, { method: 'PUT', body: json({ charges: [] }) });
    expect(edit.status).toBe(409);
    expect((await edit.json()).error.details[0].path).toBe('status');

    const draft = await call(`/api/v1/plans/${key}/versions`, { method: 'POST' });
    expect(draft.status).toBe(201);
    const v2 = await draft.json();
    expect(v2).toMatchObject({ number: 2, status: 'draft' });
    expect(v2.content).toEqual(v1.content);
    expect((await call(`/api/v1/plans/${key}/versions`, { method: 'POST' })).status).toBe(409);

    const changed: { charges: Record<string, unknown>[]; minimumSpend: string } = pro();
    changed.charges[0].amount = '59.00';
    changed.charges.splice(2, 1);
    changed.charges.push({ type: 'flat', key: 'support', name: 'Support', amount: '10', billing: 'in_arrears' });
    (changed.charges[1] as { tiers: { upTo: string | null; unitPrice: string }[] }).tiers[1].unitPrice = '0.000001';
    changed.minimumSpend = '150';
    expect((await call(`/api/v1/plans/${key}/versions/2`, { method: 'PUT', body: json(changed) })).status).toBe(200);

    const diff = await (await call(`/api/v1/plans/${key}/versions/2/diff?against=1`, { as: reader })).json();
    expect(diff).toEqual({
      plan: key,
      from: 1,
      to: 2,
      charges: {
        added: [{ type: 'flat', key: 'support', name: 'Support', amount: '10', billing: 'in_arrears', prorate: true }],
        removed: [expect.objectContaining({ key: 'api', model: 'package' })],
        changed: [
          { key: 'base', fields: [{ path: 'amount', from: '49.00', to: '59.00' }] },
          { key: 'tokens', fields: [{ path: 'tiers.1.unitPrice', from: '0.0000015', to: '0.000001' }] },
        ],
      },
      minimumSpend: { from: '100.00', to: '150' },
    });
    expect((await call(`/api/v1/plans/${key}/versions/2/diff`)).status).toBe(400);
    expect((await call(`/api/v1/plans/${key}/versions/2/diff?against=9`)).status).toBe(404);

    const archived = await call(`/api/v1/plans/${key}/versions/1/archive`, { method: 'POST' });
    expect(archived.status).toBe(200);
    expect(await archived.json()).toMatchObject({ number: 1, status: 'archived' });
    expect((await call(`/api/v1/plans/${key}/versions/1/archive`, { method: 'POST' })).status).toBe(409);
    expect((await call(`/api/v1/plans/${key}/versions/2/archive`, { method: 'POST' })).status).toBe(409);

    const got = await (await call(`/api/v1/plans/${key}`, { as: reader })).json();
    expect(got.versions.map((v: { number: number; status: string }) => [v.number, v.status])).toEqual([
      [2, 'draft'],
      [1, 'archived'],
    ]);
    const list = await (await call('/api/v1/plans', { as: reader })).json();
    expect(list.data.find((p: { key: string }) => p.key === key)).toMatchObject({ name: 'Pro', currency: 'USD' });
    expect((await (await call(`/api/v1/plans/${key}/versions/2`, { as: reader })).json()).content.minimumSpend).toBe('150');

    const versionIds = (await db().planVersion.findMany({ where: { planId: plan.id } })).map((v) => v.id);
    const audit = await db().auditLog.findMany({ where: { OR: [{ entityId: plan.id }, { entityId: { in: versionIds } }] }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['plan.create', 'plan_version.update', 'plan_version.publish', 'plan_version.create', 'plan_version.update', 'plan_version.archive']);
  });

  it('answers 404 for unknown plans and versions, 409 for a duplicate key, 403 to writes without the admin scope', async () => {
    expect((await call('/api/v1/plans/no-such-plan')).status).toBe(404);
    const plan = await planFactory();
    for (const n of ['7', 'x', '0', '1.5']) expect((await call(`/api/v1/plans/${plan.key}/versions/${n}`)).status).toBe(404);
    const dup = await call('/api/v1/plans', { method: 'POST', body: json({ key: plan.key, name: 'Again', currency: 'USD' }) });
    expect(dup.status).toBe(409);
    expect((await dup.json()).error.details).toEqual([{ path: 'key', message: 'already taken' }]);
    expect((await call('/api/v1/plans', { method: 'POST', as: reader, body: json({ key: randomKey('p'), name: 'P', currency: 'USD' }) })).status).toBe(403);
    expect((await call(`/api/v1/plans/${plan.key}/versions`, { method: 'POST', as: reader })).status).toBe(403);
    expect((await call(`/api/v1/plans/${plan.key}/versions/1/archive`, { method: 'POST', as: reader })).status).toBe(403);
    expect((await call(`/api/v1/plans/${plan.key}/versions/1/publish`, { method: 'POST', body: '{"migrate":"later"}' })).status).toBe(400);
    expect((await call('/api/v1/plans', { method: 'POST', body: '{"key":' })).status).toBe(400);
  });

  // The meter is created in beforeAll, after the table below is built: "$tokens" stands for it.
  const usage = (pricing: object, more: object = {}) => ({ charges: [{ type: 'usage', key: 'u', name: 'Usage', meter: '$tokens', ...more, ...pricing }] });
  const tiers = (...t: [string | null, string][]) => t.map(([upTo, unitPrice]) => ({ upTo, unitPrice }));
  it.each([
    ['tiers out of order', usage({ model: 'graduated', tiers: tiers(['100', '1'], ['50', '2'], [null, '3']) }), 'content.charges.0.tiers.1.upTo'],
    ['tiers with a gap of zero width (a bound repeated)', usage({ model: 'volume', tiers: tiers(['100', '1'], ['100', '2'], [null, '3']) }), 'content.charges.0.tiers.1.upTo'],
    ['a closed last tier', usage({ model: 'graduated', tiers: tiers(['100', '1'], ['200', '2']) }), 'content.charges.0.tiers.1.upTo'],
    ['an open tier before the last', usage({ model: 'graduated', tiers: tiers([null, '1'], [null, '2']) }), 'content.charges.0.tiers.0.upTo'],
    ['a negative price', usage({ model: 'per_unit', unitPrice: '-0.01' }), 'content.charges.0.unitPrice'],
    ['a price with 13 decimals', usage({ model: 'per_unit', unitPrice: '0.0000000000001' }), 'content.charges.0.unitPrice'],
    ['a price that is a number, not a string', usage({ model: 'per_unit', unitPrice: 0.5 }), 'content.charges.0.unitPrice'],
    ['a package size of 0', usage({ model: 'package', packageSize: '0', packagePrice: '1' }), 'content.charges.0.packageSize'],
    ['an unknown model', usage({ model: 'tiered', unitPrice: '1' }), 'content.charges.0.model'],
    ['an unknown meter', { charges: [{ type: 'usage', key: 'u', name: 'U', meter: 'no-such-meter', model: 'per_unit', unitPrice: '1' }] }, 'content.charges.0.meter'],
    ['a group-by name the meter does not have', usage({ model: 'per_unit', unitPrice: '1' }, { filter: { region: 'eu' } }), 'content.charges.0.filter.region'],
    ['a flat fee finer than cents', { charges: [{ type: 'flat', key: 'f', name: 'F', amount: '49.001' }] }, 'content.charges.0.amount'],
    ['a minimum spend finer than cents', { charges: [], minimumSpend: '100.005' }, 'content.minimumSpend'],
    ['a charge minimum finer than cents', usage({ model: 'per_unit', unitPrice: '1', minimum: '0.001' }), 'content.charges.0.minimum'],
    ['a maximum below the minimum', usage({ model: 'per_unit', unitPrice: '1', minimum: '5', maximum: '4' }), 'content.charges.0.maximum'],
    ['two charges with one key', { charges: [{ type: 'flat', key: 'f', name: 'F', amount: '1' }, { type: 'flat', key: 'f', name: 'G', amount: '2' }] }, 'content.charges.1.key'],
  ])('refuses %s with 400 naming the field', async (_name, content, path) => {
    const body = json({ key: randomKey('bad'), name: 'Bad', currency: 'USD', content }).replace('"$tokens"', json(tokens));
    const res = await call('/api/v1/plans', { method: 'POST', body });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('validation_failed');
    expect(error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('checks amounts against the currency: whole yen, fils to three decimals; PUT paths have no prefix', async () => {
    const yen = await call('/api/v1/plans', { method: 'POST', body: json({ key: randomKey('jpy'), name: 'JPY', currency: 'JPY', content: { charges: [{ type: 'flat', key: 'f', name: 'F', amount: '4900.5' }] } }) });
    expect(yen.status).toBe(400);
    const kwd = await call('/api/v1/plans', { method: 'POST', body: json({ key: randomKey('kwd'), name: 'KWD', currency: 'KWD', content: { charges: [{ type: 'flat', key: 'f', name: 'F', amount: '15.125' }], minimumSpend: '20.500' } }) });
    expect(kwd.status).toBe(201);
    const plan = await planFactory({ publish: false, currency: 'JPY' });
    const res = await call(`/api/v1/plans/${plan.key}/versions/1`, { method: 'PUT', body: json({ charges: [], minimumSpend: '1000.1' }) });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details).toEqual([{ path: 'minimumSpend', message: 'must have at most 0 decimal places in JPY' }]);
    // Unit prices may be finer than the currency: lines are rounded, not prices.
    expect((await call(`/api/v1/plans/${plan.key}/versions/1`, { method: 'PUT', body: json(usage({ model: 'per_unit', unitPrice: '0.015' })).replace('"$tokens"', json(tokens)) })).status).toBe(200);
  });
});

describe('published versions in the database', () => {
  it('refuse UPDATE of content, number or plan and any DELETE, whatever client writes; only the status moves to archived', async () => {
    const plan = await planFactory({ content: { charges: [{ type: 'flat', key: 'f', name: 'F', amount: '1.00' }] } });
    const { rows } = await pool().query<{ id: string }>('SELECT v.id FROM plan_versions v JOIN plans p ON p.id = v.plan_id WHERE p.key = $1', [plan.key]);
    const id = rows[0].id;
    await expect(pool().query(`UPDATE plan_versions SET content = '{"charges":[],"minimumSpend":null}' WHERE id = $1`, [id])).rejects.toThrow(/only its status may move/);
    await expect(pool().query('UPDATE plan_versions SET number = 99 WHERE id = $1', [id])).rejects.toThrow(/only its status may move/);
    await expect(pool().query(`UPDATE plan_versions SET status = 'draft', published_at = NULL WHERE id = $1`, [id])).rejects.toThrow(/only its status may move/);
    await expect(pool().query('DELETE FROM plan_versions WHERE id = $1', [id])).rejects.toThrow(/can never be deleted/);
    await pool().query(`UPDATE plan_versions SET status = 'archived', archived_at = now() WHERE id = $1`, [id]);
    await expect(pool().query(`UPDATE plan_versions SET status = 'published', archived_at = NULL WHERE id = $1`, [id])).rejects.toThrow(/only its status may move/);
    const after = await pool().query<{ content: unknown; status: string }>('SELECT content, status FROM plan_versions WHERE id = $1', [id]);
    expect(after.rows[0]).toEqual({ status: 'archived', content: { charges: [{ type: 'flat', key: 'f', name: 'F', amount: '1.00', billing: 'in_advance', prorate: true }], minimumSpend: null } });

    // A draft stays editable and deletable.
    const draft = await planFactory({ publish: false });
    const d = await pool().query<{ id: string }>('SELECT v.id FROM plan_versions v JOIN plans p ON p.id = v.plan_id WHERE p.key = $1', [draft.key]);
    await pool().query(`UPDATE plan_versions SET content = '{"charges":[],"minimumSpend":"5"}' WHERE id = $1`, [d.rows[0].id]);
    expect((await pool().query('DELETE FROM plan_versions WHERE id = $1', [d.rows[0].id])).rowCount).toBe(1);
  });
});

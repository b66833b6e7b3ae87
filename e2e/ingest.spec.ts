import { expect, test, type APIRequestContext } from '@playwright/test';
import { SAME_ORIGIN, signInAsAda, signInAsAdmin, unique, waitForHydration } from './helpers';

async function ingestKey(request: APIRequestContext): Promise<string> {
  const res = await request.post('/api/v1/api-keys', { headers: SAME_ORIGIN, data: { name: unique('e2e-ingest'), scope: 'ingest' } });
  expect(res.status()).toBe(201);
  return (await res.json()).key;
}

function event(subject: string, type: string, data: object = {}) {
  return { specversion: '1.0', id: unique('evt'), source: 'e2e', type, subject, time: new Date(Date.now() - 30_000).toISOString(), data };
}

test('the Ingest page shows an unknown subject live, and mapping it moves its events to the customer', async ({ page }) => {
  await signInAsAdmin(page);
  const key = await ingestKey(page.request);
  const stranger = unique('stranger');
  const type = unique('e2e-type');

  await page.goto('/admin/ingest');
  await expect(page.getByRole('heading', { name: 'Ingest', exact: true })).toBeVisible();
  await waitForHydration(page, 'main');

  // Posted after the page loaded: it must appear without a reload.
  const posted = await page.request.post('/api/v1/events', {
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/cloudevents-batch+json' },
    data: JSON.stringify([event(stranger, type), event(stranger, type)]),
  });
  expect(posted.status()).toBe(200);
  expect((await posted.json()).totals).toMatchObject({ accepted: 2, unattributed: 2 });

  const row = page.getByRole('table', { name: 'Unattributed subjects' }).getByRole('row').filter({ hasText: stranger });
  await expect(row).toBeVisible({ timeout: 15_000 });
  await expect(row).toContainText('2');
  await expect(page.getByRole('table', { name: 'Event types' }).getByRole('row').filter({ hasText: type })).toContainText('unmetered');

  await row.getByLabel(`Customer for ${stranger}`).selectOption({ label: 'Acme Corp' });
  await row.getByRole('button', { name: `Map ${stranger}` }).click();
  await expect(row).toHaveCount(0, { timeout: 15_000 });

  const acme = (await (await page.request.get('/api/v1/customers')).json()).data.find((c: { name: string }) => c.name === 'Acme Corp');
  expect(acme.subjects.map((s: { key: string }) => s.key)).toContain(stranger);
  const listed = await (await page.request.get(`/api/v1/events?subject=${stranger}`)).json();
  expect(listed.map((e: { customerId: string }) => e.customerId)).toEqual([acme.id, acme.id]);
});

test('a member’s usage page follows new events without a reload', async ({ page, browser }) => {
  const admin = await browser.newContext();
  const adminPage = await admin.newPage();
  await signInAsAdmin(adminPage);
  const key = await ingestKey(adminPage.request);

  await signInAsAda(page);
  const calls = page.getByTestId('charge-usage-api_calls');
  await expect(calls).toHaveText(/\d/); // loaded, not the placeholder
  const before = Number((await calls.innerText()).replace(/[^0-9]/g, ''));

  const posted = await adminPage.request.post('/api/v1/events', {
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/cloudevents-batch+json' },
    data: JSON.stringify([event('acme', 'api_call', { endpoint: '/e2e', user: 'e2e' }), event('acme-eu', 'api_call', { endpoint: '/e2e', user: 'e2e' })]),
  });
  expect(posted.status()).toBe(200);
  await expect(async () => {
    expect(Number((await calls.innerText()).replace(/[^0-9]/g, ''))).toBe(before + 2);
  }).toPass({ timeout: 15_000 });
  await admin.close();
});

test('an admin defines a meter in the UI and past events are counted at once', async ({ page }) => {
  await signInAsAdmin(page);
  const key = await ingestKey(page.request);
  const type = unique('render');
  const slug = unique('renders').replace(/-/g, '_');
  const posted = await page.request.post('/api/v1/events', {
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/cloudevents-batch+json' },
    data: JSON.stringify([event('globex', type, { seconds: '1.25' }), event('globex', type, { seconds: 2 })]),
  });
  expect(posted.status()).toBe(200);

  await page.goto('/admin/meters');
  await waitForHydration(page, 'form button[type="submit"]');
  await page.getByLabel('Slug').fill(slug);
  await page.getByLabel('Name').fill('Render time');
  await page.getByLabel('Event type').fill(type);
  await page.getByLabel('Aggregation').selectOption('SUM');
  await page.getByLabel('Value property').fill('$.seconds');
  await page.getByLabel('Unit').fill('s');
  await page.getByRole('button', { name: 'Create meter' }).click();
  await expect(page.getByRole('status')).toContainText(slug);

  await page.getByRole('link', { name: 'Render time' }).click();
  await expect(page.getByTestId(`usage-${slug}`)).toContainText('3.25', { timeout: 15_000 });
});

// npm start serves this one route outside Next.js (scripts/serve.ts); it must answer exactly as the route does.
test('the production server answers ingest per event and with the one error shape', async ({ page }) => {
  await signInAsAdmin(page);
  const key = await ingestKey(page.request);
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/cloudevents-batch+json' };
  const first = event(unique('subject'), unique('e2e-type'));
  const mixed = await page.request.post('/api/v1/events?source=e2e', { headers, data: JSON.stringify([first, first, { ...first, id: '' }]) });
  expect(mixed.status()).toBe(207);
  expect((await mixed.json()).results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'duplicate', 'rejected']);

  const malformed = await page.request.post('/api/v1/events', { headers, data: '[{"id":' });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.code).toBe('malformed_json');

  const anonymous = await page.request.post('/api/v1/events', { headers: { ...headers, authorization: 'Bearer nope' }, data: JSON.stringify([first]) });
  expect(anonymous.status()).toBe(401);
  expect((await anonymous.json()).error.code).toBe('unauthenticated');
});

import { readFileSync } from 'node:fs';
import { type Page, expect, test } from '@playwright/test';
import { ADA, GUS, SAME_ORIGIN, customerIdByName, signIn, signInAsAda, signInAsAdmin, unique } from './helpers';

// One server, one customer's live numbers: the tests run one after another so an event posted
// by one cannot land between another's two reads.
test.describe.configure({ mode: 'serial' });

let adaId: string;
let ingestKey: string;

test.beforeAll(async ({ browser }) => {
  adaId = await customerIdByName(browser, ADA.customer);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAsAdmin(page);
  const res = await page.request.post('/api/v1/api-keys', { headers: SAME_ORIGIN, data: { name: unique('e2e-explorer'), scope: 'ingest' } });
  expect(res.status()).toBe(201);
  ingestKey = (await res.json()).key;
  await context.close();
});

const plain = (text: string) => text.replace(/,/g, '').trim();

async function openExplorer(page: Page) {
  await signInAsAda(page);
  await page.getByRole('navigation', { name: 'Portal navigation' }).getByRole('link', { name: 'Usage' }).click();
  await expect(page).toHaveURL(new RegExp(`/app/customers/${adaId}/usage$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Usage' })).toBeVisible();
  // The plan's first priced meter is shown first, not the alphabetically first one.
  await expect(page.getByLabel('Meter')).toHaveValue('tokens');
  await page.getByLabel('Meter').selectOption({ label: 'LLM tokens' });
}

/** The query the page shows, as JSON rows straight from the API. */
async function apiRows(page: Page): Promise<{ url: string; rows: { windowStart: string; windowEnd: string; value: string; subject: string | null; groupBy: Record<string, string | null> }[] }> {
  const url = (await page.locator('section[data-query]').getAttribute('data-query'))!;
  const res = await page.request.get(url);
  expect(res.status()).toBe(200);
  const text = await res.text();
  return { url, rows: JSON.parse(text.replace(/"value":(-?[0-9][0-9.eE+-]*)/g, '"value":"$1"')).data };
}

/** Every table row equals the API's value for its window, or 0 where the API has no row. */
async function expectTableEqualsApi(page: Page) {
  await expect(async () => {
    const { rows } = await apiRows(page);
    const byStart = new Map(rows.map((r) => [r.windowStart, r.value]));
    const table = await page.getByTestId('usage-row').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-start')!, tr.querySelector('td')!.textContent!]));
    expect(table.map(([start, value]) => [start, plain(value)])).toEqual(table.map(([start]) => [start, byStart.get(start) ?? '0']));
  }).toPass({ timeout: 10_000 });
}

test('Ada explores her tokens: every day of the range, hourly, by model and by subject', async ({ page }) => {
  await openExplorer(page);
  const rows = page.getByTestId('usage-row');
  // Days without usage are rows too, as zero: the demo's usage covers the last five weeks only.
  await page.getByLabel('Range').selectOption('90');
  await expect(rows).toHaveCount(90);
  expect(await rows.locator('td').filter({ hasText: /^0$/ }).count()).toBeGreaterThan(0);
  await expectTableEqualsApi(page);
  await page.getByLabel('Range').selectOption('30');
  await expect(rows).toHaveCount(30);
  await expect(page.getByTestId('usage-bars').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(rows.filter({ hasText: 'so far' })).toHaveCount(1);
  await expectTableEqualsApi(page);

  // Hourly: one row per hour of the last 7 days (New York hours are all one hour long).
  await page.getByLabel('Range').selectOption('7');
  await page.getByLabel('Windows').selectOption('HOUR');
  const url = new URL((await page.locator('section[data-query]').getAttribute('data-query'))!, 'http://x');
  const hours = (Date.parse(url.searchParams.get('to')!) - Date.parse(url.searchParams.get('from')!)) / 3_600_000;
  expect(hours).toBeGreaterThanOrEqual(7 * 24 - 1);
  await expect(rows).toHaveCount(hours);
  await expectTableEqualsApi(page);

  // By model: a column per model value, each cell the API's value for that hour and model.
  await page.getByLabel('Range').selectOption('30');
  await page.getByLabel('Windows').selectOption('DAY');
  await page.getByLabel('Breakdown').selectOption({ label: 'By model' });
  const head = page.getByTestId('usage-table').locator('thead');
  await expect(head).toContainText('small');
  await expect(head).toContainText('large');
  await expect(head).toContainText('Total');
  await expect(page.getByTestId('usage-bars').getByTestId('usage-legend')).toContainText('small');
  await expect(async () => {
    const { rows: api } = await apiRows(page);
    const columns = await head.locator('th').allTextContents();
    const small = columns.findIndex((c) => c.startsWith('small')) - 1;
    const table = await rows.evaluateAll((trs, i) => trs.map((tr) => [tr.getAttribute('data-start')!, tr.querySelectorAll('td')[i].textContent!]), small);
    const want = new Map(api.filter((r) => r.groupBy.model === 'small').map((r) => [r.windowStart, r.value]));
    expect(table.map(([s, v]) => [s, plain(v)])).toEqual(table.map(([s]) => [s, want.get(s) ?? '0']));
  }).toPass({ timeout: 10_000 });

  await page.screenshot({ path: test.info().outputPath('usage-explorer-desktop.png'), fullPage: true });

  await page.getByLabel('Breakdown').selectOption({ label: 'By subject' });
  for (const subject of ADA.subjects) await expect(head).toContainText(subject);
  await expect(head).not.toContainText('globex');
});

test('the view is kept in the address: a reload or a shared link shows it again; a broken one shows the defaults', async ({ page }) => {
  await openExplorer(page);
  await page.getByLabel('Range').selectOption('7');
  await page.getByLabel('Windows').selectOption('HOUR');
  await page.getByLabel('Breakdown').selectOption({ label: 'By model' });
  await expect(page).toHaveURL(/\?meter=tokens&range=7&window=HOUR&by=group%3Amodel$/);
  await page.reload();
  await expect(page.getByLabel('Meter')).toHaveValue('tokens');
  await expect(page.getByLabel('Range')).toHaveValue('7');
  await expect(page.getByLabel('Windows')).toHaveValue('HOUR');
  await expect(page.getByLabel('Breakdown')).toHaveValue('group:model');
  const url = new URL((await page.locator('section[data-query]').getAttribute('data-query'))!, 'http://x');
  expect([url.searchParams.get('windowSize'), url.searchParams.getAll('groupBy')]).toEqual(['HOUR', ['model']]);

  await page.goto(`/app/customers/${adaId}/usage?range=custom&from=2026-11-02&to=2026-11-03`);
  await expect(page.getByLabel('Range')).toHaveValue('custom');
  await expect(page.getByTestId('usage-row')).toHaveCount(2);

  // Wrong values, another customer's period, markup: each falls back to its default, no error page.
  await page.goto(`/app/customers/${adaId}/usage?meter=NO%20SUCH&range=period:2001-01-01T00:00:00Z/2001-02-01T00:00:00Z&window=WEEK&by=%3Cscript%3E`);
  await expect(page.getByRole('heading', { level: 1, name: 'Usage' })).toBeVisible();
  await expect(page.getByLabel('Meter')).toHaveValue('tokens');
  await expect(page.getByLabel('Range')).toHaveValue('current');
  await expect(page.getByLabel('Windows')).toHaveValue('DAY');
  await expect(page.getByLabel('Breakdown')).toHaveValue('none');
  await expect(page).toHaveURL(new RegExp(`/app/customers/${adaId}/usage$`));
});

test('an event posted while the explorer is open shows without a reload', async ({ page }) => {
  await openExplorer(page);
  const today = page.getByTestId('usage-row').filter({ hasText: 'so far' });
  await expect(today).toHaveCount(1);
  const before = BigInt(plain(await today.locator('td').textContent() ?? '0'));
  const posted = await page.request.post('/api/v1/events', {
    headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'application/cloudevents+json' },
    data: JSON.stringify({ specversion: '1.0', id: unique('live'), source: 'e2e', type: 'prompt', subject: 'acme-eu', time: new Date(Date.now() - 2000).toISOString(), data: { tokens: 4321, model: 'small' } }),
  });
  expect(posted.status()).toBe(200);
  const at = Date.now();
  await expect(today.locator('td')).toHaveText((before + 4321n).toLocaleString('en-US'), { timeout: 5000 });
  test.info().annotations.push({ type: 'live', description: `shown ${Date.now() - at} ms after the ingest answered` });
});

test('the downloaded CSV is what the query API answers for the same view', async ({ page }) => {
  await openExplorer(page);
  const range = page.getByLabel('Range');
  // A past billing period (finalized by the demo seed), by day and by model.
  const past = await range.locator('optgroup[label="Past billing periods"] option').first().getAttribute('value');
  expect(past).toBeTruthy();
  await range.selectOption(past!);
  await page.getByLabel('Breakdown').selectOption({ label: 'By model' });
  await expect(page.getByTestId('usage-row').first()).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^tokens_\d{8}T\d{6}Z-\d{8}T\d{6}Z\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8');
  const { url, rows } = await apiRows(page);
  const res = await page.request.get(url, { headers: { accept: 'text/csv' } });
  expect(res.headers()['content-type']).toBe('text/csv; charset=utf-8');
  expect(csv).toBe(await res.text());
  // And the CSV holds the JSON's rows: window_start,window_end,subject,model,value.
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toBe('window_start,window_end,subject,model,value');
  expect(lines.slice(1)).toEqual(rows.map((r) => [r.windowStart, r.windowEnd, r.subject ?? '', r.groupBy.model ?? '', r.value].join(',')));
});

test('at 390 px wide the page does not scroll sideways', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openExplorer(page);
  await page.getByLabel('Range').selectOption('30');
  await expect(page.getByTestId('usage-row')).toHaveCount(30);
  await page.getByLabel('Breakdown').selectOption({ label: 'By model' });
  await expect(page.getByTestId('usage-bars').locator('.recharts-bar-rectangle').first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: test.info().outputPath('usage-explorer-390.png'), fullPage: true });
  // Keyboard: the controls are reachable with Tab, in order.
  await page.getByLabel('Meter').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Range')).toBeFocused();
});

test("Gus reaches neither Ada's explorer nor her usage through the API", async ({ page }) => {
  await signIn(page, GUS, /\/app\/customers\/[0-9a-f-]{36}$/);
  const res = await page.goto(`/app/customers/${adaId}/usage`);
  expect(res?.status()).toBe(404);
  await expect(page.locator('body')).not.toContainText(ADA.customer);
  for (const qs of [`filterCustomerId=${adaId}`, 'subject=acme', 'subject=acme-eu&groupBy=model']) {
    for (const accept of ['application/json', 'text/csv']) {
      const api = await page.request.get(`/api/v1/meters/tokens/query?${qs}`, { headers: { accept } });
      expect(api.status(), `${qs} as ${accept}`).toBe(404);
      // The same answer as for a subject or customer that does not exist: no usage, no name.
      expect((await api.json()).error.code).toBe('not_found');
      expect(await api.text()).not.toContain(ADA.customer);
    }
  }
  // Grouped by customer, Gus's answer holds Globex alone.
  const own = await page.request.get('/api/v1/meters/tokens/query?groupBy=customer_id', { headers: { accept: 'text/csv' } });
  expect(own.status()).toBe(200);
  const ids = new Set((await own.text()).trimEnd().split('\r\n').slice(1).map((l) => l.split(',')[3]));
  expect(ids.size).toBe(1);
  expect(ids.has(adaId)).toBe(false);
});

test('the admin meter page breaks this month down by customer and model', async ({ page, browser }) => {
  const globexId = await customerIdByName(browser, GUS.customer);
  await signInAsAdmin(page);
  await page.goto('/admin/meters/tokens');
  const table = page.getByTestId('customer-breakdown');
  await expect(table).toContainText(ADA.customer);
  await expect(table).toContainText(GUS.customer);
  await expect(table.locator('thead')).toContainText('small');
  await page.screenshot({ path: test.info().outputPath('admin-meter.png'), fullPage: true });
  // Each customer's total (the sum of its model columns) equals the query grouped by customer alone.
  const now = new Date();
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
  await expect(async () => {
    const res = await page.request.get(`/api/v1/meters/tokens/query?from=${from}&to=${to}&groupBy=customer_id`);
    const rows: { customerId: string; value: number }[] = (await res.json()).data;
    for (const id of [adaId, globexId]) {
      const want = rows.find((r) => r.customerId === id)!.value;
      expect(plain((await table.locator(`tr[data-customer="${id}"] [data-testid=customer-total]`).textContent()) ?? '')).toBe(String(want));
    }
  }).toPass({ timeout: 10_000 });
});

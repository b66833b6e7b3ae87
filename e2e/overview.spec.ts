import Decimal from 'decimal.js';
import { expect, test, type Page } from '@playwright/test';
import { ADA, GUS, SAME_ORIGIN, customerIdByName, signIn, signInAsAda, signInAsAdmin, unique } from './helpers';

type Range = { point: string; low: string; high: string };
type Overview = {
  status: string;
  currency: string;
  costSoFar: string;
  forecast: { total: Range; confidence: string };
  charges: { key: string; name: string; filter: Record<string, string> | null; usageSoFar: string | null }[];
};

const usd = (amount: string) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(amount as Intl.StringNumericLiteral);

async function apiJson<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path);
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

/** Nothing on the page is wider than the phone (tables scroll inside their own box). */
async function expectNoSideways(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

let acmeId: string;
test.beforeAll(async ({ browser }) => {
  acmeId = await customerIdByName(browser, ADA.customer);
});

test.describe('the portal overview', () => {
  test('a member sees cost so far, a forecast with its range and a breakdown by model', async ({ page }) => {
    await signInAsAda(page);
    await expect(page.getByRole('heading', { level: 1, name: ADA.customer })).toBeVisible();
    const overview = await apiJson<Overview>(page, `/api/v1/customers/${acmeId}/overview`);
    const draft = await apiJson<{ total: string }>(page, `/api/v1/customers/${acmeId}/invoices/upcoming`);
    expect(overview.costSoFar).toBe(draft.total);
    await expect(page.getByTestId('cost-so-far')).toHaveText(usd(overview.costSoFar));
    await expect(page.getByTestId('forecast-point')).toHaveText(usd(overview.forecast.total.point));
    await expect(page.getByTestId('forecast-range')).toHaveText(`80% likely between ${usd(overview.forecast.total.low)} and ${usd(overview.forecast.total.high)}`);
    await expect(page.getByTestId('forecast-method')).toContainText('confidence');
    await expect(page.getByTestId('overview-days-left')).toContainText(/\d+ days left of \d+|Last day/);

    // One row per priced line: all tokens, and large-model tokens priced apart by the model filter.
    const table = page.getByRole('table', { name: 'Charges: usage, cost so far and forecast' });
    await expect(table.getByTestId('charge-tokens')).toContainText('LLM tokens');
    const large = table.getByTestId('charge-tokens-large');
    await expect(large).toContainText('Large-model premium');
    await expect(large).toContainText('model: large');
    const tokens = overview.charges.find((c) => c.key === 'tokens-large')!;
    await expect(large.getByTestId('charge-usage-tokens-large')).toHaveAttribute('data-quantity', tokens.usageSoFar!);
    await page.screenshot({ path: 'test-results/screenshots/overview-desktop.png', fullPage: true });
  });

  test('an event posted while the overview is open shows without a reload', async ({ page, browser }) => {
    const admin = await browser.newContext();
    const adminPage = await admin.newPage();
    await signInAsAdmin(adminPage);
    const created = await adminPage.request.post('/api/v1/api-keys', { headers: SAME_ORIGIN, data: { name: unique('e2e-overview'), scope: 'ingest' } });
    expect(created.status()).toBe(201);
    const { key } = await created.json();

    await signInAsAda(page);
    const calls = page.getByTestId('charge-usage-api_calls');
    const tokens = page.getByTestId('charge-usage-tokens');
    await expect(calls).toHaveAttribute('data-quantity', /\d/);
    const before = { calls: new Decimal((await calls.getAttribute('data-quantity'))!), tokens: new Decimal((await tokens.getAttribute('data-quantity'))!) };
    const time = new Date(Date.now() - 2_000).toISOString();
    const event = (type: string, data: object) => ({ specversion: '1.0', id: unique('evt'), source: 'e2e-overview', type, subject: 'acme', time, data });
    const posted = await adminPage.request.post('/api/v1/events', {
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/cloudevents-batch+json' },
      data: JSON.stringify([event('api_call', { endpoint: '/e2e', user: 'e2e' }), event('prompt', { tokens: 1234, model: 'small' })]),
    });
    expect(posted.status()).toBe(200);
    const sent = Date.now();
    await expect(calls).toHaveAttribute('data-quantity', before.calls.plus(1).toString(), { timeout: 5_000 });
    await expect(tokens).toHaveAttribute('data-quantity', before.tokens.plus(1234).toString(), { timeout: 5_000 });
    // The issue asks for 2 s; the budget here leaves room for a loaded test machine.
    expect(Date.now() - sent).toBeLessThan(5_000);
    await admin.close();
  });

  test('the history page lists past periods with links to their invoices', async ({ page }) => {
    await signInAsAda(page);
    await page.getByRole('navigation', { name: 'Portal navigation' }).getByRole('link', { name: 'History' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'History' })).toBeVisible();
    const finalized = await apiJson<{ data: { id: string; number: string; total: string }[] }>(page, `/api/v1/invoices?customer=${acmeId}&status=finalized&limit=36`);
    expect(finalized.data.length).toBeGreaterThanOrEqual(3);
    const rows = page.getByTestId('history-row');
    await expect(rows).toHaveCount(finalized.data.length);
    // Newest first, each total as invoiced and a link to the invoice.
    await expect(rows.first().getByTestId('history-total')).toHaveText(usd(finalized.data[0].total));
    await expect(page.getByTestId('history-chart')).toBeVisible();
    await rows.first().getByRole('link', { name: finalized.data[0].number }).click();
    await expect(page.getByTestId('invoice-number')).toHaveText(finalized.data[0].number);
  });

  test('another customer gets 404 for the overview page and API', async ({ page }) => {
    await signIn(page, GUS, /\/app\/customers\/[0-9a-f-]{36}$/);
    const res = await page.goto(`/app/customers/${acmeId}`);
    expect(res?.status()).toBe(404);
    await expect(page.locator('body')).not.toContainText(ADA.customer);
    expect((await page.goto(`/app/customers/${acmeId}/history`))?.status()).toBe(404);
    const api = await page.request.get(`/api/v1/customers/${acmeId}/overview`);
    expect(api.status()).toBe(404);
    expect(await api.text()).not.toContain(ADA.customer);
  });
});

test.describe('the admin pages', () => {
  test('the customers list shows plan, cost so far and forecast, and sorts by them', async ({ page }) => {
    await signInAsAdmin(page);
    const overview = await apiJson<Overview>(page, `/api/v1/customers/${acmeId}/overview`);
    await page.goto('/admin/customers');
    const table = page.getByRole('table', { name: 'Customers' });
    const acme = table.getByRole('row', { name: new RegExp(ADA.customer) });
    await expect(acme.getByTestId('customer-plan')).toHaveText('Pro v1');
    await expect(acme.getByTestId('customer-cost')).toHaveText(usd(overview.costSoFar));
    await expect(acme.getByTestId('customer-forecast')).toHaveText(usd(overview.forecast.total.point));

    const amounts = async () =>
      (await table.getByTestId('customer-forecast').allTextContents()).filter((t) => t !== '—').map((t) => Number(t.replace(/[^0-9.-]/g, '')));
    await table.getByRole('button', { name: 'Forecast' }).click();
    await expect(table.getByRole('columnheader', { name: /Forecast/ })).toHaveAttribute('aria-sort', 'descending');
    const down = await amounts();
    expect(down).toEqual([...down].sort((a, b) => b - a));
    await table.getByRole('button', { name: 'Forecast' }).click();
    await expect(table.getByRole('columnheader', { name: /Forecast/ })).toHaveAttribute('aria-sort', 'ascending');
    const up = await amounts();
    expect(up).toEqual([...up].sort((a, b) => a - b));
    await table.getByRole('button', { name: 'Cost so far' }).click();
    await expect(table.getByRole('columnheader', { name: /Cost so far/ })).toHaveAttribute('aria-sort', 'descending');
  });

  test('the customer page shows the overview the customer sees', async ({ page }) => {
    await signInAsAdmin(page);
    const overview = await apiJson<Overview>(page, `/api/v1/customers/${acmeId}/overview`);
    await page.goto(`/admin/customers/${acmeId}`);
    const region = page.getByRole('region', { name: 'Current period' });
    await expect(region.getByTestId('cost-so-far')).toHaveText(usd(overview.costSoFar));
    await expect(region.getByTestId('forecast-point')).toHaveText(usd(overview.forecast.total.point));
    await expect(region.getByRole('table', { name: 'Charges: usage, cost so far and forecast' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Subscription' })).toBeVisible();
  });
});

test.describe('at phone width (390 px)', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the overview and history fit without sideways scrolling', async ({ page }) => {
    await signInAsAda(page);
    await expect(page.getByTestId('cost-so-far')).toBeVisible();
    await expectNoSideways(page);
    await page.screenshot({ path: 'test-results/screenshots/overview-phone.png', fullPage: true });
    await page.goto(`/app/customers/${acmeId}/history`);
    await expect(page.getByRole('heading', { level: 1, name: 'History' })).toBeInViewport();
    await expectNoSideways(page);
    await page.screenshot({ path: 'test-results/screenshots/history-phone.png', fullPage: true });
  });
});

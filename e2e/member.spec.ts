import { expect, test } from '@playwright/test';
import { ADA, GUS, SAME_ORIGIN, customerIdByName, signInAsAda } from './helpers';

test.describe('customer member', () => {
  let globexId: string;
  test.beforeAll(async ({ browser }) => {
    globexId = await customerIdByName(browser, GUS.customer);
  });

  test.beforeEach(async ({ page }) => {
    await signInAsAda(page);
  });

  test('lands on its own customer page', async ({ page }) => {
    await expect(page.getByRole('heading', { level: 1, name: ADA.customer })).toBeVisible();
    // Its own settings and subject keys, from the seed; nothing of Globex's.
    const main = page.getByRole('main');
    await expect(main).toContainText('America/New_York');
    for (const subject of ADA.subjects) await expect(main).toContainText(subject);
    await expect(page.locator('body')).not.toContainText(GUS.customer);
    await expect(page.getByTestId('signed-in-as')).toHaveText(ADA.email);
    const nav = page.getByRole('navigation', { name: 'Portal navigation' });
    await expect(nav.getByRole('link')).toHaveText(['Overview', 'Usage', 'History', 'Invoices']);
    // The home page and /app both bring it back here.
    const own = page.url();
    await page.goto('/');
    await expect(page).toHaveURL(own);
    await page.goto('/app');
    await expect(page).toHaveURL(own);
  });

  test('is refused the admin area with a 403 page', async ({ page }) => {
    for (const path of ['/admin', '/admin/customers', '/admin/api-keys']) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(403);
      await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
      await expect(page.getByText('Demo ingest key')).toHaveCount(0);
    }
    // The admin API says no as well.
    expect((await page.request.get('/api/v1/customers')).status()).toBe(403);
    expect((await page.request.post('/api/v1/api-keys', { headers: SAME_ORIGIN, data: { name: 'sneaky', scope: 'admin' } })).status()).toBe(403);
  });

  test("gets the not-found page for another customer's page", async ({ page }) => {
    const res = await page.goto(`/app/customers/${globexId}`);
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page.locator('body')).not.toContainText(GUS.customer);
    await expect(page.locator('body')).not.toContainText('globex');

    for (const id of ['00000000-0000-0000-0000-000000000000', 'not-a-uuid']) {
      const other = await page.goto(`/app/customers/${id}`);
      expect(other?.status(), id).toBe(404);
    }
    const api = await page.request.get(`/api/v1/customers/${globexId}`);
    expect(api.status()).toBe(404);
    expect(await api.text()).not.toContain(GUS.customer);
  });
});

import { expect, test } from '@playwright/test';
import { ADA, ADMIN, ADMIN_PAGES, signInAsAdmin, unique, waitForHydration } from './helpers';

test.describe('admin', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsAdmin(page);
  });

  test('reaches every admin page through the navigation', async ({ page }) => {
    const nav = page.getByRole('navigation', { name: 'Admin navigation' });
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    await expect(page.getByTestId('signed-in-as')).toHaveText(ADMIN.email);
    for (const { label, path, heading } of ADMIN_PAGES) {
      await nav.getByRole('link', { name: label, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`${path}$`));
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    }

    await page.goto('/admin/customers');
    const customers = page.getByRole('table', { name: 'Customers' });
    await expect(customers.getByRole('link', { name: 'Acme Corp' })).toBeVisible();
    await expect(customers.getByRole('row', { name: /Globex/ })).toContainText('EUR');

    await page.goto('/admin/users');
    await expect(page.getByRole('table', { name: 'Users' }).getByRole('row', { name: new RegExp(ADA.email) })).toContainText('Acme Corp');

    await page.goto('/admin/api-keys');
    await expect(page.getByRole('table', { name: 'API keys' })).toContainText('Demo ingest key');

    await page.goto('/admin/audit');
    await expect(page.getByRole('table', { name: 'Audit log' })).toContainText('customer.create');
  });

  test('screenshot: customers page', async ({ page }) => {
    await page.goto('/admin/customers');
    await expect(page.getByRole('table', { name: 'Customers' }).getByRole('link', { name: 'Acme Corp' })).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/admin-customers-desktop.png', fullPage: true });
  });

  test('the overview counts link to their pages', async ({ page }) => {
    await page.getByRole('main').getByRole('link', { name: /^Customers\s*\d+$/ }).click();
    await expect(page).toHaveURL(/\/admin\/customers$/);
  });

  test('creates a customer through the form', async ({ page }) => {
    const name = unique('Initech');
    const subject = unique('initech');
    await page.goto('/admin/customers');
    await waitForHydration(page, 'main form button[type="submit"]');
    const form = page.getByRole('region', { name: 'New customer' });
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('Subject keys').fill(`${subject}, ${subject}-eu`);
    await form.getByLabel('Currency').fill('GBP');
    await form.getByLabel('Time zone').fill('Europe/London');
    await form.getByRole('button', { name: 'Create customer' }).click();
    await expect(form.getByRole('status')).toHaveText(`Created ${name}.`);
    await expect(form.getByLabel('Name', { exact: true })).toHaveValue('');

    const row = page.getByRole('table', { name: 'Customers' }).getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText(`${subject}, ${subject}-eu`);
    await expect(row).toContainText('GBP');
    await row.getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Subject keys' })).toContainText(`${subject}-eu`);

    // The change is in the audit log, attributed to the admin.
    await page.goto('/admin/audit');
    await expect(page.getByRole('table', { name: 'Audit log' }).getByRole('row', { name: new RegExp(name) }).first()).toContainText(`user:${ADMIN.email}`);
  });

  test('shows why a customer cannot be created', async ({ page }) => {
    await page.goto('/admin/customers');
    await waitForHydration(page, 'main form button[type="submit"]');
    const form = page.getByRole('region', { name: 'New customer' });
    await form.getByLabel('Name', { exact: true }).fill(unique('Dup'));
    await form.getByLabel('Subject keys').fill('acme'); // Acme Corp's
    await form.getByRole('button', { name: 'Create customer' }).click();
    await expect(form.getByRole('alert')).toContainText('"acme" already belongs to another customer.');
  });

  test('creates an API key, shows its secret once, and revokes it', async ({ page, request }) => {
    const name = unique('billing-export');
    await page.goto('/admin/api-keys');
    await waitForHydration(page, 'main form button[type="submit"]');
    const form = page.getByRole('region', { name: 'New API key' });
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('Scope').selectOption('read');
    await form.getByRole('button', { name: 'Create key' }).click();

    const secretBox = page.getByTestId('new-api-key');
    await expect(secretBox).toHaveText(/^mlk_\S+$/);
    const secret = (await secretBox.textContent())!.trim();
    await expect(page.getByText('Copy this secret now: it is not shown again.')).toBeVisible();
    const row = page.getByRole('table', { name: 'API keys' }).getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText('read');
    await expect(row).not.toContainText(secret);

    // The secret works against the API…
    const auth = { authorization: `Bearer ${secret}` };
    const me = await request.get('/api/v1/me', { headers: auth });
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({ kind: 'api-key', scope: 'read' });

    // …and is never shown again.
    await page.reload();
    await expect(row).toBeVisible();
    await expect(page.getByTestId('new-api-key')).toHaveCount(0);
    expect(await page.content()).not.toContain(secret);

    page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain(`Revoke "${name}"?`);
      void dialog.accept();
    });
    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    await expect(row).toContainText('revoked');
    await expect(row.getByRole('button', { name: /Revoke/ })).toHaveCount(0);
    const after = await request.get('/api/v1/me', { headers: auth });
    expect(after.status()).toBe(401);
  });

  test('dismissing the revoke confirmation keeps the key', async ({ page }) => {
    const name = unique('keep-me');
    await page.goto('/admin/api-keys');
    await waitForHydration(page, 'main form button[type="submit"]');
    const form = page.getByRole('region', { name: 'New API key' });
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByRole('button', { name: 'Create key' }).click();
    const row = page.getByRole('table', { name: 'API keys' }).getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText('ingest');
    page.once('dialog', (dialog) => void dialog.dismiss());
    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    await expect(row.getByRole('button', { name: `Revoke ${name}` })).toBeVisible();
    await expect(row).not.toContainText('revoked');
  });
});

import { expect, test } from '@playwright/test';
import { ADMIN, signInAsAdmin, waitForHydration } from './helpers';

test.describe('sign-in', () => {
  test('a wrong password shows the error and signs nobody in', async ({ page }) => {
    await page.goto('/signin');
    await waitForHydration(page, 'form button[type="submit"]');
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Scoped to the form: Next.js keeps its own (empty) role=alert route announcer on every page.
    await expect(page.locator('form').getByRole('alert')).toHaveText('Wrong email or password.');
    await expect(page).toHaveURL(/\/signin$/);
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    // No session was issued: the API still says who-are-you.
    expect((await page.request.get('/api/v1/me')).status()).toBe(401);
    await page.goto('/admin');
    await expect(page).toHaveURL(/\/signin$/);
  });

  test('an unknown email gets the same answer as a wrong password', async ({ page }) => {
    await page.goto('/signin');
    await waitForHydration(page, 'form button[type="submit"]');
    await page.getByLabel('Email').fill('nobody@nowhere.example');
    await page.getByLabel('Password').fill('meterline-admin');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Scoped to the form: Next.js keeps its own (empty) role=alert route announcer on every page.
    await expect(page.locator('form').getByRole('alert')).toHaveText('Wrong email or password.');
  });

  test('signed-out visitors are sent to the sign-in page', async ({ page }) => {
    for (const path of ['/', '/admin', '/admin/customers', '/app']) {
      await page.goto(path);
      await expect(page, path).toHaveURL(/\/signin$/);
    }
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });

  test('signing out returns to the sign-in page and ends the session', async ({ page }) => {
    await signInAsAdmin(page);
    await expect(page.getByTestId('signed-in-as')).toHaveText(ADMIN.email);
    await waitForHydration(page, 'header button');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/signin$/);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await page.goto('/admin');
    await expect(page).toHaveURL(/\/signin$/);
    expect((await page.request.get('/api/v1/me')).status()).toBe(401);
  });

  test('without JavaScript the form never puts the password in the URL', async ({ browser }) => {
    // Also what a fast click before hydration does: the browser submits the form by itself.
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto('/signin');
      await page.getByLabel('Email').fill(ADMIN.email);
      await page.getByLabel('Password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForLoadState();
      expect(page.url()).not.toContain(encodeURIComponent(ADMIN.password));
      expect(page.url()).not.toContain('password=');
      await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    } finally {
      await context.close();
    }
  });
});

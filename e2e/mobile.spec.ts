import { expect, test, type Page } from '@playwright/test';
import { ADA, ADMIN_PAGES, signInAsAda, signInAsAdmin } from './helpers';

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

/** Nothing on the page is wider than the screen (tables may scroll inside their own box). */
async function expectNoSideways(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE.width);
}

test.describe('at phone width (390 px)', () => {
  test('the admin navigation shows every page and works by tap', async ({ page }) => {
    await signInAsAdmin(page);
    const nav = page.getByRole('navigation', { name: 'Admin navigation' });
    for (const { label, path, heading } of ADMIN_PAGES) {
      const link = nav.getByRole('link', { name: label, exact: true });
      // Every entry is on screen without scrolling the nav sideways.
      await expect(link).toBeInViewport({ ratio: 1 });
      await link.tap();
      await expect(page).toHaveURL(new RegExp(`${path}$`));
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeInViewport();
      await expectNoSideways(page);
    }
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeInViewport({ ratio: 1 });
  });

  test('screenshots: admin customers page', async ({ page }) => {
    await signInAsAdmin(page);
    await page.goto('/admin/customers');
    await expect(page.getByRole('table', { name: 'Customers' }).getByRole('link', { name: 'Acme Corp' })).toBeVisible();
    await expectNoSideways(page);
    await page.screenshot({ path: 'test-results/screenshots/admin-customers-phone.png', fullPage: true });
  });

  test('the member page fits and its navigation works', async ({ page }) => {
    await signInAsAda(page);
    await expect(page.getByRole('heading', { level: 1, name: ADA.customer })).toBeInViewport();
    await expectNoSideways(page);
    const nav = page.getByRole('navigation', { name: 'Portal navigation' });
    await expect(nav.getByRole('link', { name: 'Overview' })).toBeInViewport({ ratio: 1 });
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeInViewport({ ratio: 1 });
    await page.screenshot({ path: 'test-results/screenshots/member-phone.png', fullPage: true });
    await nav.getByRole('link', { name: 'Overview' }).tap();
    await expect(page.getByRole('heading', { level: 1, name: ADA.customer })).toBeVisible();
    await page.getByRole('button', { name: 'Sign out' }).tap();
    await expect(page).toHaveURL(/\/signin$/);
  });
});

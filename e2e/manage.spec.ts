import { expect, test, type Page } from '@playwright/test';
import { ADA, SAME_ORIGIN, signIn, signInAsAdmin, unique, waitForHydration } from './helpers';

// Editing users and customers in the admin pages, with people and customers of this test's own.

async function createCustomer(page: Page, name: string, subjects: string[]): Promise<string> {
  const res = await page.request.post('/api/v1/customers', { data: { name, subjects, currency: 'USD', timeZone: 'UTC' }, headers: SAME_ORIGIN });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

test('an admin edits a member, resets its password, deactivates and deletes it; the member’s session ends at once', async ({ page, browser }) => {
  await signInAsAdmin(page);
  const [first, second] = [unique('First Co'), unique('Second Co')];
  const firstId = await createCustomer(page, first, [unique('first')]);
  const secondId = await createCustomer(page, second, [unique('second')]);
  const member = { email: `${unique('pat')}@example.test`, password: 'first-password' };
  const created = await page.request.post('/api/v1/users', {
    data: { ...member, role: 'member', customer: firstId },
    headers: SAME_ORIGIN,
  });
  expect(created.status()).toBe(201);

  // The member signs in elsewhere.
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  try {
    await signIn(memberPage, member, /\/app\/customers\/[0-9a-f-]{36}$/);
    await expect(memberPage.getByRole('heading', { level: 1, name: first })).toBeVisible();

    await page.goto('/admin/users');
    await waitForHydration(page, 'table button');
    const row = page.getByRole('row', { name: new RegExp(member.email) });
    await row.getByRole('button', { name: `Edit ${member.email}` }).click();
    const details = page.getByRole('form', { name: `Details of ${member.email}` });
    await details.getByRole('textbox', { name: 'Name', exact: true }).fill('Pat Moved');
    await details.getByRole('combobox', { name: /^Customer/ }).selectOption({ label: second });
    await details.getByRole('button', { name: 'Save' }).click();
    await expect(details.getByRole('status')).toHaveText('Saved.');
    await expect(row).toContainText('Pat Moved');
    await expect(row).toContainText(second);

    // Moved to another customer: the member's old session no longer opens anything.
    await memberPage.reload();
    await expect(memberPage).toHaveURL(/\/signin$/);

    const password = page.getByRole('form', { name: `New password for ${member.email}` });
    await password.getByLabel('New password').fill('second-password');
    await password.getByRole('button', { name: 'Set password' }).click();
    await expect(password.getByRole('status')).toHaveText(`Password set; ${member.email} was signed out.`);
    await page.screenshot({ path: 'test-results/screenshots/admin-users-edit-desktop.png', fullPage: true });

    await signIn(memberPage, { ...member, password: 'second-password' }, new RegExp(`/app/customers/${secondId}$`));
    await expect(memberPage.getByRole('heading', { level: 1, name: second })).toBeVisible();

    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Deactivate' }).click();
    await expect(row).toContainText('deactivated');
    await memberPage.reload();
    await expect(memberPage).toHaveURL(/\/signin$/);

    await page.getByRole('button', { name: 'Delete user' }).click();
    await expect(page.getByRole('row', { name: new RegExp(member.email) })).toHaveCount(0);
    expect((await page.request.get('/api/v1/users')).status()).toBe(200);
  } finally {
    await memberContext.close();
  }
});

test('an admin edits a customer and removes one of its subject keys', async ({ page }) => {
  await signInAsAdmin(page);
  const name = unique('Edit Me');
  const [keep, drop] = [unique('keep'), unique('drop')];
  const id = await createCustomer(page, name, [keep, drop]);

  await page.goto(`/admin/customers/${id}`);
  await waitForHydration(page, 'form button[type="submit"]');
  const details = page.getByRole('region', { name: 'Details' });
  const renamed = `${name} Renamed`;
  await details.getByRole('textbox', { name: 'Name', exact: true }).fill(renamed);
  await details.getByLabel('Currency').fill('eur');
  await details.getByLabel('Time zone').fill('Asia/Kathmandu');
  // Empty, the grace field shows the instance default it stands for.
  const grace = details.getByRole('spinbutton', { name: 'Invoice grace (minutes)' });
  await expect(grace).toHaveValue('');
  await expect(grace).toHaveAttribute('placeholder', '60 (default)');
  await grace.fill('90');
  await details.getByRole('button', { name: 'Save' }).click();
  await expect(details.getByRole('status')).toHaveText('Saved.');
  await expect(page.getByRole('heading', { level: 1, name: renamed })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('EUR · Asia/Kathmandu');

  await details.getByLabel('Time zone').fill('Mars/Olympus');
  await details.getByRole('button', { name: 'Save' }).click();
  await expect(details.getByRole('alert')).toContainText('timeZone: must be an IANA time zone');

  const keys = page.getByRole('region', { name: 'Subject keys' });
  page.once('dialog', (dialog) => {
    expect(dialog.message()).toContain(`Remove subject key "${drop}"?`);
    void dialog.accept();
  });
  await keys.getByRole('button', { name: `Remove ${drop}` }).click();
  await expect(keys.getByText(drop)).toHaveCount(0);
  await expect(keys.getByText(keep)).toBeVisible();
  // The last key stays: no button offers to remove it.
  await expect(keys.getByRole('button', { name: /^Remove/ })).toHaveCount(0);
  const added = unique('added');
  await keys.getByLabel('Add a key').fill(added);
  await keys.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(keys.getByRole('status')).toHaveText('Added; 0 kept event(s) now count for this customer.');
  await expect(keys.getByRole('button', { name: `Remove ${added}` })).toBeVisible();
  await keys.getByLabel('Add a key').fill(added);
  await keys.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(keys.getByRole('alert')).toHaveText(`Subject "${added}" already belongs to a customer.`);
  await page.screenshot({ path: 'test-results/screenshots/admin-customer-edit-desktop.png', fullPage: true });

  const res = await page.request.get(`/api/v1/customers/${id}`);
  expect(await res.json()).toMatchObject({ name: renamed, currency: 'EUR', timeZone: 'Asia/Kathmandu', invoiceGraceMinutes: 90, subjects: [{ key: added }, { key: keep }] });
  // Saved, the field keeps the customer's own value.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Details' }).getByRole('spinbutton', { name: 'Invoice grace (minutes)' })).toHaveValue('90');
});

test.describe('at phone width', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the user editor fits the screen', async ({ page }) => {
    await signInAsAdmin(page);
    await page.goto('/admin/users');
    await waitForHydration(page, 'table button');
    await page.getByRole('button', { name: `Edit ${ADA.email}` }).tap();
    const details = page.getByRole('form', { name: `Details of ${ADA.email}` });
    await expect(details.getByRole('button', { name: 'Save' })).toBeInViewport({ ratio: 1 });
    await expect(details.getByRole('textbox', { name: 'Name', exact: true })).toBeInViewport({ ratio: 1 });
    await expect(details.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Ada Lovelace');
    await expect(details.getByRole('combobox', { name: /^Customer/ }).locator('option:checked')).toHaveText(ADA.customer);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: 'test-results/screenshots/admin-users-edit-phone.png', fullPage: true });
  });
});

import { expect, test, type Page } from '@playwright/test';
import { customerIdByName, SAME_ORIGIN, signInAsAdmin, unique, waitForHydration } from './helpers';

// The "Pro" plan, built in the browser. Every expected amount is computed by hand:
//  - tokens, graduated, 1,000,000 included, 0.000002 up to 10,000,000, then 0.0000015:
//    25,000,000 tokens → 24,000,000 billable → 10,000,000 × 0.000002 = 20 + 14,000,000 × 0.0000015 = 21 → $41.00
//  - API calls, package of 1,000 at 0.50: 12,345 calls → 13 packages → $6.50

async function addUsageCharge(page: Page, index: number, meter: string, name: string, key: string) {
  await page.getByRole('button', { name: 'Add usage charge' }).click();
  const charge = page.getByRole('region', { name: new RegExp(`^Charge ${index}:`) });
  await charge.getByLabel('Meter').selectOption(meter);
  await charge.getByLabel('Name', { exact: true }).fill(name);
  await charge.getByLabel('Key', { exact: true }).fill(key);
  return page.getByRole('region', { name: `Charge ${index}: ${name}` });
}

test('an admin builds a plan, previews and simulates it, publishes it and subscribes a customer', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page);

  // A customer of its own, so the simulation has exactly one subscriber.
  const customerName = unique('Pro Customer');
  const created = await page.request.post('/api/v1/customers', {
    headers: SAME_ORIGIN,
    data: { name: customerName, subjects: [unique('pro-subject')], currency: 'USD', timeZone: 'America/New_York' },
  });
  expect(created.status()).toBe(201);
  const customerId = ((await created.json()) as { id: string }).id;

  // 1. Create the plan: it starts with an empty draft, version 1.
  const key = unique('pro');
  const name = `Pro ${key.slice(4)}`;
  await page.goto('/admin/plans');
  await waitForHydration(page, 'main form button[type="submit"]');
  const form = page.getByRole('region', { name: 'New plan' });
  await form.getByLabel('Key').fill(key);
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Currency').fill('USD');
  await form.getByRole('button', { name: 'Create plan' }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/plans/${key}$`));
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Versions' }).getByRole('row', { name: /v1/ })).toContainText('draft');
  await page.getByRole('link', { name: 'Edit draft v1' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${name} · version 1` })).toBeVisible();
  await waitForHydration(page, 'main form button[type="submit"]');

  // 2. A flat fee, in advance.
  await page.getByRole('button', { name: 'Add flat fee' }).click();
  const fee = page.getByRole('region', { name: /^Charge 1:/ });
  await fee.getByLabel('Name', { exact: true }).fill('Platform fee');
  await fee.getByLabel('Amount per period').fill('49.00');

  // 3. Tokens, graduated, with tiers added, removed and one bad bound caught inline.
  const tokens = await addUsageCharge(page, 2, 'tokens', 'LLM tokens', 'tokens');
  await tokens.getByLabel('Pricing model').selectOption('graduated');
  await tokens.getByLabel('Included units').fill('1000000');
  await tokens.getByLabel('Tier 1 up to').fill('10000000');
  await tokens.getByLabel('Tier 1 unit price').fill('0.000002');
  await tokens.getByLabel('Tier 2 unit price').fill('0.0000015');
  await tokens.getByRole('button', { name: 'Add tier' }).click();
  await expect(tokens.getByLabel('Tier 3 up to')).toHaveValue('');
  await expect(tokens.getByLabel('Tier 2 up to')).toHaveValue('100000000');
  await tokens.getByLabel('Tier 2 up to').fill('5000');
  const bad = tokens.getByLabel('Tier 2 up to');
  await expect(bad).toHaveAttribute('aria-invalid', 'true');
  await expect(bad).toHaveAccessibleDescription("must be greater than the previous tier's upTo (10000000)");
  await tokens.getByRole('button', { name: 'Remove tier 2' }).click();
  await expect(tokens.getByLabel('Tier 3 up to')).toHaveCount(0);
  await expect(tokens.getByLabel('Tier 2 unit price')).toHaveValue('0.0000015');
  await expect(tokens.locator('[aria-invalid="true"]')).toHaveCount(0);

  // 4. Preview a quantity: the server's exact rating with the tier breakdown.
  const tokensPreview = tokens.getByRole('region', { name: 'Preview LLM tokens' });
  await tokensPreview.getByLabel('Preview a quantity').fill('25000000');
  await expect(tokensPreview.getByRole('status')).toHaveText('25,000,000 tokens cost $41.00');
  const breakdown = tokensPreview.getByRole('table', { name: 'Breakdown of LLM tokens' });
  await expect(breakdown.getByRole('row')).toHaveCount(3);
  await expect(breakdown.getByRole('row').nth(1)).toContainText('10,000,000');
  await expect(breakdown.getByRole('row').nth(2)).toContainText('14,000,000');
  // Tier ranges read as on the invoice (components/tier-range.ts).
  await expect(breakdown.getByRole('row').nth(1).getByRole('cell').first()).toHaveText('First 10,000,000');
  await expect(breakdown.getByRole('row').nth(2).getByRole('cell').first()).toHaveText('Over 10,000,000');

  // 5. API calls by the package, and a plan-wide minimum spend.
  const calls = await addUsageCharge(page, 3, 'api_calls', 'API calls', 'api_calls');
  await calls.getByLabel('Pricing model').selectOption('package');
  await calls.getByLabel('Package size').fill('1000');
  await calls.getByLabel('Package price').fill('0.50');
  const callsPreview = calls.getByRole('region', { name: 'Preview API calls' });
  await callsPreview.getByLabel('Preview a quantity').fill('12345');
  await expect(callsPreview.getByRole('status')).toHaveText('12,345 calls cost $6.50');
  await page.getByLabel('Minimum spend per period').fill('100.00');

  // The server's own rules come back next to the field: a flat fee has at most the currency's 2 decimals.
  await fee.getByLabel('Amount per period').fill('49.005');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(fee.getByLabel('Amount per period')).toHaveAccessibleDescription('must have at most 2 decimal places in USD');
  await fee.getByLabel('Amount per period').fill('49.00');
  await expect(fee.getByLabel('Amount per period')).not.toHaveAttribute('aria-invalid');

  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('Saved.', { exact: true })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/plan-editor-desktop.png', fullPage: true });

  // 6. Publish version 1 through its confirmation.
  await page.getByRole('link', { name: `Back to ${name}` }).click();
  await waitForHydration(page, 'main button');
  await page.getByRole('button', { name: 'Publish version 1' }).click();
  const dialog = page.getByRole('dialog', { name: 'Publish version 1?' });
  await expect(dialog.getByLabel('Move them to this version at their next period start')).toBeChecked();
  await dialog.getByRole('button', { name: 'Publish' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('table', { name: 'Versions' }).getByRole('row', { name: /v1/ })).toContainText('published');

  // 7. Subscribe the customer on its page, from today.
  await page.goto(`/admin/customers/${customerId}`);
  const panel = page.getByRole('region', { name: 'Subscription' });
  await expect(panel).toContainText('Not subscribed');
  await waitForHydration(page, 'main form button[type="submit"]');
  await panel.getByLabel('Plan').selectOption({ label: name });
  await expect(panel.getByLabel('Version')).toHaveValue('1');
  await panel.getByRole('button', { name: 'Subscribe' }).click();
  await expect(panel.getByRole('link', { name })).toBeVisible();
  await expect(panel).toContainText('version 1');
  await expect(panel.getByTestId('subscription-status')).toHaveText('active');

  // 8. A second draft raises the fee; the simulation shows what the customer would pay.
  await page.goto(`/admin/plans/${key}`);
  await waitForHydration(page, 'main button');
  await page.getByRole('button', { name: 'New draft' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${name} · version 2` })).toBeVisible();
  await waitForHydration(page, 'main form button[type="submit"]');
  await page.getByRole('region', { name: /^Charge 1:/ }).getByLabel('Amount per period').fill('149.00');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('Saved.', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Run simulation' }).click();
  const simulation = page.getByRole('table', { name: 'Simulation' });
  const row = simulation.getByRole('row', { name: new RegExp(customerName) });
  // Started today: no closed period yet. This period: v1 is max(49.00, minimum spend 100.00) = 100.00; v2 is 149.00.
  await expect(row).toContainText('no closed period yet');
  await expect(row).toContainText('$100.00');
  await expect(row).toContainText('$149.00');
  await expect(row).toContainText('+$49.00');
  await page.getByRole('region', { name: 'Simulation' }).screenshot({ path: 'test-results/screenshots/plan-simulation-desktop.png' });

  // 9. Publishing moves the customer at its next period start.
  await page.getByRole('link', { name: `Back to ${name}` }).click();
  await waitForHydration(page, 'main button');
  await page.getByRole('button', { name: 'Publish version 2' }).click();
  await page.getByRole('dialog', { name: 'Publish version 2?' }).getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('table', { name: 'Versions' }).getByRole('row', { name: /v2/ })).toContainText('published');
  await expect(page.getByRole('region', { name: 'Compare versions' })).toContainText('149.00');

  // Archiving v1 asks first; the customer keeps it until its move.
  await page.getByRole('button', { name: 'Archive version 1' }).click();
  await page.getByRole('dialog', { name: 'Archive version 1?' }).getByRole('button', { name: 'Archive' }).click();
  await expect(page.getByRole('table', { name: 'Versions' }).getByRole('row', { name: /v1/ })).toContainText('archived');
  await page.screenshot({ path: 'test-results/screenshots/plan-page-desktop.png', fullPage: true });
  await page.goto(`/admin/customers/${customerId}`);
  const subscription = page.getByRole('region', { name: 'Subscription' });
  await expect(subscription).toContainText(`${key} · version 2 from`);
  await page.screenshot({ path: 'test-results/screenshots/customer-subscription-desktop.png', fullPage: true });

  // 10. Cancel at the period's end: the period that holds now is the last one.
  await waitForHydration(page, 'main section button');
  const periodEnd = (await subscription.getByTestId('current-period-end').textContent())!;
  await subscription.getByRole('button', { name: 'Cancel…' }).click();
  const cancel = subscription.getByRole('form', { name: 'Cancel subscription' });
  await expect(cancel.getByLabel('at the end of the current period')).toBeChecked();
  await cancel.getByRole('button', { name: 'Cancel subscription' }).click();
  await expect(subscription.getByTestId('subscription-status')).toHaveText(`active · ends ${periodEnd}`);
});

test.describe('at phone width (390 px)', () => {
  const PHONE = { width: 390, height: 844 };
  test.use({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

  test('the plan pages fit the screen and the tier table works by keyboard', async ({ page }) => {
    await signInAsAdmin(page);
    const key = unique('phone');
    const res = await page.request.post('/api/v1/plans', {
      headers: SAME_ORIGIN,
      data: {
        key,
        name: 'Phone plan',
        currency: 'USD',
        content: {
          charges: [
            { type: 'flat', key: 'base', name: 'Base fee', amount: '49.00' },
            {
              type: 'usage',
              key: 'tokens',
              name: 'LLM tokens',
              meter: 'tokens',
              model: 'graduated',
              includedUnits: '1000000',
              tiers: [
                { upTo: '10000000', unitPrice: '0.000002' },
                { upTo: null, unitPrice: '0.0000015' },
              ],
            },
          ],
          minimumSpend: '100.00',
        },
      },
    });
    expect(res.status()).toBe(201);

    for (const [path, heading, shot] of [
      ['/admin/plans', 'Plans', 'plans-phone'],
      [`/admin/plans/${key}`, 'Phone plan', 'plan-page-phone'],
      [`/admin/plans/${key}/versions/1`, 'Phone plan · version 1', 'plan-editor-phone'],
    ] as const) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expect(page.getByText(/Loading/)).toHaveCount(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await page.screenshot({ path: `test-results/screenshots/${shot}.png`, fullPage: true });
    }

    // Tab walks a tier row left to right; the preview answers the typed quantity.
    await waitForHydration(page, 'main form button[type="submit"]');
    const tokens = page.getByRole('region', { name: 'Charge 2: LLM tokens' });
    await tokens.getByLabel('Tier 1 up to').focus();
    await page.keyboard.press('Tab');
    await expect(tokens.getByLabel('Tier 1 unit price')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(tokens.getByLabel('Tier 1 flat price')).toBeFocused();
    await tokens.getByLabel('Preview a quantity').fill('1000000');
    await expect(tokens.getByRole('region', { name: 'Preview LLM tokens' }).getByRole('status')).toHaveText('1,000,000 tokens cost $0.00');
  });

  test('a published version reads only, and a customer page shows its subscription', async ({ page, browser }) => {
    const acme = await customerIdByName(browser, 'Acme Corp');
    await signInAsAdmin(page);
    // The demo seed's Pro plan, published, with Acme Corp on it.
    await page.goto('/admin/plans/pro/versions/1');
    await expect(page.getByRole('heading', { level: 1, name: 'Pro · version 1' })).toBeVisible();
    const first = page.getByRole('region', { name: /^Charge 1:/ });
    await expect(first.getByLabel('Name', { exact: true })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Save draft' })).toHaveCount(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: 'test-results/screenshots/plan-published-phone.png', fullPage: true });

    await page.goto(`/admin/customers/${acme}`);
    const panel = page.getByRole('region', { name: 'Subscription' });
    await expect(panel.getByRole('link', { name: 'Pro' })).toBeVisible();
    await expect(panel).toContainText('America/New_York');
    await panel.getByRole('button', { name: 'Change plan…' }).tap();
    await expect(panel.getByRole('form', { name: 'Change plan' }).getByLabel('the next period\'s start')).toBeChecked();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: 'test-results/screenshots/customer-subscription-phone.png', fullPage: true });
  });
});

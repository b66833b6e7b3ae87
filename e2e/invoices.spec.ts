import Decimal from 'decimal.js';
import { expect, test, type Page } from '@playwright/test';
import { ADA, SAME_ORIGIN, customerIdByName, signInAsAda, signInAsAdmin, unique, waitForHydration } from './helpers';

// The demo seed subscribes Acme Corp (America/New_York, USD) to Pro since January: the app's
// finalizer issues its past periods on start, and the open period is a live draft with usage.

type Line = { position: number; kind: string; name: string; quantity: string | null; amount: string; detail: { breakdown?: unknown[] } };
type Invoice = { id: string; number: string | null; status: string; customerId: string; timeZone: string; subtotal: string; total: string; lines: Line[]; period: { start: string; end: string }; usageTo: string; issuer: { name: string; address: string[]; taxId: string | null } };

const ISSUER = { name: 'Meterline Demo Ltd', address: ['1 Meter Way', 'Springfield 12345'], taxId: 'EU123456789' };

let acmeId: string;
test.beforeAll(async ({ browser }) => {
  acmeId = await customerIdByName(browser, ADA.customer);
});

async function apiJson<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path);
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

/** Acme's finalized invoices once the app's finalizer has caught up on the months since January. */
async function finalizedInvoices(page: Page): Promise<{ id: string; number: string }[]> {
  let data: { id: string; number: string }[] = [];
  await expect(async () => {
    data = (await apiJson<{ data: { id: string; number: string }[] }>(page, '/api/v1/invoices?status=finalized')).data;
    expect(data.length).toBeGreaterThanOrEqual(3);
  }).toPass({ timeout: 30_000 });
  return data;
}

/** What the page shows for each line: quantity and amount cells, as text. */
async function renderedLines(page: Page, lines: Line[]) {
  return Promise.all(
    lines.map(async (l) => {
      const row = page.getByTestId(`line-${l.position}`);
      return [(await row.getByTestId('line-quantity').textContent())?.replaceAll(',', ''), await row.getByTestId('line-amount').textContent()];
    }),
  );
}

/** The @page rules in the document's style elements (text locators skip <style>). */
const pageRules = (page: Page) => page.evaluate(() => [...document.querySelectorAll('style')].map((s) => s.textContent ?? '').filter((t) => t.includes('@page')));

const usd = (amount: string) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(amount as Intl.StringNumericLiteral);

test.describe('a customer’s invoices', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsAda(page);
  });

  test('the list has the live draft on top; each invoice shows the API’s lines and totals', async ({ page }) => {
    const invoices = await finalizedInvoices(page);
    await page.getByRole('navigation', { name: 'Portal navigation' }).getByRole('link', { name: 'Invoices' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Invoices' })).toBeVisible();
    const rows = page.getByRole('table', { name: 'Invoices' }).locator('tbody tr');
    await expect(rows.first()).toHaveAttribute('data-testid', 'draft-row');
    await page.screenshot({ path: 'test-results/screenshots/customer-invoices.png', fullPage: true });
    await expect(rows.nth(1).getByRole('link')).toHaveText(invoices[0].number);

    // The draft: every line's quantity and amount, subtotal and total, as the API has them.
    const draft = await apiJson<Invoice>(page, `/api/v1/customers/${acmeId}/invoices/upcoming`);
    await rows.first().getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Upcoming invoice' })).toBeVisible();
    expect(await renderedLines(page, draft.lines)).toEqual(draft.lines.map((l) => [l.quantity ?? '', usd(l.amount)]));
    await expect(page.getByTestId('invoice-subtotal')).toHaveText(usd(draft.subtotal));
    await expect(page.getByTestId('invoice-total')).toHaveText(usd(draft.total));
    // The graduated token charge shows its tier rows.
    const tokens = draft.lines.find((l) => l.kind === 'usage' && l.name === 'LLM tokens')!;
    const tierRows = page.getByTestId(`line-${tokens.position}`).getByTestId('tier-row');
    await expect(tierRows).toHaveCount(tokens.detail.breakdown!.length);
    // The same range wording as the plan editor's preview (components/tier-range.ts).
    await expect(tierRows.first()).toContainText('Tier 1 · First 10,000,000:');
    await expect(tierRows.nth(1)).toContainText('Tier 2 · Over 10,000,000:');

    // The seed's late usage for the last closed period: an adjustment line leading to that invoice.
    const adjustment = draft.lines.find((l) => l.kind === 'adjustment')!;
    expect(adjustment, 'the demo draft carries a late-usage adjustment').toBeTruthy();
    const adjusted = page.getByTestId(`line-${adjustment.position}`);
    await expect(adjusted).toContainText(`Late usage for ${invoices[0].number}`);
    await adjusted.getByRole('link', { name: 'Open the corrected invoice' }).click();
    await expect(page.getByTestId('invoice-number')).toHaveText(invoices[0].number);

    // A finalized one, by its number.
    const stored = await apiJson<Invoice>(page, `/api/v1/invoices/${invoices[0].id}`);
    await page.goto(`/app/customers/${acmeId}/invoices/${stored.id}`);
    await expect(page.getByTestId('invoice-number')).toHaveText(stored.number!);
    expect(await renderedLines(page, stored.lines)).toEqual(stored.lines.map((l) => [l.quantity ?? '', usd(l.amount)]));
    await expect(page.getByTestId('invoice-total')).toHaveText(usd(stored.total));
    await expect(page.getByTestId('rounding-rule')).toContainText('half away from zero');
  });

  test('prints as an invoice on A4 and Letter: no navigation, issuer and number on paper', async ({ page }) => {
    const [latest] = await finalizedInvoices(page);
    const url = `/app/customers/${acmeId}/invoices/${latest.id}`;
    await page.goto(`${url}?paper=a4`);
    await expect.poll(() => pageRules(page)).toEqual(['@page { size: A4; margin: 14mm; }']);
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation', { name: 'Portal navigation' })).toBeHidden();
    await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
    await expect(page.getByRole('link', { name: 'Download CSV' })).toBeHidden();
    await expect(page.getByRole('link', { name: 'Explain this line' }).first()).toBeHidden();
    await expect(page.getByTestId('issuer-name')).toHaveText(ISSUER.name);
    for (const line of [...ISSUER.address, `Tax ID: ${ISSUER.taxId}`]) await expect(page.getByRole('article', { name: 'Invoice' })).toContainText(line);
    await expect(page.getByTestId('invoice-number')).toHaveText(latest.number);
    await expect(page.getByTestId('invoice-period')).toContainText('America/New_York');
    await page.screenshot({ path: 'test-results/screenshots/invoice-print.png', fullPage: true });
    const a4 = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(a4.subarray(0, 5).toString()).toBe('%PDF-');

    await page.emulateMedia({ media: 'screen' });
    await page.goto(`${url}?paper=letter`);
    await expect.poll(() => pageRules(page)).toEqual(['@page { size: Letter; margin: 14mm; }']);
    const letter = await page.pdf({ preferCSSPageSize: true });
    // Letter is 612 pt wide, A4 595 pt: the page size the CSS asked for is the one printed.
    expect(letter.toString('latin1')).toMatch(/MediaBox\s*\[\s*0 0 612 792\s*\]/);
    expect(a4.toString('latin1')).toMatch(/MediaBox\s*\[\s*0 0 59[45](\.\d+)? 841(\.\d+)?\s*\]/);
  });

  test('downloads as CSV with the API’s exact numbers, and as JSON', async ({ page }) => {
    const [latest] = await finalizedInvoices(page);
    const invoice = await apiJson<Invoice>(page, `/api/v1/invoices/${latest.id}`);
    await page.goto(`/app/customers/${acmeId}/invoices/${latest.id}`);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download CSV' }).click();
    expect((await download).suggestedFilename()).toBe(`${invoice.number}.csv`);
    const csv = await (await page.request.get(`/api/v1/invoices/${latest.id}/export?format=csv`)).text();
    const rows = csv.trimEnd().split('\r\n').map((r) => r.split(','));
    const [head, ...body] = rows;
    const at = (r: string[], name: string) => r[head.indexOf(name)];
    const lineRows = body.filter((r) => at(r, 'row') === 'line');
    expect(lineRows.map((r) => [at(r, 'charge'), at(r, 'quantity'), at(r, 'amount')])).toEqual(invoice.lines.map((l) => [expect.any(String), l.quantity ?? '', l.amount]));
    expect(at(body.find((r) => at(r, 'row') === 'total')!, 'amount')).toBe(invoice.total);
    expect(await (await page.request.get(`/api/v1/invoices/${latest.id}/export?format=json`)).json()).toEqual(invoice);
  });

  test('explain this line: every day of the period, summing to the line, and one day’s events', async ({ page }) => {
    const draft = await apiJson<Invoice>(page, `/api/v1/customers/${acmeId}/invoices/upcoming`);
    const tokens = draft.lines.find((l) => l.kind === 'usage' && l.name === 'LLM tokens')!;
    expect(new Decimal(tokens.quantity!).gt(0)).toBe(true);
    await page.goto(`/app/customers/${acmeId}/invoices/${draft.id}`);
    await page.getByTestId(`line-${tokens.position}`).getByRole('link', { name: 'Explain this line' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Explain: LLM tokens' })).toBeVisible();
    await expect(page.getByTestId('usage-bars').locator('.recharts-bar-rectangle').first()).toBeAttached();

    // One row per local day from the period's start to today, zero days included.
    const local = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: draft.timeZone }).format(new Date(iso));
    const dayNumber = (ymd: string) => Date.UTC(+ymd.slice(0, 4), +ymd.slice(5, 7) - 1, +ymd.slice(8, 10)) / 86_400_000;
    const days = page.getByTestId('usage-day');
    const expected = dayNumber(local(new Date(new Date(draft.usageTo).getTime() - 1).toISOString())) - dayNumber(local(draft.period.start)) + 1;
    await expect(days).toHaveCount(expected);
    const fmt = new Intl.DateTimeFormat('en-US', { timeZone: draft.timeZone, year: 'numeric', month: 'short', day: 'numeric' });
    await expect(days.first().getByRole('link')).toHaveText(fmt.format(new Date(draft.period.start)));
    const quantities = await days.locator('[data-quantity]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-quantity')!));
    const sum = quantities.reduce((s, q) => s.plus(q), new Decimal(0));
    expect(sum.toString()).toBe(tokens.quantity);
    await expect(page.getByTestId('usage-total')).toHaveText(new Intl.NumberFormat('en-US').format(BigInt(tokens.quantity!)));

    // The busiest day's raw events: its prompts, whose token values add up to the day.
    const busiest = quantities.reduce((best, q, i) => (new Decimal(q).gt(quantities[best]) ? i : best), 0);
    await days.nth(busiest).getByRole('link').click();
    await expect(page.getByRole('heading', { name: /^Events on / })).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/explain-line.png', fullPage: true });
    const events = page.getByTestId('line-event');
    await expect(events.first()).toBeVisible();
    const shown = await events.evaluateAll((rows) => rows.map((r) => r.children[2].textContent!));
    if ((await page.getByRole('link', { name: 'More events' }).count()) === 0) {
      expect(shown.reduce((s, v) => s.plus(v), new Decimal(0)).toString()).toBe(quantities[busiest]);
    } else {
      expect(shown).toHaveLength(25);
    }
  });
});

test('explain on a finalized line counts the late usage it did not bill, and says so', async ({ page }) => {
  await signInAsAda(page);
  const [latest] = await finalizedInvoices(page);
  const invoice = await apiJson<Invoice>(page, `/api/v1/invoices/${latest.id}`);
  const tokens = invoice.lines.find((l) => l.kind === 'usage' && l.name === 'LLM tokens')!;
  const usage = await apiJson<{ total: string; lateSinceRated: string }>(page, `/api/v1/invoices/${latest.id}/lines/${tokens.position}/usage`);
  expect(new Decimal(usage.lateSinceRated).gt(0)).toBe(true);
  expect(new Decimal(tokens.quantity!).plus(usage.lateSinceRated).toString()).toBe(usage.total);
  await page.goto(`/app/customers/${acmeId}/invoices/${latest.id}/lines/${tokens.position}`);
  await expect(page.getByRole('status')).toContainText('arrived late, after this invoice was rated');
  const quantities = await page.getByTestId('usage-day').locator('[data-quantity]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-quantity')!));
  expect(quantities.reduce((s, q) => s.plus(q), new Decimal(0)).toString()).toBe(usage.total);
});

test('an admin finalizes a draft early, then voids it with a reason and reissues it', async ({ page }) => {
  await signInAsAdmin(page);
  const post = async (method: 'post' | 'put', url: string, data: unknown) => {
    const res = await page.request[method](url, { headers: { ...SAME_ORIGIN, 'content-type': 'application/json' }, data: JSON.stringify(data) });
    expect(res.status(), `${url}: ${await res.text()}`).toBeLessThan(300);
    return res.json();
  };
  const customer = await post('post', '/api/v1/customers', { name: unique('Void Customer'), subjects: [unique('void-subject')], currency: 'EUR', timeZone: 'Asia/Kathmandu' });
  await post('put', `/api/v1/customers/${customer.id}/subscription`, { plan: 'starter', startsAt: new Date(Date.now() - 3 * 86_400_000).toISOString() });
  const draft = await apiJson<Invoice>(page, `/api/v1/customers/${customer.id}/invoices/upcoming`);

  await page.goto(`/admin/invoices/${draft.id}`);
  await waitForHydration(page, 'main button');
  await page.getByRole('button', { name: 'Finalize now…' }).click();
  await page.getByRole('dialog', { name: 'Finalize this draft now?' }).getByRole('button', { name: 'Finalize invoice' }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText(/^INV-\d{4}-\d{6}$/);
  const first = (await page.getByTestId('invoice-number').textContent())!;
  const firstId = page.url().split('/').pop()!;

  // It is in the list, filtered by customer and status.
  await page.goto(`/admin/invoices?customer=${customer.id}&status=finalized`);
  await expect(page.getByRole('table', { name: 'Invoices' }).getByRole('link')).toHaveText([first]);
  await expect(page.getByTestId('invoice-totals')).toContainText('1 finalized · EUR');
  await page.goto('/admin/invoices');
  await page.screenshot({ path: 'test-results/screenshots/admin-invoices.png', fullPage: true });
  await page.goto(`/admin/invoices?customer=${customer.id}&status=finalized`);
  await page.getByRole('link', { name: first }).click();

  await waitForHydration(page, 'main button');
  await page.getByRole('button', { name: 'Void…' }).click();
  const dialog = page.getByRole('dialog', { name: `Void ${first}?` });
  await expect(dialog.getByRole('button', { name: 'Void and reissue' })).toBeDisabled();
  await dialog.getByLabel('Reason').fill('Wrong plan applied');
  await expect(dialog.getByRole('checkbox')).toBeChecked();
  await page.screenshot({ path: 'test-results/screenshots/admin-void-dialog.png', fullPage: true });
  await dialog.getByRole('button', { name: 'Void and reissue' }).click();

  // The replacement: a new number, rated fresh; the original is void, with its reason.
  await expect(page.getByRole('link', { name: 'Replaces a voided invoice' })).toBeVisible();
  const second = (await page.getByTestId('invoice-number').textContent())!;
  expect(second).toMatch(/^INV-\d{4}-\d{6}$/);
  expect(second).not.toBe(first);
  const voided = await apiJson<Invoice & { voided: { reason: string }; replacedById: string }>(page, `/api/v1/invoices/${firstId}`);
  expect(voided).toMatchObject({ status: 'void', voided: { reason: 'Wrong plan applied' } });
  expect(page.url()).toContain(voided.replacedById);
  await page.getByRole('link', { name: 'Replaces a voided invoice' }).click();
  await expect(page.getByRole('article', { name: 'Invoice' })).toContainText('Wrong plan applied');
  await expect(page.getByRole('button', { name: 'Void…' })).toHaveCount(0);
  await page.goto(`/admin/invoices?customer=${customer.id}&status=void`);
  await expect(page.getByRole('table', { name: 'Invoices' }).getByRole('link')).toHaveText([first]);
});

test.describe('at phone width', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the invoice and its explanation fit without sideways scrolling', async ({ page }) => {
    await signInAsAda(page);
    const draft = await apiJson<Invoice>(page, `/api/v1/customers/${acmeId}/invoices/upcoming`);
    const tokens = draft.lines.find((l) => l.kind === 'usage' && l.name === 'LLM tokens')!;
    for (const path of [`/app/customers/${acmeId}/invoices`, `/app/customers/${acmeId}/invoices/${draft.id}`, `/app/customers/${acmeId}/invoices/${draft.id}/lines/${tokens.position}`]) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeInViewport();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
    }
    await page.screenshot({ path: 'test-results/screenshots/explain-line-phone.png', fullPage: true });
  });
});

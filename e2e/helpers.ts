import { expect, type Browser, type Page } from '@playwright/test';

// The demo tenant `npm start` seeds into an empty database (lib/seed/demo.ts).
export const ADMIN = { email: 'admin@meterline.local', password: 'meterline-admin' };
export const ADA = { email: 'ada@acme.example', password: 'meterline-demo', customer: 'Acme Corp', subjects: ['acme', 'acme-eu'] };
export const GUS = { email: 'gus@globex.example', password: 'meterline-demo', customer: 'Globex' };

export const ADMIN_PAGES = [
  { label: 'Overview', path: '/admin', heading: 'Overview' },
  { label: 'Customers', path: '/admin/customers', heading: 'Customers' },
  { label: 'Invoices', path: '/admin/invoices', heading: 'Invoices' },
  { label: 'Ingest', path: '/admin/ingest', heading: 'Ingest' },
  { label: 'Meters', path: '/admin/meters', heading: 'Meters' },
  { label: 'Plans', path: '/admin/plans', heading: 'Plans' },
  { label: 'Users', path: '/admin/users', heading: 'Users' },
  { label: 'API keys', path: '/admin/api-keys', heading: 'API keys' },
  { label: 'Audit log', path: '/admin/audit', heading: 'Audit log' },
] as const;

/**
 * The headers a browser adds to a fetch from the app's own pages. Playwright's API requests send
 * none, and the API refuses a change signed in with a cookie that does not say it is same-origin.
 */
export const SAME_ORIGIN = { origin: `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}` };

export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

/**
 * Waits until React has hydrated the element `selector` finds: server-rendered buttons and forms
 * are visible before their handlers are attached, and a click in between does nothing (or
 * submits the form natively). React marks hydrated DOM nodes with `__reactFiber$…` keys.
 */
export async function waitForHydration(page: Page, selector = 'button'): Promise<void> {
  await page.waitForFunction(
    (sel) => {
      const el = document.querySelector(sel);
      return !!el && Object.keys(el).some((k) => k.startsWith('__reactFiber$'));
    },
    selector,
    { timeout: 30_000 },
  );
}

/** Signs in through the form and waits for the page the user lands on. */
export async function signIn(page: Page, who: { email: string; password: string }, landing: RegExp): Promise<void> {
  await page.goto('/signin');
  await waitForHydration(page, 'form button[type="submit"]');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(landing);
}

export const signInAsAdmin = (page: Page) => signIn(page, ADMIN, /\/admin$/);
export const signInAsAda = (page: Page) => signIn(page, ADA, /\/app\/customers\/[0-9a-f-]{36}$/);

/** A customer's id as an admin sees it through the API, in a context of its own. */
export async function customerIdByName(browser: Browser, name: string): Promise<string> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await signInAsAdmin(page);
    const res = await page.request.get('/api/v1/customers');
    expect(res.status()).toBe(200);
    const { data } = (await res.json()) as { data: { id: string; name: string }[] };
    const found = data.find((c) => c.name === name);
    expect(found, `customer ${name}`).toBeTruthy();
    return found!.id;
  } finally {
    await context.close();
  }
}

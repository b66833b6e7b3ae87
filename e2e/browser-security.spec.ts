import { expect, test, type Browser } from '@playwright/test';
import { ADMIN, ADMIN_PAGES, SAME_ORIGIN, signInAsAdmin, unique, waitForHydration } from './helpers';

const FIVE_FAILURES = 5; // SIGN_IN_LIMITS.perEmail
const TWENTY_FAILURES = 20; // SIGN_IN_LIMITS.perAddress

/**
 * A context whose requests claim their own client address: the sign-in throttle counts per
 * address, and every test here comes from 127.0.0.1. Next.js keeps an X-Forwarded-For it is given.
 */
async function contextFrom(browser: Browser) {
  const address = `198.51.100.${Math.floor(Math.random() * 250) + 1}, ${unique('client')}`;
  return browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': address } });
}

test.describe('sign-in throttling', () => {
  test('after five failures the form says to wait, and even the right password is refused', async ({ browser }) => {
    // A user of its own, so locking it disturbs no other test.
    const admin = await browser.newContext();
    const adminPage = await admin.newPage();
    await signInAsAdmin(adminPage);
    const who = { email: `${unique('throttled')}@example.test`, password: 'the-right-password' };
    const created = await adminPage.request.post('/api/v1/users', { headers: SAME_ORIGIN, data: { ...who, role: 'admin' } });
    expect(created.status()).toBe(201);
    await admin.close();

    const context = await contextFrom(browser);
    const page = await context.newPage();
    await page.goto('/signin');
    await waitForHydration(page, 'form button[type="submit"]');
    const alert = page.locator('form').getByRole('alert');
    const attempt = async (password: string) => {
      await page.getByLabel('Email').fill(who.email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    };
    for (let i = 0; i < FIVE_FAILURES; i++) {
      await attempt(`wrong-${i}`);
      await expect(alert).toHaveText('Wrong email or password.');
    }
    const started = Date.now();
    await attempt(who.password);
    await expect(alert).toHaveText('Too many failed sign-ins. Try again in 15 minutes.');
    await page.screenshot({ path: 'test-results/screenshots/sign-in-throttled.png' });
    // Refused at once, without the password hash's work.
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(page).toHaveURL(/\/signin$/);
    expect((await page.request.get('/api/v1/me')).status()).toBe(401);
    await context.close();
  });

  test('twenty failures from one address lock it for every email, and only it', async ({ browser, baseURL }) => {
    const context = await contextFrom(browser);
    const api = context.request;
    const signInOnce = async (email: string, password: string, via = api) => {
      const { csrfToken } = await (await via.get('/api/auth/csrf')).json();
      const res = await via.post('/api/auth/callback/credentials', { form: { csrfToken, email, password, json: 'true' } });
      return { status: res.status(), error: new URL((await res.json()).url, baseURL).searchParams.get('error'), retryAfter: res.headers()['retry-after'] };
    };
    for (let i = 0; i < TWENTY_FAILURES; i++) {
      expect(await signInOnce(`${unique('spray')}@example.test`, 'guess')).toMatchObject({ status: 401, error: 'CredentialsSignin' });
    }
    const locked = await signInOnce(ADMIN.email, ADMIN.password);
    expect(locked.status).toBe(429);
    expect(locked.error).toMatch(/^too_many_requests:\d+$/);
    // Retry-After says the same as the error: the rest of the 15-minute window.
    expect(Number(locked.retryAfter)).toBe(Number(locked.error!.split(':')[1]));
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);
    expect(Number(locked.retryAfter)).toBeLessThanOrEqual(15 * 60);
    await context.close();

    // The admin itself is not locked: another address signs in at once.
    const elsewhere = await contextFrom(browser);
    expect(await signInOnce(ADMIN.email, ADMIN.password, elsewhere.request)).toMatchObject({ status: 200, error: null });
    await elsewhere.close();
  });
});

test.describe('session cookie', () => {
  /** next-auth's sign-in over plain fetch, so every header is ours to set and see. */
  async function signInRaw(baseURL: string, headers: Record<string, string>) {
    const csrf = await fetch(`${baseURL}/api/auth/csrf`, { headers });
    const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrfToken } = await csrf.json();
    const res = await fetch(`${baseURL}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...headers, cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, email: ADMIN.email, password: ADMIN.password, json: 'true' }),
    });
    expect(res.status).toBe(200);
    return res.headers.getSetCookie().find((c) => c.includes('session-token='))!;
  }

  test('is Secure when the request came over HTTPS through a proxy, and plain on plain HTTP', async ({ baseURL }) => {
    const secure = await signInRaw(baseURL!, { 'x-forwarded-proto': 'https' });
    expect(secure).toMatch(/^__Secure-next-auth\.session-token=/);
    expect(secure).toMatch(/;\s*Secure/i);
    expect(secure).toMatch(/;\s*HttpOnly/i);
    // The app reads the __Secure- cookie like the plain one.
    const me = await fetch(`${baseURL}/api/v1/me`, { headers: { cookie: secure.split(';')[0] } });
    expect((await me.json()).email).toBe(ADMIN.email);

    const plain = await signInRaw(baseURL!, {});
    expect(plain).toMatch(/^next-auth\.session-token=/);
    expect(plain).not.toMatch(/;\s*Secure/i);
  });
});

test.describe('security headers', () => {
  test('pages carry a nonce CSP that Next.js’s own scripts use, and the app runs under it', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    const res = await page.goto('/signin');
    const headers = res!.headers();
    const csp = headers['content-security-policy'];
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['x-frame-options']).toBe('DENY');
    // Every script Next.js rendered carries this response's nonce.
    const scripts = await page.locator('script').evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
    expect(scripts.length).toBeGreaterThan(0);
    for (const n of scripts) expect(n).toBe(nonce);
    // A second load gets another nonce.
    const again = (await page.reload())!.headers()['content-security-policy'];
    expect(again).not.toBe(csp);

    // Hydration, client navigation and live data work under the policy, on every admin page.
    await signInAsAdmin(page);
    for (const { label, heading } of ADMIN_PAGES) {
      await page.getByRole('navigation').getByRole('link', { name: label, exact: true }).first().click();
      await expect(page.getByRole('heading', { name: heading, exact: true })).toBeVisible();
    }
    expect(violations).toEqual([]);
  });

  test('a page cannot be framed, and the 404 page gets the policy too', async ({ page }) => {
    const res = await page.goto(`/${unique('no-such-page')}`);
    expect(res!.status()).toBe(404);
    expect(res!.headers()['content-security-policy']).toMatch(/'nonce-[^']+'/);
    expect(res!.headers()['x-frame-options']).toBe('DENY');
  });

  test('API answers, the sign-in endpoints and event ingest carry the API headers', async ({ request }) => {
    for (const [method, path] of [
      ['GET', '/api/v1/me'],
      ['GET', '/api/health'],
      ['GET', '/api/auth/csrf'],
      ['POST', '/api/v1/events'],
    ] as const) {
      const res = await request.fetch(path, { method, headers: { 'content-type': 'application/cloudevents-batch+json' }, data: method === 'POST' ? '[]' : undefined });
      const headers = res.headers();
      expect(headers['content-security-policy'], path).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
    }
  });
});

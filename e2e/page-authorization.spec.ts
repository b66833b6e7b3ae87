import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { SAME_ORIGIN, signIn, signInAsAdmin, unique } from './helpers';

// Every page under app/admin and app/app, found on disk, so a page added later is swept too.
// Each is requested raw (no redirects followed) by a signed-out visitor and by a member of
// customer A, as a document and as the RSC payload client navigation fetches; neither body
// may hold anything of customer B's, of other users or of the audit log.

type Page = { route: string; area: 'admin' | 'customer' };

function pagesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return pagesUnder(full);
    return /^page\.(tsx|ts|jsx|js)$/.test(entry) ? [full] : [];
  });
}

/** The URL path of app/<...>/page.tsx, as Next.js maps it; route groups `(x)` add no segment. */
function routeOf(file: string): string {
  const segments = path.relative('app', path.dirname(file)).split(path.sep).filter((s) => !/^\(.*\)$/.test(s));
  return `/${segments.join('/')}`;
}

const PAGES: Page[] = [
  ...pagesUnder('app/admin').map((f) => ({ route: routeOf(f), area: 'admin' as const })),
  ...pagesUnder('app/app').map((f) => ({ route: routeOf(f), area: 'customer' as const })),
];

type World = {
  a: { id: string; name: string; subject: string };
  b: { id: string; name: string; subject: string };
  member: { email: string; password: string };
  meterSlug: string;
  eventId: string;
  badValue: string;
};
let world: World;

/** A concrete URL: meter slugs for `[slug]`-like params, customer B's id for every other param. */
function urlOf(route: string): string {
  return route.replace(/\[{1,2}(\.\.\.)?([^\]]+)\]{1,2}/g, (_m, _rest, name: string) => (/slug|meter/i.test(name) ? world.meterSlug : world.b.id));
}

/** What a body must not hold, leaving out what the URL itself names (Next.js echoes the route). */
function secrets(url: string, who: 'anonymous' | 'member'): string[] {
  const all = [world.b.id, world.b.name, world.b.subject, world.eventId, world.badValue, 'admin@meterline.local', 'gus@globex.example', 'customer.create', 'user.create'];
  // A member may see its own customer and email (its portal's shell shows them); a visitor may not.
  if (who === 'anonymous') all.push(world.a.id, world.a.name, world.a.subject, world.member.email);
  return all.filter((s) => !url.includes(s));
}

async function expectNothingLeaks(res: APIResponse, url: string, who: 'anonymous' | 'member') {
  const body = await res.text();
  for (const secret of secrets(url, who)) expect(body, `${who} ${url} (${res.status()}) shows "${secret}"`).not.toContain(secret);
}

const AS_RSC = { rsc: '1' };

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAsAdmin(page);
  const api = page.request;
  const post = async (url: string, data: unknown, headers: Record<string, string> = {}) => {
    const res = await api.post(url, { headers: { ...SAME_ORIGIN, 'content-type': 'application/json', ...headers }, data: JSON.stringify(data) });
    expect(res.status(), `${url}: ${await res.text()}`).toBeLessThan(300);
    return res.json();
  };
  const customer = async () => {
    const subject = unique('sweep-subject');
    const c = await post('/api/v1/customers', { name: unique('Sweep Customer'), subjects: [subject] });
    return { id: c.id as string, name: c.name as string, subject };
  };
  const a = await customer();
  const b = await customer();
  const member = { email: `${unique('sweep-member')}@example.test`, password: 'sweep-member-password' };
  await post('/api/v1/users', { ...member, role: 'member', customer: a.id });
  const eventType = unique('sweep-type');
  const meterSlug = unique('sweep_meter').replace(/-/g, '_');
  await post('/api/v1/meters', { slug: meterSlug, name: 'Sweep meter', eventType, aggregation: 'SUM', valueProperty: '$.value' });
  // Customer B's event with a value the meter cannot count: its id and value show on the meter page.
  const key = (await post('/api/v1/api-keys', { name: unique('sweep-key'), scope: 'ingest' })).key as string;
  const eventId = unique('sweep-event');
  const badValue = unique('not-a-number');
  const time = new Date(Date.now() - 30_000).toISOString();
  await post('/api/v1/events', [{ specversion: '1.0', id: eventId, source: 'sweep', type: eventType, subject: b.subject, time, data: { value: badValue } }], {
    authorization: `Bearer ${key}`,
    'content-type': 'application/cloudevents-batch+json',
  });
  world = { a, b, member, meterSlug, eventId, badValue };

  // The control: an admin does see these values, so their absence below means something.
  const audit = await (await api.get('/admin/audit')).text();
  expect(audit).toContain('customer.create');
  expect(audit).toContain(b.name);
  await expect(async () => {
    const meter = await (await api.get(`/admin/meters/${meterSlug}`)).text();
    expect(meter).toContain(eventId);
    expect(meter).toContain(badValue);
  }).toPass({ timeout: 15_000 });
  await context.close();
});

test('the sweep finds the admin and customer pages', () => {
  const routes = PAGES.map((p) => p.route);
  for (const known of ['/admin', '/admin/audit', '/admin/users', '/admin/meters/[slug]', '/admin/customers/[id]', '/app', '/app/customers/[customerId]']) {
    expect(routes).toContain(known);
  }
});

test('a signed-out visitor is sent to /signin from every page, with none of the page’s data', async ({ baseURL }) => {
  const anonymous = await playwrightRequest.newContext({ baseURL });
  try {
    for (const { route } of PAGES) {
      const url = urlOf(route);
      const res = await anonymous.get(url, { maxRedirects: 0 });
      expect(res.status(), url).toBe(307);
      expect(res.headers().location, url).toMatch(/\/signin$/);
      await expectNothingLeaks(res, url, 'anonymous');
      await expectNothingLeaks(await anonymous.get(url, { maxRedirects: 0, headers: AS_RSC }), url, 'anonymous');
    }
  } finally {
    await anonymous.dispose();
  }
});

test.describe('a member of customer A', () => {
  let api: APIRequestContext;
  test.beforeEach(async ({ page }) => {
    await signIn(page, world.member, new RegExp(`/app/customers/${world.a.id}$`));
    api = page.request;
  });

  test('gets the 403 page on every admin page, with none of its data', async () => {
    for (const { route } of PAGES.filter((p) => p.area === 'admin')) {
      const url = urlOf(route);
      const res = await api.get(url, { maxRedirects: 0 });
      expect(res.status(), url).toBe(403);
      expect(await res.text(), url).toContain('Not allowed');
      await expectNothingLeaks(res, url, 'member');
      await expectNothingLeaks(await api.get(url, { maxRedirects: 0, headers: AS_RSC }), url, 'member');
    }
  });

  test('gets the 404 page on customer B’s pages, and nothing of customer B', async () => {
    for (const { route } of PAGES.filter((p) => p.area === 'customer')) {
      const url = urlOf(route);
      const res = await api.get(url, { maxRedirects: 0 });
      // Pages that name a customer refuse B's; the others are the member's own portal.
      if (url.includes(world.b.id)) expect(res.status(), url).toBe(404);
      else expect([200, 307], url).toContain(res.status());
      await expectNothingLeaks(res, url, 'member');
      await expectNothingLeaks(await api.get(url, { maxRedirects: 0, headers: AS_RSC }), url, 'member');
    }
  });
});

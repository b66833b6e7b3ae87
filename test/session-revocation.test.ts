import { encode, type JWT } from 'next-auth/jwt';
import type { User } from 'next-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authOptions } from '@/lib/auth/auth-options';
import { env } from '@/lib/env';
import { apiKeyFactory, customerFactory, userFactory } from '@/lib/seed/factories';
import { startRouteServer, type TestServer } from './route-server';

let server: TestServer;
let admin: Record<string, string>;
beforeAll(async () => {
  server = await startRouteServer();
  admin = { authorization: `Bearer ${(await apiKeyFactory('admin')).key}`, 'content-type': 'application/json' };
});
afterAll(() => server.close());

type Credentials = { email: string; password: string };

/**
 * Signs in through the app's own next-auth configuration: the credentials provider's
 * authorize, then the jwt callback, then next-auth's encoder, as its sign-in route does.
 */
async function signIn({ email, password }: Credentials): Promise<string | null> {
  const options = authOptions({ secureCookies: false });
  const provider = options.providers[0] as unknown as { options: { authorize: (c: Credentials, req: { headers: Record<string, string> }) => Promise<User | null> } };
  const user = await provider.options.authorize({ email, password }, { headers: {} });
  if (!user) return null;
  const token = (await options.callbacks!.jwt!({ token: { email: user.email, name: user.name }, user, account: null })) as JWT;
  return `next-auth.session-token=${await encode({ token, secret: env().authSecret! })}`;
}

function me(cookie: string) {
  return fetch(`${server.url}/api/v1/me`, { headers: { cookie } });
}

function change(method: string, path: string, body?: unknown) {
  return fetch(server.url + path, { method, headers: admin, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function signedInMember() {
  const customer = await customerFactory();
  const member = await userFactory({ customerId: customer.id });
  const cookie = (await signIn(member))!;
  expect((await me(cookie)).status).toBe(200);
  expect((await fetch(`${server.url}/api/v1/customers/${customer.id}`, { headers: { cookie } })).status).toBe(200);
  return { member, customer, cookie };
}

describe('a session stops on the very next request', () => {
  it('after the user is deactivated, and stays stopped after reactivation until they sign in again', async () => {
    const { member, cookie } = await signedInMember();
    expect((await change('PATCH', `/api/v1/users/${member.id}`, { active: false })).status).toBe(200);
    const res = await me(cookie);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthenticated');
    expect(await signIn(member)).toBeNull();

    expect((await change('PATCH', `/api/v1/users/${member.id}`, { active: true })).status).toBe(200);
    expect((await me(cookie)).status).toBe(401);
    const fresh = (await signIn(member))!;
    expect((await me(fresh)).status).toBe(200);
  });

  it('after a password reset: the old session fails, the new password signs in', async () => {
    const { member, cookie } = await signedInMember();
    expect((await change('POST', `/api/v1/users/${member.id}/password`, { password: 'reset-by-admin' })).status).toBe(204);
    expect((await me(cookie)).status).toBe(401);
    expect(await signIn(member)).toBeNull();
    const fresh = (await signIn({ email: member.email, password: 'reset-by-admin' }))!;
    expect(await (await me(fresh)).json()).toMatchObject({ kind: 'user', userId: member.id });
  });

  it('after the user moves to another customer or becomes an admin', async () => {
    const moved = await signedInMember();
    const other = await customerFactory();
    expect((await change('PATCH', `/api/v1/users/${moved.member.id}`, { customer: other.id })).status).toBe(200);
    expect((await me(moved.cookie)).status).toBe(401);

    const promoted = await signedInMember();
    expect((await change('PATCH', `/api/v1/users/${promoted.member.id}`, { role: 'admin' })).status).toBe(200);
    expect((await me(promoted.cookie)).status).toBe(401);
  });

  it('after the user is deleted', async () => {
    const { member, cookie } = await signedInMember();
    expect((await change('DELETE', `/api/v1/users/${member.id}`)).status).toBe(204);
    expect((await me(cookie)).status).toBe(401);
  });

  it('but not after a change of name', async () => {
    const { member, cookie } = await signedInMember();
    expect((await change('PATCH', `/api/v1/users/${member.id}`, { name: 'Renamed' })).status).toBe(200);
    expect(await (await me(cookie)).json()).toMatchObject({ userId: member.id, name: 'Renamed' });
  });

  it('while a session from before session versions (no version in the token) holds until the first bump', async () => {
    const { member } = await signedInMember();
    const legacy = `next-auth.session-token=${await encode({ token: { sub: member.id }, secret: env().authSecret! })}`;
    expect((await me(legacy)).status).toBe(200);
    await change('POST', `/api/v1/users/${member.id}/password`, { password: 'reset-by-admin' });
    expect((await me(legacy)).status).toBe(401);
  });
});

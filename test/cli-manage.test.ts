import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/prisma';
import { customerFactory, randomKey, userFactory } from '@/lib/seed/factories';
import { verifyCredentials } from '@/lib/users/verify-credentials';
import { createScratchDatabase } from './db-admin';
import { sessionCookie, startRouteServer, type TestServer } from './route-server';
import { runCli } from './run-cli';

let dataDir: string;
let server: TestServer;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'meterline-cli-'));
  server = await startRouteServer();
  // Files share one database: an active admin of our own keeps the last-admin guard out of these tests.
  await userFactory({ role: 'admin' });
});
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

function cli(...args: string[]) {
  return runCli(args, { dataDir });
}

function me(cookie: string) {
  return fetch(`${server.url}/api/v1/me`, { headers: { cookie } });
}

function userByEmail(email: string) {
  return db().user.findUnique({ where: { email } });
}

describe('cli users', () => {
  it('update moves a member to another customer by subject key, renames it, and audits as the CLI', async () => {
    const [a, b] = [await customerFactory(), await customerFactory()];
    const member = await userFactory({ customerId: a.id });
    const run = await cli('users', 'update', member.email, '--customer', b.subjects[0].key, '--name', 'Moved Member');
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(`updated member ${member.email} (${member.id}) of ${b.name}`);
    expect(await userByEmail(member.email)).toMatchObject({ customerId: b.id, name: 'Moved Member', sessionVersion: 1 });
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityType: 'user', entityId: member.id, action: 'user.update' } });
    expect(audit.actor).toBe('cli');
  });

  it('update makes a member an admin', async () => {
    const member = await userFactory({ customerId: (await customerFactory()).id });
    const run = await cli('users', 'update', member.email, '--role', 'admin');
    expect(run.code).toBe(0);
    expect(await userByEmail(member.email)).toMatchObject({ role: 'admin', customerId: null });
  });

  it('set-password replaces the password and ends the user’s sessions', async () => {
    const member = await userFactory({ customerId: (await customerFactory()).id });
    const cookie = await sessionCookie(member.id);
    expect((await me(cookie)).status).toBe(200);
    const run = await cli('users', 'set-password', member.email, '--password', 'set-from-the-cli');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(`set a new password for ${member.email}; their sessions have ended`);
    expect((await me(cookie)).status).toBe(401);
    expect(await verifyCredentials({ email: member.email, password: member.password })).toBeNull();
    expect(await verifyCredentials({ email: member.email, password: 'set-from-the-cli' })).toMatchObject({ userId: member.id });
  });

  it('set-password with a short password explains itself, exits 1 and keeps the old one', async () => {
    const member = await userFactory({ customerId: (await customerFactory()).id });
    const run = await cli('users', 'set-password', member.email, '--password', 'short');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('password: must be at least 8 characters');
    expect(await verifyCredentials({ email: member.email, password: member.password })).not.toBeNull();
  });

  it('deactivate stops the user’s session at once; activate lets them sign in again', async () => {
    const member = await userFactory({ customerId: (await customerFactory()).id });
    const cookie = await sessionCookie(member.id);
    const off = await cli('users', 'deactivate', member.email);
    expect(off.code).toBe(0);
    expect(off.stdout.trim()).toBe(`deactivated ${member.email}; their sessions have ended`);
    expect((await me(cookie)).status).toBe(401);
    expect(await verifyCredentials({ email: member.email, password: member.password })).toBeNull();
    const on = await cli('users', 'activate', member.email);
    expect(on.code).toBe(0);
    expect(on.stdout.trim()).toBe(`activated ${member.email}`);
    expect(await verifyCredentials({ email: member.email, password: member.password })).not.toBeNull();
  });

  it('delete removes the user', async () => {
    const member = await userFactory({ customerId: (await customerFactory()).id });
    const run = await cli('users', 'delete', member.email);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(`deleted ${member.email} (${member.id})`);
    expect(await userByEmail(member.email)).toBeNull();
  });

  it.each([
    ['an unknown email', ['users', 'delete', 'nobody@example.test'], 'error: No such user.'],
    ['an admin given a customer', ['users', 'update', '<admin>', '--customer', 'x'], 'error: An admin has no customer.'],
  ])('%s: exits 1 with the domain’s message', async (_case, args, message) => {
    const admin = await userFactory({ role: 'admin' });
    const run = await cli(...args.map((a) => (a === '<admin>' ? admin.email : a)));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
  });
});

describe('cli customers', () => {
  it('update finds a customer by subject key and changes name, currency and time zone', async () => {
    const c = await customerFactory();
    const name = `Renamed ${randomKey()}`;
    const run = await cli('customers', 'update', c.subjects[0].key, '--name', name, '--currency', 'chf', '--timezone', 'Europe/Zurich');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(`updated customer ${name} (${c.id}): CHF, Europe/Zurich, the default invoice grace`);
    expect(await db().customer.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ name, currency: 'CHF', timeZone: 'Europe/Zurich' });
  });

  it('update sets the invoice grace in minutes, and `default` clears it', async () => {
    const c = await customerFactory();
    const set = await cli('customers', 'update', c.subjects[0].key, '--invoice-grace', '0');
    expect(set.code).toBe(0);
    expect(set.stdout.trim()).toBe(`updated customer ${c.name} (${c.id}): USD, UTC, invoice grace 0 min`);
    expect((await db().customer.findUniqueOrThrow({ where: { id: c.id } })).invoiceGraceMinutes).toBe(0);
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityType: 'customer', entityId: c.id, action: 'customer.update' } });
    expect([audit.actor, audit.after]).toEqual(['cli', { name: c.name, currency: 'USD', timeZone: 'UTC', invoiceGraceMinutes: 0 }]);
    const cleared = await cli('customers', 'update', c.id, '--invoice-grace', 'default');
    expect(cleared.code).toBe(0);
    expect((await db().customer.findUniqueOrThrow({ where: { id: c.id } })).invoiceGraceMinutes).toBeNull();
  });

  it('update with a grace past 31 days names the field, exits 1 and changes nothing', async () => {
    const c = await customerFactory();
    const run = await cli('customers', 'update', c.id, '--invoice-grace', '44641');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('invoiceGraceMinutes: must be at most 44640 minutes (31 days)');
    expect((await db().customer.findUniqueOrThrow({ where: { id: c.id } })).invoiceGraceMinutes).toBeNull();
  });

  it('update with a bad time zone names the field and exits 1', async () => {
    const c = await customerFactory();
    const run = await cli('customers', 'update', c.id, '--timezone', 'Mars/Olympus');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('timeZone: must be an IANA time zone');
  });

  it('remove-subject takes one key away and refuses the last one', async () => {
    const [a, b] = [randomKey('a'), randomKey('b')];
    const c = await customerFactory({ subjects: [a, b] });
    const run = await cli('customers', 'remove-subject', c.id, b);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(`removed subject ${b} from customer ${c.id}; its later events will wait unattributed`);
    expect((await db().subjectKey.findMany({ where: { customerId: c.id } })).map((s) => s.key)).toEqual([a]);
    const last = await cli('customers', 'remove-subject', a, a);
    expect(last.code).toBe(1);
    expect(last.stderr).toContain(`"${a}" is the customer's only subject key; add another one first.`);
  });
});

describe('cli bad arguments for managing users and customers', () => {
  it.each([
    ['users update without changes', ['users', 'update', 'x@example.test'], /users update needs --role, --customer or --name/],
    ['users update without an email', ['users', 'update', '--name', 'X'], /users update takes <email>/],
    ['users update with a bad role', ['users', 'update', 'x@example.test', '--role', 'owner'], /--role must be admin or member/],
    ['users set-password without --password', ['users', 'set-password', 'x@example.test'], /--password is required/],
    ['users delete with two emails', ['users', 'delete', 'a@example.test', 'b@example.test'], /users delete takes <email>/],
    ['users deactivate without an email', ['users', 'deactivate'], /users deactivate takes <email>/],
    ['users activate with an option', ['users', 'activate', 'a@example.test', '--force'], /Unknown option '--force'/],
    ['customers update without changes', ['customers', 'update', 'acme'], /customers update needs --name, --currency, --timezone or --invoice-grace/],
    ['customers update with a grace that is not minutes', ['customers', 'update', 'acme', '--invoice-grace', '1h'], /--invoice-grace must be whole minutes or "default"/],
    ['customers remove-subject with one argument', ['customers', 'remove-subject', 'acme'], /customers remove-subject takes <id\|subject-key> <key>/],
  ])('%s: exits 2 with a clear message and nothing on stdout', async (_case, args, message) => {
    const run = await cli(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});

describe('cli on a fresh install with one admin', () => {
  it('refuses to deactivate, demote or delete the last active admin, and allows it once there is another', async () => {
    const scratch = await createScratchDatabase();
    const on = (...args: string[]) => runCli(args, { dataDir, databaseUrl: scratch.url });
    try {
      expect((await on('users', 'create', '--email', 'first@example.test', '--password', 'long-enough-pw', '--role', 'admin')).code).toBe(0);
      const customer = await on('customers', 'create', '--name', 'Solo', '--subject', 'solo');
      expect(customer.code).toBe(0);
      for (const args of [['users', 'deactivate', 'first@example.test'], ['users', 'delete', 'first@example.test'], ['users', 'update', 'first@example.test', '--role', 'member', '--customer', 'solo']]) {
        const run = await on(...args);
        expect(run.code, args.join(' ')).toBe(1);
        expect(run.stderr).toContain('error: first@example.test is the last active admin; make another user an admin first.');
      }
      expect((await on('users', 'create', '--email', 'second@example.test', '--password', 'long-enough-pw', '--role', 'admin')).code).toBe(0);
      expect((await on('users', 'deactivate', 'first@example.test')).code).toBe(0);
      // The deactivated admin does not count: the second is now the last one.
      const last = await on('users', 'delete', 'second@example.test');
      expect(last.code).toBe(1);
      expect(last.stderr).toContain('second@example.test is the last active admin');
    } finally {
      await scratch.drop();
    }
  }, 300_000);
});

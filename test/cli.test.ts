import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/prisma';
import { customerFactory, randomKey } from '@/lib/seed/factories';
import { startRouteServer, type TestServer } from './route-server';
import { runCli } from './run-cli';

let dataDir: string;
let server: TestServer;
beforeAll(async () => {
  // DATABASE_URL is set, so nothing should land here; a stray embedded cluster would show up in it.
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'meterline-cli-'));
  server = await startRouteServer();
});
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

function cli(...args: string[]) {
  return runCli(args, { dataDir });
}

function me(key: string) {
  return fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } });
}

describe('cli customers create', () => {
  it('creates a customer with several subject keys and audits it as the CLI', async () => {
    const [a, b] = [randomKey('subject'), randomKey('subject')];
    const name = `Cli Corp ${randomKey()}`;
    const run = await cli('customers', 'create', '--name', name, '--subject', a, '--subject', b, '--currency', 'eur', '--timezone', 'Europe/Paris');
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    const row = await db().customer.findFirstOrThrow({ where: { name }, include: { subjects: true } });
    expect(run.stdout).toContain(`created customer ${name} (${row.id}) with subjects`);
    expect(row).toMatchObject({ currency: 'EUR', timeZone: 'Europe/Paris' });
    expect(row.subjects.map((s) => s.key).sort()).toEqual([a, b].sort());
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityType: 'customer', entityId: row.id } });
    expect(audit).toMatchObject({ actor: 'cli', action: 'customer.create' });
  });

  it('refuses a subject key another customer owns, exits 1 and creates nothing', async () => {
    const existing = await customerFactory();
    const name = `Dup ${randomKey()}`;
    const run = await cli('customers', 'create', '--name', name, '--subject', existing.subjects[0].key);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: /m);
    expect(run.stderr).toContain(`"${existing.subjects[0].key}" already belongs to another customer.`);
    expect(await db().customer.count({ where: { name } })).toBe(0);
  });
});

describe('cli users create', () => {
  it('creates a member of the customer named by one of its subject keys, with a hashed password', async () => {
    const customer = await customerFactory();
    const email = `${randomKey('cli')}@example.test`;
    const run = await cli('users', 'create', '--email', email, '--password', 'long-enough-pw', '--role', 'member', '--customer', customer.subjects[0].key, '--name', 'Cli Member');
    expect(run.code).toBe(0);
    const user = await db().user.findUniqueOrThrow({ where: { email } });
    expect(run.stdout.trim()).toBe(`created member ${email} (${user.id})`);
    expect(user).toMatchObject({ role: 'member', customerId: customer.id, name: 'Cli Member' });
    expect(user.passwordHash).toMatch(/^scrypt\$/);
    expect(user.passwordHash).not.toContain('long-enough-pw');
  });

  it('creates an admin', async () => {
    const email = `${randomKey('cli-admin')}@example.test`;
    const run = await cli('users', 'create', '--email', email, '--password', 'long-enough-pw', '--role', 'admin');
    expect(run.code).toBe(0);
    expect(await db().user.findUniqueOrThrow({ where: { email } })).toMatchObject({ role: 'admin', customerId: null });
  });

  it('explains a validation failure from the database layer and exits 1', async () => {
    const email = `${randomKey('cli')}@example.test`;
    const run = await cli('users', 'create', '--email', email, '--password', 'short', '--role', 'admin');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: /m);
    expect(run.stderr).toMatch(/password/i);
    expect(await db().user.count({ where: { email } })).toBe(0);
  });
});

describe('cli api-keys', () => {
  it('create --json prints exactly one JSON line whose key works until revoke', async () => {
    const name = randomKey('cli-key');
    const created = await cli('api-keys', 'create', '--name', name, '--scope', 'read', '--json');
    expect(created.code).toBe(0);
    const lines = created.stdout.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    const key = JSON.parse(lines[0]);
    expect(Object.keys(key).sort()).toEqual(['id', 'key', 'scope']);
    expect(key).toMatchObject({ scope: 'read', key: expect.stringMatching(/^mlk_/) });
    expect(await db().apiKey.findUniqueOrThrow({ where: { id: key.id } })).toMatchObject({ name, scope: 'read', revokedAt: null });

    const res = await me(key.key);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: 'api-key', keyId: key.id, scope: 'read' });

    const revoked = await cli('api-keys', 'revoke', key.id);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout.trim()).toBe(`revoked ${key.id}`);
    const after = await me(key.key);
    expect(after.status).toBe(401);
    expect((await after.json()).error.code).toBe('unauthenticated');
    const audit = await db().auditLog.findMany({ where: { entityType: 'api_key', entityId: key.id }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['api_key.create', 'cli'],
      ['api_key.revoke', 'cli'],
    ]);
  });

  it('create without --json shows the secret once, in words', async () => {
    const run = await cli('api-keys', 'create', '--name', randomKey('cli-key'), '--scope', 'ingest');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^created ingest key ".+" \(.+\)$/m);
    expect(run.stdout).toMatch(/^secret \(shown once, store it now\): mlk_\S+$/m);
  });

  it('revoking an unknown id exits 1 with a clear message', async () => {
    const run = await cli('api-keys', 'revoke', '00000000-0000-0000-0000-000000000000');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: No such API key.');
  });
});

describe('cli bad arguments', () => {
  it.each([
    ['an unknown command', ['users', 'promote'], /unknown command "users promote"/],
    ['a missing --email', ['users', 'create', '--password', 'long-enough-pw', '--role', 'admin'], /--email is required/],
    ['a bad --role', ['users', 'create', '--email', 'x@example.test', '--password', 'long-enough-pw', '--role', 'owner'], /--role must be admin or member/],
    ['a member without --customer', ['users', 'create', '--email', 'x@example.test', '--password', 'long-enough-pw', '--role', 'member'], /--customer <subject-key> is required for a member/],
    ['an unknown option', ['customers', 'create', '--name', 'X', '--subject', 's', '--colour', 'red'], /Unknown option '--colour'/],
    ['customers create without --subject', ['customers', 'create', '--name', 'X'], /--subject is required/],
    ['a bad --scope', ['api-keys', 'create', '--name', 'x', '--scope', 'root'], /--scope must be ingest, read or admin/],
    ['revoke without an id', ['api-keys', 'revoke'], /api-keys revoke takes exactly one key id/],
    ['revoke with two ids', ['api-keys', 'revoke', 'a', 'b'], /api-keys revoke takes exactly one key id/],
  ])('%s: exits 2 with a clear message on stderr and nothing on stdout', async (_case, args, message) => {
    const run = await cli(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('never touched the data folder: bad arguments start no database, and DATABASE_URL wins', async () => {
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('with no command at all, prints the usage and exits 2', async () => {
    const run = await cli();
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toContain('Usage: npm run cli -- <command> [options]');
  });

  it('--help prints the usage and exits 0', async () => {
    const run = await cli('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('api-keys revoke <id>');
  });
});

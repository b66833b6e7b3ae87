// Operator CLI: `npm run cli -- <command>`. Works against DATABASE_URL or the embedded database.
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { createApiKey } from '@/lib/api-keys/create-api-key';
import { revokeApiKey } from '@/lib/api-keys/revoke-api-key';
import { createCustomer } from '@/lib/customers/create-customer';
import { removeSubject } from '@/lib/customers/remove-subject';
import { updateCustomer } from '@/lib/customers/update-customer';
import { findMeter } from '@/lib/meters/find-meter';
import { rebuildRollups } from '@/lib/rollups/rebuild-rollups';
import { closeDb } from '@/lib/db/prisma';
import { AppError, zodDetails } from '@/lib/errors/app-error';
import { bootstrap } from '@/lib/runtime/bootstrap';
import { seedDemo } from '@/lib/seed/demo';
import { createUser } from '@/lib/users/create-user';
import { deleteUser } from '@/lib/users/delete-user';
import { setUserPassword } from '@/lib/users/set-user-password';
import { updateUser } from '@/lib/users/update-user';

const ACTOR = 'cli';

const USAGE = `Usage: npm run cli -- <command> [options]

  users create --email <email> --password <password> --role admin|member [--customer <subject-key>] [--name <name>]
  users update <email> [--role admin|member] [--customer <id|subject-key>] [--name <name>]
  users set-password <email> --password <password>
  users deactivate|activate|delete <email>
  customers create --name <name> --subject <key> [--subject <key> ...] [--currency USD] [--timezone UTC]
  customers update <id|subject-key> [--name <name>] [--currency <code>] [--timezone <zone>] [--invoice-grace <minutes>|default]
  customers remove-subject <id|subject-key> <key>
  api-keys create --name <name> --scope ingest|read|admin [--json]
  api-keys revoke <id>
  rollups rebuild [--meter <slug>] [--from <time>] [--to <time>]
  db migrate
  db seed`;

class UsageError extends Error {}

type Parsed = { values: Record<string, string | string[] | boolean | undefined>; positionals: string[] };

function parse(args: string[], options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>): Parsed {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true }) as Parsed;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function required(p: Parsed, name: string): string {
  const v = p.values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

function optional(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** The positional arguments a command takes, by name; any other count is a usage error. */
function positionals(p: Parsed, command: string, names: string[]): string[] {
  if (p.positionals.length !== names.length) throw new UsageError(`${command} takes ${names.map((n) => `<${n}>`).join(' ')}`);
  return p.positionals;
}

function role(p: Parsed): 'admin' | 'member' | undefined {
  const v = optional(p, 'role');
  if (v !== undefined && v !== 'admin' && v !== 'member') throw new UsageError('--role must be admin or member');
  return v;
}

/** --invoice-grace: whole minutes, or `default` for the instance's INVOICE_GRACE_MINUTES; the range is the domain's to check. */
function graceMinutes(p: Parsed): number | null | undefined {
  const v = optional(p, 'invoice-grace');
  if (v === undefined) return undefined;
  if (v === 'default') return null;
  if (!/^\d+$/.test(v)) throw new UsageError('--invoice-grace must be whole minutes or "default"');
  return Number(v);
}

/** users activate / deactivate: the same change with the flag flipped. */
function setActive(active: boolean): Command {
  const command = `users ${active ? 'activate' : 'deactivate'}`;
  return (args) => {
    const [email] = positionals(parse(args, {}), command, ['email']);
    return async () => {
      const user = await updateUser({ user: email, active, actor: ACTOR });
      console.log(`${active ? 'activated' : 'deactivated'} ${user.email}${active ? '' : '; their sessions have ended'}`);
    };
  };
}

/** Parses arguments up front (bad ones never start a database) and returns the work to do. */
type Command = (args: string[]) => () => Promise<void>;

const commands: Record<string, Command> = {
  'users create': (args) => {
    const p = parse(args, { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, customer: { type: 'string' }, name: { type: 'string' } });
    required(p, 'role');
    const newRole = role(p)!;
    if (newRole === 'member' && !optional(p, 'customer')) throw new UsageError('--customer <subject-key> is required for a member');
    const input = { email: required(p, 'email'), password: required(p, 'password'), role: newRole, customer: optional(p, 'customer'), name: optional(p, 'name') };
    return async () => {
      const user = await createUser({ ...input, actor: ACTOR });
      console.log(`created ${user.role} ${user.email} (${user.id})`);
    };
  },
  'users update': (args) => {
    const p = parse(args, { role: { type: 'string' }, customer: { type: 'string' }, name: { type: 'string' } });
    const [email] = positionals(p, 'users update', ['email']);
    const changes = { role: role(p), customer: optional(p, 'customer'), name: optional(p, 'name') };
    if (Object.values(changes).every((v) => v === undefined)) throw new UsageError('users update needs --role, --customer or --name');
    return async () => {
      const user = await updateUser({ ...changes, user: email, actor: ACTOR });
      console.log(`updated ${user.role} ${user.email} (${user.id})${user.customer ? ` of ${user.customer.name}` : ''}`);
    };
  },
  'users set-password': (args) => {
    const p = parse(args, { password: { type: 'string' } });
    const [email] = positionals(p, 'users set-password', ['email']);
    const password = required(p, 'password');
    return async () => {
      const user = await setUserPassword({ user: email, password, actor: ACTOR });
      console.log(`set a new password for ${user.email}; their sessions have ended`);
    };
  },
  'users deactivate': setActive(false),
  'users activate': setActive(true),
  'users delete': (args) => {
    const [email] = positionals(parse(args, {}), 'users delete', ['email']);
    return async () => {
      const user = await deleteUser({ user: email, actor: ACTOR });
      console.log(`deleted ${user.email} (${user.id})`);
    };
  },
  'customers create': (args) => {
    const p = parse(args, { name: { type: 'string' }, subject: { type: 'string', multiple: true }, currency: { type: 'string' }, timezone: { type: 'string' } });
    const subjects = (p.values.subject as string[] | undefined) ?? [];
    if (subjects.length === 0) throw new UsageError('--subject is required (repeat it for several keys)');
    const input = { name: required(p, 'name'), subjects, currency: optional(p, 'currency'), timeZone: optional(p, 'timezone') };
    return async () => {
      const c = await createCustomer({ ...input, actor: ACTOR });
      console.log(`created customer ${c.name} (${c.id}) with subjects ${c.subjects.map((s) => s.key).join(', ')}`);
    };
  },
  'customers update': (args) => {
    const p = parse(args, { name: { type: 'string' }, currency: { type: 'string' }, timezone: { type: 'string' }, 'invoice-grace': { type: 'string' } });
    const [customer] = positionals(p, 'customers update', ['id|subject-key']);
    const changes = { name: optional(p, 'name'), currency: optional(p, 'currency'), timeZone: optional(p, 'timezone'), invoiceGraceMinutes: graceMinutes(p) };
    if (Object.values(changes).every((v) => v === undefined)) throw new UsageError('customers update needs --name, --currency, --timezone or --invoice-grace');
    return async () => {
      const c = await updateCustomer({ ...changes, customer, actor: ACTOR });
      const grace = c.invoiceGraceMinutes === null ? 'the default invoice grace' : `invoice grace ${c.invoiceGraceMinutes} min`;
      console.log(`updated customer ${c.name} (${c.id}): ${c.currency}, ${c.timeZone}, ${grace}`);
    };
  },
  'customers remove-subject': (args) => {
    const [customer, subject] = positionals(parse(args, {}), 'customers remove-subject', ['id|subject-key', 'key']);
    return async () => {
      const removed = await removeSubject({ customer, subject, actor: ACTOR });
      console.log(`removed subject ${removed.subject} from customer ${removed.customerId}; its later events will wait unattributed`);
    };
  },
  'api-keys create': (args) => {
    const p = parse(args, { name: { type: 'string' }, scope: { type: 'string' }, json: { type: 'boolean' } });
    const scope = required(p, 'scope');
    if (scope !== 'ingest' && scope !== 'read' && scope !== 'admin') throw new UsageError('--scope must be ingest, read or admin');
    const name = required(p, 'name');
    return async () => {
      const key = await createApiKey({ name, scope, actor: ACTOR });
      if (p.values.json) console.log(JSON.stringify({ id: key.id, key: key.key, scope: key.scope }));
      else {
        console.log(`created ${key.scope} key "${key.name}" (${key.id})`);
        console.log(`secret (shown once, store it now): ${key.key}`);
      }
    };
  },
  'api-keys revoke': (args) => {
    const [id, ...rest] = parse(args, {}).positionals;
    if (!id || rest.length > 0) throw new UsageError('api-keys revoke takes exactly one key id');
    return async () => {
      const key = await revokeApiKey({ id, actor: ACTOR });
      console.log(`revoked ${key.id}`);
    };
  },
  'rollups rebuild': (args) => {
    const p = parse(args, { meter: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } });
    const time = (name: string) => {
      const v = optional(p, name);
      if (v === undefined) return undefined;
      const d = new Date(v);
      if (Number.isNaN(d.getTime())) throw new UsageError(`--${name} must be a date-time, e.g. 2026-11-01T00:00:00Z`);
      return d;
    };
    const from = time('from');
    const to = time('to');
    if (from && to && from >= to) throw new UsageError('--from must be before --to');
    const meter = optional(p, 'meter');
    return async () => {
      const meterId = meter ? (await findMeter(meter)).id : undefined;
      const result = await rebuildRollups({ meterId, from, to });
      console.log(`rebuilt ${result.meters} meter(s) from ${result.events} events`);
    };
  },
  // Every command migrates first (bootstrap), so this one has nothing left to do.
  'db migrate': (args) => {
    parse(args, {});
    return async () => console.log('database is up to date');
  },
  'db seed': (args) => {
    parse(args, {});
    return async () => {
      const result = await seedDemo();
      if (!result.seeded) console.log('the database already has users; demo seed skipped');
      else console.log(`seeded the demo tenant; ingest API key (shown once): ${result.ingestKey}`);
    };
  },
};

function describe(err: unknown): string {
  if (err instanceof ZodError) return zodDetails(err).map((d) => `${d.path || 'input'}: ${d.message}`).join('\n');
  if (err instanceof AppError) {
    const details = Array.isArray(err.details) ? err.details.map((d: { path?: string; message?: string }) => `\n  ${d.path}: ${d.message}`).join('') : '';
    return `${err.message}${details}`;
  }
  return err instanceof Error ? err.message : String(err);
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0) {
    console.error(USAGE);
    return 2;
  }
  if (argv[0] === '--help' || argv[0] === 'help') {
    console.log(USAGE);
    return 0;
  }
  const name = argv.slice(0, 2).join(' ');
  const command = commands[name];
  if (!command) {
    console.error(`unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  let work: () => Promise<void>;
  try {
    work = command(argv.slice(2));
  } catch (err) {
    console.error(`error: ${describe(err)}\n\n${USAGE}`);
    return 2;
  }
  const runtime = await bootstrap({ owner: false, log: (l) => console.error(l) });
  try {
    await work();
    return 0;
  } catch (err) {
    console.error(`error: ${describe(err)}`);
    return 1;
  } finally {
    await closeDb().catch(() => {});
    await runtime.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`error: ${describe(err)}`);
    process.exit(1);
  },
);

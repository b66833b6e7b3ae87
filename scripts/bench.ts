// `npm run bench [-- --quick]`: ingest, freshness and query speed, measured in one run on this
// machine, side by side with a naive implementation and the database's own ceiling.
// Results: a JSON file under bench-results/ and a table on stdout. docs/benchmarks.md explains them.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createApiKey } from '@/lib/api-keys/create-api-key';
import { freePort, startEmbeddedDatabase } from '@/lib/db/embedded';
import { migrate } from '@/lib/db/migrate';
import { setDatabaseUrl } from '@/lib/db/pool';
import { closeDb } from '@/lib/db/prisma';
import { loadBillableSubscriptions } from '@/lib/invoices/billable-subscriptions';
import { finalizeDueInvoices } from '@/lib/invoices/finalize-due-invoices';
import { upcomingPeriods } from '@/lib/invoices/upcoming-periods';
import { createMeter } from '@/lib/meters/create-meter';
import { buildOverviews } from '@/lib/overview/build-overviews';
import { createDraftVersion } from '@/lib/plans/create-draft-version';
import { createPlan } from '@/lib/plans/create-plan';
import { publishPlanVersion } from '@/lib/plans/publish-plan-version';
import { updateDraftVersion } from '@/lib/plans/update-draft-version';
import { onStopRequest } from '@/lib/runtime/on-stop-request';
import { closedLoop, eventGenerator, openLoop, percentile, request, stopRequests } from './bench/load';

const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false }, 'query-events': { type: 'string' }, 'simulated-customers': { type: 'string' }, 'finalized-invoices': { type: 'string' } } });
const quick = args.quick!;
const plan = quick
  ? { ingestSeconds: 6, naiveSeconds: 3, ceilingSeconds: 4, latencySeconds: 4, freshnessSamples: 25, queryEvents: 200_000, querySamples: 30, simulatedCustomers: 200, simulationSamples: 3, draftSamples: 100, finalizedInvoices: 500, overviewSamples: 100, overviewBatchSamples: 3 }
  : { ingestSeconds: 60, naiveSeconds: 20, ceilingSeconds: 20, latencySeconds: 20, freshnessSamples: 200, queryEvents: 10_000_000, querySamples: 200, simulatedCustomers: 1000, simulationSamples: 10, draftSamples: 200, finalizedInvoices: 10_000, overviewSamples: 200, overviewBatchSamples: 5 };
// --query-events overrides how many events phase E loads (a shorter full run, or a larger one).
if (args['query-events']) plan.queryEvents = Number(args['query-events']);
// --simulated-customers overrides how many customers phase F subscribes (at most the 1,000 there are):
// a quick run with 1000 times the simulation at its goal's size without a full run's phase E.
if (args['simulated-customers']) plan.simulatedCustomers = Number(args['simulated-customers']);
// --finalized-invoices overrides how many subscriptions phase G finalizes: with --query-events, the
// invoice goals (10 M events in the log, 10,000 finalizations) without the full run's long phases.
if (args['finalized-invoices']) plan.finalizedInvoices = Number(args['finalized-invoices']);
const CLIENTS = 4;
const CUSTOMERS = 1000;
const BATCH = 1000;
const DUPLICATES = 0.2;

const log = (line: string) => console.log(`[bench] ${line}`);

type ProcStat = { pid: number; ppid: number; cpuTicks: number; childTicks: number };

/** Every process under /proc (Linux): parent, own CPU and CPU of its reaped children, in clock ticks. */
function procStats(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // Fields after "comm)": state ppid ... utime(12th) stime cutime cstime.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(d), ppid: Number(f[1]), cpuTicks: Number(f[11]) + Number(f[12]), childTicks: Number(f[13]) + Number(f[14]) });
    } catch {
      // gone
    }
  }
  return out;
}

/** The processes in the tree under `root`, root included. */
function processTree(root: number): ProcStat[] {
  const all = procStats();
  const parent = new Map(all.map((p) => [p.pid, p.ppid]));
  return all.filter((p) => {
    let x: number | undefined = p.pid;
    while (x && x !== root && x !== 1) x = parent.get(x);
    return x === root;
  });
}

/** Resident memory of a process and its descendants, in MiB. */
function treeRssMiB(root: number): number {
  let kib = 0;
  for (const { pid } of processTree(root)) {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      kib += m ? Number(m[1]) : 0;
    } catch {
      // gone
    }
  }
  return Math.round(kib / 1024);
}

// Linux's USER_HZ: /proc reports CPU time in these ticks.
const TICKS_PER_SECOND = 100;

/** CPU seconds a process tree has used so far, exited descendants included. */
function treeCpuSeconds(root: number): number {
  return processTree(root).reduce((sum, p) => sum + p.cpuTicks + p.childTicks, 0) / TICKS_PER_SECOND;
}

/**
 * Where the CPU goes while `work` runs: microseconds per event in the app (Next.js and its
 * consumer), in PostgreSQL (every backend) and in this process (the load generator).
 */
async function cpuPerEvent<T extends { events: number }>(pids: { app?: number; postgres: number }, work: () => Promise<T>) {
  const before = { app: pids.app ? treeCpuSeconds(pids.app) : 0, postgres: treeCpuSeconds(pids.postgres), bench: process.cpuUsage() };
  const result = await work();
  const us = (seconds: number) => Math.round((seconds * 1e6) / Math.max(1, result.events));
  const bench = process.cpuUsage(before.bench);
  const cpu = {
    appUs: pids.app ? us(treeCpuSeconds(pids.app) - before.app) : 0,
    postgresUs: us(treeCpuSeconds(pids.postgres) - before.postgres),
    loadGeneratorUs: us((bench.user + bench.system) / 1e6),
  };
  return { ...result, cpu };
}

function summary(sortedMs: number[]) {
  return { p50Ms: +percentile(sortedMs, 50).toFixed(1), p95Ms: +percentile(sortedMs, 95).toFixed(1) };
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main() {
  const started = Date.now();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meterline-bench-'));
  chmodSync(dir, 0o755);
  log(`fresh database in ${dir}`);
  const database = await startEmbeddedDatabase({ dataDir: dir, owner: true, database: 'meterline_bench' });
  const postgresPid = Number(readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  let app: ChildProcess | undefined;
  const sql = new pg.Pool({ connectionString: database.url, max: CLIENTS + 2 });
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      if (app && app.exitCode === null) {
        app.kill('SIGTERM');
        await new Promise((r) => app!.once('exit', r));
      }
      await sql.end();
      await database.stop();
      rmSync(dir, { recursive: true, force: true });
    })());
  // Interrupted (Ctrl-C, or npm's shell killed under it): stop the app and the database too.
  onStopRequest(() => {
    log('interrupted: stopping the app and the database');
    stopRequests();
    void cleanup().finally(() => process.exit(130));
  });
  try {
    await migrate({ databaseUrl: database.url });
    setDatabaseUrl(database.url);

    // 1,000 customers with one subject each, two meters on the bench event type.
    await sql.query(`
      WITH c AS (INSERT INTO customers (name, updated_at) SELECT 'Bench ' || i, now() FROM generate_series(1, ${CUSTOMERS}) i RETURNING id, name)
      INSERT INTO subject_keys (key, customer_id) SELECT 'bench-' || substr(name, 7), id FROM c`);
    await createMeter({ slug: 'bench_calls', eventType: 'bench_call', aggregation: 'COUNT', groupBy: {}, actor: 'bench' });
    await createMeter({ slug: 'bench_tokens', eventType: 'bench_call', aggregation: 'SUM', valueProperty: '$.tokens', groupBy: { model: '$.model' }, actor: 'bench' });
    await createMeter({ slug: 'bench_fresh', eventType: 'bench_fresh', aggregation: 'COUNT', groupBy: {}, actor: 'bench' });
    const ingestKey = (await createApiKey({ name: 'bench ingest', scope: 'ingest', actor: 'bench' })).key;
    const readKey = (await createApiKey({ name: 'bench read', scope: 'read', actor: 'bench' })).key;
    await closeDb();

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    log(`starting the app on port ${port} (builds first if needed)`);
    // The launcher's parent is this process, so it stops the app when this one goes away.
    app = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', 'start'], {
      env: { ...process.env, DATABASE_URL: database.url, PORT: String(port), DATA_DIR: dir, METERLINE_BENCH: '1', NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitFor('the app', 15 * 60_000, async () => ((await request(`${base}/api/health`)).status === 200 ? true : undefined));
    const appPid = app.pid!;

    const post = async (url: string, events: string[]) => {
      const res = await request(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'application/cloudevents-batch+json' },
        body: `[${events.join(',')}]`,
      });
      if (res.status < 200 || res.status > 299) throw new Error(`${res.status} ${res.body.slice(0, 200)}`);
      return events.length;
    };
    const health = async () => JSON.parse((await request(`${base}/api/health`)).body) as { consumer: { pendingEvents: number; lagSeconds: number } };

    // Warm up the route (first compile of the handler, connections).
    const warm = eventGenerator('warm', CUSTOMERS, 0);
    for (let i = 0; i < 3; i++) await post(`${base}/api/v1/events`, warm.batch(100));

    // A. Our ingest, end to end over HTTP.
    log(`A. ingest: ${CLIENTS} clients x ${BATCH}-event batches, ${DUPLICATES * 100}% duplicates, ${plan.ingestSeconds} s`);
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, treeRssMiB(appPid))), 500);
    const gens = Array.from({ length: CLIENTS }, (_, c) => eventGenerator(`ours-${c}`, CUSTOMERS, DUPLICATES));
    let lagAtEnd = { pendingEvents: 0, lagSeconds: 0 };
    let drainSeconds = 0;
    // CPU is counted until the consumer has folded everything, so each event's fold is in it.
    const ours = await cpuPerEvent({ app: appPid, postgres: postgresPid }, async () => {
      const loop = await closedLoop(CLIENTS, plan.ingestSeconds, (c) => post(`${base}/api/v1/events`, gens[c].batch(BATCH)));
      clearInterval(sampler);
      lagAtEnd = (await health()).consumer;
      const drainStarted = Date.now();
      await waitFor('the consumer to catch up', 10 * 60_000, async () => ((await health()).consumer.pendingEvents === 0 ? true : undefined));
      drainSeconds = (Date.now() - drainStarted) / 1000;
      return loop;
    });
    const oursRate = ours.events / ours.seconds;
    log(`   ${Math.round(oursRate)} events/s; consumer lag when load stopped ${lagAtEnd.lagSeconds.toFixed(2)} s (${lagAtEnd.pendingEvents} events), drained in ${drainSeconds.toFixed(1)} s`);
    log(`   CPU per event: app ${ours.cpu.appUs} µs, PostgreSQL ${ours.cpu.postgresUs} µs, load generator ${ours.cpu.loadGeneratorUs} µs`);

    // B. The naive route: a Prisma create per event.
    log(`B. naive: same load, ${plan.naiveSeconds} s`);
    const naiveGens = Array.from({ length: CLIENTS }, (_, c) => eventGenerator(`naive-${c}`, CUSTOMERS, DUPLICATES));
    const naive = await cpuPerEvent({ app: appPid, postgres: postgresPid }, () =>
      closedLoop(CLIENTS, plan.naiveSeconds, (c) => post(`${base}/api/bench/naive-events`, naiveGens[c].batch(BATCH))),
    );
    const naiveRate = naive.events / naive.seconds;
    log(`   ${Math.round(naiveRate)} events/s; CPU per event: app ${naive.cpu.appUs} µs, PostgreSQL ${naive.cpu.postgresUs} µs`);

    // C. The database ceiling: the same events straight into a bare table with the same key.
    log(`C. ceiling: INSERT ... SELECT FROM unnest ... ON CONFLICT DO NOTHING, ${plan.ceilingSeconds} s`);
    await sql.query(`CREATE TABLE bench_ceiling (source text, event_id text, type text, subject text, time timestamptz, data jsonb, PRIMARY KEY (source, event_id))`);
    const ceilGens = Array.from({ length: CLIENTS }, (_, c) => eventGenerator(`ceil-${c}`, CUSTOMERS, DUPLICATES));
    const ceiling = await cpuPerEvent({ postgres: postgresPid }, () => closedLoop(CLIENTS, plan.ceilingSeconds, async (c) => {
      const events = ceilGens[c].batch(BATCH).map((e) => JSON.parse(e) as { source: string; id: string; type: string; subject: string; time: string; data: unknown });
      await sql.query(
        `INSERT INTO bench_ceiling SELECT s, i, ty, su, t, d::jsonb FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[]) AS x(s, i, ty, su, t, d) ON CONFLICT DO NOTHING`,
        [events.map((e) => e.source), events.map((e) => e.id), events.map((e) => e.type), events.map((e) => e.subject), events.map((e) => e.time), events.map((e) => JSON.stringify(e.data))],
      );
      return events.length;
    }));
    const ceilingRate = ceiling.events / ceiling.seconds;
    log(`   ${Math.round(ceilingRate)} events/s; CPU per event: PostgreSQL ${ceiling.cpu.postgresUs} µs, load generator ${ceiling.cpu.loadGeneratorUs} µs`);

    // D. Latency of 100-event batches at half the measured maximum rate, with freshness sampled meanwhile.
    const rate = Math.max(1, (oursRate / 2) / 100);
    log(`D. latency: 100-event batches at ${rate.toFixed(1)} requests/s for ${plan.latencySeconds} s, freshness sampled under that load`);
    const latGen = eventGenerator('lat', CUSTOMERS, DUPLICATES);
    const freshness: number[] = [];
    const query = async (qs: string) =>
      JSON.parse((await request(`${base}/api/v1/meters/bench_fresh/query?${qs}`, { headers: { authorization: `Bearer ${readKey}` } })).body) as { data: { value: string }[] };
    const sampleFreshness = async () => {
      const deadline = Date.now() + plan.latencySeconds * 1000;
      while (freshness.length < plan.freshnessSamples && Date.now() < deadline + 30_000) {
        const before = Number((await query('subject=bench-1')).data[0]?.value ?? 0);
        const t0 = performance.now();
        await post(`${base}/api/v1/events`, [
          `{"specversion":"1.0","id":"fresh-${randomUUID()}","source":"bench","type":"bench_fresh","subject":"bench-1","time":"${new Date().toISOString()}","data":{}}`,
        ]);
        // Every poll is a request the app serves under load too; 20 ms apart is fine grain for a 1 s goal.
        while (Number((await query('subject=bench-1')).data[0]?.value ?? 0) <= before) await new Promise((r) => setTimeout(r, 20));
        freshness.push(performance.now() - t0);
      }
    };
    const [latency] = await Promise.all([openLoop(rate, plan.latencySeconds, async () => void (await post(`${base}/api/v1/events`, latGen.batch(100)))), sampleFreshness()]);
    freshness.sort((a, b) => a - b);
    log(`   batch p50 ${percentile(latency.latencies, 50).toFixed(1)} ms, p99 ${percentile(latency.latencies, 99).toFixed(1)} ms; freshness p50 ${percentile(freshness, 50).toFixed(0)} ms, p99 ${percentile(freshness, 99).toFixed(0)} ms`);

    // E. Query latency with the log loaded: events spread over the month so far, folded by the app's consumer.
    log(`E. queries: loading ${plan.queryEvents.toLocaleString()} events across ${CUSTOMERS} customers`);
    const loadStarted = Date.now();
    const monthStart = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1));
    const span = Math.max(3600_000, Date.now() - monthStart.getTime() - 60_000);
    await sql.query('SELECT ensure_event_partitions($1, now())', [monthStart]);
    const chunk = 1_000_000;
    for (let offset = 0; offset < plan.queryEvents; offset += chunk) {
      const n = Math.min(chunk, plan.queryEvents - offset);
      await sql.query(
        `INSERT INTO events (customer_id, time, source, event_id, type, subject, data, received_at)
         SELECT k.customer_id, $1::timestamptz + (random() * $2::bigint) * interval '1 millisecond', 'bulk', 'bulk-' || ($3::bigint + g), 'bench_call', k.key,
                jsonb_build_object('tokens', (random() * 2000)::int, 'model', CASE WHEN random() < 0.3 THEN 'large' ELSE 'small' END), now()
         FROM generate_series(1, $4::int) g
         JOIN subject_keys k ON k.key = 'bench-' || (1 + (g % ${CUSTOMERS}))`,
        [monthStart, span, offset, n],
      );
    }
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    const foldStarted = Date.now();
    await waitFor('the consumer to fold the loaded events', 60 * 60_000, async () => ((await health()).consumer.pendingEvents === 0 ? true : undefined));
    const foldSeconds = (Date.now() - foldStarted) / 1000;
    log(`   loaded in ${loadSeconds.toFixed(0)} s, folded into rollups in ${foldSeconds.toFixed(0)} s (${Math.round(plan.queryEvents / foldSeconds)} events/s)`);
    const from = monthStart.toISOString();
    const to = new Date(Math.ceil((Date.now() + 60_000) / 60_000) * 60_000).toISOString();
    const timeQuery = async (meter: string, qs: string) => {
      const times: number[] = [];
      for (let i = 0; i < plan.querySamples; i++) {
        const subject = `bench-${1 + Math.floor(Math.random() * CUSTOMERS)}`;
        const t0 = performance.now();
        const res = await request(`${base}/api/v1/meters/${meter}/query?from=${from}&to=${to}&subject=${subject}&${qs}`, { headers: { authorization: `Bearer ${readKey}` } });
        if (res.status !== 200) throw new Error(`query failed: ${res.status}`);
        times.push(performance.now() - t0);
      }
      return times.sort((a, b) => a - b);
    };
    const queries = {
      monthByDay: await timeQuery('bench_tokens', 'windowSize=DAY&windowTimeZone=America/New_York'),
      monthByHour: await timeQuery('bench_tokens', 'windowSize=HOUR'),
      monthGrouped: await timeQuery('bench_tokens', 'groupBy=model'),
    };
    for (const [name, t] of Object.entries(queries)) log(`   ${name}: p50 ${percentile(t, 50).toFixed(1)} ms, p95 ${percentile(t, 95).toFixed(1)} ms`);

    // F. Plan simulation over the same rollups: N customers subscribed to a plan with usage
    // charges on both meters (tokens split by model), a draft with other prices, and the
    // simulation API timed (both periods of every subscriber, rated twice).
    log(`F. plan simulation: ${plan.simulatedCustomers} subscribed customers`);
    const tokensBy = (model: string, unitPrice: string) => ({ type: 'usage', key: `tokens-${model}`, name: `Tokens (${model})`, meter: 'bench_tokens', filter: { model }, model: 'per_unit', unitPrice });
    const v1 = {
      charges: [
        { type: 'flat', key: 'base', name: 'Platform', amount: '49.00' },
        tokensBy('large', '0.00002'),
        tokensBy('small', '0.000002'),
        { type: 'usage', key: 'calls', name: 'Calls', meter: 'bench_calls', model: 'package', packageSize: '1000', packagePrice: '0.50' },
      ],
      minimumSpend: '100.00',
    };
    await createPlan({ key: 'bench', name: 'Bench', currency: 'USD', content: v1, actor: 'bench' });
    await publishPlanVersion({ plan: 'bench', number: 1, migrate: 'none', actor: 'bench' });
    // Anchored mid-span, so the last closed period and the current one both hold usage.
    const anchorDay = Math.min(28, Math.max(1, new Date(monthStart.getTime() + span / 2).getUTCDate()));
    await sql.query(
      `INSERT INTO subscriptions (customer_id, plan_version_id, starts_at, anchor_day, updated_at)
       SELECT c.id, (SELECT v.id FROM plan_versions v JOIN plans p ON p.id = v.plan_id WHERE p.key = 'bench' AND v.number = 1), $1, $2, now()
       FROM (SELECT id FROM customers WHERE name LIKE 'Bench %' ORDER BY id LIMIT $3) c`,
      [new Date(monthStart.getTime() - 60 * 86_400_000), anchorDay, plan.simulatedCustomers],
    );
    await createDraftVersion({ plan: 'bench', actor: 'bench' });
    const tiers = [{ upTo: '1000000', unitPrice: '0.000003' }, { upTo: null, unitPrice: '0.0000015' }];
    await updateDraftVersion({ plan: 'bench', number: 2, actor: 'bench', content: { ...v1, charges: [v1.charges[0], { ...tokensBy('large', '0'), model: 'graduated', tiers }, tokensBy('small', '0.000001'), v1.charges[3]] } });
    const adminKey = (await createApiKey({ name: 'bench admin', scope: 'admin', actor: 'bench' })).key;
    await closeDb();
    const simulationTimes: number[] = [];
    let simulated = 0;
    for (let i = 0; i < plan.simulationSamples; i++) {
      const t0 = performance.now();
      const res = await request(`${base}/api/v1/plans/bench/versions/2/simulation`, { headers: { authorization: `Bearer ${adminKey}` } });
      if (res.status !== 200) throw new Error(`simulation failed: ${res.status} ${res.body.slice(0, 200)}`);
      simulationTimes.push(performance.now() - t0);
      simulated = (JSON.parse(res.body) as { totals: { customers: number } }).totals.customers;
    }
    if (simulated !== plan.simulatedCustomers) throw new Error(`simulation covered ${simulated} customers, not ${plan.simulatedCustomers}`);
    simulationTimes.sort((a, b) => a - b);
    log(`   simulation of ${simulated} customers: p50 ${percentile(simulationTimes, 50).toFixed(0)} ms, max ${simulationTimes.at(-1)!.toFixed(0)} ms`);

    // G. Invoices: the live draft of one subscribed customer (rated from the rollups at read time,
    // with the loaded log behind them), then the worker's finalization of N subscriptions whose
    // last month is over, each rated under the bench plan (four usage charges, a flat fee, a
    // minimum), numbered and stored. The new customers have no usage: the rollup read still runs.
    log(`G. invoices: live drafts, then finalizing ${plan.finalizedInvoices.toLocaleString()} subscriptions`);
    const { rows: subscribed } = await sql.query<{ customer_id: string }>('SELECT customer_id FROM subscriptions ORDER BY customer_id');
    const draftTimes: number[] = [];
    for (let i = 0; i < plan.draftSamples; i++) {
      const customer = subscribed[Math.floor(Math.random() * subscribed.length)].customer_id;
      const t0 = performance.now();
      const res = await request(`${base}/api/v1/customers/${customer}/invoices/upcoming`, { headers: { authorization: `Bearer ${readKey}` } });
      if (res.status !== 200) throw new Error(`upcoming invoice failed: ${res.status} ${res.body.slice(0, 200)}`);
      draftTimes.push(performance.now() - t0);
    }
    draftTimes.sort((a, b) => a - b);
    log(`   live draft: p50 ${percentile(draftTimes, 50).toFixed(1)} ms, p95 ${percentile(draftTimes, 95).toFixed(1)} ms`);
    const lastMonth = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() - 1, 1));
    const { rows: fresh } = await sql.query<{ id: string }>(
      `WITH c AS (INSERT INTO customers (name, updated_at) SELECT 'Invoice bench ' || i, now() FROM generate_series(1, $1::int) i RETURNING id)
       INSERT INTO subscriptions (customer_id, plan_version_id, starts_at, anchor_day, updated_at)
       SELECT c.id, (SELECT v.id FROM plan_versions v JOIN plans p ON p.id = v.plan_id WHERE p.key = 'bench' AND v.number = 1), $2, 1, now() FROM c
       RETURNING customer_id AS id`,
      [plan.finalizedInvoices, lastMonth],
    );
    const finalizeStarted = performance.now();
    const finalized = await finalizeDueInvoices({ customerIds: fresh.map((r) => r.id) });
    const finalizeSeconds = (performance.now() - finalizeStarted) / 1000;
    const { rows: made } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM invoices WHERE customer_id = ANY($1::uuid[])', [fresh.map((r) => r.id)]);
    if (made[0].n !== plan.finalizedInvoices) throw new Error(`finalization made ${made[0].n} invoices, not ${plan.finalizedInvoices}`);
    await closeDb();
    log(`   finalized ${made[0].n} invoices (${finalized.finalized} by this run) in ${finalizeSeconds.toFixed(1)} s`);

    // H. Customer overviews over phase F's subscribers (usage this month, phase E's log behind it):
    // the overview API for one random customer (live draft, 8 weeks of daily usage read as day
    // windows, forecast), then the admin customers list's batch for 100 of them. The list itself
    // (`listCustomerOverviews`) takes every subscribed customer an admin sees, here phase G's
    // thousands too, so the bench builds the same batch in-process for 100: their subscriptions,
    // upcoming periods and `buildOverviews`, as the list does.
    log(`H. overviews: GET /customers/{id}/overview, then the admin list's batch for 100 customers`);
    const overviewTimes: number[] = [];
    for (let i = 0; i < plan.overviewSamples; i++) {
      const customer = subscribed[Math.floor(Math.random() * subscribed.length)].customer_id;
      const t0 = performance.now();
      const res = await request(`${base}/api/v1/customers/${customer}/overview`, { headers: { authorization: `Bearer ${readKey}` } });
      if (res.status !== 200) throw new Error(`overview failed: ${res.status} ${res.body.slice(0, 200)}`);
      overviewTimes.push(performance.now() - t0);
    }
    overviewTimes.sort((a, b) => a - b);
    log(`   overview: p50 ${percentile(overviewTimes, 50).toFixed(1)} ms, p95 ${percentile(overviewTimes, 95).toFixed(1)} ms`);
    const listed = subscribed.slice(0, 100).map((r) => r.customer_id);
    const batchTimes: number[] = [];
    for (let i = 0; i < plan.overviewBatchSamples; i++) {
      const t0 = performance.now();
      const now = new Date();
      const subscriptions = await loadBillableSubscriptions({ status: 'active', customerId: { in: listed } });
      const periods = await upcomingPeriods({ subscriptions, now });
      const jobs = subscriptions.flatMap((subscription, k) => (periods[k] ? [{ subscription, period: periods[k] }] : []));
      const overviews = await buildOverviews({ jobs, now });
      batchTimes.push(performance.now() - t0);
      if (overviews.length !== listed.length) throw new Error(`the overview batch covered ${overviews.length} customers, not ${listed.length}`);
    }
    batchTimes.sort((a, b) => a - b);
    await closeDb();
    log(`   admin list batch of ${listed.length} customers: p50 ${percentile(batchTimes, 50).toFixed(0)} ms, max ${batchTimes.at(-1)!.toFixed(0)} ms (${batchTimes.length} runs)`);

    const result = {
      mode: quick ? 'quick' : 'full',
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      settings: { clients: CLIENTS, batch: BATCH, duplicates: DUPLICATES, customers: CUSTOMERS, ...plan },
      ingest: { eventsPerSecond: Math.round(oursRate), requests: ours.requests, errors: ours.errors, consumerLagAtEnd: lagAtEnd, drainSeconds, peakAppRssMiB: peakRss, cpuPerEvent: ours.cpu },
      naive: { eventsPerSecond: Math.round(naiveRate), errors: naive.errors, cpuPerEvent: naive.cpu },
      ceiling: { eventsPerSecond: Math.round(ceilingRate), cpuPerEvent: ceiling.cpu },
      ratios: { oursOverNaive: +(oursRate / naiveRate).toFixed(1), oursOverCeiling: +(oursRate / ceilingRate).toFixed(2) },
      latency100: { ratePerSecond: +rate.toFixed(1), p50Ms: +percentile(latency.latencies, 50).toFixed(1), p99Ms: +percentile(latency.latencies, 99).toFixed(1), errors: latency.errors },
      freshness: { samples: freshness.length, p50Ms: Math.round(percentile(freshness, 50)), p99Ms: Math.round(percentile(freshness, 99)) },
      queries: {
        events: plan.queryEvents,
        loadSeconds,
        foldSeconds,
        monthByDay: summary(queries.monthByDay),
        monthByHour: summary(queries.monthByHour),
        monthGrouped: summary(queries.monthGrouped),
      },
      simulation: { customers: simulated, samples: simulationTimes.length, ...summary(simulationTimes), maxMs: +simulationTimes.at(-1)!.toFixed(1) },
      invoices: { liveDraft: summary(draftTimes), finalized: made[0].n, finalizeSeconds: +finalizeSeconds.toFixed(1) },
      overviews: { overview: summary(overviewTimes), listBatch: { customers: listed.length, samples: batchTimes.length, ...summary(batchTimes), maxMs: +batchTimes.at(-1)!.toFixed(1) } },
      wallSeconds: Math.round((Date.now() - started) / 1000),
    };
    mkdirSync('bench-results', { recursive: true });
    const file = path.join('bench-results', `${result.mode}-${result.at.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

    const rows: [string, string, string][] = [
      ['ingest, events/s (HTTP, 4 clients, 1000/batch, 20% dup)', String(result.ingest.eventsPerSecond), '>= 40,000'],
      ['naive (Prisma create per event), events/s', String(result.naive.eventsPerSecond), ''],
      ['database ceiling (unnest ON CONFLICT), events/s', String(result.ceiling.eventsPerSecond), ''],
      ['CPU per event, µs: app / PostgreSQL / load generator', `${ours.cpu.appUs} / ${ours.cpu.postgresUs} / ${ours.cpu.loadGeneratorUs}`, ''],
      ['ceiling CPU per event, µs: PostgreSQL / load generator', `${ceiling.cpu.postgresUs} / ${ceiling.cpu.loadGeneratorUs}`, ''],
      ['ours / naive', `${result.ratios.oursOverNaive}x`, '>= 30x'],
      ['ours / ceiling', `${Math.round(result.ratios.oursOverCeiling * 100)}%`, '>= 50%'],
      ['100-event batch p50 / p99, ms', `${result.latency100.p50Ms} / ${result.latency100.p99Ms}`, 'p99 < 50'],
      ['freshness p50 / p99, ms', `${result.freshness.p50Ms} / ${result.freshness.p99Ms}`, 'p99 < 1000'],
      ['consumer lag when ingest load stopped, s', lagAtEnd.lagSeconds.toFixed(2), ''],
      [`query month by day p50 / p95, ms (${plan.queryEvents.toLocaleString()} events)`, `${result.queries.monthByDay.p50Ms} / ${result.queries.monthByDay.p95Ms}`, 'p95 < 50'],
      ['query month by hour p50 / p95, ms', `${result.queries.monthByHour.p50Ms} / ${result.queries.monthByHour.p95Ms}`, 'p95 < 50'],
      ['query month grouped p50 / p95, ms', `${result.queries.monthGrouped.p50Ms} / ${result.queries.monthGrouped.p95Ms}`, 'p95 < 50'],
      [`plan simulation p50 / max, ms (${simulated.toLocaleString()} customers)`, `${result.simulation.p50Ms} / ${result.simulation.maxMs}`, '<= 2000 at 1,000'],
      ['live draft invoice p50 / p95, ms (one customer)', `${result.invoices.liveDraft.p50Ms} / ${result.invoices.liveDraft.p95Ms}`, 'p95 < 50'],
      [`finalizing ${made[0].n.toLocaleString()} subscriptions' invoices, s`, result.invoices.finalizeSeconds.toFixed(1), '< 60 at 10,000'],
      ['customer overview p50 / p95, ms (one customer)', `${result.overviews.overview.p50Ms} / ${result.overviews.overview.p95Ms}`, ''],
      [`admin list overview batch p50 / max, ms (${listed.length} customers)`, `${result.overviews.listBatch.p50Ms} / ${result.overviews.listBatch.maxMs}`, ''],
      ['app memory under ingest load (peak RSS), MiB', String(peakRss), ''],
    ];
    const w = Math.max(...rows.map((r) => r[0].length));
    console.log(`\n${'measure'.padEnd(w)}  ${'result'.padStart(14)}  goal`);
    for (const [k, v, g] of rows) console.log(`${k.padEnd(w)}  ${v.padStart(14)}  ${g}`);
    console.log(`\n${result.mode} run in ${result.wallSeconds} s; written to ${file}`);
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`[bench] failed: ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(1);
  },
);

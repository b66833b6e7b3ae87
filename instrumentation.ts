// Next.js calls register() once per server process, before it serves a request. Node-only work
// lives in modules imported under the runtime check, so the edge build never sees it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  (await import('@/lib/runtime/start-in-app')).startInApp();
  // Zone checks then ask PostgreSQL's list as well as the engine (lib/customers/validation.ts).
  await (await import('@/lib/db/time-zones')).loadTimeZones().catch((err: unknown) => console.error('[meterline] could not read the time zones PostgreSQL knows', err));
}

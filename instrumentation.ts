// Next.js calls register() once per server process. Node-only work lives in a module imported
// under the runtime check, so the edge build never sees it.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') (await import('@/lib/runtime/start-in-app')).startInApp();
}

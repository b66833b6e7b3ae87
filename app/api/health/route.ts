import { checkDatabase } from '@/lib/db/health';
import { publicRoute } from '@/lib/http/route';
import { consumerLag } from '@/lib/rollups/consumer-lag';

export const dynamic = 'force-dynamic';

export const GET = publicRoute(async () => {
  const database = await checkDatabase();
  const ok = database.status === 'ok';
  // Lag is information, not health: a consumer catching up after a burst still serves.
  const consumer = ok ? await consumerLag().catch(() => null) : null;
  return Response.json({ status: ok ? 'ok' : 'degraded', database, consumer }, { status: ok ? 200 : 503 });
});

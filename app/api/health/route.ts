import { checkDatabase } from '@/lib/db/health';
import { publicRoute } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const GET = publicRoute(async () => {
  const database = await checkDatabase();
  const ok = database.status === 'ok';
  return Response.json({ status: ok ? 'ok' : 'degraded', database }, { status: ok ? 200 : 503 });
});

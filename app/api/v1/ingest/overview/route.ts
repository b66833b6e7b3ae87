import { customerScope } from '@/lib/principals/customer-scope';
import { route } from '@/lib/http/route';
import { ingestOverview } from '@/lib/ingest/ingest-overview';

export const dynamic = 'force-dynamic';

export const GET = route('admin', async ({ principal }) => ingestOverview({ scope: customerScope(principal) }));

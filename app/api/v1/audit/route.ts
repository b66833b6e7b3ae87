import { z } from 'zod';
import { listAudit } from '@/lib/audit/list-audit';
import { route } from '@/lib/http/route';
import { safeText } from '@/lib/text/safe-text';

const query = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  entityType: safeText(100).optional(),
  entityId: safeText(200).optional(),
});

export const GET = route('admin', async ({ req }) => {
  const params = query.parse(Object.fromEntries(new URL(req.url).searchParams));
  return { data: await listAudit(params) };
});

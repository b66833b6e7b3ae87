import { z } from 'zod';
import { listAudit } from '@/lib/audit/list-audit';
import { route } from '@/lib/http/route';

const query = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  entityType: z.string().max(100).optional(),
  entityId: z.string().max(200).optional(),
});

export const GET = route('admin', async ({ req }) => {
  const params = query.parse(Object.fromEntries(new URL(req.url).searchParams));
  return { data: await listAudit(params) };
});

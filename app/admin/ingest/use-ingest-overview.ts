'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch, type Jsonified } from '@/components/api-client';
import type { IngestOverview } from '@/lib/ingest/ingest-overview';

export type Overview = Jsonified<IngestOverview>;

export function useIngestOverview() {
  // A live view: poll every two seconds while the page is open.
  return useQuery({
    queryKey: ['ingest-overview'],
    queryFn: () => apiFetch<Overview>('/api/v1/ingest/overview'),
    refetchInterval: 2000,
    staleTime: 1000,
  });
}

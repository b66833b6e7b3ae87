'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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

export function useAttributeSubject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ customerId, subject }: { customerId: string; subject: string }) =>
      apiFetch<{ movedEvents: number }>(`/api/v1/customers/${customerId}/subjects`, { method: 'POST', json: { subject } }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['ingest-overview'] });
      void client.invalidateQueries({ queryKey: ['customers'] });
    },
  });
}

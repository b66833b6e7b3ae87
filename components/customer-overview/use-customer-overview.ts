'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api-client';
import type { CustomerOverview } from '@/lib/overview/overview-view';

/**
 * The overview, polled every second while the tab is visible (React Query pauses interval
 * refetches in a hidden tab), so usage ingested a moment ago shows within about two seconds.
 */
export function useCustomerOverview(customerId: string, initialData?: CustomerOverview) {
  return useQuery({
    queryKey: ['customer-overview', customerId],
    queryFn: () => apiFetch<CustomerOverview>(`/api/v1/customers/${customerId}/overview`),
    initialData,
    staleTime: 1_000,
    refetchInterval: 1_000,
  });
}

'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiFetch } from '@/components/api-client';

// PROVISIONAL: replaced by the subscription API's serializer type when that branch lands.
export type SubscriptionDto = {
  id: string;
  status: 'active' | 'ended';
  plan: { key: string; name: string; currency: string };
  version: number;
  startsAt: string;
  anchorDay: number;
  cancelAt: string | null;
  currentPeriod: { start: string; end: string } | null;
  scheduledChange: { plan: { key: string; name: string }; version: number; effectiveAt: string } | null;
};
export type SubscriptionInput = { plan: string; version: number; effective?: 'next_period' | 'current_period'; startsAt?: string };
export type CancelInput = { at: 'period_end' } | { at: string };

const path = (customerId: string) => `/api/v1/customers/${customerId}/subscription`;

/** The customer's subscription, or null when it has none. */
export function useSubscription(customerId: string) {
  return useQuery({
    queryKey: ['subscription', customerId],
    queryFn: () =>
      apiFetch<SubscriptionDto>(path(customerId)).catch((err) => {
        if (err instanceof ApiError && err.status === 404 && err.code === 'not_found') return null;
        throw err;
      }),
  });
}

export function useSubscribe(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SubscriptionInput) => apiFetch<SubscriptionDto>(path(customerId), { method: 'PUT', json: input }),
    onSuccess: (sub) => {
      client.setQueryData(['subscription', customerId], sub);
      return client.invalidateQueries({ queryKey: ['plans'] });
    },
  });
}

export function useCancelSubscription(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CancelInput) => apiFetch<SubscriptionDto>(path(customerId), { method: 'DELETE', json: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['subscription', customerId] }),
  });
}

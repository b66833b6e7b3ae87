'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { ApiError, apiFetch, type Jsonified } from '@/components/api-client';
import type { SubscriptionDto as ServerSubscriptionDto } from '@/lib/subscriptions/serialize-subscription';
import type { putSubscriptionInput } from '@/lib/subscriptions/subscription-input';

export type SubscriptionDto = Jsonified<ServerSubscriptionDto>;
/** The body of PUT: what the server parses, with instants as RFC 3339 strings. */
export type SubscriptionInput = Omit<z.input<typeof putSubscriptionInput>, 'startsAt'> & { startsAt?: string };
export type CancelInput = { at: 'period_end' | string };

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

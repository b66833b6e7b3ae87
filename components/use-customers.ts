'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiFetch, type Jsonified } from '@/components/api-client';
import type { createCustomer, createCustomerInput } from '@/lib/customers/create-customer';
import type { listCustomers } from '@/lib/customers/list-customers';
import type { updateCustomer, updateCustomerInput } from '@/lib/customers/update-customer';

export type CustomerRow = Jsonified<Awaited<ReturnType<typeof listCustomers>>[number]>;
export type NewCustomer = z.input<typeof createCustomerInput>;
export type CustomerChanges = z.input<typeof updateCustomerInput>;

export function useCustomers() {
  return useQuery({ queryKey: ['customers'], queryFn: () => apiFetch<{ data: CustomerRow[] }>('/api/v1/customers').then((r) => r.data) });
}

export function useCreateCustomer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewCustomer) => apiFetch<Jsonified<Awaited<ReturnType<typeof createCustomer>>>>('/api/v1/customers', { method: 'POST', json: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['customers'] }),
  });
}

export function useUpdateCustomer(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changes: CustomerChanges) =>
      apiFetch<Jsonified<Awaited<ReturnType<typeof updateCustomer>>>>(`/api/v1/customers/${id}`, { method: 'PATCH', json: changes }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['customers'] }),
  });
}

export function useRemoveSubject(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (subject: string) => apiFetch<null>(`/api/v1/customers/${id}/subjects/${encodeURIComponent(subject)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['customers'] }),
  });
}

/** Gives a customer a subject key; events kept for it as unattributed move to the customer. */
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

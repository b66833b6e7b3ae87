'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/components/api-client';

export type CustomerRow = {
  id: string;
  name: string;
  currency: string;
  timeZone: string;
  subjects: { key: string }[];
  _count: { users: number };
};

export type NewCustomer = { name: string; subjects: string[]; currency: string; timeZone: string };

export function useCustomers() {
  return useQuery({ queryKey: ['customers'], queryFn: () => apiFetch<{ data: CustomerRow[] }>('/api/v1/customers').then((r) => r.data) });
}

export function useCreateCustomer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewCustomer) => apiFetch<CustomerRow>('/api/v1/customers', { method: 'POST', json: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['customers'] }),
  });
}

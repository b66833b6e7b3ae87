'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/components/api-client';

export type UserRow = { id: string; email: string; name: string | null; role: 'admin' | 'member'; customer: { id: string; name: string } | null };
export type NewUser = { email: string; password: string; name?: string; role: 'admin' | 'member'; customer?: string };

export function useUsers() {
  return useQuery({ queryKey: ['users'], queryFn: () => apiFetch<{ data: UserRow[] }>('/api/v1/users').then((r) => r.data) });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewUser) => apiFetch<UserRow>('/api/v1/users', { method: 'POST', json: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
}

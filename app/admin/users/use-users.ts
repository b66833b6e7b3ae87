'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiFetch, type Jsonified } from '@/components/api-client';
import type { createUser, createUserInput } from '@/lib/users/create-user';
import type { updateUserInput } from '@/lib/users/update-user';
import type { UserRow as ServerUserRow } from '@/lib/users/user-row';

export type UserRow = Jsonified<ServerUserRow>;
export type NewUser = z.input<typeof createUserInput>;
export type UserChanges = z.input<typeof updateUserInput>;

export function useUsers() {
  return useQuery({ queryKey: ['users'], queryFn: () => apiFetch<{ data: UserRow[] }>('/api/v1/users').then((r) => r.data) });
}

/** Users appear in customers' member counts, so a change to one refreshes both lists. */
function useInvalidateUsers() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: ['users'] }), client.invalidateQueries({ queryKey: ['customers'] })]);
}

export function useCreateUser() {
  const onSuccess = useInvalidateUsers();
  return useMutation({
    mutationFn: (input: NewUser) => apiFetch<Jsonified<Awaited<ReturnType<typeof createUser>>>>('/api/v1/users', { method: 'POST', json: input }),
    onSuccess,
  });
}

export function useUpdateUser(id: string) {
  const onSuccess = useInvalidateUsers();
  return useMutation({
    mutationFn: (changes: UserChanges) => apiFetch<UserRow>(`/api/v1/users/${id}`, { method: 'PATCH', json: changes }),
    onSuccess,
  });
}

export function useSetPassword(id: string) {
  return useMutation({
    mutationFn: (password: string) => apiFetch<null>(`/api/v1/users/${id}/password`, { method: 'POST', json: { password } }),
  });
}

export function useDeleteUser(id: string) {
  const onSuccess = useInvalidateUsers();
  return useMutation({
    mutationFn: () => apiFetch<null>(`/api/v1/users/${id}`, { method: 'DELETE' }),
    onSuccess,
  });
}

'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/components/api-client';

export type Scope = 'ingest' | 'read' | 'admin';
export type ApiKeyRow = { id: string; name: string; prefix: string; scope: Scope; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

export function useApiKeys() {
  return useQuery({ queryKey: ['api-keys'], queryFn: () => apiFetch<{ data: ApiKeyRow[] }>('/api/v1/api-keys').then((r) => r.data) });
}

export function useCreateApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; scope: Scope }) => apiFetch<ApiKeyRow & { key: string }>('/api/v1/api-keys', { method: 'POST', json: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['api-keys'] }),
  });
}

export function useRevokeApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/api-keys/${id}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['api-keys'] }),
  });
}

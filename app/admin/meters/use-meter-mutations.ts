'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/components/api-client';
import type { MeterDto } from '@/components/use-meters';
import type { CreateMeterBody } from '@/lib/meters/meter-input';


export function useCreateMeter() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateMeterBody) => apiFetch<MeterDto>('/api/v1/meters', { method: 'POST', json: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['meters'] }),
  });
}

export function useUpdateMeter(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changes: Partial<Pick<MeterDto, 'name' | 'description' | 'unit' | 'groupBy'>>) =>
      apiFetch<MeterDto>(`/api/v1/meters/${slug}`, { method: 'PATCH', json: changes }),
    onSuccess: () => client.invalidateQueries(),
  });
}

export function useDeleteMeter() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (slug: string) => apiFetch(`/api/v1/meters/${slug}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['meters'] }),
  });
}

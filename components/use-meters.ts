'use client';

import { useQuery } from '@tanstack/react-query';
import type { MeterDto as ServerMeterDto } from '@/lib/meters/serialize-meter';
import type { MeterQueryRowJson } from '@/lib/usage/serialize-meter-query';
import { apiFetch, type Jsonified } from './api-client';

export type MeterDto = Jsonified<ServerMeterDto>;

/** A query row with `value` kept as the exact decimal text (`exactValues`). */
export type UsagePoint = Omit<MeterQueryRowJson, 'value'> & { value: string };

export function useMeters() {
  return useQuery({ queryKey: ['meters'], queryFn: () => apiFetch<MeterDto[]>('/api/v1/meters'), staleTime: 60_000 });
}

export type UsageQuery = { from: string; to: string; windowSize?: 'MINUTE' | 'HOUR' | 'DAY' | 'MONTH'; windowTimeZone: string; groupBy?: string[]; subjects?: string[] };

/** A meter's usage, refreshed every two seconds so the page follows ingest live. */
export function useMeterUsage(slug: string, q: UsageQuery) {
  const params = new URLSearchParams({ from: q.from, to: q.to, windowTimeZone: q.windowTimeZone });
  if (q.windowSize) params.set('windowSize', q.windowSize);
  for (const g of q.groupBy ?? []) params.append('groupBy', g);
  for (const s of q.subjects ?? []) params.append('subject', s);
  return useQuery({
    queryKey: ['usage', slug, params.toString()],
    queryFn: () => apiFetch<{ data: UsagePoint[] }>(`/api/v1/meters/${slug}/query?${params}`, { exactValues: true }).then((r) => r.data),
    refetchInterval: 2000,
    staleTime: 1000,
  });
}

'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api-client';
import type { UsagePoint } from '@/components/use-meters';

const DAY = 86_400_000;

/**
 * The values each group-by of a meter took in the last 31 days, as suggestions for a charge's
 * filter. One grouped total per value from the meter query API; kept for 5 minutes.
 */
export function useGroupValues(meter: string, names: string[]) {
  return useQuery({
    queryKey: ['group-values', meter, names],
    enabled: meter !== '' && names.length > 0,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      // Whole minutes, as the query API asks.
      const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
      const params = new URLSearchParams({ from: new Date(to.getTime() - 31 * DAY).toISOString(), to: to.toISOString() });
      for (const n of names) params.append('groupBy', n);
      const { data } = await apiFetch<{ data: UsagePoint[] }>(`/api/v1/meters/${encodeURIComponent(meter)}/query?${params}`, { exactValues: true });
      const values: Record<string, string[]> = {};
      for (const n of names) values[n] = [...new Set(data.flatMap((p) => (p.groupBy[n] ? [p.groupBy[n]!] : [])))].sort();
      return values;
    },
  });
}

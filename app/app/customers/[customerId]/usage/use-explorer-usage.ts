'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api-client';
import type { UsagePoint } from '@/components/use-meters';

export type ExplorerQuery = { meter: string; from: Date; to: Date; windowSize: 'HOUR' | 'DAY'; timeZone: string; customerId: string; groupBy: string | null };

/** The meter query's URL for one view of the explorer: the chart, the table and the CSV all read it. */
export function explorerQueryUrl(q: ExplorerQuery): string {
  const params = new URLSearchParams({ from: q.from.toISOString(), to: q.to.toISOString(), windowSize: q.windowSize, windowTimeZone: q.timeZone, filterCustomerId: q.customerId });
  if (q.groupBy) params.append('groupBy', q.groupBy);
  return `/api/v1/meters/${encodeURIComponent(q.meter)}/query?${params}`;
}

/** Polled every second, so an event shows within about a second of the consumer folding it. */
export function useExplorerUsage(q: ExplorerQuery | null) {
  const url = q && explorerQueryUrl(q);
  return useQuery({
    queryKey: ['explorer-usage', url],
    queryFn: () => apiFetch<{ data: UsagePoint[] }>(url!, { exactValues: true }).then((r) => r.data),
    enabled: url !== null,
    refetchInterval: 1000,
    staleTime: 500,
  });
}

/** Downloads the view as the query API's CSV (`Accept: text/csv`), under the server's file name. */
export async function downloadCsv(q: ExplorerQuery): Promise<void> {
  const res = await fetch(explorerQueryUrl(q), { headers: { accept: 'text/csv' } });
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    throw new Error(body?.error?.message ?? `The download failed (${res.status}).`);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `${q.meter}.csv`;
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The click has started the download by the next task; the blob is no longer needed after.
  setTimeout(() => URL.revokeObjectURL(href), 0);
}

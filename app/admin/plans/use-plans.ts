'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, type Jsonified } from '@/components/api-client';
import type { diffPlanVersions } from '@/lib/plans/diff-plan-versions';
import type { PlanDto as ServerPlanDto, PlanVersionDto } from '@/lib/plans/serialize-plan';
import type { simulatePlanVersion } from '@/lib/plans/simulate-plan-version';
import type { Pricing, VersionContent } from '@/lib/pricing/charge-schema';
import type { previewPricing } from '@/lib/pricing/preview-pricing';

export type PlanDto = Jsonified<ServerPlanDto>;
export type VersionSummary = PlanDto['versions'][number];
export type VersionStatus = VersionSummary['status'];
export type VersionDto = Jsonified<PlanVersionDto>;
export type VersionDiff = Jsonified<Awaited<ReturnType<typeof diffPlanVersions>>>;
/** What `POST /api/v1/pricing/preview` answers: one charge rated as an invoice line. */
export type PreviewDto = ReturnType<typeof previewPricing>;
export type NewPlan = { key: string; name: string; description?: string; currency: string };

/** The newest version on sale, if any (versions come newest first). */
export function latestPublished(plan: PlanDto): VersionSummary | undefined {
  return plan.versions.find((v) => v.status === 'published');
}

/** Subscriptions running on any version of the plan now. */
export function subscriberCount(plan: PlanDto): number {
  return plan.versions.reduce((sum, v) => sum + v.subscribers, 0);
}

export type SimulationDto = Jsonified<Awaited<ReturnType<typeof simulatePlanVersion>>>;

const planPath = (key: string) => `/api/v1/plans/${encodeURIComponent(key)}`;
const versionPath = (key: string, n: number) => `${planPath(key)}/versions/${n}`;

export function usePlans() {
  return useQuery({ queryKey: ['plans'], queryFn: () => apiFetch<{ data: PlanDto[] }>('/api/v1/plans').then((r) => r.data) });
}

export function usePlan(key: string) {
  return useQuery({ queryKey: ['plans', key], queryFn: () => apiFetch<PlanDto>(planPath(key)), enabled: key !== '' });
}

export function useVersion(key: string, n: number) {
  // A version only changes through this page's own saves, which refresh it.
  return useQuery({ queryKey: ['plans', key, 'versions', n], queryFn: () => apiFetch<VersionDto>(versionPath(key, n)), staleTime: 5 * 60_000 });
}

export function useVersionDiff(key: string, n: number | null, against: number | null) {
  return useQuery({
    queryKey: ['plans', key, 'diff', n, against],
    queryFn: () => apiFetch<VersionDiff>(`${versionPath(key, n!)}/diff?against=${against}`),
    enabled: n !== null && against !== null && n !== against,
  });
}

/** Rates every subscriber under the saved draft: run on demand, kept a minute. */
export function useSimulation(key: string, n: number, run: number) {
  return useQuery({
    queryKey: ['plans', key, 'versions', n, 'simulation', run],
    queryFn: () => apiFetch<SimulationDto>(`${versionPath(key, n)}/simulation`),
    enabled: run > 0,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}

export function usePricingPreview(input: { currency: string; charge: Pricing; quantity: string } | null) {
  return useQuery({
    queryKey: ['pricing-preview', input],
    queryFn: () => apiFetch<PreviewDto>('/api/v1/pricing/preview', { method: 'POST', json: input }),
    enabled: input !== null,
    // The same charge and quantity always cost the same.
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  });
}

export function useCreatePlan() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewPlan) => apiFetch<PlanDto>('/api/v1/plans', { method: 'POST', json: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['plans'] }),
  });
}

export function useCreateDraft(key: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<VersionDto>(`${planPath(key)}/versions`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['plans'] }),
  });
}

export function useSaveVersion(key: string, n: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (content: VersionContent) => apiFetch<VersionDto>(versionPath(key, n), { method: 'PUT', json: content }),
    onSuccess: (saved) => {
      client.setQueryData(['plans', key, 'versions', n], saved);
      return client.invalidateQueries({ queryKey: ['plans', key, 'diff'] });
    },
  });
}

export type Migrate = 'next_period' | 'none';

export function usePublishVersion(key: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ n, migrate }: { n: number; migrate: Migrate }) => apiFetch<VersionDto>(`${versionPath(key, n)}/publish`, { method: 'POST', json: { migrate } }),
    // Subscriptions may have moved: customer pages read them too.
    onSuccess: () => client.invalidateQueries(),
  });
}

export function useArchiveVersion(key: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (n: number) => apiFetch<VersionDto>(`${versionPath(key, n)}/archive`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['plans'] }),
  });
}

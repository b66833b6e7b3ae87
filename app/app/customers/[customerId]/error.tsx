'use client';

import { PageError } from '@/components/page-error';

export default function OverviewError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError what="the overview" error={error} reset={reset} />;
}

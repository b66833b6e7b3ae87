'use client';

import { PageError } from '@/components/page-error';

export default function HistoryError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError what="your history" error={error} reset={reset} />;
}

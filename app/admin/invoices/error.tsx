'use client';

import { PageError } from '@/components/page-error';

export default function InvoicesError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError what="invoices" error={error} reset={reset} />;
}

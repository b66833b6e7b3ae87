import { notFound } from 'next/navigation';
import { EmptyState, PageHeader } from '@/components/app-shell';
import { requireUser } from '@/lib/auth/current-user';
import { getCustomer } from '@/lib/customers/get-customer';
import { AppError } from '@/lib/http/errors';

export default async function CustomerPortalPage({ params }: { params: Promise<{ customerId: string }> }) {
  const principal = await requireUser();
  const { customerId } = await params;
  // Tenancy is decided in getCustomer: another customer's id is "not found", never shown.
  const customer = await getCustomer({ id: customerId, principal }).catch((err) => {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  });
  const subjects = customer.subjects.map((s) => s.key);
  return (
    <>
      <PageHeader title={customer.name} description={`Amounts in ${customer.currency} · days follow ${customer.timeZone}`} />
      <EmptyState title="No usage yet">
        Usage appears here once your product sends events for{' '}
        {subjects.map((s, i) => (
          <span key={s}>
            {i > 0 && ', '}
            <code className="rounded bg-slate-100 px-1">{s}</code>
          </span>
        ))}
        . Ask your Meterline admin for an ingest key if you do not have one.
      </EmptyState>
    </>
  );
}

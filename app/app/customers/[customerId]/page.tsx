import { PageHeader } from '@/components/app-shell';
import { UsageSummary } from '@/components/usage-summary';
import { requirePageUser } from '@/lib/auth/current-user';
import { getCustomer } from '@/lib/customers/get-customer';
import { orNotFound } from '@/lib/http/or-not-found';
import { monthOf } from '@/lib/periods/zoned-time';

export default async function CustomerPortalPage({ params }: { params: Promise<{ customerId: string }> }) {
  const { customerId } = await params;
  const principal = await requirePageUser({ customerId });
  // getCustomer applies the same tenancy rule again: another customer's id is "not found".
  const customer = await orNotFound(getCustomer({ id: customerId, principal }));
  const month = monthOf(new Date(), customer.timeZone);
  const label = new Intl.DateTimeFormat('en-US', { timeZone: customer.timeZone, month: 'long', year: 'numeric' }).format(month.start);
  const subjects = customer.subjects.map((s) => s.key);
  return (
    <>
      <PageHeader title={customer.name} description={`Usage for ${label} · days follow ${customer.timeZone} · subjects: ${subjects.join(', ')}`} />
      <UsageSummary period={{ from: month.start.toISOString(), to: month.end.toISOString(), timeZone: customer.timeZone, subjects }} />
    </>
  );
}

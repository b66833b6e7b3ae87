import { PageHeader } from '@/components/app-shell';
import { CustomerOverview } from '@/components/customer-overview/customer-overview';
import { requirePageUser } from '@/lib/auth/current-user';
import { orNotFound } from '@/lib/http/or-not-found';
import { getCustomerOverview } from '@/lib/overview/get-customer-overview';

export const metadata = { title: 'Overview' };

export default async function CustomerPortalPage({ params }: { params: Promise<{ customerId: string }> }) {
  const { customerId } = await params;
  const principal = await requirePageUser({ customerId });
  // The same tenancy rule again, in the read: another customer's id is "not found".
  const overview = await orNotFound(getCustomerOverview({ customerId, principal }));
  const { customer } = overview;
  return (
    <>
      <PageHeader title={customer.name} description={`Cost and forecast for the current billing period · dates in ${customer.timeZone} · subjects: ${customer.subjects.join(', ')}`} />
      <CustomerOverview customerId={customerId} initial={overview} />
    </>
  );
}

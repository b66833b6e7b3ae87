import { PageHeader } from '@/components/app-shell';
import { CreateCustomerForm } from './create-customer-form';
import { CustomersTable } from './customers-table';
import { requirePageUser } from '@/lib/auth/current-user';
import { listCustomerOverviews } from '@/lib/overview/list-customer-overviews';

export const metadata = { title: 'Customers' };

export default async function CustomersPage() {
  const principal = await requirePageUser('admin');
  // Every subscribed customer's cost so far and forecast, in one batch (a few statements for all).
  const overviews = await listCustomerOverviews({ principal });
  return (
    <>
      <PageHeader title="Customers" description="Each customer owns the subject keys its usage events are attributed by." />
      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <CustomersTable overviews={overviews} />
        <CreateCustomerForm />
      </div>
    </>
  );
}

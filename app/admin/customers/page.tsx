import { PageHeader } from '@/components/app-shell';
import { CreateCustomerForm } from './create-customer-form';
import { CustomersTable } from './customers-table';

export const metadata = { title: 'Customers' };

export default function CustomersPage() {
  return (
    <>
      <PageHeader title="Customers" description="Each customer owns the subject keys its usage events are attributed by." />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <CustomersTable />
        <CreateCustomerForm />
      </div>
    </>
  );
}

import { PageHeader } from '@/components/app-shell';
import { listCustomers } from '@/lib/customers/list-customers';
import { CreateUserForm } from './create-user-form';
import { UsersTable } from './users-table';
import { requirePageUser } from '@/lib/auth/current-user';

export const metadata = { title: 'Users' };

export default async function UsersPage() {
  await requirePageUser('admin');
  const customers = (await listCustomers()).map((c) => ({ id: c.id, name: c.name }));
  return (
    <>
      <PageHeader title="Users" description="Admins run Meterline; members belong to one customer and see only its data." />
      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <UsersTable />
        <CreateUserForm customers={customers} />
      </div>
    </>
  );
}

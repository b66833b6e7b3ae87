import { PageHeader } from '@/components/app-shell';
import { CreateMeterForm } from './create-meter-form';
import { MetersTable } from './meters-table';
import { requirePageUser } from '@/lib/auth/current-user';

export const metadata = { title: 'Meters' };

export default async function MetersPage() {
  await requirePageUser('admin');
  return (
    <>
      <PageHeader title="Meters" description="What to count: events of one type, aggregated over a value in their data, split by group-by values." />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <MetersTable />
        <CreateMeterForm />
      </div>
    </>
  );
}

import { PageHeader } from '@/components/app-shell';
import { CreateMeterForm } from './create-meter-form';
import { MetersTable } from './meters-table';

export const metadata = { title: 'Meters' };

export default function MetersPage() {
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

import { PageHeader } from '@/components/app-shell';
import { CreatePlanForm } from './create-plan-form';
import { PlansTable } from './plans-table';

export const metadata = { title: 'Plans' };

export default function PlansPage() {
  return (
    <>
      <PageHeader title="Plans" description="What customers pay: versioned prices for flat fees and metered usage. Published versions never change." />
      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <PlansTable />
        <CreatePlanForm />
      </div>
    </>
  );
}

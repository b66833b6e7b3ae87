import { PageHeader } from '@/components/app-shell';
import { IngestDashboard } from './ingest-dashboard';
import { requirePageUser } from '@/lib/auth/current-user';

export const metadata = { title: 'Ingest' };

export default async function IngestPage() {
  await requirePageUser('admin');
  return (
    <>
      <PageHeader title="Ingest" description="What producers are sending, live: rates, outcomes, subjects nobody owns yet, and the latest events." />
      <IngestDashboard />
    </>
  );
}

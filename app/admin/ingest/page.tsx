import { PageHeader } from '@/components/app-shell';
import { IngestDashboard } from './ingest-dashboard';

export const metadata = { title: 'Ingest' };

export default function IngestPage() {
  return (
    <>
      <PageHeader title="Ingest" description="What producers are sending, live: rates, outcomes, subjects nobody owns yet, and the latest events." />
      <IngestDashboard />
    </>
  );
}

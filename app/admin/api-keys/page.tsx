import { PageHeader } from '@/components/app-shell';
import { ApiKeysPanel } from './api-keys-panel';
import { requirePageUser } from '@/lib/auth/current-user';

export const metadata = { title: 'API keys' };

export default async function ApiKeysPage() {
  await requirePageUser('admin');
  return (
    <>
      <PageHeader
        title="API keys"
        description="Products send usage with an ingest key; reporting tools use a read key. Only a hash is stored: the secret is shown once."
      />
      <ApiKeysPanel />
    </>
  );
}

import { EmptyState, PageHeader } from '@/components/app-shell';
import { Table } from '@/components/form';
import { listAudit } from '@/lib/audit/list-audit';
import { requirePageUser } from '@/lib/auth/current-user';

export const metadata = { title: 'Audit log' };

export default async function AuditPage() {
  await requirePageUser('admin');
  const entries = await listAudit({ limit: 200 });
  return (
    <>
      <PageHeader title="Audit log" description="Every admin change: who, what, when, and the values before and after." />
      {entries.length === 0 ? (
        <EmptyState title="Nothing changed yet">Changes to customers, users and API keys appear here.</EmptyState>
      ) : (
        <Table label="Audit log" head={['When', 'Who', 'What', 'Entity', 'Before', 'After']}>
          {entries.map((e) => (
            <tr key={e.id} className="align-top">
              <td className="whitespace-nowrap px-4 py-2">{e.createdAt.toISOString().replace('T', ' ').slice(0, 19)} UTC</td>
              <td className="px-4 py-2">{e.actor}</td>
              <td className="px-4 py-2 font-mono text-xs">{e.action}</td>
              <td className="px-4 py-2 font-mono text-xs">
                {e.entityType}:{e.entityId.slice(0, 8)}
              </td>
              <td className="max-w-xs px-4 py-2 font-mono text-xs break-all">{e.before ? JSON.stringify(e.before) : '—'}</td>
              <td className="max-w-xs px-4 py-2 font-mono text-xs break-all">{e.after ? JSON.stringify(e.after) : '—'}</td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}

import type { ReactNode } from 'react';
import { AppShell } from '@/components/app-shell';
import { requirePageUser } from '@/lib/auth/current-user';

export const dynamic = 'force-dynamic';

const NAV = [
  { href: '/admin', label: 'Overview' },
  { href: '/admin/customers', label: 'Customers' },
  { href: '/admin/invoices', label: 'Invoices' },
  { href: '/admin/ingest', label: 'Ingest' },
  { href: '/admin/meters', label: 'Meters' },
  { href: '/admin/plans', label: 'Plans' },
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/api-keys', label: 'API keys' },
  { href: '/admin/audit', label: 'Audit log' },
];

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser('admin');
  return (
    <AppShell area="Admin" nav={NAV} userEmail={user.email}>
      {children}
    </AppShell>
  );
}

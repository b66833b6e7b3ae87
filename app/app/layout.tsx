import type { ReactNode } from 'react';
import { AppShell } from '@/components/app-shell';
import { requirePageUser } from '@/lib/auth/current-user';

export const dynamic = 'force-dynamic';

export default async function CustomerLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  const nav =
    user.role === 'member'
      ? [
          { href: '/app', label: 'Overview' },
          { href: `/app/customers/${user.customerId}/usage`, label: 'Usage' },
          { href: `/app/customers/${user.customerId}/history`, label: 'History' },
          { href: `/app/customers/${user.customerId}/invoices`, label: 'Invoices' },
        ]
      : [{ href: '/admin/customers', label: 'Back to admin' }];
  return (
    <AppShell area="Portal" nav={nav} userEmail={user.email}>
      {children}
    </AppShell>
  );
}

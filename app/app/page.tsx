import { redirect } from 'next/navigation';
import { requirePageUser } from '@/lib/auth/current-user';

export default async function PortalHome() {
  const user = await requirePageUser();
  // Admins have no customer of their own; they open a customer's portal from the admin area.
  redirect(user.customerId ? `/app/customers/${user.customerId}` : '/admin/customers');
}

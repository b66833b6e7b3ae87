import { redirect } from 'next/navigation';
import { currentUser } from '@/lib/auth/current-user';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const user = await currentUser();
  if (!user) redirect('/signin');
  redirect(user.role === 'admin' ? '/admin' : '/app');
}

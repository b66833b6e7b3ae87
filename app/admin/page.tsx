import Link from 'next/link';
import { PageHeader } from '@/components/app-shell';
import { adminOverview } from '@/lib/admin/overview';
import { requirePageUser } from '@/lib/auth/current-user';

export const metadata = { title: 'Admin' };

export default async function AdminOverviewPage() {
  await requirePageUser('admin');
  const counts = await adminOverview();
  const cards = [
    { label: 'Customers', value: counts.customers, href: '/admin/customers' },
    { label: 'Users', value: counts.users, href: '/admin/users' },
    { label: 'Active API keys', value: counts.activeKeys, href: '/admin/api-keys' },
  ];
  return (
    <>
      <PageHeader title="Overview" description="Your Meterline installation at a glance." />
      <ul className="grid gap-4 sm:grid-cols-3">
        {cards.map((c) => (
          <li key={c.label}>
            <Link href={c.href} className="block rounded-xl border border-slate-200 bg-white p-4 hover:border-indigo-300">
              <p className="text-sm text-slate-600">{c.label}</p>
              <p className="mt-1 text-3xl font-semibold">{c.value}</p>
            </Link>
          </li>
        ))}
      </ul>
      <section className="mt-8 rounded-xl border border-slate-200 bg-white p-4" aria-labelledby="next-steps">
        <h2 id="next-steps" className="font-medium">
          Next steps
        </h2>
        <ol className="mt-2 list-decimal space-y-1 pl-5 text-sm text-slate-700">
          <li>
            <Link className="text-indigo-700 underline" href="/admin/customers">
              Add a customer
            </Link>{' '}
            with the subject keys your product sends usage under.
          </li>
          <li>
            <Link className="text-indigo-700 underline" href="/admin/api-keys">
              Create an ingest API key
            </Link>{' '}
            for each product that reports usage.
          </li>
          <li>
            <Link className="text-indigo-700 underline" href="/admin/users">
              Invite customer members
            </Link>{' '}
            so they can see their own usage.
          </li>
        </ol>
      </section>
    </>
  );
}

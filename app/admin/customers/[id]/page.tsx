import Link from 'next/link';
import { PageHeader } from '@/components/app-shell';
import { CustomerOverview } from '@/components/customer-overview/customer-overview';
import { requirePageUser } from '@/lib/auth/current-user';
import { getCustomer } from '@/lib/customers/get-customer';
import { env } from '@/lib/env';
import { orNotFound } from '@/lib/http/or-not-found';
import { getCustomerOverview } from '@/lib/overview/get-customer-overview';
import { EditCustomer } from './edit-customer';
import { SubjectKeys } from './subject-keys';
import { SubscriptionPanel } from './subscription-panel';

export default async function AdminCustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const principal = await requirePageUser('admin');
  const { id } = await params;
  const [customer, overview] = await Promise.all([orNotFound(getCustomer({ id, principal })), orNotFound(getCustomerOverview({ customerId: id, principal }))]);
  return (
    <>
      <PageHeader
        title={customer.name}
        description={`${customer.currency} · ${customer.timeZone}`}
        actions={
          <p className="flex flex-wrap gap-4 text-sm">
            <Link className="text-indigo-700 underline" href={`/admin/invoices?customer=${customer.id}`}>
              Invoices
            </Link>
            <Link className="text-indigo-700 underline" href={`/app/customers/${customer.id}`}>
              Open the customer&apos;s portal
            </Link>
          </p>
        }
      />
      {/* What the customer sees on its own overview, live. */}
      <div className="mb-6">
        <CustomerOverview customerId={customer.id} initial={overview} />
      </div>
      <div className="grid items-start gap-6 md:grid-cols-2 lg:grid-cols-3">
        <EditCustomer
          customer={{ id: customer.id, name: customer.name, currency: customer.currency, timeZone: customer.timeZone, invoiceGraceMinutes: customer.invoiceGraceMinutes }}
          defaultGraceMinutes={env().INVOICE_GRACE_MINUTES}
        />
        <SubjectKeys customerId={customer.id} subjects={customer.subjects} />
        <SubscriptionPanel customer={{ id: customer.id, currency: customer.currency, timeZone: customer.timeZone }} />
        <section className="rounded-xl border border-slate-200 bg-white p-4" aria-labelledby="members">
          <h2 id="members" className="font-medium">
            Members
          </h2>
          {customer.users.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">
              No members yet.{' '}
              <Link className="text-indigo-700 underline" href="/admin/users">
                Add one
              </Link>{' '}
              so this customer can see its usage.
            </p>
          ) : (
            <ul className="mt-2 space-y-1 text-sm">
              {customer.users.map((u) => (
                <li key={u.id}>
                  {u.name ? `${u.name} · ` : ''}
                  {u.email}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}

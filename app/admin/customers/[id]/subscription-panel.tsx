'use client';

import Link from 'next/link';
import { Fragment, useState, type FormEvent } from 'react';
import { describeApiError } from '@/components/api-client';
import { Field, FormError, SelectField, SubmitButton } from '@/components/form';
import { zonedInstant } from '@/lib/periods/zoned-time';
import { latestPublished, usePlan, usePlans } from '../../plans/use-plans';
import { useCancelSubscription, useSubscribe, useSubscription, type SubscriptionDto } from './use-subscription';

type Customer = { id: string; currency: string; timeZone: string };

/** An instant as the customer's own clock shows it. */
function local(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A date input's "2026-11-30" as the instant that day starts in the customer's zone. */
function startOfDay(date: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return zonedInstant(y, m, d, timeZone).toISOString();
}

/** Today's date on the customer's calendar, for a date input. */
function today(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** Plan and published version pickers: only plans in the customer's currency, only versions open to new subscriptions. */
function PlanVersionFields({ currency, initialPlan }: { currency: string; initialPlan?: string }) {
  const plans = usePlans();
  const eligible = (plans.data ?? []).filter((p) => p.currency === currency && latestPublished(p));
  const [planKey, setPlanKey] = useState(initialPlan ?? '');
  const chosen = planKey || eligible[0]?.key || '';
  const plan = usePlan(chosen);
  const published = (plan.data?.versions ?? []).filter((v) => v.status === 'published').sort((a, b) => b.number - a.number);

  if (plans.isPending) return <p className="text-sm text-slate-500">Loading plans…</p>;
  if (plans.error) return <p className="text-sm text-red-700">Could not load plans: {plans.error.message}</p>;
  if (eligible.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        No published plan in {currency} yet.{' '}
        <Link className="text-indigo-700 underline" href="/admin/plans">
          Create one
        </Link>
        .
      </p>
    );
  }
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <SelectField label="Plan" name="plan" value={chosen} onChange={(e) => setPlanKey(e.target.value)}>
        {eligible.map((p) => (
          <option key={p.key} value={p.key}>
            {p.name}
          </option>
        ))}
      </SelectField>
      <SelectField label="Version" name="version" key={chosen} disabled={published.length === 0}>
        {published.map((v) => (
          <option key={v.number} value={v.number}>
            v{v.number}
          </option>
        ))}
      </SelectField>
    </div>
  );
}

function SubscribeForm({ customer }: { customer: Customer }) {
  const subscribe = useSubscribe(customer.id);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    subscribe.mutate({ plan: String(f.get('plan')), version: Number(f.get('version')), startsAt: startOfDay(String(f.get('startsAt')), customer.timeZone) });
  }
  return (
    <form className="mt-3 space-y-3" onSubmit={onSubmit}>
      <PlanVersionFields currency={customer.currency} />
      <Field label="Starts on" name="startsAt" type="date" required defaultValue={today(customer.timeZone)} hint={`Midnight in ${customer.timeZone}; a past date bills from then.`} />
      <FormError message={subscribe.isError ? describeApiError(subscribe.error) : null} />
      <SubmitButton pending={subscribe.isPending}>Subscribe</SubmitButton>
    </form>
  );
}

function ChangeForm({ customer, sub, onDone }: { customer: Customer; sub: SubscriptionDto; onDone: () => void }) {
  const subscribe = useSubscribe(customer.id);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    subscribe.mutate(
      { plan: String(f.get('plan')), version: Number(f.get('version')), effective: f.get('effective') as 'next_period' | 'current_period' },
      { onSuccess: onDone },
    );
  }
  return (
    <form className="mt-3 space-y-3 rounded-lg border border-slate-200 p-3" onSubmit={onSubmit} aria-label="Change plan">
      <PlanVersionFields currency={customer.currency} initialPlan={sub.plan.key} />
      <fieldset className="space-y-1 text-sm">
        <legend className="font-medium">From</legend>
        <label className="flex items-start gap-2">
          <input type="radio" name="effective" value="next_period" defaultChecked className="mt-0.5 size-4" />
          the next period&apos;s start
        </label>
        <label className="flex items-start gap-2">
          <input type="radio" name="effective" value="current_period" className="mt-0.5 size-4" />
          the current period&apos;s start (its usage is rated under the new version)
        </label>
      </fieldset>
      <FormError message={subscribe.isError ? describeApiError(subscribe.error) : null} />
      <SubmitButton pending={subscribe.isPending}>Change plan</SubmitButton>
    </form>
  );
}

function CancelForm({ customer, onDone }: { customer: Customer; onDone: () => void }) {
  const cancel = useCancelSubscription(customer.id);
  const [when, setWhen] = useState<'period_end' | 'date'>('period_end');
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    cancel.mutate({ at: when === 'period_end' ? 'period_end' : startOfDay(String(f.get('cancelDate')), customer.timeZone) }, { onSuccess: onDone });
  }
  return (
    <form className="mt-3 space-y-3 rounded-lg border border-red-200 p-3" onSubmit={onSubmit} aria-label="Cancel subscription">
      <fieldset className="space-y-1 text-sm">
        <legend className="font-medium">End the subscription</legend>
        <label className="flex items-start gap-2">
          <input type="radio" name="when" checked={when === 'period_end'} onChange={() => setWhen('period_end')} className="mt-0.5 size-4" />
          at the end of the current period
        </label>
        <label className="flex items-start gap-2">
          <input type="radio" name="when" checked={when === 'date'} onChange={() => setWhen('date')} className="mt-0.5 size-4" />
          on a date
        </label>
      </fieldset>
      {when === 'date' && <Field label="Ends on" name="cancelDate" type="date" required defaultValue={today(customer.timeZone)} hint={`Midnight in ${customer.timeZone}.`} />}
      <FormError message={cancel.isError ? describeApiError(cancel.error) : null} />
      <button type="submit" disabled={cancel.isPending} className="rounded-md bg-red-700 px-4 py-2 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-60">
        Cancel subscription
      </button>
    </form>
  );
}

/** The customer's plan: what it is on, its current period in its own zone, and the change and cancel actions. */
export function SubscriptionPanel({ customer }: { customer: Customer }) {
  const sub = useSubscription(customer.id);
  const [action, setAction] = useState<'change' | 'cancel' | null>(null);
  const toggle = (a: 'change' | 'cancel') => setAction((current) => (current === a ? null : a));

  return (
    <section className="rounded-xl border border-slate-200 bg-white p-4 md:col-span-2" aria-labelledby="subscription">
      <h2 id="subscription" className="font-medium">
        Subscription
      </h2>
      {sub.isPending && <p className="mt-2 text-sm text-slate-500">Loading subscription…</p>}
      {sub.error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          Could not load the subscription: {describeApiError(sub.error)}
        </p>
      )}
      {sub.data === null && (
        <>
          <p className="mt-2 text-sm text-slate-600">Not subscribed: its usage is counted but not priced.</p>
          <SubscribeForm customer={customer} />
        </>
      )}
      {sub.data && (
        <>
          <dl className="mt-2 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
            <dt className="text-slate-500">Plan</dt>
            <dd>
              <Link className="text-indigo-700 underline" href={`/admin/plans/${encodeURIComponent(sub.data.plan.key)}`}>
                {sub.data.plan.name}
              </Link>{' '}
              · version {sub.data.version}
            </dd>
            <dt className="text-slate-500">Status</dt>
            <dd data-testid="subscription-status">
              {sub.data.status}
              {sub.data.cancelAt && ` · ends ${local(sub.data.cancelAt, customer.timeZone)}`}
            </dd>
            <dt className="text-slate-500">Current period</dt>
            <dd>
              {local(sub.data.currentPeriod.start, customer.timeZone)} – <span data-testid="current-period-end">{local(sub.data.currentPeriod.end, customer.timeZone)}</span>
              <span className="block text-xs text-slate-500">{customer.timeZone}</span>
            </dd>
            {sub.data.scheduledChanges.map((c) => (
              <Fragment key={c.effectiveAt}>
                <dt className="text-slate-500">Scheduled</dt>
                <dd>
                  {c.plan} · version {c.version} from {local(c.effectiveAt, customer.timeZone)}
                  {c.reason === 'publish' && <span className="text-slate-500"> (a new version was published)</span>}
                </dd>
              </Fragment>
            ))}
          </dl>
          {sub.data.status !== 'ended' && (
            <div className="mt-4 flex flex-wrap gap-2">
              <button type="button" aria-expanded={action === 'change'} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50" onClick={() => toggle('change')}>
                Change plan…
              </button>
              <button type="button" aria-expanded={action === 'cancel'} className="rounded-md border border-red-300 px-3 py-1.5 text-sm text-red-800 hover:bg-red-50" onClick={() => toggle('cancel')}>
                Cancel…
              </button>
            </div>
          )}
          {action === 'change' && <ChangeForm customer={customer} sub={sub.data} onDone={() => setAction(null)} />}
          {action === 'cancel' && <CancelForm customer={customer} onDone={() => setAction(null)} />}
        </>
      )}
    </section>
  );
}

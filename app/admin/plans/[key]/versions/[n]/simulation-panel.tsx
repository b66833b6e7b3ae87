'use client';

import Link from 'next/link';
import { useState } from 'react';
import { describeApiError } from '@/components/api-client';
import { Money } from '@/components/money';
import { useSimulation, type PlanDto } from '../../../use-plans';

type Cost = { current: string; simulated: string; difference: string };

/** A rise reads red with a plus, a fall green: what the customer would pay more or less. */
function Diff({ amount, currency }: { amount: string; currency: string }) {
  const negative = amount.startsWith('-');
  const zero = !/[1-9]/.test(amount);
  return (
    <span className={zero ? 'text-slate-600' : negative ? 'text-green-800' : 'text-red-800'}>
      {!zero && !negative && '+'}
      <Money amount={amount} currency={currency} />
    </span>
  );
}

function PeriodCells({ period, currency }: { period: Cost | null; currency: string }) {
  if (!period) {
    return (
      <td colSpan={3} className="px-3 py-2 text-slate-500">
        no closed period yet
      </td>
    );
  }
  return (
    <>
      <td className="px-3 py-2 text-right">
        <Money amount={period.current} currency={currency} />
      </td>
      <td className="px-3 py-2 text-right">
        <Money amount={period.simulated} currency={currency} />
      </td>
      <td className="px-3 py-2 text-right">
        <Diff amount={period.difference} currency={currency} />
      </td>
    </>
  );
}

/** What every subscriber's last closed period and current period so far cost now, and would under this draft. */
export function SimulationPanel({ plan, version, dirty }: { plan: PlanDto; version: number; dirty: boolean }) {
  const [run, setRun] = useState(0);
  const simulation = useSimulation(plan.key, version, run);
  const data = simulation.data;
  const th = 'px-3 py-2 font-medium';

  return (
    <section aria-labelledby="simulation" className="mt-8 space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="simulation" className="font-medium">
          Simulation
        </h2>
        <button
          type="button"
          className="rounded-md border border-indigo-700 px-3 py-1.5 text-sm text-indigo-700 hover:bg-indigo-50 disabled:opacity-60"
          disabled={simulation.isFetching}
          onClick={() => setRun((r) => r + 1)}
        >
          {simulation.isFetching ? 'Simulating…' : run === 0 ? 'Run simulation' : 'Run again'}
        </button>
      </div>
      <p className="text-sm text-slate-600">
        Rates every subscriber of {plan.name} under its current version and under this draft as saved{dirty ? ' (save your changes first to include them)' : ''}.
      </p>
      {simulation.isError && (
        <p role="alert" className="text-sm text-red-700">
          Could not simulate: {describeApiError(simulation.error)}
        </p>
      )}
      {data && data.customers.length === 0 && <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">No customer subscribes to {plan.name} yet: nothing to compare.</p>}
      {data && data.customers.length > 0 && (
        <div className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white">
          <table className="w-full text-left text-sm tabular-nums">
            <caption className="sr-only">Simulation</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
              <tr>
                <th scope="col" rowSpan={2} className={th}>
                  Customer
                </th>
                <th scope="colgroup" colSpan={3} className={`${th} border-l border-slate-200`}>
                  Last closed period
                </th>
                <th scope="colgroup" colSpan={3} className={`${th} border-l border-slate-200`}>
                  Current period to date
                </th>
              </tr>
              <tr>
                {['Current', 'Draft', 'Difference', 'Current', 'Draft', 'Difference'].map((h, i) => (
                  <th key={i} scope="col" className={`${th} text-right ${i % 3 === 0 ? 'border-l border-slate-200' : ''}`}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.customers.map((c) => (
                <tr key={c.customerId}>
                  <th scope="row" className="px-3 py-2 font-normal">
                    <Link className="text-indigo-700 underline" href={`/admin/customers/${c.customerId}`}>
                      {c.customerName}
                    </Link>
                    <span className="block text-xs text-slate-500">on v{c.version}</span>
                  </th>
                  <PeriodCells period={c.lastClosedPeriod} currency={data.currency} />
                  <PeriodCells period={c.currentPeriod} currency={data.currency} />
                </tr>
              ))}
            </tbody>
            <tfoot className="border-t-2 border-slate-200 font-semibold">
              <tr>
                <th scope="row" className="px-3 py-2">
                  Total ({data.totals.customers})
                </th>
                <PeriodCells period={data.totals.lastClosedPeriod} currency={data.currency} />
                <PeriodCells period={data.totals.currentPeriod} currency={data.currency} />
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}

import Link from 'next/link';
import { Table } from '@/components/form';
import { formatDecimal } from '@/components/format-decimal';
import { Money } from '@/components/money';
import type { ActiveOverview, OverviewCharge } from '@/lib/overview/overview-view';

/** A forecast method in plain words. */
export const FORECAST_METHOD: Record<string, string> = {
  seasonal_damped_trend: 'weekday pattern and recent trend',
  daily_average: 'average day so far',
  none: 'usage so far, nothing to extrapolate',
};

function Quantity({ value, unit }: { value: string; unit: string | null }) {
  return (
    <span className="whitespace-nowrap tabular-nums">
      {formatDecimal(value)}
      {unit && <span className="text-slate-500"> {unit}</span>}
    </span>
  );
}

function ChargeName({ charge, invoicesHref }: { charge: OverviewCharge; invoicesHref: string }) {
  const filter = Object.entries(charge.filter ?? {});
  return (
    <>
      <span className="font-medium">{charge.name}</span>
      {filter.length > 0 && (
        <span className="ml-2 inline-flex flex-wrap gap-1 align-middle">
          {filter.map(([k, v]) => (
            <span key={k} className="rounded bg-indigo-50 px-1.5 py-0.5 font-mono text-xs text-indigo-800">
              {k}: {v}
            </span>
          ))}
        </span>
      )}
      {charge.adjusts && (
        <Link className="ml-1 text-indigo-700 underline" href={`${invoicesHref}/${charge.adjusts.invoiceId}`}>
          for {charge.adjusts.number}
        </Link>
      )}
    </>
  );
}

/**
 * One row per priced line of the live draft, the same rows the invoice has (a plan pricing tokens
 * per model has a row per model): usage and cost so far, included units, the forecast and its 80% range.
 */
export function ChargesTable({ overview, invoicesHref }: { overview: ActiveOverview; invoicesHref: string }) {
  const { currency } = overview;
  return (
    <Table label="Charges: usage, cost so far and forecast" head={['Charge', 'Cost so far', 'Forecast cost (80% range)', 'Usage so far', 'Included units', 'Forecast usage (80% range)']}>
      {overview.charges.map((c) => {
        const unit = c.meter?.unit ?? null;
        const q = c.forecast.quantity;
        const cost = c.forecast.cost;
        return (
          <tr key={c.key} data-testid={`charge-${c.key}`}>
            {/* Wide enough that a charge's name reads on a phone; the table scrolls inside its box, costs first. */}
            <th scope="row" className="min-w-44 px-4 py-2 text-left font-normal">
              <ChargeName charge={c} invoicesHref={invoicesHref} />
            </th>
            <td className="px-4 py-2 text-right" data-testid={`charge-cost-${c.key}`}>
              <Money amount={c.costSoFar} currency={currency} />
            </td>
            <td className="px-4 py-2 text-right">
              <Money amount={cost.point} currency={currency} />
              {cost.low !== cost.high && (
                <span className="block whitespace-nowrap text-xs text-slate-500">
                  <Money amount={cost.low} currency={currency} /> – <Money amount={cost.high} currency={currency} />
                </span>
              )}
            </td>
            <td className="px-4 py-2" data-testid={`charge-usage-${c.key}`} data-quantity={c.usageSoFar ?? ''}>
              {c.usageSoFar === null ? <span className="text-slate-500">—</span> : <Quantity value={c.usageSoFar} unit={unit} />}
            </td>
            <td className="px-4 py-2 text-xs">
              {c.included ? (
                <span className="whitespace-nowrap">
                  {formatDecimal(c.included.used)} of {formatDecimal(c.included.units)} used, {formatDecimal(c.included.left)} left
                </span>
              ) : (
                <span className="text-slate-500">—</span>
              )}
            </td>
            <td className="px-4 py-2">
              {q ? (
                <>
                  <Quantity value={q.point} unit={unit} />
                  <span className="block whitespace-nowrap text-xs text-slate-500">
                    {formatDecimal(q.low)} – {formatDecimal(q.high)}
                  </span>
                  {c.forecast.method && (
                    <span className="block text-xs text-slate-500">
                      By {FORECAST_METHOD[c.forecast.method]}
                      {c.forecast.confidence === 'low' ? ', low confidence' : ''}
                    </span>
                  )}
                </>
              ) : (
                <span className="text-slate-500">{c.type === 'usage' ? '—' : 'fixed'}</span>
              )}
            </td>
          </tr>
        );
      })}
    </Table>
  );
}

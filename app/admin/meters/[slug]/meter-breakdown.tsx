'use client';

import { useState } from 'react';
import { describeApiError } from '@/components/api-client';
import { FormError, SelectField } from '@/components/form';
import { formatDecimal } from '@/components/format-decimal';
import { UsageBars } from '@/components/usage-bars';
import { useCustomers } from '@/components/use-customers';
import { type MeterDto, useMeterUsage } from '@/components/use-meters';
import { dec, decString, ZERO } from '@/lib/pricing/decimal';

type Props = { meter: Pick<MeterDto, 'slug' | 'name' | 'unit' | 'aggregation' | 'groupBy'>; period: { from: string; to: string; timeZone: string } };

const NONE = '(none)';

/**
 * This period's usage of one meter per customer, and per customer and group value: the query
 * API grouped by `customer_id` (and the chosen key), as a stacked chart and a table.
 */
export function MeterBreakdown({ meter, period }: Props) {
  const keys = Object.keys(meter.groupBy);
  const [key, setKey] = useState<string>(keys[0] ?? '');
  const customers = useCustomers();
  const usage = useMeterUsage(meter.slug, { from: period.from, to: period.to, windowTimeZone: period.timeZone, groupBy: ['customer_id', ...(key ? [key] : [])] });
  const additive = meter.aggregation === 'SUM' || meter.aggregation === 'COUNT';

  const names = new Map((customers.data ?? []).map((c) => [c.id, c.name]));
  const rows = usage.data ?? [];
  const series = key ? [...new Set(rows.map((r) => r.groupBy[key] ?? NONE))].sort((a, b) => (a === NONE ? 1 : b === NONE ? -1 : a.localeCompare(b))) : [meter.name];
  const ids = [...new Set(rows.map((r) => r.customerId!))].sort((a, b) => (names.get(a) ?? a).localeCompare(names.get(b) ?? b));
  const cell = new Map(rows.map((r) => [`${r.customerId}|${key ? (r.groupBy[key] ?? NONE) : meter.name}`, r.value]));
  const values = ids.map((id) => series.map((s) => cell.get(`${id}|${s}`) ?? (additive ? '0' : null)));
  const sum = (vs: (string | null)[]) => decString(vs.reduce((t, v) => t.plus(dec(v ?? '0')), ZERO));

  return (
    <section aria-labelledby="by-customer" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="by-customer" className="font-medium">
          This month by customer{key && ` and ${key}`} (UTC)
        </h2>
        {keys.length > 0 && (
          <div className="w-48">
            <SelectField label="Split by" name="split" value={key} onChange={(e) => setKey(e.target.value)}>
              {keys.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
              <option value="">nothing</option>
            </SelectField>
          </div>
        )}
      </div>
      {usage.isPending ? (
        <p className="text-sm text-slate-500">Loading the breakdown…</p>
      ) : usage.error ? (
        <FormError message={`Could not load the breakdown: ${describeApiError(usage.error)}`} />
      ) : ids.length === 0 ? (
        <p className="text-sm text-slate-600">No customer has used this meter this month yet. Usage shows here within seconds of its first event.</p>
      ) : (
        <>
          <UsageBars
            label={`${meter.name} this month by customer`}
            categories={ids.map((id) => ({ key: id, label: names.get(id) ?? id }))}
            series={series}
            values={values}
            unit={meter.unit}
            stacked={additive}
            minCategoryWidth={64}
          />
          <div className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white">
            <table className="w-full text-left text-sm" data-testid="customer-breakdown">
              <caption className="sr-only">{meter.name} this month by customer</caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Customer
                  </th>
                  {key &&
                    series.map((s) => (
                      <th key={s} scope="col" className="px-4 py-2 text-right font-medium">
                        {s}
                      </th>
                    ))}
                  {(additive || !key) && (
                    <th scope="col" className="px-4 py-2 text-right font-medium">
                      {key ? 'Total' : meter.name}
                      {meter.unit && <span className="font-normal">{` (${meter.unit})`}</span>}
                    </th>
                  )}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {ids.map((id, i) => (
                  <tr key={id} data-customer={id}>
                    <th scope="row" className="px-4 py-2 font-normal">
                      {names.get(id) ?? id}
                    </th>
                    {key &&
                      values[i].map((v, s) => (
                        <td key={series[s]} className="px-4 py-2 text-right tabular-nums">
                          {v === null ? '—' : formatDecimal(v)}
                        </td>
                      ))}
                    {(additive || !key) && (
                      <td className="px-4 py-2 text-right tabular-nums" data-testid="customer-total">
                        {key ? formatDecimal(sum(values[i])) : values[i][0] === null ? '—' : formatDecimal(values[i][0]!)}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
              {additive && key && (
                <tfoot className="border-t border-slate-200 bg-slate-50">
                  <tr>
                    <th scope="row" className="px-4 py-2 font-medium">
                      All customers
                    </th>
                    {series.map((s, c) => (
                      <td key={s} className="px-4 py-2 text-right font-medium tabular-nums">
                        {formatDecimal(sum(values.map((v) => v[c])))}
                      </td>
                    ))}
                    <td className="px-4 py-2 text-right font-medium tabular-nums">{formatDecimal(sum(values.flat()))}</td>
                  </tr>
                </tfoot>
              )}
            </table>
          </div>
        </>
      )}
    </section>
  );
}

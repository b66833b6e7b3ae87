'use client';

import { Field, SelectField } from '@/components/form';
import type { MeterDto } from '@/components/use-meters';
import type { Charge, FlatCharge, UsageCharge } from '@/lib/pricing/charge-schema';
import { MODELS, optional, switchModel, type FieldErrors, type Model } from './editor-state';
import { PreviewCalculator } from './preview-calculator';
import { TierTable } from './tier-table';
import { useGroupValues } from './use-group-values';

type Props<C extends Charge> = { charge: C; index: number; errors: FieldErrors; readOnly: boolean; onChange: (c: C) => void };

/** Name and key, which every charge has. */
function Identity({ charge, index, errors, onChange }: Props<Charge>) {
  const at = `charges.${index}`;
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <Field label="Name" name={`${at}.name`} value={charge.name} error={errors[`${at}.name`]} onChange={(e) => onChange({ ...charge, name: e.target.value })} />
      <Field
        label="Key"
        name={`${at}.key`}
        value={charge.key}
        error={errors[`${at}.key`]}
        hint="Names the line on invoices and in the API."
        onChange={(e) => onChange({ ...charge, key: e.target.value })}
      />
    </div>
  );
}

export function FlatChargeFields(props: Props<FlatCharge>) {
  const { charge, index, errors, readOnly, onChange } = props;
  const at = `charges.${index}`;
  return (
    <fieldset disabled={readOnly} className="min-w-0 space-y-3">
      <Identity {...(props as Props<Charge>)} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Amount per period" name={`${at}.amount`} inputMode="decimal" value={charge.amount} error={errors[`${at}.amount`]} onChange={(e) => onChange({ ...charge, amount: e.target.value })} />
        <SelectField label="Billed" name={`${at}.billing`} value={charge.billing} onChange={(e) => onChange({ ...charge, billing: e.target.value as FlatCharge['billing'] })}>
          <option value="in_advance">In advance (at the period&apos;s start)</option>
          <option value="in_arrears">In arrears (at the period&apos;s end)</option>
        </SelectField>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" className="size-4" checked={charge.prorate} onChange={(e) => onChange({ ...charge, prorate: e.target.checked })} />
        Prorate a partial first or last period by time
      </label>
    </fieldset>
  );
}

export function UsageChargeFields(props: Props<UsageCharge> & { meters: MeterDto[]; currency: string }) {
  const { charge, index, errors, readOnly, onChange, meters, currency } = props;
  const at = `charges.${index}`;
  const meter = meters.find((m) => m.slug === charge.meter);
  const groupKeys = Object.keys(meter?.groupBy ?? {});
  const seen = useGroupValues(readOnly ? '' : charge.meter, groupKeys);
  const decimal = (field: 'includedUnits' | 'unitPrice' | 'packageSize' | 'packagePrice', label: string, hint?: string) => (
    <Field
      label={label}
      name={`${at}.${field}`}
      inputMode="decimal"
      hint={hint}
      value={(charge as Record<string, unknown>)[field] as string}
      error={errors[`${at}.${field}`]}
      onChange={(e) => onChange({ ...charge, [field]: e.target.value })}
    />
  );
  const bound = (field: 'minimum' | 'maximum', label: string) => (
    <Field
      label={label}
      name={`${at}.${field}`}
      inputMode="decimal"
      placeholder="none"
      value={charge[field] ?? ''}
      error={errors[`${at}.${field}`]}
      onChange={(e) => onChange({ ...charge, [field]: optional(e.target.value) })}
    />
  );

  return (
    <div>
      {/* Disabled, not hidden, on a published version: the prices stay readable; only the preview works. */}
      <fieldset disabled={readOnly} className="min-w-0 space-y-3">
      <Identity {...(props as unknown as Props<Charge>)} />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          label="Meter"
          name={`${at}.meter`}
          value={charge.meter}
          aria-invalid={errors[`${at}.meter`] ? true : undefined}
          // Another meter has other group-by names: the old filter would not apply.
          onChange={(e) => onChange({ ...charge, meter: e.target.value, filter: {} })}
        >
          {!meter && <option value={charge.meter}>{charge.meter ? `${charge.meter} (unknown)` : 'Choose a meter'}</option>}
          {meters.map((m) => (
            <option key={m.slug} value={m.slug}>
              {m.name} ({m.slug})
            </option>
          ))}
        </SelectField>
        <SelectField label="Pricing model" name={`${at}.model`} value={charge.model} onChange={(e) => onChange(switchModel(charge, e.target.value as Model))}>
          {MODELS.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </SelectField>
      </div>
      {errors[`${at}.meter`] && <p className="text-xs text-red-700">Meter: {errors[`${at}.meter`]}</p>}
      {groupKeys.length > 0 && (
        <fieldset className="rounded-lg border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium">Only usage with</legend>
          <p className="mb-2 text-xs text-slate-500">Blank counts every value; suggestions are the values seen in the last 31 days.</p>
          <div className="grid gap-3 sm:grid-cols-2">
            {groupKeys.map((g) => (
              <Field
                key={g}
                label={g}
                name={`${at}.filter.${g}`}
                placeholder="any value"
                list={`${at}.filter.${g}.seen`}
                value={charge.filter[g] ?? ''}
                error={errors[`${at}.filter.${g}`] ?? errors[`${at}.filter`]}
                onChange={(e) => {
                  const filter = { ...charge.filter, [g]: e.target.value };
                  if (e.target.value === '') delete filter[g]; // blank: any value counts
                  onChange({ ...charge, filter });
                }}
              />
            ))}
          </div>
          {groupKeys.map((g) => (
            <datalist key={g} id={`${at}.filter.${g}.seen`}>
              {(seen.data?.[g] ?? []).map((v) => (
                <option key={v} value={v} />
              ))}
            </datalist>
          ))}
        </fieldset>
      )}
      {charge.model === 'per_unit' && decimal('unitPrice', 'Unit price', 'Up to 12 decimal places, e.g. 0.000002.')}
      {(charge.model === 'graduated' || charge.model === 'volume') && (
        <fieldset>
          <legend className="text-sm font-medium">Tiers</legend>
          <p className="mb-1 text-xs text-slate-500">
            {charge.model === 'graduated' ? 'Each unit is priced by the tier it falls in.' : 'The whole quantity is priced by the tier the total lands in.'} A tier&apos;s flat price is charged once
            when any unit falls in it.
          </p>
          <TierTable tiers={charge.tiers} errors={errors} path={`${at}.tiers`} readOnly={readOnly} onChange={(tiers) => onChange({ ...charge, tiers })} />
        </fieldset>
      )}
      {charge.model === 'package' && (
        <div className="grid gap-3 sm:grid-cols-2">
          {decimal('packageSize', 'Package size', 'Partial packages round up.')}
          {decimal('packagePrice', 'Package price')}
        </div>
      )}
      <div className="grid gap-3 sm:grid-cols-3">
        {decimal('includedUnits', 'Included units', 'Free each period.')}
        {bound('minimum', 'Minimum')}
        {bound('maximum', 'Maximum')}
      </div>
      </fieldset>
      <PreviewCalculator charge={charge} currency={currency} unit={meter?.unit ?? 'units'} />
    </div>
  );
}

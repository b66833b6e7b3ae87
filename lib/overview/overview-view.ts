import type { ForecastRange, UsageForecast } from '@/lib/forecasts/forecast-usage';

// The one contract for the overview: what the API answers and what the portal and admin pages
// render. Dates are ISO strings; quantities and amounts exact decimal strings.

/** `subjects`: the keys whose usage events count for the customer. */
export type OverviewCustomer = { id: string; name: string; currency: string; timeZone: string; subjects: string[] };

export type OverviewCharge = {
  key: string;
  name: string;
  /** `adjustment`: late usage of an earlier, finalized period, billed on this invoice. */
  type: 'flat' | 'usage' | 'minimum_spend' | 'adjustment';
  meter: { slug: string; name: string; unit: string | null; aggregation: string } | null;
  /** The group values the charge prices (e.g. `{ model: "large" }`); empty for all usage. */
  filter: Record<string, string> | null;
  usageSoFar: string | null;
  /** Included units: how many, how many used so far and how many left; null without any. */
  included: { units: string; used: string; left: string } | null;
  /** The draft's line amount: what this charge costs so far. */
  costSoFar: string;
  forecast: {
    quantity: ForecastRange | null;
    cost: ForecastRange;
    method: UsageForecast['method'] | null;
    confidence: UsageForecast['confidence'] | null;
    note: string | null;
  };
  /** For an adjustment: the invoice whose period it corrects. */
  adjusts: { invoiceId: string; number: string } | null;
};

export type ActiveOverview = {
  status: 'active';
  subscription: { id: string; plan: { key: string; name: string; version: number } };
  /** The live draft the cost so far is the total of. */
  invoice: { id: string; usageTo: string };
  period: { start: string; end: string; timeZone: string; days: number; daysLeft: number; elapsedShare: number };
  currency: string;
  /** The live draft's total, exactly. */
  costSoFar: string;
  forecast: { total: ForecastRange; method: UsageForecast['method']; confidence: UsageForecast['confidence']; note: string };
  charges: OverviewCharge[];
  previous: { invoiceId: string; number: string; total: string; period: { start: string; end: string } } | null;
  /** Plain language: tier crossings, included units used up, above last period. */
  notes: string[];
};

export type InactiveOverview = { status: 'no_subscription'; message: string };

export type CustomerOverview = { customer: OverviewCustomer; at: string } & (ActiveOverview | InactiveOverview);

// The one date format of the portal and invoice pages: "Jan 5, 2026", always in the customer's zone.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, withTime: boolean | 'minutes'): Intl.DateTimeFormat {
  const key = `${timeZone}|${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    const seconds = withTime === true ? ({ second: '2-digit' } as const) : {};
    const time = withTime ? ({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...seconds } as const) : {};
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'short', day: 'numeric', ...time });
    formatters.set(key, f);
  }
  return f;
}

export function formatDate(instant: string | Date, timeZone: string): string {
  return formatter(timeZone, false).format(new Date(instant));
}

export function formatDateTime(instant: string | Date, timeZone: string): string {
  return formatter(timeZone, true).format(new Date(instant));
}

/** The start of a chart's hour or day window: "Jan 5, 2026, 14:00" or "Jan 5, 2026". */
export function formatWindowStart(instant: string | Date, timeZone: string, unit: 'hour' | 'day'): string {
  return formatter(timeZone, unit === 'hour' ? 'minutes' : false).format(new Date(instant));
}

/** A period [start, end) as its first and last local day: "Jan 1, 2026 – Jan 31, 2026". */
export function formatPeriod(period: { start: string; end: string }, timeZone: string): string {
  const lastInstant = new Date(new Date(period.end).getTime() - 1);
  return `${formatDate(period.start, timeZone)} – ${formatDate(lastInstant, timeZone)}`;
}

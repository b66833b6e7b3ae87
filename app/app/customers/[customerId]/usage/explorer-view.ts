import { z } from 'zod';

/**
 * What the explorer shows, as it is kept in the address (`?meter=tokens&range=30&window=HOUR&by=group:model`),
 * so a view can be bookmarked, shared and reloaded. A value that does not fit is left out, and the
 * explorer shows its default there instead of an error.
 */
export type ExplorerView = { meter?: string; range?: string; from?: string; to?: string; window?: 'DAY' | 'HOUR'; by?: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const fields = {
  meter: z.string().regex(/^[a-z0-9]+(?:[_-][a-z0-9]+)*$/).max(63),
  range: z.string().regex(/^(current|7|30|90|custom|period:[0-9TZ:.-]{1,30}\/[0-9TZ:.-]{1,30})$/),
  from: z.string().regex(DATE),
  to: z.string().regex(DATE),
  window: z.enum(['DAY', 'HOUR']),
  by: z.string().regex(/^(none|subject|group:[A-Za-z_][A-Za-z0-9_]{0,62})$/),
};

/** The view a page's search parameters ask for; each parameter on its own, wrong ones dropped. */
export function parseExplorerView(params: Record<string, string | string[] | undefined>): ExplorerView {
  const view: Record<string, string> = {};
  for (const [name, schema] of Object.entries(fields)) {
    const parsed = schema.safeParse(params[name]);
    if (parsed.success) view[name] = parsed.data;
  }
  return view as ExplorerView;
}

/** The search part of the address for a view; defaults are left out, so the plain page has none. */
export function explorerViewSearch(view: ExplorerView): string {
  const params = new URLSearchParams();
  if (view.meter) params.set('meter', view.meter);
  if (view.range && view.range !== 'current') params.set('range', view.range);
  if (view.range === 'custom' && view.from && view.to) {
    params.set('from', view.from);
    params.set('to', view.to);
  }
  if (view.window && view.window !== 'DAY') params.set('window', view.window);
  if (view.by && view.by !== 'none') params.set('by', view.by);
  return params.size ? `?${params}` : '';
}

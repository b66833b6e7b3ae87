import { describe, expect, it } from 'vitest';
import { explorerViewSearch, parseExplorerView } from './explorer-view';

describe('the explorer view in the address', () => {
  it.each([
    ['nothing', {}, {}],
    ['a full view', { meter: 'tokens', range: '30', window: 'HOUR', by: 'group:model' }, { meter: 'tokens', range: '30', window: 'HOUR', by: 'group:model' }],
    ['custom dates', { range: 'custom', from: '2026-11-02', to: '2026-11-03' }, { range: 'custom', from: '2026-11-02', to: '2026-11-03' }],
    ['a past period', { range: 'period:2026-10-15T04:00:00.000Z/2026-11-15T05:00:00.000Z' }, { range: 'period:2026-10-15T04:00:00.000Z/2026-11-15T05:00:00.000Z' }],
    ['each wrong value dropped alone', { meter: 'No Such', range: '14', window: 'WEEK', by: '<script>', from: '2.11.2026', to: '2026-11-03' }, { to: '2026-11-03' }],
    ['a repeated parameter', { window: ['DAY', 'HOUR'] }, {}],
  ])('reads %s', (_name, params, view) => {
    expect(parseExplorerView(params)).toEqual(view);
  });

  it.each([
    ['the defaults, as no search at all', { meter: undefined, range: 'current', window: 'DAY', by: 'none', from: '2026-11-01', to: '2026-11-07' } as const, ''],
    ['custom dates only with a custom range', { range: '7', from: '2026-11-01', to: '2026-11-07' }, '?range=7'],
    ['a full view', { meter: 'tokens', range: 'custom', from: '2026-11-01', to: '2026-11-07', window: 'HOUR', by: 'subject' } as const, '?meter=tokens&range=custom&from=2026-11-01&to=2026-11-07&window=HOUR&by=subject'],
  ])('writes %s', (_name, view, search) => {
    expect(explorerViewSearch(view)).toBe(search);
  });
});

import { describe, expect, it } from 'vitest';
import { hourSpan, splitTiers } from './split-tiers';

const d = (s: string | null) => (s === null ? null : new Date(`2026-11-${s}:00Z`));
const iso = (x: Date | null) => x?.toISOString().slice(8, 16) ?? null;
// Where the hour tier ends in most cases below: after every range.
const LATER = '30T00:00';

describe('hourSpan', () => {
  it.each([
    // from, to, end of the hour tier, the whole hours inside that the tier holds
    ['01T10:00', '01T12:00', LATER, ['01T10:00', '01T12:00']],
    ['01T10:17', '01T12:43', LATER, ['01T11:00', '01T12:00']],
    ['01T10:17', '01T11:43', LATER, null], // no whole hour inside
    ['01T10:17', '01T11:00', LATER, null],
    [null, '01T11:43', LATER, [null, '01T11:00']],
    ['01T10:17', null, LATER, ['01T11:00', LATER]],
    [null, null, LATER, [null, LATER]],
    ['01T10:00', '03T00:00', '02T15:00', ['01T10:00', '02T15:00']], // the tier ends inside the range
    ['01T10:00', '03T00:00', '01T10:00', null], // ... at its start
    ['01T10:00', '03T00:00', null, null], // the tier holds nothing yet
  ] as const)('[%s, %s) with hours until %s holds %j', (from, to, until, expected) => {
    const hours = hourSpan({ from: d(from), to: d(to), hourlyUntil: d(until) });
    expect(hours && [iso(hours.from), iso(hours.to)]).toEqual(expected);
  });
});

describe('splitTiers', () => {
  it.each([
    {
      name: 'whole hours read hour rows only',
      from: '01T00:00', to: '03T00:00', until: LATER, cut: [],
      hours: ['01T00:00', '03T00:00'], except: [], minutes: [],
    },
    {
      name: 'a ragged range reads its partial hours as minutes',
      from: '01T10:17', to: '03T05:43', until: LATER, cut: [],
      hours: ['01T11:00', '03T05:00'], except: [], minutes: [['01T10:17', '01T11:00'], ['03T05:00', '03T05:43']],
    },
    {
      name: 'hours a window boundary cuts (Asia/Kolkata midnight, 18:30 UTC) are read as minutes',
      from: '01T00:00', to: '04T00:00', until: LATER, cut: ['02T18:00', '01T18:00'],
      hours: ['01T00:00', '04T00:00'], except: ['01T18:00', '02T18:00'], minutes: [['01T18:00', '01T19:00'], ['02T18:00', '02T19:00']],
    },
    {
      name: 'a cut hour next to a partial one makes one range',
      from: '01T17:30', to: '03T00:00', until: LATER, cut: ['01T18:00'],
      hours: ['01T18:00', '03T00:00'], except: ['01T18:00'], minutes: [['01T17:30', '01T19:00']],
    },
    {
      name: 'hours after the end of the hour tier are read as minutes',
      from: '01T00:00', to: '03T05:43', until: '02T15:00', cut: [],
      hours: ['01T00:00', '02T15:00'], except: [], minutes: [['02T15:00', '03T05:43']],
    },
    {
      name: 'an open end reads minutes from the end of the hour tier on',
      from: '01T10:17', to: null, until: '02T15:00', cut: [],
      hours: ['01T11:00', '02T15:00'], except: [], minutes: [['01T10:17', '01T11:00'], ['02T15:00', null]],
    },
    {
      name: 'an open start stays open',
      from: null, to: '03T05:43', until: LATER, cut: [],
      hours: [null, '03T05:00'], except: [], minutes: [['03T05:00', '03T05:43']],
    },
    {
      name: 'no whole hour inside: minutes only',
      from: '01T10:17', to: '01T11:43', until: LATER, cut: [],
      hours: null, minutes: [['01T10:17', '01T11:43']],
    },
    {
      name: 'an empty hour tier: minutes only',
      from: '01T00:00', to: '03T00:00', until: null, cut: [],
      hours: null, minutes: [['01T00:00', '03T00:00']],
    },
    {
      name: 'HOUR windows in a +05:45 zone cut every hour: minutes only',
      from: '01T00:00', to: '01T03:00', until: LATER, cut: ['01T00:00', '01T01:00', '01T02:00'],
      hours: null, minutes: [['01T00:00', '01T03:00']],
    },
    {
      name: 'minute windows: minutes only',
      from: '01T00:00', to: '02T00:00', until: LATER, cut: 'all',
      hours: null, minutes: [['01T00:00', '02T00:00']],
    },
  ] as const)('$name', ({ from, to, until, cut, hours, minutes, ...rest }) => {
    const plan = splitTiers({ from: d(from), to: d(to), hourlyUntil: d(until), cutHours: cut === 'all' ? cut : cut.map((c) => d(c)!) });
    expect(plan.hours && [iso(plan.hours.from), iso(plan.hours.to)]).toEqual(hours);
    if ('except' in rest) expect(plan.hours?.except.map(iso)).toEqual(rest.except);
    expect(plan.minutes.map((m) => [iso(m.from), iso(m.to)])).toEqual(minutes);
  });
});

import { describe, expect, it } from 'vitest';
import { draftId, parseDraftId } from './serialize-invoice';

const sub = '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';

describe('draft ids', () => {
  it.each([
    ['a UTC midnight', '2026-01-01T00:00:00.000Z', `draft_${sub}_20260101T000000Z`],
    ['Kathmandu midnight (+05:45)', '2025-12-31T18:15:00.000Z', `draft_${sub}_20251231T181500Z`],
    ['New York midnight in summer', '2026-04-08T04:00:00.000Z', `draft_${sub}_20260408T040000Z`],
  ])('names the period starting at %s and reads back to it', (_, start, id) => {
    expect(draftId(sub, new Date(start))).toBe(id);
    expect(parseDraftId(id)).toEqual({ subscriptionId: sub, periodStart: new Date(start) });
  });

  it.each([
    ['a uuid', sub],
    ['no period', `draft_${sub}`],
    ['a bad subscription id', 'draft_not-a-uuid_20260101T000000Z'],
    ['an impossible date', `draft_${sub}_20261399T000000Z`],
    ['milliseconds', `draft_${sub}_20260101T000000.500Z`],
  ])('refuses %s', (_, id) => {
    expect(parseDraftId(id)).toBeNull();
  });
});

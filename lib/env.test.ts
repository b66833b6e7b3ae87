import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { env, parseEnv } from './env';

describe('parseEnv', () => {
  it('treats empty values as unset, as .env files write them', () => {
    const e = parseEnv({ DATABASE_URL: '', PORT: '', AUTH_SECRET: '', NEXTAUTH_SECRET: 'a-secret-of-enough-length', NEXTAUTH_URL: '', DATA_DIR: '', METERLINE_CONSUMER: '' });
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.PORT).toBe(3000);
    expect(e.authSecret).toBe('a-secret-of-enough-length');
    expect(e.NEXTAUTH_URL).toBeUndefined();
    expect(e.dataDir).toBe(path.resolve('.data'));
    expect(e.METERLINE_CONSUMER).toBe('on');
  });

  it.each([
    ['a URL that is not one', { DATABASE_URL: 'not a url' }, /DATABASE_URL/],
    ['a port out of range', { PORT: '70000' }, /PORT/],
    ['a short secret', { AUTH_SECRET: 'short' }, /AUTH_SECRET/],
    ['an unknown consumer mode', { METERLINE_CONSUMER: 'maybe' }, /METERLINE_CONSUMER/],
  ])('refuses %s, naming the variable', (_name, source, problem) => {
    expect(() => parseEnv(source)).toThrow(problem);
  });

  it('prefers AUTH_SECRET over NEXTAUTH_SECRET and keeps the URL given', () => {
    const e = parseEnv({ AUTH_SECRET: 'first-secret-long-enough', NEXTAUTH_SECRET: 'second-secret-long-enough', DATABASE_URL: 'postgresql://u:p@db:5432/m' });
    expect(e).toMatchObject({ authSecret: 'first-secret-long-enough', DATABASE_URL: 'postgresql://u:p@db:5432/m' });
  });

  it('is immutable', () => {
    const e = parseEnv({}) as { PORT: number };
    expect(() => {
      e.PORT = 1;
    }).toThrow(TypeError);
  });
});

describe('env', () => {
  it('reads the process environment once: later changes to process.env are not seen', () => {
    const first = env();
    const before = process.env.LATE_ARRIVAL_HORIZON_DAYS;
    process.env.LATE_ARRIVAL_HORIZON_DAYS = '7';
    try {
      expect(env()).toBe(first);
      expect(env().LATE_ARRIVAL_HORIZON_DAYS).toBe(first.LATE_ARRIVAL_HORIZON_DAYS);
    } finally {
      if (before === undefined) delete process.env.LATE_ARRIVAL_HORIZON_DAYS;
      else process.env.LATE_ARRIVAL_HORIZON_DAYS = before;
    }
  });
});

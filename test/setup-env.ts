import { inject } from 'vitest';

// Runs before any test module, so before anything reads the environment (once, lib/env.ts).
process.env.DATABASE_URL = inject('databaseUrl');
process.env.NEXTAUTH_SECRET = 'test-secret-for-session-tokens-only';
delete process.env.AUTH_SECRET;

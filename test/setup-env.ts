import { inject } from 'vitest';
import { refreshEnv } from '@/lib/env';

process.env.DATABASE_URL = inject('databaseUrl');
process.env.NEXTAUTH_SECRET = 'test-secret-for-session-tokens-only';
delete process.env.AUTH_SECRET;
refreshEnv();

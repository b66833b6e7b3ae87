import { route } from '@/lib/http/route';

/** Who the caller is: handy for checking a key or a session. */
export const GET = route('read', async ({ principal }) => principal);

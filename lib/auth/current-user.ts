import { cookies } from 'next/headers';
import { forbidden, notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import type { UserPrincipal } from './principal';
import { userFromCookieHeader } from './session';

/** The signed-in user for a page, through the same check the API uses; once per request. */
export const currentUser = cache(async (): Promise<UserPrincipal | null> => {
  const jar = await cookies();
  const header = jar.getAll().map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join('; ');
  return userFromCookieHeader(header || null);
});

/** Who may open a page: any signed-in user, admins only, or one customer's members (and admins). */
export type PageAccess = 'user' | 'admin' | { customerId: string };

/**
 * The first line of every page that shows data: signed-out visitors go to /signin, members get
 * the 403 page on admin pages and the 404 page on another customer's pages, before anything is
 * read. A layout's check is not enough: Next.js renders a page alongside its layout, so a page
 * that reads first streams its data into the response the layout's redirect answers with.
 */
export async function requirePageUser(access: PageAccess = 'user'): Promise<UserPrincipal> {
  const user = await currentUser();
  if (!user) redirect('/signin');
  if (user.role === 'admin') return user;
  if (access === 'admin') forbidden();
  // Another tenant's id looks exactly like one that does not exist, as in the API.
  if (typeof access === 'object' && user.customerId !== access.customerId) notFound();
  return user;
}

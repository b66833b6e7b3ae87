import { removeSubject } from '@/lib/customers/remove-subject';
import { route } from '@/lib/http/route';
import { actorOf } from '@/lib/principals/principal';

/** Takes a subject key from a customer; its counted events stay, later ones wait unattributed. */
export const DELETE = route<{ id: string; key: string }>('admin', async ({ principal, params }) => {
  await removeSubject({ customer: params.id, subject: params.key, actor: actorOf(principal) });
  return new Response(null, { status: 204 });
});

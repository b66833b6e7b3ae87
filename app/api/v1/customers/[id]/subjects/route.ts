import { actorOf } from '@/lib/principals/principal';
import { readJson, route } from '@/lib/http/route';
import { attributeSubject, attributeSubjectInput } from '@/lib/ingest/attribute-subject';

/** Adds a subject key to a customer; events already received for it start counting for the customer. */
export const POST = route<{ id: string }>('admin', async ({ req, principal, params }) => {
  const { subject } = attributeSubjectInput.parse(await readJson(req));
  return Response.json(await attributeSubject({ customerId: params.id, subject, actor: actorOf(principal) }), { status: 201 });
});

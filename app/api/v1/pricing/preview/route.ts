import { readJson, route } from '@/lib/http/route';
import { previewPricing, previewPricingInput } from '@/lib/pricing/preview-pricing';

export const POST = route('read', async ({ req }) => previewPricing(previewPricingInput.parse(await readJson(req))));

import { findVersion } from './find-plan';
import { serializeVersion } from './serialize-plan';

export type GetPlanVersionOptions = { plan: string; number: string | number };

export async function getPlanVersion({ plan: key, number }: GetPlanVersionOptions) {
  const { plan, version } = await findVersion(key, number);
  return serializeVersion(version, plan);
}

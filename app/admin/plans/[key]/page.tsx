import { PlanDetail } from './plan-detail';

export const metadata = { title: 'Plan' };

export default async function PlanPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  return <PlanDetail planKey={decodeURIComponent(key)} />;
}

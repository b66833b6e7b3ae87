import { notFound } from 'next/navigation';
import { VersionPage } from './version-editor';

export const metadata = { title: 'Plan version' };

export default async function PlanVersionPage({ params }: { params: Promise<{ key: string; n: string }> }) {
  const { key, n } = await params;
  if (!/^[1-9]\d{0,8}$/.test(n)) notFound();
  return <VersionPage planKey={decodeURIComponent(key)} n={Number(n)} />;
}

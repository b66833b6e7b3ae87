import type { VersionStatus } from '../use-plans';

const TONES: Record<VersionStatus, string> = {
  draft: 'bg-amber-100 text-amber-900',
  published: 'bg-green-100 text-green-900',
  archived: 'bg-slate-200 text-slate-700',
};

export function StatusBadge({ status }: { status: VersionStatus }) {
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${TONES[status]}`}>{status}</span>;
}

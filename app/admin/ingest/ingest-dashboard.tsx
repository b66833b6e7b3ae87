'use client';

import type { ReactNode } from 'react';
import { Table } from '@/components/form';
import { UnattributedSubjects } from './unattributed-subjects';
import { useIngestOverview } from './use-ingest-overview';

function Section({ id, title, hint, children }: { id: string; title: string; hint?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-2">
      <h2 id={id} className="font-medium">
        {title}
      </h2>
      {hint && <p className="text-sm text-slate-600">{hint}</p>}
      {children}
    </section>
  );
}

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function IngestDashboard() {
  const { data, error, isPending } = useIngestOverview();
  if (isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (error) return <p role="alert" className="text-sm text-red-700">Could not load ingest data: {error.message}</p>;
  const totals = (outcome: string) => data.last24h.filter((r) => r.outcome === outcome).reduce((n, r) => n + r.events, 0);
  const cards = [
    { label: 'Accepted / s (last minute)', value: fmt.format(data.rates.perSecondLastMinute) },
    { label: 'Accepted (24 h)', value: fmt.format(totals('accepted')) },
    { label: 'Duplicates (24 h)', value: fmt.format(totals('duplicate')) },
    { label: 'Conflicts (24 h)', value: fmt.format(totals('conflict')) },
    { label: 'Rejected (24 h)', value: fmt.format(totals('rejected')) },
    { label: 'Rollup lag (s)', value: fmt.format(data.consumer.lagSeconds) },
  ];
  const rejectedByCode = data.last24h.filter((r) => r.outcome === 'rejected');
  return (
    <div className="space-y-8">
      <ul className="grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-6" aria-label="Ingest totals">
        {cards.map((c) => (
          <li key={c.label} className="rounded-xl border border-slate-200 bg-white p-3">
            <p className="text-xs text-slate-600">{c.label}</p>
            <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid={`stat-${c.label}`}>
              {c.value}
            </p>
          </li>
        ))}
      </ul>

      {rejectedByCode.length > 0 && (
        <Section id="rejected-codes" title="Rejected by code (24 h)">
          <Table label="Rejected events by code" head={['Code', 'Events']}>
            {rejectedByCode.map((r) => (
              <tr key={r.code}>
                <td className="px-4 py-2 font-mono text-xs">{r.code}</td>
                <td className="px-4 py-2">{r.events}</td>
              </tr>
            ))}
          </Table>
        </Section>
      )}

      <Section id="unattributed" title="Unattributed subjects" hint="Events whose subject no customer owns are kept. Map the subject to a customer and they count for it.">
        <UnattributedSubjects subjects={data.unattributedSubjects} />
      </Section>

      <Section id="types" title="Event types" hint="Every type received. An unmetered type is kept but counted by no meter: add a meter for it, or fix the producer.">
        {data.eventTypes.length === 0 ? (
          <p className="text-sm text-slate-600">No events yet. Send some to POST /api/v1/events with an ingest key.</p>
        ) : (
          <Table label="Event types" head={['Type', 'Meters', 'Events', 'Last seen']}>
            {data.eventTypes.map((t) => (
              <tr key={t.type}>
                <td className="px-4 py-2 font-mono text-xs">{t.type}</td>
                <td className="px-4 py-2 text-xs">
                  {t.meters.length ? t.meters.join(', ') : <span className="rounded bg-amber-100 px-1 text-amber-900">unmetered</span>}
                </td>
                <td className="px-4 py-2">{t.events}</td>
                <td className="px-4 py-2">{new Date(t.lastSeen).toLocaleString()}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>

      {data.conflicts.length > 0 && (
        <Section id="conflicts" title="Conflicts" hint="The same (source, id) sent again with other content. The first write counted; these were not.">
          <Table label="Conflicts" head={['Received', 'Source', 'Id', 'Rejected content']}>
            {data.conflicts.map((c) => (
              <tr key={c.id} className="align-top">
                <td className="whitespace-nowrap px-4 py-2">{new Date(c.receivedAt).toLocaleString()}</td>
                <td className="px-4 py-2 font-mono text-xs">{c.source}</td>
                <td className="px-4 py-2 font-mono text-xs">{c.eventId}</td>
                <td className="max-w-md px-4 py-2 font-mono text-xs break-all">{JSON.stringify(c.event)}</td>
              </tr>
            ))}
          </Table>
        </Section>
      )}

      {data.rejections.length > 0 && (
        <Section id="rejections" title="Recent rejections">
          <Table label="Recent rejections" head={['Received', 'Code', 'Message', 'Event']}>
            {data.rejections.map((r) => (
              <tr key={r.id} className="align-top">
                <td className="whitespace-nowrap px-4 py-2">{new Date(r.receivedAt).toLocaleString()}</td>
                <td className="px-4 py-2 font-mono text-xs">{r.code}</td>
                <td className="px-4 py-2">{r.message}</td>
                <td className="max-w-md px-4 py-2 font-mono text-xs break-all">{JSON.stringify(r.event)}</td>
              </tr>
            ))}
          </Table>
        </Section>
      )}

      <Section id="recent" title="Recent events">
        {data.recentEvents.length === 0 ? (
          <p className="text-sm text-slate-600">No events yet.</p>
        ) : (
          <Table label="Recent events" head={['Time', 'Subject', 'Type', 'Source', 'Id', 'Data']}>
            {data.recentEvents.map((e) => (
              <tr key={`${e.event.source}/${e.event.id}`} className="align-top">
                <td className="whitespace-nowrap px-4 py-2">{new Date(e.event.time).toLocaleString()}</td>
                <td className="px-4 py-2 font-mono text-xs">
                  {e.event.subject}
                  {e.customerId === null && <span className="ml-1 rounded bg-amber-100 px-1 text-amber-900">unattributed</span>}
                </td>
                <td className="px-4 py-2 font-mono text-xs">{e.event.type}</td>
                <td className="px-4 py-2 font-mono text-xs">{e.event.source}</td>
                <td className="px-4 py-2 font-mono text-xs break-all">{e.event.id}</td>
                <td className="max-w-xs px-4 py-2 font-mono text-xs break-all">{JSON.stringify(e.event.data)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </div>
  );
}

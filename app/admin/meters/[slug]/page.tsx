import { PageHeader } from '@/components/app-shell';
import { Table } from '@/components/form';
import { UsageSummary } from '@/components/usage-summary';
import { db } from '@/lib/db/prisma';
import { orNotFound } from '@/lib/http/or-not-found';
import { findMeter } from '@/lib/meters/find-meter';
import { serializeMeter } from '@/lib/meters/serialize-meter';
import { monthOf } from '@/lib/periods/zoned-time';
import { EditMeter } from './edit-meter';
import { MeterBreakdown } from './meter-breakdown';
import { requirePageUser } from '@/lib/auth/current-user';

export default async function MeterPage({ params }: { params: Promise<{ slug: string }> }) {
  await requirePageUser('admin');
  const { slug } = await params;
  const meter = await orNotFound(findMeter(decodeURIComponent(slug)));
  const errors = await db().meterValueError.findMany({ where: { meterId: meter.id }, orderBy: { seq: 'desc' }, take: 20 });
  const month = monthOf(new Date(), 'UTC');
  const dto = JSON.parse(JSON.stringify(serializeMeter(meter)));
  const period = { from: month.start.toISOString(), to: month.end.toISOString(), timeZone: 'UTC' };
  return (
    <>
      <PageHeader title={meter.name} description={`${meter.aggregation} of ${meter.valueProperty ?? 'events'} over "${meter.eventType}" events`} />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <section aria-labelledby="usage" className="space-y-2">
          <h2 id="usage" className="font-medium">
            This month, all customers (UTC)
          </h2>
          <UsageSummary only={meter.slug} period={period} />
          <MeterBreakdown meter={dto} period={period} />
          <h2 className="pt-4 font-medium">Events this meter could not count</h2>
          {errors.length === 0 ? (
            <p className="text-sm text-slate-600">None: every event of this type had a usable value.</p>
          ) : (
            <Table label="Unusable values" head={['Event time', 'Source', 'Id', 'Value found']}>
              {errors.map((e) => (
                <tr key={e.seq.toString()}>
                  <td className="px-4 py-2">{e.time.toISOString()}</td>
                  <td className="px-4 py-2 font-mono text-xs">{e.source}</td>
                  <td className="px-4 py-2 font-mono text-xs">{e.eventId}</td>
                  <td className="px-4 py-2 font-mono text-xs">{e.value === null ? 'missing' : JSON.stringify(e.value)}</td>
                </tr>
              ))}
            </Table>
          )}
        </section>
        <EditMeter meter={dto} />
      </div>
    </>
  );
}


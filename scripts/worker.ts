// `npm run worker`: a stream consumer and invoice finalizer on its own node. Safe next to the app's
// own and other workers: only the one holding the offset consumes at a time
// (lib/rollups/consume-batch.ts), and finalizers agree through the numbering lock.
import { closeDb } from '@/lib/db/prisma';
import { env } from '@/lib/env';
import { runFinalizer } from '@/lib/invoices/run-finalizer';
import { runConsumer } from '@/lib/rollups/run-consumer';
import { bootstrap } from '@/lib/runtime/bootstrap';
import { onStopRequest } from '@/lib/runtime/on-stop-request';

const log = (line: string) => console.log(`[meterline worker] ${line}`);

async function main() {
  const runtime = await bootstrap({ owner: false, log });
  const consumer = runConsumer({ log });
  const finalizer = env().METERLINE_FINALIZER === 'on' ? runFinalizer({ log }) : null;
  log(`consuming the event log into rollups${finalizer ? ' and finalizing invoices' : ''}`);
  const stop = async () => {
    await Promise.all([consumer.stop(), finalizer?.stop()]);
    await closeDb().catch(() => {});
    await runtime.stop();
    process.exit(0);
  };
  onStopRequest(() => void stop());
}

main().catch((err) => {
  console.error(`[meterline worker] failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

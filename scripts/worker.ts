// `npm run worker`: a stream consumer on its own node. Safe next to the app's own consumer
// and other workers: only the one holding the offset works at a time (lib/rollups/consume-batch.ts).
import { closeDb } from '@/lib/db/prisma';
import { runConsumer } from '@/lib/rollups/run-consumer';
import { bootstrap } from '@/lib/runtime/bootstrap';
import { onStopRequest } from '@/lib/runtime/on-stop-request';

const log = (line: string) => console.log(`[meterline worker] ${line}`);

async function main() {
  const runtime = await bootstrap({ owner: false, log });
  const consumer = runConsumer({ log });
  log('consuming the event log into rollups');
  const stop = async () => {
    await consumer.stop();
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

/**
 * Calls `stop` once on SIGINT or SIGTERM, or when this process's parent goes away. npm runs
 * scripts through `sh -c` and forwards SIGTERM only to that shell, which dies without passing
 * it on; the script is then re-parented, and this notices within a second instead of leaving
 * Next.js and PostgreSQL running with no one to stop them.
 */
export function onStopRequest(stop: () => void): void {
  let requested = false;
  const once = () => {
    if (requested) return;
    requested = true;
    clearInterval(watch);
    stop();
  };
  process.on('SIGINT', once);
  process.on('SIGTERM', once);
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== parent) once();
  }, 1000);
  watch.unref();
}

/**
 * What `npm start -- --fresh --data-dir <dir>` does (infra/local/main.ts), plus what the startup section
 * measures and main.ts does not expose: markers for "ready", "every function loaded once" (main.ts only
 * builds the bundles and loads a function on its first call) and "stopped". Free ports, so it never meets a running cloud.
 * Launched by bench/startup.ts with `node --import tsx`, as `npm start` runs main.ts.
 *
 * Usage: node --import tsx bench/startup-child.ts <data-dir> [--keep-data]
 * Prints the usual banner, then one marker line per milestone for the parent:
 *   BENCH_READY {"uptimeMs":…}  BENCH_PREWARMED {"uptimeMs":…}  BENCH_STOPPED {}
 */
import '../infra/local/quiet-sdk-warning';
import { launchLocalCloud } from '../infra/local/launch';
import { STARTUP_MARKERS as MARKERS } from './startup';

const mark = (marker: string, data: Record<string, unknown> = {}) => console.log(`${marker} ${JSON.stringify(data)}`);

async function main(dataDir: string): Promise<void> {
  // prewarm: false + the explicit call below: main.ts only builds the bundles; this also loads every function.
  const cloud = await launchLocalCloud({ dataDir, apiPort: 0, awsPort: 0, fresh: !keepData, seed: true, prewarm: false });
  // Every function loaded once (the warm-sandbox cap applies), which is when memory peaks.
  const prewarmed = cloud.lambda.prewarm(cloud.model.functions.map((fn) => fn.name));
  const { renderBanner } = await import('../infra/local/banner');
  console.log(await renderBanner(cloud, process.uptime() * 1000));
  mark(MARKERS.ready, { uptimeMs: process.uptime() * 1000, dynamodbPid: cloud.dynamodb.pid ?? null, functions: cloud.model.functions.length });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await cloud.stop();
    mark(MARKERS.stopped);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  await prewarmed;
  if (!stopping) mark(MARKERS.prewarmed, { uptimeMs: process.uptime() * 1000 });
}

const dataDir = process.argv[2];
/** `--keep-data`: start on what the data dir holds, as a plain `npm start` does (default: `--fresh`). */
const keepData = process.argv.includes('--keep-data');
if (!dataDir) {
  console.error('usage: tsx bench/startup-child.ts <data-dir>');
  process.exit(2);
}
main(dataDir).catch((error: unknown) => {
  console.error(`The local cloud did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

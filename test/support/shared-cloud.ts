/**
 * One local cloud for the end-to-end files (the brief: share one local cloud, seed per test). The
 * integration project runs its files one after another in one worker without isolation (vitest.config.ts),
 * so this module, and the cloud it starts, live once for all of them: started on first use, seeded once with
 * the demo data, each test creating the entities it needs under ids of its own. The worker's exit ends it (the
 * DynamoDB Local JVM runs under a watchdog that goes with its parent); the global setup removes its data dir.
 *
 * A file that needs different settings (a shorter review window, a fixture template) or a cloud to crash
 * still starts its own with `startTestCloud`.
 */
import { join } from 'node:path';
import { inject } from 'vitest';
import { startTestCloud, type TestCloud } from './local-cloud';

let shared: Promise<TestCloud> | undefined;

/** The shared cloud; its `stop()` does nothing (the next file still needs it). */
export function sharedTestCloud(): Promise<TestCloud> {
  shared ??= startTestCloud({ seed: true, dataDir: join(inject('sharedCloudRoot'), 'cloud') }).then((cloud) => ({ ...cloud, stop: async () => undefined }));
  return shared;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** A temp dir for the shared cloud's data, removed by the global setup once every file ran. */
    sharedCloudRoot: string;
  }
}

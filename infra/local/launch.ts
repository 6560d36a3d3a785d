/**
 * How `npm start` (main.ts) and the startup bench start the local cloud. DynamoDB Local's JVM is the
 * longest part of a start (seconds of class loading), so it is launched first, from this light module,
 * and boots while the rest of the cloud's modules load (cloud.ts is imported only then, ~2 s of it).
 */
import type { LocalCloud, LocalCloudOptions } from './cloud';
import { resetData } from './data-dir';
import { hasSupportedJava, JAVA_HINT, javaOnPath, startDynamoDbLocal } from './dynamodb/server';
import { freshSnapshotKey, restoreFreshSnapshot, saveFreshSnapshot } from './fresh-snapshot';

/** No Java 17+ on PATH: DynamoDB Local cannot run. Its message is the fix. */
export class JavaMissingError extends Error {
  constructor() {
    super(JAVA_HINT);
    this.name = 'JavaMissingError';
  }
}

export interface LaunchOptions extends LocalCloudOptions {
  /**
   * `--fresh`: delete the data dir first (before DynamoDB Local opens it; the issuer's keys stay). The
   * freshly created and seeded table is kept as a snapshot and copied back on the next fresh start.
   */
  readonly fresh?: boolean;
}

export async function launchLocalCloud({ fresh, ...options }: LaunchOptions): Promise<LocalCloud> {
  // No Java at all: say so before anything starts. Its version is asked only if the start fails (below).
  if (!javaOnPath()) throw new JavaMissingError();
  const afterSeed = fresh ? startFresh(options) : undefined;
  const dynamoDb = startDynamoDbLocal({ dataDir: options.dataDir, inMemory: options.inMemory, readyTimeoutMs: options.readyTimeoutMs });
  dynamoDb.catch(() => undefined); // the cloud awaits it and reports a failure
  const { startLocalCloud } = await import('./cloud');
  try {
    return await startLocalCloud({ ...options, dynamoDb, afterSeed });
  } catch (error) {
    // Too old a Java fails the JVM's start; asking its version up front would cost a JVM start every time.
    if (!(await hasSupportedJava())) throw new JavaMissingError();
    throw error;
  }
}

/** Empties the data dir and restores the snapshot of a fresh seeded table; else says how to keep one. */
function startFresh(options: LocalCloudOptions): (() => void) | undefined {
  resetData(options.dataDir);
  if (options.inMemory || options.seed === false || options.template) return undefined;
  const key = freshSnapshotKey(options.context);
  if (restoreFreshSnapshot(options.dataDir, key)) return undefined;
  return () => saveFreshSnapshot(options.dataDir, key);
}

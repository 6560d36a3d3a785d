import { defineConfig } from 'vitest/config';

// Two layers: fast tests without the local cloud (pure domain, handlers with mocked adapters, infra
// assertions and cdk-nag, the local cloud's own modules) and tests on the running local cloud
// (DynamoDB Local, real HTTP, real JWTs): workflows on the template's ASL and end-to-end scenarios.
// The AWS SDK warns about Node 20's support window on every client; the machines run Node 20 on purpose.
// Handler tests sign pagination tokens with a test key (the local cloud's functions get theirs from the template).
const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', PAGINATION_SECRET: 'test-pagination-secret' };

// What every file without the local cloud shares: the unit tests' table name and silent loggers (a test
// that reads log lines sets its own level, in a process of its own: see `unit-isolated`).
const unitEnv = { ...env, TABLE_NAME: 'operations', POWERTOOLS_LOG_LEVEL: 'SILENT' };

/**
 * Files that need a process of their own: they spawn or signal processes, start clouds, or read what only a
 * fresh module graph shows (a logger's cold start).
 */
const ISOLATED = ['test/local/**/*.test.ts', 'test/unit/http/log-context.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          env: unitEnv,
          // Vitest's default is one worker less than the cores: one on the 2-core machines this runs on. These
          // files are independent, so they use both cores — before the end-to-end files, which run in one worker
          // (below) and are kept a group of their own (projects in one group share a worker count).
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
          // One module graph per worker, not per file: aws-cdk-lib, zod and the SDK are imported twice instead
          // of once per file (~75 CPU-s instead of ~340 for these files). So no file may leave state behind: a
          // file sets no environment the others do not share (unitEnv) and restores what it stubs.
          isolate: false,
          include: ['test/unit/**/*.test.ts', 'test/handlers/**/*.test.ts', 'test/infra/**/*.test.ts'],
          exclude: ISOLATED,
          testTimeout: 30_000,
          // A synthesis in a hook takes ~10 s alone, minutes on a machine busy with other work.
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'unit-isolated',
          env: unitEnv,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
          include: ISOLATED,
          testTimeout: 30_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'integration',
          env,
          // One worker runs the files one after another without isolation, so they share one local cloud
          // (test/support/shared-cloud.ts); the global setup owns its data dir.
          isolate: false,
          globalSetup: ['test/support/shared-cloud-setup.ts'],
          sequence: { groupOrder: 1 },
          include: ['test/workflows/**/*.test.ts', 'test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

// Two layers: fast tests without the local cloud (pure domain, handlers with mocked adapters, infra
// assertions and cdk-nag, the local cloud's own modules) and tests on the running local cloud
// (DynamoDB Local, real HTTP, real JWTs): workflows on the template's ASL and end-to-end scenarios.
// The AWS SDK warns about Node 20's support window on every client; the machines run Node 20 on purpose.
// Handler tests sign pagination tokens with a test key (the local cloud's functions get theirs from the template).
const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', PAGINATION_SECRET: 'test-pagination-secret' };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          env,
          // Vitest's default is one worker less than the cores: one on the 2-core machines this runs on. These
          // files are independent, so they use both cores — before the end-to-end files, which run in one worker
          // (below) and are kept a group of their own (projects in one group share a worker count).
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
          include: ['test/unit/**/*.test.ts', 'test/handlers/**/*.test.ts', 'test/infra/**/*.test.ts', 'test/local/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
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

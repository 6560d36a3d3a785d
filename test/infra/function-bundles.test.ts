import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { OPS_FUNCTION_ESBUILD_OPTIONS } from '../../infra/constructs/ops-function';
import { REPO_ROOT } from '../../infra/constructs/repo';

/** The inputs esbuild puts in one function's deployed bundle (same options as OpsFunction), relative to the repo. */
const bundledInputs = async (entry: string): Promise<string[]> => {
  const { banner, ...options } = OPS_FUNCTION_ESBUILD_OPTIONS;
  const result = await build({
    ...options,
    mainFields: [...options.mainFields],
    external: [...options.external],
    alias: { ...options.alias },
    banner: { ...banner },
    entryPoints: [path.join(REPO_ROOT, entry)],
    outdir: path.join(REPO_ROOT, 'bench', '.bundles', 'test'),
    write: false,
    metafile: true,
    absWorkingDir: REPO_ROOT,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs).find((out) => out.entryPoint);
  return Object.entries(output?.inputs ?? {})
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([input]) => input);
};

const sdk = (inputs: readonly string[]) => inputs.filter((input) => /node_modules\/@(aws-sdk|smithy)\//.test(input));

describe('each function bundles only what it uses', () => {
  it.each(['functions/platform/health.ts', 'functions/platform/openapi.ts'])('%s bundles no AWS SDK', async (entry) => {
    const inputs = await bundledInputs(entry);
    expect(inputs).toContain('shared/http/pipeline.ts');
    expect(sdk(inputs)).toEqual([]);
  });

  it('a read bundles the DynamoDB client it reads with, but no idempotency store', async () => {
    const inputs = await bundledInputs('functions/suppliers/get-supplier.ts');
    expect(inputs.some((input) => input.includes('node_modules/@aws-sdk/client-dynamodb/'))).toBe(true);
    expect(inputs).not.toContain('shared/http/idempotency.ts');
    expect(inputs).not.toContain('shared/adapters/idempotency-store.ts');
  });

  it('a mutating route bundles the idempotency store; no bundle carries the node credential chain', async () => {
    const inputs = await bundledInputs('functions/suppliers/submit-application.ts');
    expect(inputs).toContain('shared/http/idempotency.ts');
    expect(inputs).toContain('shared/adapters/idempotency-store.ts');
    expect(inputs).toContain('shared/adapters/env-credentials.ts');
    expect(inputs.filter((input) => /credential-provider-(node|ini|sso|web-identity|imds)/.test(input))).toEqual([]);
  });
}, 60_000);

import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** eslint.config.js enforces docs/architecture.md's boundary table; each row refuses what it must. */
const eslint = new ESLint({ overrideConfig: { rules: { '@typescript-eslint/no-unused-vars': 'off' } } });

const refusals = async (filePath: string, code: string): Promise<string[]> => {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'boundaries/imports').map((message) => message.message);
};

describe('the boundary table is enforced for every folder', () => {
  it.each([
    ['shared/domain/orders/x.ts', "import { a } from '../errors'; import { b } from './order';"],
    ['shared/contracts/x.ts', "import * as z from 'zod'; import { a } from '../domain/errors'; import { b } from './route';"],
    ['shared/adapters/x.ts', "import { a } from '@aws-sdk/lib-dynamodb'; import { b } from '../contracts/pagination'; import { c } from './dynamo';"],
    ['shared/http/x.ts', "import middy from '@middy/core'; import { a } from '../adapters/dynamo'; import { b } from '../contracts/route';"],
    ['shared/tasks/x.ts', "import { a } from '../adapters/logger'; import { b } from '../domain/errors';"],
    ['functions/inventory/x.ts', "import { a } from '../../shared/adapters/supplier-access'; import { b } from './stock-view';"],
    ['workflows/order-fulfilment/x.ts', "import { a } from 'aws-cdk-lib/aws-stepfunctions'; import { b } from '../lambda-steps';"],
    ['infra/constructs/x.ts', "import { a } from './repo'; import { b } from '../../shared/contracts/route';"],
    ['infra/local/x.ts', "import { a } from '../constructs/repo'; import { b } from '../../shared/adapters/dynamo';"],
    ['bench/x.ts', "import { a } from '../infra/local/cloud'; import { b } from '../test/support/api';"],
  ])('%s may import what its row allows', async (file, code) => {
    expect(await refusals(file, code)).toEqual([]);
  });

  it.each([
    ['shared/domain/orders/x.ts', "import { createHash } from 'node:crypto';"],
    ['shared/domain/orders/x.ts', "import { a } from '../../contracts/common';"],
    ['shared/contracts/x.ts', "import { a } from '../http/pagination';"],
    ['shared/adapters/x.ts', "import { a } from '../tasks/task-handler';"],
    ['shared/adapters/x.ts', "import { a } from '../http/problem';"],
    ['shared/http/x.ts', "import { GetCommand } from '@aws-sdk/lib-dynamodb';"],
    ['shared/tasks/x.ts', "import { a } from '../http/handler';"],
    ['functions/inventory/x.ts', "import { a } from '../catalog/access';"],
    ['functions/orders/x.ts', "export { a } from '../../infra/local/model';"],
    ['workflows/order-fulfilment/x.ts', "import { a } from '../../shared/adapters/dynamo';"],
    ['infra/constructs/x.ts', "import { a } from '../local/model';"],
    ['infra/stacks/x.ts', "import { a } from '../../functions/orders/place-order';"],
  ])('%s refuses %s', async (file, code) => {
    expect(await refusals(file, code)).toHaveLength(1);
  });
}, 60_000);

describe('the contracts stay on zod/mini', () => {
  it.each(['shared/contracts/x.ts', 'functions/orders/x.ts', 'workflows/x.ts'])('%s may not import classic zod', async (filePath) => {
    const [result] = await eslint.lintText("import { z } from 'zod';\nexport const schema = z;\n", { filePath });
    expect((result?.messages ?? []).map((message) => message.ruleId)).toContain('no-restricted-imports');
  });

  it('allows zod/mini through shared/contracts/z.ts', async () => {
    const [result] = await eslint.lintText("import { z } from './z';\nexport const schema = z;\n", { filePath: 'shared/contracts/x.ts' });
    expect((result?.messages ?? []).map((message) => message.ruleId)).not.toContain('no-restricted-imports');
  });
});

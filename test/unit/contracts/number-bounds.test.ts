import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { allRoutes } from '../../../shared/contracts/routes';

type Schema = { type?: string | string[]; minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number; [key: string]: unknown };

/** Every number or integer anywhere in a JSON schema, with its path. */
function numbersIn(schema: unknown, path: string, found: Array<[string, Schema]> = []): Array<[string, Schema]> {
  if (Array.isArray(schema)) schema.forEach((item, index) => numbersIn(item, `${path}[${index}]`, found));
  else if (schema !== null && typeof schema === 'object') {
    const node = schema as Schema;
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (types.includes('number') || types.includes('integer')) found.push([path, node]);
    for (const [key, value] of Object.entries(node)) numbersIn(value, `${path}.${key}`, found);
  }
  return found;
}

describe('every number a route accepts is bounded (issue 8: no 2^53 - 1 carrier price)', () => {
  const inputs = allRoutes.flatMap((route) =>
    (['body', 'query', 'pathParams'] as const).flatMap((part) => {
      const schema = route[part];
      return schema ? [[`${route.operationId}.${part}`, z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })] as const] : [];
    }),
  );

  it('has inputs to check', () => {
    expect(inputs.length).toBeGreaterThan(10);
  });

  it.each(inputs)('%s: a minimum and a maximum on each number', (_name, jsonSchema) => {
    // z.int() alone says ±(2^53 - 1): that is no bound at all.
    const bounded = (value: number | undefined) => value !== undefined && Math.abs(value) < Number.MAX_SAFE_INTEGER;
    const unbounded = numbersIn(jsonSchema, '$')
      .filter(([, node]) => !bounded(node.minimum ?? node.exclusiveMinimum) || !bounded(node.maximum ?? node.exclusiveMaximum))
      .map(([path]) => path);
    expect(unbounded).toEqual([]);
  });
});

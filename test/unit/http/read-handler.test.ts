import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineRoute, isIdempotent } from '../../../shared/contracts/route';
import { allRoutes } from '../../../shared/contracts/routes';
import { notFound } from '../../../shared/domain/errors';
import { httpHandler } from '../../../shared/http/handler';
import { readHandler } from '../../../shared/http/read-handler';
import { httpEvent, lambdaContext, operatorClaims, supplierClaims } from './http-event';

const REPO_ROOT = path.resolve(__dirname, '../../..');

const getThing = defineRoute({
  operationId: 'getThing',
  method: 'GET',
  path: '/things/{id}',
  summary: 'Get a thing',
  tags: ['test'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/test/get-thing.ts',
  pathParams: z.object({ id: z.string().regex(/^T\d+$/) }),
  response: { status: 200, description: 'A thing', schema: z.object({ id: z.string() }) },
});

const createThing = defineRoute({
  operationId: 'createThing',
  method: 'POST',
  path: '/things',
  summary: 'Create a thing',
  tags: ['test'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/test/create-thing.ts',
  body: z.object({ name: z.string() }),
  response: { status: 201, description: 'Created', schema: z.object({ id: z.string() }) },
});

describe('readHandler', () => {
  it('refuses a route that honours Idempotency-Key when the function loads', () => {
    expect(isIdempotent(createThing)).toBe(true);
    expect(() => readHandler(createThing, async () => ({ id: 'T1' }))).toThrow(
      /POST \/things \(createThing\) honours Idempotency-Key: build it with httpHandler/,
    );
  });

  it('answers exactly as httpHandler does for a read: success, validation, auth and domain errors', async () => {
    const work = async ({ path: { id } }: { path: { id: string } }) => {
      if (id === 'T404') throw notFound('Thing', id);
      return { id };
    };
    const read = readHandler(getThing, work);
    const full = httpHandler(getThing, work);
    const events = [
      httpEvent({ path: '/things/T1', pathParameters: { id: 'T1' }, claims: operatorClaims, headers: { 'x-correlation-id': 'c-1' } }),
      httpEvent({ path: '/things/T404', pathParameters: { id: 'T404' }, claims: operatorClaims, requestId: 'r-2' }),
      httpEvent({ path: '/things/bad', pathParameters: { id: 'bad' }, claims: operatorClaims, requestId: 'r-3' }),
      httpEvent({ path: '/things/T1', pathParameters: { id: 'T1' }, claims: supplierClaims, requestId: 'r-4' }),
      httpEvent({ path: '/things/T1', pathParameters: { id: 'T1' }, requestId: 'r-5' }),
    ];
    const statuses: number[] = [];
    for (const event of events) {
      const expected = await full(structuredClone(event), lambdaContext);
      const actual = await read(structuredClone(event), lambdaContext);
      expect(actual).toEqual(expected);
      statuses.push(actual.statusCode ?? 0);
    }
    expect(statuses).toEqual([200, 404, 400, 403, 401]);
  });
});

describe('every HTTP function bundles idempotency only when its route honours Idempotency-Key', () => {
  it.each(allRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))('%s', (_name, route) => {
    const source = readFileSync(path.join(REPO_ROOT, route.handlerEntry), 'utf8');
    if (isIdempotent(route)) {
      expect(source).toMatch(/import \{ httpHandler \} from '..\/..\/shared\/http\/handler'/);
    } else if (route.auth.type === 'storefront-key') {
      expect(source).toMatch(/import \{ storefrontHandler \} from '..\/..\/shared\/http\/storefront-handler'/);
      expect(source).not.toMatch(/shared\/http\/(handler|idempotency)'/);
    } else {
      expect(source).toMatch(/import \{ readHandler \} from '..\/..\/shared\/http\/read-handler'/);
      expect(source).not.toMatch(/shared\/http\/(handler|idempotency)'/);
    }
  });
});

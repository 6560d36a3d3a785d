import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { buildOpenApiDocument } from '../../../shared/contracts/openapi';
import { allRoutes } from '../../../shared/contracts/routes';
import { platformRoutes } from '../../../shared/contracts/platform';
import { defineRoute, isIdempotent } from '../../../shared/contracts/route';
import { paginated } from '../../../shared/contracts/common';
import { paginationQuery } from '../../../shared/contracts/pagination';

type Operation = {
  operationId: string;
  security: unknown[];
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
  'x-roles'?: string[];
};
type Document = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> } };

const listWidgets = defineRoute({
  operationId: 'listWidgets',
  method: 'GET',
  path: '/widgets',
  summary: 'List widgets',
  tags: ['widgets'],
  auth: { type: 'jwt', roles: ['operator', 'warehouse'] },
  handlerEntry: 'functions/widgets/list.ts',
  query: z.object({ colour: z.enum(['red', 'blue']), ...paginationQuery }),
  response: { status: 200, description: 'A page', schema: paginated(z.object({ id: z.string() })) },
});
const createWidget = defineRoute({
  operationId: 'createWidget',
  method: 'POST',
  path: '/widgets/{id}',
  summary: 'Create a widget',
  tags: ['widgets'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/widgets/create.ts',
  pathParams: z.object({ id: z.string() }),
  body: z.object({ name: z.string() }),
  response: { status: 201, description: 'Created', schema: z.object({ id: z.string() }) },
  errors: [404],
});

const expectResolvableRefs = (doc: Document) => {
  const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
  expect(refs.length).toBeGreaterThan(0);
  for (const ref of refs) {
    const name = /#\/components\/schemas\/([^"]+)/.exec(ref)?.[1];
    expect(name, ref).toBeDefined();
    expect(doc.components.schemas[name ?? ''], ref).toBeDefined();
  }
};

const operation = (doc: Document, path: string, method: string): Operation => {
  const op = doc.paths[path]?.[method];
  if (!op) throw new Error(`${method} ${path} missing`);
  return op;
};

describe('buildOpenApiDocument', () => {
  const doc = buildOpenApiDocument([platformRoutes.health, listWidgets, createWidget]) as Document;

  it('is OpenAPI 3.1 with a bearer JWT scheme and the Problem schema', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(doc.components.schemas.Problem).toMatchObject({ type: 'object', required: expect.arrayContaining(['type', 'status', 'code']) });
  });

  it('documents security and roles per route', () => {
    expect(operation(doc, '/health', 'get').security).toEqual([]);
    const list = operation(doc, '/widgets', 'get');
    expect(list.security).toEqual([{ bearerAuth: [] }]);
    expect(list['x-roles']).toEqual(['operator', 'warehouse']);
  });

  it('lists path, query and pagination parameters, and Idempotency-Key only where honoured', () => {
    const list = operation(doc, '/widgets', 'get');
    expect(list.parameters?.map((p) => [p.name, p.in, p.required])).toEqual([
      ['colour', 'query', true],
      ['limit', 'query', false],
      ['nextToken', 'query', false],
    ]);
    const create = operation(doc, '/widgets/{id}', 'post');
    expect(create.parameters?.map((p) => [p.name, p.in, p.required])).toEqual([
      ['id', 'path', true],
      ['Idempotency-Key', 'header', false],
    ]);
    expect(create.requestBody).toMatchObject({ required: true });
  });

  it('marks a body that is all optional as one that may be left out (POST /orders/{id}/cancel)', () => {
    const full = buildOpenApiDocument(allRoutes) as Document;
    expect(operation(full, '/orders/{id}/cancel', 'post').requestBody).toMatchObject({ required: false });
    expect(operation(full, '/orders', 'post').requestBody).toMatchObject({ required: true });
  });

  it('answers errors as problem+json, including the route-declared ones', () => {
    const create = operation(doc, '/widgets/{id}', 'post');
    expect(Object.keys(create.responses)).toEqual(['201', '400', '401', '403', '404', '409', '413', '415', '422', '500']);
    expect(create.responses['404']?.content?.['application/problem+json']?.schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(Object.keys(operation(doc, '/health', 'get').responses)).toEqual(['200', '500']);
  });

  it('keeps every $ref resolvable inside the document', () => {
    expectResolvableRefs(doc);
  });
});

describe('the API document', () => {
  const doc = buildOpenApiDocument(allRoutes) as Document;

  it('lists every route of the API exactly once, with its operationId', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`),
    );
    expect(operations.sort()).toEqual(allRoutes.map((r) => `${r.method} ${r.path} ${r.operationId}`).sort());
    expect(new Set(allRoutes.map((r) => r.operationId)).size).toBe(allRoutes.length);
  });

  it('keeps every $ref resolvable', () => {
    expectResolvableRefs(doc);
  });

  it('includes the platform routes and offers Idempotency-Key on every mutating route', () => {
    expect(operation(doc, '/health', 'get').operationId).toBe('getHealth');
    expect(operation(doc, '/openapi.json', 'get').operationId).toBe('getOpenApiDocument');
    for (const route of allRoutes.filter(isIdempotent)) {
      const names = operation(doc, route.path, route.method.toLowerCase()).parameters?.map((p) => p.name);
      expect(names, route.operationId).toContain('Idempotency-Key');
    }
  });
});

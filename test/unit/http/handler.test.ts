import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { defineRoute } from '../../../shared/contracts/route';
import { DomainError, notFound } from '../../../shared/domain/errors';
import { httpHandler } from '../../../shared/http/handler';
import { MAX_BODY_BYTES } from '../../../shared/contracts/problem';
import { httpEvent, jsonBody, lambdaContext, operatorClaims, supplierClaims } from './http-event';

const getThing = defineRoute({
  operationId: 'getThing',
  method: 'GET',
  path: '/things/{id}',
  summary: 'Get a thing',
  tags: ['test'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/test/get-thing.ts',
  pathParams: z.object({ id: z.string().regex(/^T\d+$/) }),
  query: z.object({ verbose: z.enum(['yes', 'no']).default('no') }),
  response: { status: 200, description: 'A thing', schema: z.object({ id: z.string(), status: z.string() }) },
});

// idempotent: false so these tests never touch DynamoDB (test/unit/http/idempotency.test.ts covers that).
const createThing = defineRoute({
  operationId: 'createThing',
  method: 'POST',
  path: '/things',
  summary: 'Create a thing',
  tags: ['test'],
  auth: { type: 'jwt', roles: ['operator', 'supplier'] },
  handlerEntry: 'functions/test/create-thing.ts',
  body: z.object({ name: z.string().min(1), contacts: z.array(z.object({ email: z.email() })).min(1) }),
  response: { status: 201, description: 'Created', schema: z.object({ id: z.string() }) },
  idempotent: false,
});

const publicRoute = defineRoute({
  operationId: 'ping',
  method: 'GET',
  path: '/ping',
  summary: 'Ping',
  tags: ['test'],
  auth: { type: 'none' },
  handlerEntry: 'functions/test/ping.ts',
  response: { status: 200, description: 'Pong', schema: z.object({ pong: z.boolean() }) },
});

const validThing = { name: 'Widget', contacts: [{ email: 'a@example.com' }] };

describe('httpHandler', () => {
  const work = vi.fn();
  beforeEach(() => {
    work.mockReset();
  });

  it('passes validated input, actor and correlation id, and answers JSON with the route status', async () => {
    work.mockResolvedValue({ id: 'T1', status: 'ACTIVE' });
    const handler = httpHandler(getThing, work);
    const result = await handler(
      httpEvent({ path: '/things/T1', pathParameters: { id: 'T1' }, claims: operatorClaims, headers: { 'X-Correlation-Id': 'corr-42' } }),
      lambdaContext,
    );
    expect(result.statusCode).toBe(200);
    expect(result.headers).toMatchObject({ 'content-type': 'application/json', 'x-correlation-id': 'corr-42' });
    expect(jsonBody(result)).toEqual({ id: 'T1', status: 'ACTIVE' });
    const request = work.mock.calls[0]?.[0];
    expect(request).toMatchObject({
      path: { id: 'T1' },
      query: { verbose: 'no' },
      correlationId: 'corr-42',
      actor: { sub: 'user-operator', roles: ['operator'], email: 'ops@example.com' },
    });
  });

  it('falls back to the API Gateway request id for the correlation id', async () => {
    work.mockResolvedValue({ pong: true });
    const result = await httpHandler(publicRoute, work)(httpEvent({ path: '/ping', requestId: 'apigw-7' }), lambdaContext);
    expect(result.headers?.['x-correlation-id']).toBe('apigw-7');
    expect(work.mock.calls[0]?.[0].actor).toBeUndefined();
  });

  it('honours a full reply with its own status and headers', async () => {
    work.mockResolvedValue({ status: 202, body: { id: 'T9' }, headers: { location: '/things/T9' } });
    const result = await httpHandler(createThing, work)(
      httpEvent({ method: 'POST', body: validThing, claims: supplierClaims }),
      lambdaContext,
    );
    expect(result.statusCode).toBe(202);
    expect(result.headers?.location).toBe('/things/T9');
    expect(jsonBody(result)).toEqual({ id: 'T9' });
  });

  it('does not mistake a body that has a status field for a full reply', async () => {
    work.mockResolvedValue({ id: 'T1', status: 'ACTIVE' });
    const result = await httpHandler(getThing, work)(
      httpEvent({ pathParameters: { id: 'T1' }, claims: operatorClaims }),
      lambdaContext,
    );
    expect(jsonBody(result)).toEqual({ id: 'T1', status: 'ACTIVE' });
  });

  it('answers 401 problem+json without claims and never calls the handler', async () => {
    const result = await httpHandler(getThing, work)(httpEvent({ pathParameters: { id: 'T1' } }), lambdaContext);
    expect(result.statusCode).toBe(401);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(jsonBody(result)).toMatchObject({
      type: 'https://commerce-ops.dev/problems/unauthorized',
      title: 'Unauthorized',
      status: 401,
      code: 'Unauthorized',
      instance: '/things',
      correlationId: 'req-1',
    });
    expect(work).not.toHaveBeenCalled();
  });

  it('answers 403 when the caller holds none of the route roles', async () => {
    const result = await httpHandler(getThing, work)(
      httpEvent({ pathParameters: { id: 'T1' }, claims: supplierClaims }),
      lambdaContext,
    );
    expect(result.statusCode).toBe(403);
    expect(jsonBody(result).code).toBe('Forbidden');
    expect(work).not.toHaveBeenCalled();
  });

  it('answers 415 for a body that is not JSON', async () => {
    const result = await httpHandler(createThing, work)(
      httpEvent({ method: 'POST', body: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' }, claims: operatorClaims }),
      lambdaContext,
    );
    expect(result.statusCode).toBe(415);
    expect(jsonBody(result)).toMatchObject({ code: 'UnsupportedMediaType', title: 'Unsupported Media Type' });
  });

  it('accepts JSON media types with parameters and +json suffixes', async () => {
    work.mockResolvedValue({ id: 'T2' });
    const handler = httpHandler(createThing, work);
    for (const contentType of ['application/json; charset=utf-8', 'application/merge-patch+json']) {
      const result = await handler(
        httpEvent({ method: 'POST', body: JSON.stringify(validThing), headers: { 'Content-Type': contentType }, claims: operatorClaims }),
        lambdaContext,
      );
      expect(result.statusCode).toBe(201);
    }
  });

  it('answers 413 for a body over 256 KB, counting base64 bodies by their decoded size', async () => {
    const handler = httpHandler(createThing, work);
    const big = JSON.stringify({ ...validThing, name: 'x'.repeat(MAX_BODY_BYTES) });
    const plain = await handler(httpEvent({ method: 'POST', body: big, headers: { 'content-type': 'application/json' }, claims: operatorClaims }), lambdaContext);
    expect(plain.statusCode).toBe(413);
    expect(jsonBody(plain).code).toBe('PayloadTooLarge');

    // Just under the limit once decoded, although the base64 text itself is a third larger.
    const fits = JSON.stringify({ ...validThing, name: 'x'.repeat(MAX_BODY_BYTES - 100) });
    work.mockResolvedValue({ id: 'T3' });
    const encoded = await handler(
      httpEvent({ method: 'POST', body: Buffer.from(fits).toString('base64'), isBase64Encoded: true, headers: { 'content-type': 'application/json' }, claims: operatorClaims }),
      lambdaContext,
    );
    expect(encoded.statusCode).toBe(201);
    expect(work.mock.calls[0]?.[0].body.name).toHaveLength(MAX_BODY_BYTES - 100);
  });

  it('answers 400 MalformedJson for broken JSON', async () => {
    const result = await httpHandler(createThing, work)(
      httpEvent({ method: 'POST', body: '{"name":', headers: { 'content-type': 'application/json' }, claims: operatorClaims }),
      lambdaContext,
    );
    expect(result.statusCode).toBe(400);
    expect(jsonBody(result).code).toBe('MalformedJson');
  });

  it('answers 400 with every field error from body, path and query', async () => {
    const bodyResult = await httpHandler(createThing, work)(
      httpEvent({ method: 'POST', body: { name: '', contacts: [{ email: 'nope' }] }, claims: operatorClaims }),
      lambdaContext,
    );
    expect(bodyResult.statusCode).toBe(400);
    const problem = jsonBody(bodyResult);
    expect(problem.code).toBe('ValidationFailed');
    expect((problem.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['contacts.0.email', 'name']);

    const pathResult = await httpHandler(getThing, work)(
      httpEvent({ pathParameters: { id: 'nope' }, queryStringParameters: { verbose: 'maybe' }, claims: operatorClaims }),
      lambdaContext,
    );
    expect((jsonBody(pathResult).errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['path.id', 'query.verbose']);
    expect(work).not.toHaveBeenCalled();
  });

  it('reports a missing body as a field error of the body', async () => {
    const result = await httpHandler(createThing, work)(httpEvent({ method: 'POST', claims: operatorClaims }), lambdaContext);
    expect(result.statusCode).toBe(400);
    expect(jsonBody(result).errors).toEqual([expect.objectContaining({ field: 'body' })]);
  });

  it('lets a command whose body is all optional be sent with no body at all (it reads as {})', async () => {
    const cancelThing = defineRoute({
      operationId: 'cancelThing',
      method: 'POST',
      path: '/things/{id}/cancel',
      summary: 'Cancel a thing',
      tags: ['test'],
      auth: { type: 'jwt', roles: ['operator'] },
      handlerEntry: 'functions/test/cancel-thing.ts',
      body: z.strictObject({ reason: z.string().max(10).optional() }),
      response: { status: 202, description: 'Cancelled', schema: z.object({ id: z.string() }) },
      idempotent: false,
    });
    work.mockResolvedValue({ id: 'T1' });
    const empty = await httpHandler(cancelThing, work)(httpEvent({ method: 'POST', claims: operatorClaims }), lambdaContext);
    expect(empty.statusCode).toBe(202);
    expect(work.mock.calls[0]?.[0].body).toEqual({});
    const blank = await httpHandler(cancelThing, work)(
      httpEvent({ method: 'POST', body: '', headers: { 'content-type': 'application/json' }, claims: operatorClaims }),
      lambdaContext,
    );
    expect(blank.statusCode).toBe(202);
    // The body is still checked when one is sent.
    const bad = await httpHandler(cancelThing, work)(
      httpEvent({ method: 'POST', body: { reason: 'far too long a reason' }, claims: operatorClaims }),
      lambdaContext,
    );
    expect(bad.statusCode).toBe(400);
    expect(jsonBody(bad).errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect(work).toHaveBeenCalledTimes(2);
  });

  it.each([
    [notFound('Thing', 'T1'), 404, 'ThingNotFound', 'thing-not-found'],
    [new DomainError('conflict', 'ThingAlreadyArchived', 'already archived'), 409, 'ThingAlreadyArchived', 'thing-already-archived'],
    [new DomainError('unprocessable', 'TermsOutOfRange', 'too long'), 422, 'TermsOutOfRange', 'terms-out-of-range'],
  ])('maps a thrown DomainError to its problem (%#)', async (error, status, code, slug) => {
    work.mockRejectedValue(error);
    const result = await httpHandler(getThing, work)(httpEvent({ pathParameters: { id: 'T1' }, claims: operatorClaims }), lambdaContext);
    expect(result.statusCode).toBe(status);
    expect(jsonBody(result)).toMatchObject({ status, code, type: `https://commerce-ops.dev/problems/${slug}`, detail: error.message });
  });

  it('answers an unknown error with a bare 500 that leaks neither message nor stack', async () => {
    work.mockRejectedValue(new Error('connection string postgres://secret@db'));
    const result = await httpHandler(getThing, work)(httpEvent({ pathParameters: { id: 'T1' }, claims: operatorClaims }), lambdaContext);
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('secret');
    expect(result.body).not.toContain('at ');
    expect(jsonBody(result)).toMatchObject({ code: 'InternalError', correlationId: 'req-1' });
    expect(result.headers?.['x-correlation-id']).toBe('req-1');
  });

  it('keeps concurrent invocations apart', async () => {
    work.mockImplementation(async (req: { path: { id: string } }) => {
      await new Promise((resolve) => setImmediate(resolve));
      return { id: req.path.id, status: 'ACTIVE' };
    });
    const handler = httpHandler(getThing, work);
    const results = await Promise.all(
      ['T1', 'T2', 'T3'].map((id) =>
        handler(httpEvent({ pathParameters: { id }, claims: operatorClaims, headers: { 'x-correlation-id': `c-${id}` } }), lambdaContext),
      ),
    );
    expect(results.map((r) => [jsonBody(r).id, r.headers?.['x-correlation-id']])).toEqual([
      ['T1', 'c-T1'],
      ['T2', 'c-T2'],
      ['T3', 'c-T3'],
    ]);
  });
});

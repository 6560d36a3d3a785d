import { describe, expect, it } from 'vitest';
import { handler } from '../../../functions/platform/openapi';
import { allRoutes } from '../../../shared/contracts/routes';
import { httpEvent, jsonBody, lambdaContext } from '../../unit/http/http-event';

describe('GET /openapi.json', () => {
  it('serves the document describing every route', async () => {
    const result = await handler(httpEvent({ path: '/openapi.json' }), lambdaContext);
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe('application/json');
    const doc = jsonBody(result) as { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };
    expect(doc.openapi).toBe('3.1.0');
    const operationIds = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId));
    expect(operationIds.sort()).toEqual(allRoutes.map((route) => route.operationId).sort());
  });
});

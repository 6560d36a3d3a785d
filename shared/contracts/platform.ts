/** The platform's own routes: liveness and the API description. Neither needs a token. */
import * as z from './z';
import { defineRoute } from './route';
import { isoDateTime } from './common';

export const healthSchema = z.object({ status: z.literal('ok'), service: z.string(), time: isoDateTime });

export const platformRoutes = {
  health: defineRoute({
    operationId: 'getHealth',
    method: 'GET',
    path: '/health',
    summary: 'Liveness check',
    tags: ['platform'],
    auth: { type: 'none' },
    handlerEntry: 'functions/platform/health.ts',
    response: { status: 200, description: 'The service is up', schema: healthSchema },
  }),
  openApi: defineRoute({
    operationId: 'getOpenApiDocument',
    method: 'GET',
    path: '/openapi.json',
    summary: 'This API described as OpenAPI 3.1',
    tags: ['platform'],
    auth: { type: 'none' },
    handlerEntry: 'functions/platform/openapi.ts',
    response: { status: 200, description: 'The OpenAPI document', schema: z.record(z.string(), z.unknown()) },
  }),
};

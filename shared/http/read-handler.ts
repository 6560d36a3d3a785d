import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { RouteSpec } from '../contracts/route';
import { isIdempotent } from '../contracts/route';
import { buildHttpHandler } from './pipeline';
import type { HttpRequest, RouteResult } from './types';

export { CORRELATION_HEADER } from './pipeline';

/**
 * The HTTP handler of a route that does not honour `Idempotency-Key` (reads: `GET /health`, `GET /orders/{id}`…):
 * the same pipeline as `httpHandler` (auth, validation, problem+json) without the idempotency middleware, so the
 * function bundles no idempotency store (and no DynamoDB client unless it reads the table itself).
 * A mutating route is refused when the function loads: it must use `httpHandler` (shared/http/handler.ts).
 */
export const readHandler = <R extends RouteSpec>(
  route: R,
  fn: (req: HttpRequest<R>) => Promise<RouteResult<R>>,
): ((event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>) => {
  if (isIdempotent(route)) {
    throw new Error(
      `${route.method} ${route.path} (${route.operationId}) honours Idempotency-Key: build it with httpHandler from shared/http/handler.ts`,
    );
  }
  return buildHttpHandler(route, fn);
};

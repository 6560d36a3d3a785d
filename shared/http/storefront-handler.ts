import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { RouteSpec } from '../contracts/route';
import { isIdempotent } from '../contracts/route';
import { buildHttpHandler, type StorefrontKeyCheck } from './pipeline';
import type { HttpRequest, RouteResult } from './types';

/**
 * The HTTP handler of a route a storefront calls with its key (`auth: { type: 'storefront-key' }`, `POST /events`):
 * `checkKey` (the table lookup) decides before the body is read, so a bad key is 401 whatever the request holds.
 * Such a route dedupes by its own ids rather than `Idempotency-Key`, so it bundles no idempotency store.
 */
export const storefrontHandler = <R extends RouteSpec>(
  route: R,
  checkKey: StorefrontKeyCheck,
  fn: (req: HttpRequest<R>) => Promise<RouteResult<R>>,
): ((event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>) => {
  if (route.auth.type !== 'storefront-key' || isIdempotent(route)) {
    throw new Error(`${route.method} ${route.path} (${route.operationId}) is not a storefront-key route without Idempotency-Key: build it with httpHandler or readHandler`);
  }
  return buildHttpHandler(route, fn, [], checkKey);
};

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { DomainError } from '../domain/errors';
import type { RouteSpec } from '../contracts/route';
import { isIdempotent } from '../contracts/route';
import { logger } from '../adapters/logger';
import {
  claimIdempotency,
  completeIdempotency,
  releaseIdempotency,
  type IdempotencyClaim,
  type StoredResponse,
} from '../adapters/idempotency-store';
import { readIdempotencyKey, REPLAYED_HEADER, requestHash } from './idempotency';
import { buildHttpHandler, stateOf, withHeaders, type HttpMiddleware, type HttpMiddyRequest, type HttpResult } from './pipeline';
import type { HttpRequest, RouteResult } from './types';

export { CORRELATION_HEADER } from './pipeline';

/** Runs last before the handler, so bad input never claims a key. */
const idempotency = (route: RouteSpec): HttpMiddleware => ({
  before: async (request: HttpMiddyRequest) => {
    const state = stateOf(request);
    const key = readIdempotencyKey(state.headers);
    if (key === undefined && route.requireIdempotencyKey) {
      throw new DomainError('validation', 'IdempotencyKeyRequired', 'This operation needs an Idempotency-Key header (any unique string per intended request)', [
        { field: 'header.idempotency-key', message: 'required' },
      ]);
    }
    if (key === undefined) return;
    const hash = requestHash({ path: state.input?.path, body: state.input?.body });
    const claim = await claimIdempotency({ operationId: route.operationId, actor: state.actor, key, requestHash: hash });
    if (claim.outcome === 'replay') state.replay = withHeaders(claim.response, { [REPLAYED_HEADER]: 'true' });
    else state.claim = claim;
    // What a creating handler hands to creationGuards.createOnce, so a key creates at most one thing.
    state.creation = { operationId: route.operationId, callerId: state.actor?.sub ?? 'anonymous', key, requestHash: hash };
  },
  after: async (request: HttpMiddyRequest) => {
    const { claim } = stateOf(request);
    if (!claim || !request.response) return;
    await storeOrLog(claim, route, request.response);
  },
  onError: async (request: HttpMiddyRequest) => {
    const { claim } = stateOf(request);
    if (!claim) return;
    // A refusal (4xx) wrote nothing and a failure (5xx) may be retried: either way the key is free again,
    // so a corrected request or a retry runs (docs/api.md, "Idempotency"). What a key already created is
    // found again by its creation guard (shared/adapters/created-once.ts), not by this cache.
    await releaseIdempotency(claim).catch((error: unknown) => logger.error('could not release idempotency record', { error }));
  },
});

/** The work is done when this runs; failing to remember it must not turn a success into a 500. */
const storeOrLog = async (
  claim: Extract<IdempotencyClaim, { outcome: 'claimed' }>,
  route: RouteSpec,
  response: HttpResult,
): Promise<void> => {
  const stored: StoredResponse = {
    statusCode: response.statusCode ?? 200,
    headers: Object.fromEntries(Object.entries(response.headers ?? {}).map(([name, value]) => [name, String(value)])),
    body: response.body ?? '',
  };
  await completeIdempotency(claim, route.operationId, stored).catch((error: unknown) =>
    logger.error('could not store idempotent response', { error }),
  );
};

/**
 * The way to build the HTTP handler of a mutating route: correlation id → auth → body → validation →
 * idempotency → `fn` → JSON response; any error → RFC 9457 problem+json (shared/http/problem.ts).
 * Idempotency (and so the DynamoDB client) comes in through this module: a route that does not honour
 * `Idempotency-Key` (reads, `GET /health`) is built with `readHandler` (shared/http/read-handler.ts) and
 * bundles neither.
 */
export const httpHandler = <R extends RouteSpec>(
  route: R,
  fn: (req: HttpRequest<R>) => Promise<RouteResult<R>>,
): ((event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>) =>
  buildHttpHandler(route, fn, isIdempotent(route) ? [idempotency(route)] : []);

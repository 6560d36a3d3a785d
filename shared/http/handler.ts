import middy, { type MiddlewareObj, type Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/errors';
import type { RouteSpec } from '../contracts/route';
import { isIdempotent } from '../contracts/route';
import { logger } from '../adapters/logger';
import { clock } from '../adapters/clock';
import type { CreationScope } from '../adapters/created-once';
import { newId } from '../adapters/ids';
import { authorizeJwt, verifyHmac, type JwtClaims } from './auth';
import {
  claimIdempotency,
  completeIdempotency,
  readIdempotencyKey,
  releaseIdempotency,
  REPLAYED_HEADER,
  requestHash,
  type IdempotencyClaim,
  type StoredResponse,
} from './idempotency';
import { lowerCaseHeaders, rawBodyOf, readJsonBody, validateInput, type ValidInput } from './input';
import { problemFrom, problemResponse } from './problem';
import type { HttpReply, HttpRequest, RouteResult } from './types';

export const CORRELATION_HEADER = 'x-correlation-id';

type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: { authorizer?: { jwt?: { claims?: JwtClaims } } };
};
type HttpResult = APIGatewayProxyStructuredResultV2;
type Headers = Record<string, string>;

/** What the middlewares learn about one request, in the order they learn it. */
interface RequestState {
  correlationId: string;
  instance: string;
  headers: Headers;
  rawBody: string;
  actor?: Actor;
  input?: ValidInput;
  claim?: Extract<IdempotencyClaim, { outcome: 'claimed' }>;
  replay?: StoredResponse;
  creation?: CreationScope;
}
type HttpMiddyRequest = Request<HttpEvent, HttpResult, Error, Context>;

/**
 * Per-invocation state, keyed by the invocation's own copy of the event (made on entry), so concurrent
 * invocations in one process never share it and the handler (which middy gives only event + context) can reach it.
 */
const states = new WeakMap<HttpEvent, RequestState>();

const stateOf = (request: HttpMiddyRequest): RequestState => {
  const state = states.get(request.event);
  if (!state) throw new Error('request state missing: correlation middleware must run first');
  return state;
};

/** Callers' ids are echoed in logs and headers, so only short printable ones are trusted. */
const SAFE_CORRELATION_ID = /^[\w.:@/+=-]{1,128}$/;

const withHeaders = (response: HttpResult, extra: Headers): HttpResult => ({
  ...response,
  headers: { ...(response.headers ?? {}), ...extra },
});

/** First in, last out: names the request for the logs, and turns every failure into problem+json. */
const correlationAndProblems = (): MiddlewareObj<HttpEvent, HttpResult> => ({
  before: (request: HttpMiddyRequest) => {
    const headers = lowerCaseHeaders(request.event.headers);
    const given = headers[CORRELATION_HEADER];
    const correlationId =
      given && SAFE_CORRELATION_ID.test(given) ? given : (request.event.requestContext?.requestId ?? newId());
    logger.appendKeys({ correlationId });
    request.event = { ...request.event };
    states.set(request.event, {
      correlationId,
      instance: request.event.rawPath ?? request.event.requestContext?.http?.path ?? '/',
      headers,
      rawBody: rawBodyOf(request.event),
    });
  },
  after: (request: HttpMiddyRequest) => {
    request.response = withHeaders(request.response ?? {}, { [CORRELATION_HEADER]: stateOf(request).correlationId });
  },
  onError: (request: HttpMiddyRequest) => {
    const state = states.get(request.event);
    const correlationId = state?.correlationId ?? newId();
    if (!request.response) {
      const problem = problemFrom(request.error, { instance: state?.instance ?? request.event.rawPath ?? '/', correlationId });
      if (problem.status >= 500) logger.error('request failed', { error: request.error });
      else logger.info('request refused', { status: problem.status, code: problem.code });
      request.response = problemResponse(problem);
    }
    request.response = withHeaders(request.response, { [CORRELATION_HEADER]: correlationId });
  },
});

/** Authentication, body parsing and validation: nothing after this sees unchecked input. */
const checkRequest = (route: RouteSpec): MiddlewareObj<HttpEvent, HttpResult> => ({
  before: (request: HttpMiddyRequest) => {
    const state = stateOf(request);
    if (route.auth.type === 'jwt') {
      state.actor = authorizeJwt(request.event.requestContext?.authorizer?.jwt?.claims, route.auth.roles);
    } else if (route.auth.type === 'hmac') {
      verifyHmac(route.auth, state.headers, state.rawBody, request.event.pathParameters ?? {}, clock.now().getTime());
    }
    const body = route.body ? readJsonBody(request.event, state.headers, state.rawBody) : undefined;
    state.input = validateInput(route, {
      path: request.event.pathParameters ?? {},
      query: request.event.queryStringParameters ?? {},
      body,
    });
  },
});

/** Runs last before the handler, so bad input never claims a key. */
const idempotency = (route: RouteSpec): MiddlewareObj<HttpEvent, HttpResult> => ({
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
    if (claim.outcome === 'replay') state.replay = claim.response;
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

const REPLY_KEYS = new Set(['status', 'body', 'headers']);

/** A full reply is `{ status: number, body, headers? }` and nothing else; anything else is a body. */
const isHttpReply = (value: unknown): value is HttpReply<unknown> =>
  value !== null &&
  typeof value === 'object' &&
  typeof (value as { status?: unknown }).status === 'number' &&
  'body' in value &&
  Object.keys(value).every((key) => REPLY_KEYS.has(key));

const jsonResponse = (route: RouteSpec, result: unknown): HttpResult => {
  const reply = isHttpReply(result) ? result : { status: route.response.status, body: result };
  return {
    statusCode: reply.status,
    headers: { 'content-type': 'application/json', ...(reply.headers ?? {}) },
    body: reply.status === 204 || reply.body === undefined ? '' : JSON.stringify(reply.body),
  };
};

/**
 * The one way to build an HTTP handler: correlation id → auth → body → validation → idempotency → `fn`
 * → JSON response; any error → RFC 9457 problem+json (shared/http/problem.ts).
 */
export const httpHandler = <R extends RouteSpec>(
  route: R,
  fn: (req: HttpRequest<R>) => Promise<RouteResult<R>>,
): ((event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>) => {
  const core = async (event: HttpEvent): Promise<HttpResult> => {
    const state = states.get(event);
    if (!state) throw new Error('request state missing: correlation middleware must run first');
    if (state.replay) {
      return withHeaders(state.replay, { [REPLAYED_HEADER]: 'true' });
    }
    const result = await fn({
      body: state.input?.body,
      path: state.input?.path,
      query: state.input?.query,
      actor: state.actor,
      correlationId: state.correlationId,
      headers: state.headers,
      rawBody: state.rawBody,
      creation: state.creation,
    } as HttpRequest<R>);
    return jsonResponse(route, result);
  };

  const handler = middy<HttpEvent, HttpResult>(core).use(correlationAndProblems()).use(checkRequest(route));
  if (isIdempotent(route)) handler.use(idempotency(route));
  return handler as unknown as (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResult>;
};

import middy, { type MiddlewareObj, type Request } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/errors';
import type { RouteSpec } from '../contracts/route';
import { logger } from '../adapters/logger';
import { clock } from '../adapters/clock';
import type { CreationScope } from '../adapters/created-once';
import { newId } from '../adapters/ids';
import { authorizeJwt, requireHeader, verifyHmac, type JwtClaims } from './auth';
import type { IdempotencyClaim } from '../adapters/idempotency-store';
import { lowerCaseHeaders, rawBodyOf, readJsonBody, validateInput, type ValidInput } from './input';
import { problemFrom, problemResponse } from './problem';
import type { HttpReply, HttpRequest, RouteResult } from './types';

/*
 * The HTTP pipeline every handler shares: correlation id, auth, body, validation, problem+json, JSON reply.
 * It imports no AWS SDK client, so a function that needs none (GET /health) bundles none. Idempotency,
 * which needs DynamoDB, is a middleware that only shared/http/handler.ts adds (for mutating routes);
 * reads are built with shared/http/read-handler.ts.
 */

export const CORRELATION_HEADER = 'x-correlation-id';

export type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: { authorizer?: { jwt?: { claims?: JwtClaims } } };
};
export type HttpResult = APIGatewayProxyStructuredResultV2;
export type Headers = Record<string, string>;

/** What the middlewares learn about one request, in the order they learn it. */
export interface RequestState {
  correlationId: string;
  instance: string;
  headers: Headers;
  rawBody: string;
  actor?: Actor;
  input?: ValidInput;
  claim?: Extract<IdempotencyClaim, { outcome: 'claimed' }>;
  /** The first response to this Idempotency-Key, already marked as replayed: returned instead of running the handler. */
  replay?: HttpResult;
  creation?: CreationScope;
}
/**
 * Per-invocation state rides on middy's `request.context` (as middy's own middlewares pass values to the
 * handler), on a copy of the Lambda context made on entry, so invocations never share it.
 */
export type HttpContext = Context & { http?: RequestState };
export type HttpMiddyRequest = Request<HttpEvent, HttpResult, Error, HttpContext>;
export type HttpMiddleware = MiddlewareObj<HttpEvent, HttpResult, Error, HttpContext>;

export const stateOf = (request: HttpMiddyRequest): RequestState => {
  const state = request.context.http;
  if (!state) throw new Error('request state missing: correlation middleware must run first');
  return state;
};

/** Callers' ids are echoed in logs and headers, so only short printable ones are trusted. */
const SAFE_CORRELATION_ID = /^[\w.:@/+=-]{1,128}$/;

export const withHeaders = (response: HttpResult, extra: Headers): HttpResult => ({
  ...response,
  headers: { ...(response.headers ?? {}), ...extra },
});

/** First in, last out: names the request for the logs, and turns every failure into problem+json. */
const correlationAndProblems = (): HttpMiddleware => ({
  before: (request: HttpMiddyRequest) => {
    const headers = lowerCaseHeaders(request.event.headers);
    const given = headers[CORRELATION_HEADER];
    const correlationId =
      given && SAFE_CORRELATION_ID.test(given) ? given : (request.event.requestContext?.requestId ?? newId());
    logger.appendKeys({ correlationId });
    const http: RequestState = {
      correlationId,
      instance: request.event.rawPath ?? request.event.requestContext?.http?.path ?? '/',
      headers,
      rawBody: rawBodyOf(request.event),
    };
    request.context = { ...request.context, http };
  },
  after: (request: HttpMiddyRequest) => {
    request.response = withHeaders(request.response ?? {}, { [CORRELATION_HEADER]: stateOf(request).correlationId });
  },
  onError: (request: HttpMiddyRequest) => {
    const state = request.context.http;
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

/** Whether a presented storefront key is active (the table lookup, injected so this pipeline bundles no SDK client). */
export type StorefrontKeyCheck = (presented: string) => Promise<boolean>;

/** Authentication, body parsing and validation: nothing after this sees unchecked input. */
const checkRequest = (route: RouteSpec, checkStorefrontKey?: StorefrontKeyCheck): HttpMiddleware => ({
  before: async (request: HttpMiddyRequest) => {
    const state = stateOf(request);
    if (route.auth.type === 'jwt') {
      state.actor = authorizeJwt(request.event.requestContext?.authorizer?.jwt?.claims, route.auth.roles);
    } else if (route.auth.type === 'hmac') {
      verifyHmac(route.auth, state.headers, state.rawBody, request.event.pathParameters ?? {}, clock.now().getTime());
    } else if (route.auth.type === 'storefront-key') {
      // Before the body is read: a bad key is 401 whatever it sent. Without a check, no key is good.
      const presented = requireHeader(state.headers, route.auth.header);
      if (!checkStorefrontKey || !(await checkStorefrontKey(presented))) {
        throw new DomainError('unauthorized', 'InvalidStorefrontKey', 'The storefront key is unknown or revoked');
      }
    }
    const body = route.body ? readJsonBody(request.event, state.headers, state.rawBody) : undefined;
    state.input = validateInput(route, {
      path: request.event.pathParameters ?? {},
      query: request.event.queryStringParameters ?? {},
      body,
    });
  },
});

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
 * Builds an HTTP handler: correlation id → auth → body → validation → `extra` middlewares (idempotency,
 * from shared/http/handler.ts) → `fn` → JSON response; any error → RFC 9457 problem+json.
 */
export const buildHttpHandler = <R extends RouteSpec>(
  route: R,
  fn: (req: HttpRequest<R>) => Promise<RouteResult<R>>,
  extra: readonly HttpMiddleware[] = [],
  checkStorefrontKey?: StorefrontKeyCheck,
): ((event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>) => {
  const core = async (_event: HttpEvent, context: HttpContext): Promise<HttpResult> => {
    const state = context.http;
    if (!state) throw new Error('request state missing: correlation middleware must run first');
    if (state.replay) return state.replay;
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

  // Powertools first: request id and cold start on every log line, keys appended per request reset after it.
  const handler = middy<HttpEvent, HttpResult, Error, HttpContext>(core)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(correlationAndProblems())
    .use(checkRequest(route, checkStorefrontKey));
  for (const middleware of extra) handler.use(middleware);
  return handler as unknown as (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResult>;
};

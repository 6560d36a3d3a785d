import { safeParse, type core } from './z';
import type { Role } from '../domain/actor';

/**
 * One HTTP route of the public contract. The same spec drives three things, so they cannot drift:
 * the handler's validation (shared/http), the API Gateway route and its function (infra), and the
 * OpenAPI document (shared/contracts/openapi.ts).
 */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type RouteAuth =
  /** JWT from the user pool; the caller must hold one of `roles`. */
  | { readonly type: 'jwt'; readonly roles: readonly Role[] }
  /** No authorizer (health, OpenAPI). */
  | { readonly type: 'none' }
  /**
   * A storefront key in `header` (browsers sending events: no user, so no JWT). No authorizer at the gateway;
   * the handler's pipeline checks the key against the table before reading the body (401 for a missing, unknown
   * or revoked key), so a revocation holds at once (shared/http/storefront-handler.ts; docs/analytics.md).
   */
  | { readonly type: 'storefront-key'; readonly header: string }
  /**
   * HMAC signature header (carrier webhooks); the secret is read from an env var. With `secretFor`, the env
   * holds a JSON map of secrets keyed by that path parameter (one secret per carrier); with `timestamp`,
   * the signature covers `<timestamp>.<body>` and a timestamp outside `toleranceSeconds` is refused.
   */
  | {
      readonly type: 'hmac';
      readonly header: string;
      readonly secretEnv: string;
      readonly secretFor?: string;
      readonly timestamp?: { readonly header: string; readonly toleranceSeconds: number };
    };

export interface RouteSpec<
  TBody extends core.$ZodType | undefined = core.$ZodType | undefined,
  TPath extends core.$ZodType | undefined = core.$ZodType | undefined,
  TQuery extends core.$ZodType | undefined = core.$ZodType | undefined,
  TResponse extends core.$ZodType = core.$ZodType,
> {
  /** camelCase, unique; also the OpenAPI operationId and part of the idempotency key. */
  readonly operationId: string;
  readonly method: HttpMethod;
  /** API Gateway style path, e.g. `/suppliers/applications/{id}`. */
  readonly path: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly auth: RouteAuth;
  /** Source entry of the Lambda that serves it, relative to the repo root. */
  readonly handlerEntry: string;
  readonly body?: TBody;
  readonly pathParams?: TPath;
  readonly query?: TQuery;
  readonly response: { readonly status: number; readonly description: string; readonly schema: TResponse };
  /** Honour `Idempotency-Key`. @default true for every method but GET */
  readonly idempotent?: boolean;
  /** Refuse the request (400 IdempotencyKeyRequired) without an `Idempotency-Key`. @default false */
  readonly requireIdempotencyKey?: boolean;
  /**
   * Back-pressure for a route whose work is heavy: its function's reserved concurrency in AWS (and the
   * stage throttles the route at that many requests per second, twice that in bursts); the local gateway
   * answers 429 beyond it before invoking. @default - none (the stage-wide throttle only)
   */
  readonly concurrency?: number;
  /** Problem types this route may answer with besides 400/401/403 (for the docs), e.g. [404, 409]. */
  readonly errors?: readonly number[];
}

/**
 * Declares a route. `const` keeps the literal types (auth kind, schemas), so a handler built from it
 * gets a typed `actor`, `body`, `path` and `query` without casts.
 */
/**
 * A route's spec, typed. It does nothing else, so each call is marked `/* @__PURE__ *\/` where a contract module
 * defines its routes: a function's bundle then keeps only the routes (and their schemas) it uses, not every route
 * of the contract it imports one from (2 KB off orders-join-group).
 */
export const defineRoute = <const S extends RouteSpec>(spec: S): S => spec;

export const isIdempotent = (route: RouteSpec): boolean => route.idempotent ?? route.method !== 'GET';

/**
 * A body whose every field is optional may be left out: an absent body reads as `{}` (e.g.
 * `POST /orders/{id}/cancel` with no reason). True when the schema accepts `{}` but not `undefined`.
 */
export const bodyMayBeOmitted = (route: RouteSpec): boolean =>
  route.body !== undefined && !safeParse(route.body, undefined).success && safeParse(route.body, {}).success;

import type * as z from '../contracts/z';
import type { Actor } from '../domain/actor';
import type { RouteSpec } from '../contracts/route';
import type { CreationScope } from '../adapters/created-once';

type Infer<T> = T extends z.core.$ZodType ? z.output<T> : undefined;

/** What a route handler receives: everything already authenticated, authorized and validated. */
export interface HttpRequest<R extends RouteSpec> {
  readonly body: Infer<R['body']>;
  readonly path: Infer<R['pathParams']>;
  readonly query: Infer<R['query']>;
  /** Present on every `jwt` route; undefined on `none`/`hmac` routes. */
  readonly actor: R['auth'] extends { type: 'jwt' } ? Actor : Actor | undefined;
  /** From `x-correlation-id` when the caller sent one, else the API Gateway request id. */
  readonly correlationId: string;
  /** Lower-cased request headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** Raw body text (for HMAC verification). */
  readonly rawBody: string;
  /** Set when the caller sent an `Idempotency-Key`: pass it to `creationGuards.createOnce` to create at most once. */
  readonly creation?: CreationScope;
}

/** A handler returns the response body (status = route.response.status) or a full reply. */
export interface HttpReply<T> {
  readonly status: number;
  readonly body: T;
  readonly headers?: Readonly<Record<string, string>>;
}

export type RouteResult<R extends RouteSpec> =
  | z.input<R['response']['schema']>
  | HttpReply<z.input<R['response']['schema']>>;

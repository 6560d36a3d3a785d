import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { safeParse, type core } from '../contracts/z';
import { DomainError, invalid, type FieldError } from '../domain/errors';
import { bodyMayBeOmitted, type RouteSpec } from '../contracts/route';
import { MAX_BODY_BYTES } from '../contracts/problem';
import { HttpError } from './problem';

const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/** Header names lower-cased (API Gateway already does; direct invocations may not). */
export const lowerCaseHeaders = (headers: APIGatewayProxyEventV2['headers'] | undefined): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers ?? {})
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
      .map(([name, value]) => [name.toLowerCase(), value]),
  );

/** Decoded size without decoding: 3 bytes per 4 base64 characters, minus padding. */
const base64ByteLength = (text: string): number => {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor((text.replace(/\s/g, '').length * 3) / 4) - padding;
};

export const bodyByteLength = (event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>): number =>
  !event.body ? 0 : event.isBase64Encoded ? base64ByteLength(event.body) : Buffer.byteLength(event.body, 'utf8');

export const rawBodyOf = (event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>): string =>
  !event.body ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;

/**
 * The JSON body of a route that declares one: 415 unless it is JSON, 413 over MAX_BODY_BYTES, 400 when
 * malformed. An absent body is `undefined`, and the route's schema decides whether that is acceptable.
 */
export const readJsonBody = (
  event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>,
  headers: Readonly<Record<string, string>>,
  /** The decoded body, as `rawBodyOf(event)` gives it (the factory has it already). */
  rawBody: string,
): unknown => {
  if (!event.body) return undefined;
  if (!JSON_MEDIA_TYPE.test(headers['content-type'] ?? '')) {
    throw new HttpError(415, 'UnsupportedMediaType', 'The request body must be application/json');
  }
  if (bodyByteLength(event) > MAX_BODY_BYTES) {
    throw new DomainError('too-large', 'PayloadTooLarge', `The request body exceeds ${MAX_BODY_BYTES} bytes`);
  }
  if (rawBody.trim().length === 0) return undefined;
  try {
    return JSON.parse(rawBody) as unknown;
  } catch {
    throw new DomainError('validation', 'MalformedJson', 'The request body is not valid JSON');
  }
};

export interface RawInput {
  readonly path: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
}

export interface ValidInput {
  readonly path: unknown;
  readonly query: unknown;
  readonly body: unknown;
}

/** Body fields are named as in the body (`contacts.0.email`); path and query ones get a prefix. */
const fieldErrorsOf = (error: core.$ZodError, location: 'path' | 'query' | 'body'): FieldError[] =>
  error.issues.map((issue) => {
    const inner = issue.path.map(String).join('.');
    const field = location === 'body' ? inner || 'body' : inner ? `${location}.${inner}` : location;
    return { field, message: issue.message };
  });

/** Validates every part and reports all field errors at once (400 `ValidationFailed`). */
export const validateInput = (route: RouteSpec, raw: RawInput): ValidInput => {
  const errors: FieldError[] = [];
  const check = (schema: core.$ZodType | undefined, value: unknown, location: 'path' | 'query' | 'body') => {
    if (!schema) return undefined;
    const result = safeParse(schema, value);
    if (result.success) return result.data;
    errors.push(...fieldErrorsOf(result.error, location));
    return undefined;
  };
  const input = {
    path: check(route.pathParams, raw.path, 'path'),
    query: check(route.query, raw.query, 'query'),
    // A command whose body is all optional needs none: no body is the empty object.
    body: check(route.body, raw.body === undefined && bodyMayBeOmitted(route) ? {} : raw.body, 'body'),
  };
  if (errors.length > 0) throw invalid('The request is not valid', errors);
  return input;
};

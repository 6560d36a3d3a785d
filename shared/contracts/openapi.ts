/**
 * The OpenAPI 3.1 document, generated from the same RouteSpecs that drive validation and API Gateway,
 * so the description cannot drift from the behaviour. Served by functions/platform/openapi.ts.
 */
import * as z from './z';
import type { RouteSpec } from './route';
import { bodyMayBeOmitted, isIdempotent } from './route';
import { problemSchema } from './common';
import { MAX_BODY_BYTES, PROBLEM_CONTENT_TYPE, titleFor } from './problem';

type JsonSchema = Record<string, unknown>;
type Json = Record<string, unknown>;

export interface OpenApiOptions {
  readonly title?: string;
  readonly version?: string;
  readonly serverUrl?: string;
}

const COMPONENT_PREFIX = '#/components/schemas/';

/** Zod → JSON Schema; named schemas (`.meta({ id })`) move to components and are referenced from there. */
const schemaConverter = (components: Record<string, JsonSchema>) => {
  const relink = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(relink);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        key === '$ref' && typeof item === 'string' ? item.replace('#/$defs/', COMPONENT_PREFIX) : relink(item),
      ]),
    );
  };
  return (schema: z.core.$ZodType, io: 'input' | 'output'): JsonSchema => {
    const { $schema: _dialect, $defs, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
    for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      components[name] ??= relink(def) as JsonSchema;
    }
    return relink(rest) as JsonSchema;
  };
};

const problemContent = { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: `${COMPONENT_PREFIX}Problem` } } };

/** The problems a route can answer with, derived from what the HTTP layer enforces for it. */
const errorStatuses = (route: RouteSpec): number[] => {
  const statuses = new Set<number>(route.errors ?? []);
  if (route.body || route.pathParams || route.query || isIdempotent(route)) statuses.add(400);
  if (route.auth.type !== 'none') statuses.add(401);
  if (route.auth.type === 'jwt') statuses.add(403);
  if (route.body) [413, 415].forEach((status) => statuses.add(status));
  if (isIdempotent(route)) [409, 422].forEach((status) => statuses.add(status));
  statuses.add(500);
  return [...statuses].sort((a, b) => a - b);
};

const ERROR_NOTES: Readonly<Record<number, string>> = {
  400: 'The request is malformed or a field is invalid (`errors` lists each field)',
  401: 'Missing or invalid credentials',
  403: 'The caller may not do this',
  409: 'The resource is not in a state that allows this, or a request with the same Idempotency-Key is in progress',
  413: `The body is larger than ${MAX_BODY_BYTES} bytes`,
  415: 'The body is not application/json',
  422: 'The Idempotency-Key was already used with a different request',
  500: 'Unexpected failure; quote the correlation id',
};

const objectParameters = (
  schema: JsonSchema,
  location: 'path' | 'query',
): Json[] => {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
};

const operationFor = (route: RouteSpec, convert: ReturnType<typeof schemaConverter>): Json => {
  const parameters: Json[] = [
    ...(route.pathParams ? objectParameters(convert(route.pathParams, 'input'), 'path') : []),
    ...(route.query ? objectParameters(convert(route.query, 'input'), 'query') : []),
  ];
  if (isIdempotent(route)) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: route.requireIdempotencyKey ?? false,
      description: 'Retry-safe key: the same key with the same request returns the first response (24 h)',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    });
  }
  if (route.auth.type === 'hmac') {
    parameters.push({
      name: route.auth.header,
      in: 'header',
      required: true,
      description: route.auth.timestamp
        ? `sha256=<hex HMAC-SHA256 of "<${route.auth.timestamp.header}>.<raw body>" with the sender's own secret>`
        : 'Hex HMAC-SHA256 of the raw body with the shared secret',
      schema: { type: 'string' },
    });
    if (route.auth.timestamp) {
      parameters.push({
        name: route.auth.timestamp.header,
        in: 'header',
        required: true,
        description: `Unix seconds when the request was signed; refused beyond ${route.auth.timestamp.toleranceSeconds} s from now (replays)`,
        schema: { type: 'string', pattern: '^[0-9]{1,12}$' },
      });
    }
  }
  if (route.auth.type === 'storefront-key') {
    parameters.push({
      name: route.auth.header,
      in: 'header',
      required: true,
      description: 'A storefront key (`sfk_…`, created by an operator with POST /storefront-keys); it may only send events',
      schema: { type: 'string' },
    });
  }
  const roles = route.auth.type === 'jwt' ? route.auth.roles : [];
  const success =
    route.response.status === 204
      ? { description: route.response.description }
      : {
          description: route.response.description,
          content: { 'application/json': { schema: convert(route.response.schema, 'output') } },
        };
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [...route.tags],
    ...(roles.length > 0 ? { description: `Roles: ${roles.join(', ')}.`, 'x-roles': [...roles] } : {}),
    security: route.auth.type === 'jwt' ? [{ bearerAuth: [] }] : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? { requestBody: { required: !bodyMayBeOmitted(route), content: { 'application/json': { schema: convert(route.body, 'input') } } } }
      : {}),
    responses: {
      [String(route.response.status)]: success,
      ...Object.fromEntries(
        errorStatuses(route).map((status) => [
          String(status),
          { description: ERROR_NOTES[status] ?? titleFor(status), content: problemContent },
        ]),
      ),
    },
  };
};

export const buildOpenApiDocument = (routes: readonly RouteSpec[], options: OpenApiOptions = {}): Json => {
  const components: Record<string, JsonSchema> = {};
  const convert = schemaConverter(components);
  // problemSchema is named (`.meta({ id: 'Problem' })`), so converting it registers the component.
  const problemRef = convert(problemSchema, 'output');
  if (!components.Problem) components.Problem = problemRef;
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operationFor(route, convert);
  }
  const tags = [...new Set(routes.flatMap((route) => route.tags))].sort().map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'Commerce Ops API',
      version: options.version ?? '0.1.0',
      description:
        'Operations backend of the store. Errors are RFC 9457 problem+json; every response carries x-correlation-id; ' +
        'listings are paginated with an opaque nextToken.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    tags,
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
};

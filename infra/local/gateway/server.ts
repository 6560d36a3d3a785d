/**
 * The HTTP API locally: a node:http server that selects the route, runs the JWT authorizer against the
 * local issuer, invokes the route's function with a payload-format-2.0 event and maps the result back.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeServer, listenOn } from '../http-listener';
import { LambdaInvocationError, type LambdaInvoker, type LocalApi, type LocalRoute } from '../model';
import { AdaptiveLimit, INITIAL_LIMIT } from './adaptive-limit';
import { buildHttpEvent, claimsForEvent, newRequestId, toHttpResponse, type HttpResponse, type JwtContext } from './event';
import type { LocalIssuer } from './issuer';
import { RouteTable } from './routes';
import { MISSING_TOKEN, tokenRefusalFor, unauthorizedResponse } from './token-refusal';

/** API Gateway's payload limit for HTTP APIs. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Calls one function may have in flight through the gateway when the template reserves no concurrency for
 * it (LOCAL_MAX_IN_FLIGHT_PER_FUNCTION): one machine, two cores; beyond it work would only time out.
 */
export const DEFAULT_MAX_IN_FLIGHT = 48;

/** Lambda's default timeout, for a route whose function the template does not describe. */
const DEFAULT_TIMEOUT_SECONDS = 3;

export interface GatewayOptions {
  readonly api: LocalApi;
  readonly lambda: LambdaInvoker;
  readonly issuer: LocalIssuer;
  readonly accountId: string;
  readonly apiId?: string;
  readonly logger?: { warn(message: string, data?: object): void };
  /** @default LOCAL_MAX_IN_FLIGHT_PER_FUNCTION or DEFAULT_MAX_IN_FLIGHT */
  readonly maxInFlightPerFunction?: number;
}

export class LocalGateway {
  private readonly routes: RouteTable;
  private server?: Server;
  /** Calls in flight per function ARN, for back-pressure. */
  private readonly inFlight = new Map<string, number>();
  /** How many each function may have in flight now, adapted to how fast it answers. */
  private readonly limits = new Map<string, AdaptiveLimit>();

  constructor(private readonly options: GatewayOptions) {
    this.routes = new RouteTable(options.api.routes);
  }

  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    const server = createServer((request, response) => void this.serve(request, response));
    server.keepAliveTimeout = 5_000;
    this.server = server;
    return listenOn(server, port, host);
  }

  async close(): Promise<void> {
    await closeServer(this.server);
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    let reply: HttpResponse;
    try {
      reply = await this.handle(request, requestId);
    } catch (error) {
      this.options.logger?.warn('gateway failure', { error: String(error) });
      reply = message(500, 'Internal Server Error');
    }
    const headers: Record<string, string | string[]> = { ...reply.headers, 'apigw-requestid': requestId };
    if (!('x-correlation-id' in headers)) headers['x-correlation-id'] = headerOf(request, 'x-correlation-id') ?? requestId;
    response.writeHead(reply.statusCode, { ...headers, 'content-length': String(reply.body.length) });
    response.end(reply.body);
  }

  private async handle(request: IncomingMessage, requestId: string): Promise<HttpResponse> {
    const body = await readBody(request);
    if (body === 'too-large') return message(413, 'Request Entity Too Large');
    const method = request.method ?? 'GET';
    const url = request.url ?? '/';
    const match = this.routes.match(method, url.split('?')[0] ?? '/');
    if (!match) return message(404, 'Not Found');
    let jwt: JwtContext | undefined;
    if (match.route.authorization === 'JWT') {
      const path = url.split('?')[0] ?? '/';
      const authorized = await this.authorize(headerOf(request, 'authorization'), match.route.authorizationScopes, path);
      if ('denied' in authorized) return authorized.denied;
      jwt = authorized.jwt;
    }
    const event = buildHttpEvent(
      { method, url, rawHeaders: request.rawHeaders, body, sourceIp: clientIp(request), localPort: request.socket.localPort ?? 0 },
      match,
      { requestId, apiId: this.options.apiId ?? 'local', accountId: this.options.accountId, now: new Date(), jwt },
    );
    // Back-pressure: a saturated function is refused before it is invoked (no work done then reported as
    // failed), as Lambda throttles beyond reserved concurrency; the client retries after Retry-After.
    const arn = match.route.functionArn;
    const running = this.inFlight.get(arn) ?? 0;
    const limit = this.limitFor(match.route);
    if (running >= limit.limit) {
      return { ...message(429, 'Too Many Requests'), headers: { 'content-type': 'application/json', 'retry-after': '1' } };
    }
    this.inFlight.set(arn, running + 1);
    const startedAt = Date.now();
    let timedOut = false;
    try {
      return toHttpResponse(await this.options.lambda.invoke(arn, event));
    } catch (error) {
      this.options.logger?.warn(`${match.route.routeKey} failed`, { error: String(error) });
      timedOut = error instanceof LambdaInvocationError && error.errorType === 'Sandbox.Timedout';
      if (timedOut) return message(503, 'Service Unavailable');
      return message(500, 'Internal Server Error');
    } finally {
      this.inFlight.set(arn, (this.inFlight.get(arn) ?? 1) - 1);
      limit.record(Date.now() - startedAt, timedOut);
    }
  }

  private limitFor(route: LocalRoute): AdaptiveLimit {
    const existing = this.limits.get(route.functionArn);
    if (existing) return existing;
    const configured = this.options.maxInFlightPerFunction ?? Number(process.env.LOCAL_MAX_IN_FLIGHT_PER_FUNCTION);
    const local = Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_MAX_IN_FLIGHT;
    const reserved = route.maxConcurrency;
    const max = reserved !== undefined && reserved > 0 ? Math.min(reserved, local) : local;
    // A route that declares its concurrency is a heavy one (POST /orders): it starts small and grows with
    // fast answers. The others start at the cap, so a burst of reads is not refused on a machine at rest.
    const initial = reserved !== undefined && reserved > 0 ? INITIAL_LIMIT : max;
    const limit = new AdaptiveLimit({ max, initial, timeoutMs: (route.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000 });
    this.limits.set(route.functionArn, limit);
    return limit;
  }

  private async authorize(
    header: string | undefined,
    requiredScopes: readonly string[] | undefined,
    path: string,
  ): Promise<{ jwt: JwtContext } | { denied: HttpResponse }> {
    const token = header?.replace(/^Bearer\s+/i, '').trim();
    if (!token) return { denied: unauthorizedResponse(MISSING_TOKEN, path) };
    let claims: Record<string, unknown>;
    try {
      claims = await this.options.issuer.verify(token);
    } catch (error) {
      return { denied: unauthorizedResponse(tokenRefusalFor(error), path) };
    }
    const scopeClaim = typeof claims.scope === 'string' ? claims.scope : typeof claims.scp === 'string' ? claims.scp : undefined;
    const scopes = scopeClaim ? scopeClaim.split(' ').filter(Boolean) : null;
    if (requiredScopes?.length && !requiredScopes.some((scope) => scopes?.includes(scope))) {
      const denied = message(403, 'Forbidden');
      denied.headers['www-authenticate'] = `Bearer scope="${requiredScopes.join(' ')}" error="insufficient_scope"`;
      return { denied };
    }
    return { jwt: { claims: claimsForEvent(claims), scopes } };
  }
}

function message(statusCode: number, text: string): HttpResponse & { headers: Record<string, string | string[]> } {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ message: text })) };
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function clientIp(request: IncomingMessage): string {
  return (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
}

/** Reads the body; past the limit it keeps draining (so the 413 can still be written) but stops buffering. */
function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * The AWS-compatible endpoint (default :4566): AWS JSON protocol (`X-Amz-Target: Prefix.Action`) for the
 * registered services (Step Functions, EventBridge, SQS), DynamoDB and DynamoDB Streams forwarded byte-for-byte to DynamoDB Local, and a
 * few `/_local/*` control routes for our own tools.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { closeServer, listenOn } from '../http-listener';
import { AwsServiceError, DEFAULT_REGION, type AwsJsonService, type AwsRequestContext } from '../model';

export interface EndpointControl {
  health(): Record<string, unknown>;
  scheduleNames(): readonly string[];
  fireSchedule(name: string, detail?: Record<string, unknown>): Promise<void>;
  /** Brings an execution's next task-token deadline forward (local only); undefined when it has none. */
  advanceTimer(execution: string, seconds?: number): object | undefined;
  jwks(): unknown;
}

export interface EndpointOptions {
  readonly services: readonly AwsJsonService[];
  readonly dynamodbEndpoint: string;
  readonly control: EndpointControl;
  readonly logger?: { warn(message: string, data?: object): void };
  /** The cloud's region: a request signed for another one sees an empty region. @default DEFAULT_REGION */
  readonly region?: string;
}

const DYNAMODB_PREFIXES = ['DynamoDB_20120810', 'DynamoDBStreams_20120810'];

export class AwsEndpoint {
  private server?: Server;

  constructor(private readonly options: EndpointOptions) {}

  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    const server = createServer((request, response) => void this.serve(request, response));
    this.server = server;
    return listenOn(server, port, host);
  }

  async close(): Promise<void> {
    await closeServer(this.server);
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      if (path.startsWith('/_local/')) return await this.control(request, response, path);
      const target = header(request, 'x-amz-target');
      if (!target) return sendJson(response, 400, { __type: 'MissingAction', message: 'X-Amz-Target header is required' });
      const [prefix = '', action = ''] = target.split('.');
      const context = this.requestContext(request);
      if (DYNAMODB_PREFIXES.includes(prefix)) {
        return context.ownRegion ? this.forwardToDynamoDb(request, response) : answerAsEmptyDynamoDbRegion(action, request, response);
      }
      const service = this.options.services.find((candidate) => candidate.targetPrefix === prefix);
      const contentType = header(request, 'content-type') ?? 'application/x-amz-json-1.0';
      if (!service) return sendAwsError(response, contentType, new AwsServiceError('UnknownOperationException', `No local service for ${prefix}`));
      const text = (await readAll(request)).toString('utf8');
      let input: Record<string, unknown>;
      try {
        input = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        return sendAwsError(response, contentType, new AwsServiceError('SerializationException', 'Request body is not valid JSON'));
      }
      const result = await service.handle(action, input, context);
      sendJson(response, 200, result ?? {}, contentType);
    } catch (error) {
      const contentType = header(request, 'content-type') ?? 'application/x-amz-json-1.0';
      if (error instanceof AwsServiceError) return sendAwsError(response, contentType, error);
      this.options.logger?.warn('endpoint failure', { error: String(error) });
      sendAwsError(response, contentType, new AwsServiceError('InternalFailure', error instanceof Error ? error.message : String(error), 500));
    }
  }

  private async control(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const { control } = this.options;
    if (request.method === 'GET' && path === '/_local/health') return sendJson(response, 200, control.health());
    if (request.method === 'GET' && path === '/_local/issuer/jwks.json') return sendJson(response, 200, control.jwks());
    if (request.method === 'GET' && path === '/_local/schedules') return sendJson(response, 200, { schedules: control.scheduleNames() });
    const fire = /^\/_local\/schedules\/([^/]+)\/fire$/.exec(path);
    if (request.method === 'POST' && fire) {
      const name = decodeURIComponent(fire[1]!);
      const known = control.scheduleNames();
      if (!known.includes(name)) return sendJson(response, 404, { message: `Unknown schedule ${name}`, schedules: known });
      const body = JSON.parse((await readAll(request)).toString('utf8') || '{}') as { detail?: unknown };
      const detail = body.detail !== null && typeof body.detail === 'object' && !Array.isArray(body.detail) ? (body.detail as Record<string, unknown>) : undefined;
      await control.fireSchedule(name, detail);
      return sendJson(response, 200, { fired: name });
    }
    if (request.method === 'POST' && path === '/_local/timers/advance') {
      const body = JSON.parse((await readAll(request)).toString('utf8') || '{}') as { execution?: unknown; seconds?: unknown };
      if (typeof body.execution !== 'string' || (body.seconds !== undefined && (typeof body.seconds !== 'number' || body.seconds <= 0))) {
        return sendJson(response, 400, { message: 'Give "execution" (an execution ARN or name) and optionally "seconds" > 0' });
      }
      const moved = control.advanceTimer(body.execution, body.seconds);
      if (!moved) return sendJson(response, 409, { message: 'That execution is not waiting for a deadline right now' });
      return sendJson(response, 200, moved);
    }
    sendJson(response, 404, { message: 'Not Found' });
  }

  private requestContext(request: IncomingMessage): AwsRequestContext {
    const own = this.options.region ?? DEFAULT_REGION;
    // SigV4: `Credential=<key>/<yyyymmdd>/<region>/<service>/aws4_request`.
    const signed = /Credential=[^/,]+\/\d{8}\/([^/,]+)\//.exec(header(request, 'authorization') ?? '')?.[1];
    return { region: signed ?? own, ownRegion: signed === undefined || signed === own };
  }

  /** DynamoDB Local does not check signatures, so the signed request is relayed unchanged. */
  private forwardToDynamoDb(request: IncomingMessage, response: ServerResponse): void {
    const target = new URL(this.options.dynamodbEndpoint);
    const upstream = httpRequest(
      { hostname: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers },
      (reply) => {
        response.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(response);
      },
    );
    upstream.on('error', (error) => {
      if (!response.headersSent) sendAwsError(response, 'application/x-amz-json-1.0', new AwsServiceError('ServiceUnavailable', error.message, 503));
      else response.destroy();
    });
    request.pipe(upstream);
  }
}

/** DynamoDB Local ignores regions (one shared database): another region's request must not see our tables. */
async function answerAsEmptyDynamoDbRegion(action: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  await readAll(request);
  const contentType = 'application/x-amz-json-1.0';
  if (action === 'ListTables') return sendJson(response, 200, { TableNames: [] }, contentType);
  if (action === 'ListStreams') return sendJson(response, 200, { Streams: [] }, contentType);
  const error = new AwsServiceError('ResourceNotFoundException', 'Requested resource not found');
  response.setHeader('x-amzn-errortype', error.code);
  sendJson(response, 400, { __type: `com.amazonaws.dynamodb.v20120810#${error.code}`, message: error.message }, contentType);
}

function sendAwsError(response: ServerResponse, contentType: string, error: AwsServiceError): void {
  response.setHeader('x-amzn-errortype', error.code);
  // The SDK reports this as the error's Code for query-compatible services (SQS's `AWS.SimpleQueueService.*`).
  if (error.queryError) response.setHeader('x-amzn-query-error', error.queryError);
  sendJson(response, error.statusCode, { __type: error.code, message: error.message }, contentType);
}

function sendJson(response: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': randomUUID() });
  response.end(text);
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

/** Shared by the HTTP-layer and platform handler tests: payload-format-2.0 events as API Gateway builds them. */
export interface EventOptions {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | object;
  readonly isBase64Encoded?: boolean;
  readonly pathParameters?: Record<string, string>;
  readonly queryStringParameters?: Record<string, string>;
  readonly claims?: Record<string, unknown>;
  readonly requestId?: string;
}

export const httpEvent = (options: EventOptions = {}): APIGatewayProxyEventV2 => {
  const method = options.method ?? 'GET';
  const path = options.path ?? '/things';
  const body = options.body === undefined || typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const headers = {
    ...(options.body !== undefined && typeof options.body === 'object' ? { 'content-type': 'application/json' } : {}),
    ...(options.headers ?? {}),
  };
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers,
    ...(options.queryStringParameters ? { queryStringParameters: options.queryStringParameters } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: options.requestId ?? 'req-1',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '01/Jan/2030:00:00:00 +0000',
      timeEpoch: 1_893_456_000_000,
      ...(options.claims ? { authorizer: { jwt: { claims: options.claims, scopes: [] } } } : {}),
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: options.isBase64Encoded ?? false,
  } as APIGatewayProxyEventV2;
};

export const lambdaContext = { awsRequestId: 'aws-req-1', functionName: 'test' } as Context;

export const operatorClaims = { sub: 'user-operator', 'cognito:groups': '[operator]', email: 'ops@example.com' };
export const supplierClaims = { sub: 'user-supplier', 'cognito:groups': '[supplier]', 'custom:supplierId': 'SUP1' };

export const jsonBody = (result: { body?: string }): Record<string, unknown> =>
  JSON.parse(result.body ?? 'null') as Record<string, unknown>;

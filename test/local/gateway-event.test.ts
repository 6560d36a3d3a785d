import { describe, expect, it } from 'vitest';
import { buildHttpEvent, claimsForEvent, toHttpResponse, type IncomingHttpRequest } from '../../infra/local/gateway/event';
import { RouteTable } from '../../infra/local/gateway/routes';
import type { LocalRoute } from '../../infra/local/model';

const route = (routeKey: string): LocalRoute => ({ routeKey, functionArn: `fn:${routeKey}`, authorization: 'NONE' });
const table = new RouteTable([
  route('GET /suppliers/{id}'),
  route('GET /suppliers/applications'),
  route('ANY /suppliers/{proxy+}'),
  route('POST /suppliers/{id}/decision'),
  route('ANY /files/{proxy+}'),
]);

const request = (overrides: Partial<IncomingHttpRequest> = {}): IncomingHttpRequest => ({
  method: 'POST',
  url: '/suppliers/S%201/decision?status=open&tag=a&tag=b&q=x%20y',
  rawHeaders: ['Host', 'localhost:3000', 'Content-Type', 'application/json', 'X-Multi', 'one', 'X-Multi', 'two', 'Cookie', 'a=1; b=2', 'User-Agent', 'curl/8'],
  body: Buffer.from('{"decision":"APPROVE"}'),
  sourceIp: '127.0.0.1',
  localPort: 3000,
  ...overrides,
});
const now = new Date('2025-03-12T19:03:58.123Z');
const context = { requestId: 'abcdefghijklmn=', apiId: 'local', accountId: '000000000000', now };

describe('route selection', () => {
  it.each([
    ['GET', '/suppliers/applications', 'GET /suppliers/applications', undefined],
    ['GET', '/suppliers/S1', 'GET /suppliers/{id}', { id: 'S1' }],
    ['POST', '/suppliers/S1/decision', 'POST /suppliers/{id}/decision', { id: 'S1' }],
    ['DELETE', '/suppliers/S1', 'ANY /suppliers/{proxy+}', { proxy: 'S1' }],
    ['GET', '/files/a/b/c.txt', 'ANY /files/{proxy+}', { proxy: 'a/b/c.txt' }],
  ])('%s %s → %s', (method, path, routeKey, pathParameters) => {
    expect(table.match(method, path)).toEqual({ route: expect.objectContaining({ routeKey }), pathParameters });
  });

  it('finds nothing for an unknown path (unless a $default route exists)', () => {
    expect(table.match('GET', '/nowhere')).toBeUndefined();
    expect(new RouteTable([route('$default')]).match('GET', '/nowhere')?.route.routeKey).toBe('$default');
  });
});

describe('payload format 2.0 event', () => {
  const match = table.match('POST', '/suppliers/S%201/decision')!;

  it('is built the way API Gateway builds it', () => {
    const event = buildHttpEvent(request(), match, context);
    expect(event).toEqual({
      version: '2.0',
      routeKey: 'POST /suppliers/{id}/decision',
      rawPath: '/suppliers/S%201/decision',
      rawQueryString: 'status=open&tag=a&tag=b&q=x%20y',
      cookies: ['a=1', 'b=2'],
      headers: {
        host: 'localhost:3000',
        'content-type': 'application/json',
        'x-multi': 'one,two',
        'user-agent': 'curl/8',
        'x-forwarded-for': '127.0.0.1',
        'x-forwarded-port': '3000',
        'x-forwarded-proto': 'http',
        'x-amzn-trace-id': expect.stringMatching(/^Root=1-/),
      },
      queryStringParameters: { status: 'open', tag: 'a,b', q: 'x y' },
      pathParameters: { id: 'S 1' },
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: 'localhost',
        domainPrefix: 'localhost',
        http: { method: 'POST', path: '/suppliers/S 1/decision', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'curl/8' },
        requestId: 'abcdefghijklmn=',
        routeKey: 'POST /suppliers/{id}/decision',
        stage: '$default',
        time: '12/Mar/2025:19:03:58 +0000',
        timeEpoch: now.getTime(),
      },
      body: '{"decision":"APPROVE"}',
      isBase64Encoded: false,
    });
  });

  it('base64-encodes binary bodies and omits absent parts', () => {
    const event = buildHttpEvent(
      request({ url: '/suppliers/S1/decision', rawHeaders: ['Content-Type', 'image/png'], body: Buffer.from([0, 255, 1]) }),
      match,
      context,
    );
    expect(event).toMatchObject({ body: 'AP8B', isBase64Encoded: true, rawQueryString: '' });
    expect(event).not.toHaveProperty('cookies');
    expect(event).not.toHaveProperty('queryStringParameters');
  });

  it('carries the JWT authorizer context with claims as strings and arrays as `[a b]`', () => {
    const claims = claimsForEvent({ sub: 'u1', 'cognito:groups': ['operator', 'warehouse'], exp: 1700000000, email_verified: true });
    const event = buildHttpEvent(request(), match, { ...context, jwt: { claims, scopes: null } });
    expect(event.requestContext).toMatchObject({
      authorizer: { jwt: { claims: { sub: 'u1', 'cognito:groups': '[operator warehouse]', exp: '1700000000', email_verified: 'true' }, scopes: null } },
    });
  });
});

describe('payload format 2.0 response mapping', () => {
  it('takes an object with statusCode as is, including several cookies and base64 bodies', () => {
    const response = toHttpResponse({
      statusCode: 201,
      headers: { 'Content-Type': 'application/problem+json', 'X-Id': 'a' },
      cookies: ['a=1; Path=/', 'b=2'],
      body: Buffer.from('hello').toString('base64'),
      isBase64Encoded: true,
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers).toEqual({ 'content-type': 'application/problem+json', 'x-id': 'a', 'set-cookie': ['a=1; Path=/', 'b=2'] });
    expect(response.body.toString()).toBe('hello');
  });

  it.each([
    [{ hello: 'world' }, '{"hello":"world"}'],
    ['plain text', 'plain text'],
    [[1, 2], '[1,2]'],
  ])('answers anything else (%j) as a 200 JSON body', (result, body) => {
    const response = toHttpResponse(result);
    expect(response).toMatchObject({ statusCode: 200, headers: { 'content-type': 'application/json' } });
    expect(response.body.toString()).toBe(body);
  });
});

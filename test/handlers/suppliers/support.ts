import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { Role } from '../../../shared/domain/actor';
import type { StoredApplication } from '../../../shared/adapters/suppliers-repository';
import { newApplication } from '../../../shared/domain/suppliers/application';
import { completeForm, NOW } from '../../unit/suppliers/fixtures';

export const APPLICATION_ID = '01J0000000000000000000000A';
export const OTHER_ID = '01J0000000000000000000000B';
export const SUPPLIER_ID = '01J0000000000000000000000S';

export interface Caller {
  readonly sub: string;
  readonly role: Role;
  readonly supplierId?: string;
  readonly email?: string;
}

export const operator: Caller = { sub: 'op-1', role: 'operator' };
export const applicant: Caller = { sub: 'applicant-1', role: 'supplier', email: 'applicant@acme.example' };
export const stranger: Caller = { sub: 'someone-else', role: 'supplier' };

export const context = { awsRequestId: 'req-1', functionName: 'test' } as unknown as Context;

/** A payload-format-2.0 event as API Gateway builds it for a JWT route. */
export const httpEvent = (
  caller: Caller,
  request: { method: string; path: string; pathParameters?: Record<string, string>; query?: Record<string, string>; body?: unknown },
): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: `${request.method} ${request.path}`,
    rawPath: request.path,
    rawQueryString: new URLSearchParams(request.query ?? {}).toString(),
    headers: { 'content-type': 'application/json', 'x-correlation-id': 'corr-1' },
    queryStringParameters: request.query,
    pathParameters: request.pathParameters,
    requestContext: {
      requestId: 'req-1',
      http: { method: request.method, path: request.path },
      authorizer: {
        jwt: {
          claims: {
            sub: caller.sub,
            'cognito:groups': `[${caller.role}]`,
            ...(caller.supplierId ? { 'custom:supplierId': caller.supplierId } : {}),
            ...(caller.email ? { email: caller.email } : {}),
          },
          scopes: [],
        },
      },
    },
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

export const parse = (response: { statusCode?: number; body?: string }) => ({
  status: response.statusCode,
  body: JSON.parse(response.body ?? 'null') as Record<string, unknown>,
});

/** A stored application item (with keys, as GetItem returns it). */
export const storedApplication = (overrides: Partial<StoredApplication> = {}) => ({
  pk: `APPLICATION#${APPLICATION_ID}`,
  sk: 'APPLICATION',
  entity: 'SupplierApplication',
  ...newApplication(APPLICATION_ID, applicant, completeForm(), NOW),
  ...overrides,
});

export const conditionalCheckFailed = () =>
  Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });

export const transactionCancelled = () =>
  Object.assign(new Error('Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]'), {
    name: 'TransactionCanceledException',
    CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
  });

import type { Stack } from 'aws-cdk-lib';
import { Duration, type CfnElement } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { OpsHttpApi } from '../../../infra/constructs/ops-http-api';
import { assertUniqueRoutes, OpsHttpRoutes } from '../../../infra/constructs/ops-http-routes';
import { OpsUserPool } from '../../../infra/constructs/ops-user-pool';
import { orderRoutes } from '../../../shared/contracts/orders';
import { platformRoutes } from '../../../shared/contracts/platform';
import type { RouteSpec } from '../../../shared/contracts/route';
import { bareStack, onlyResource, resourcesOf, templateOf, type Resource } from './construct-stack';

/** A second route served by the health function: one function per entry, however many routes it serves. */
const healthz: RouteSpec = { ...platformRoutes.health, operationId: 'getHealthz', path: '/healthz' };
const routes: readonly RouteSpec[] = [platformRoutes.health, healthz, orderRoutes.placeOrder, orderRoutes.getOrder, orderRoutes.receiveCarrierWebhook];

const routeByKey = (template: Template, key: string): Resource => {
  const found = resourcesOf(template, 'AWS::ApiGatewayV2::Route').find(([, route]) => route.Properties?.RouteKey === key);
  if (!found) throw new Error(`no route ${key}`);
  return found[1];
};

describe('OpsHttpRoutes', () => {
  let stack: Stack;
  let served: OpsHttpRoutes;
  let template: Template;
  /** The template's function built for `entry`. */
  const functionFor = (entry: string): Resource => {
    const fn = served.functionsByEntry.get(entry)!.function.node.defaultChild as CfnElement;
    return template.findResources('AWS::Lambda::Function')[stack.getLogicalId(fn)] as Resource;
  };
  beforeAll(() => {
    stack = bareStack();
    const api = new OpsHttpApi(stack, 'Http', { users: new OpsUserPool(stack, 'Users') });
    served = new OpsHttpRoutes(stack, 'Routes', {
      api,
      routes,
      environment: { TABLE_NAME: 'operations' },
      routeEnvironment: { receiveCarrierWebhook: { CARRIER_WEBHOOK_SECRET: 'sssh' } },
    });
    template = templateOf(stack);
  });

  it('makes one API route per spec, keyed by method and path', () => {
    const keys = resourcesOf(template, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties?.RouteKey as string);
    expect(keys.sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
  });

  it('builds one function per handler entry and integrates every route of it with that one function', () => {
    expect(resourcesOf(template, 'AWS::Lambda::Function')).toHaveLength(new Set(routes.map((route) => route.handlerEntry)).size);
    expect(served.routesServedBy(platformRoutes.health.handlerEntry).map((route) => route.operationId)).toEqual(['getHealth', 'getHealthz']);
    const health = routeByKey(template, 'GET /health').Properties?.Target;
    expect(routeByKey(template, 'GET /healthz').Properties?.Target).toEqual(health);
    expect(routeByKey(template, 'POST /orders').Properties?.Target).not.toEqual(health);
  });

  it('puts the Cognito JWT authorizer on jwt routes and none on public and signed ones', () => {
    const [authorizerId] = onlyResource(template, 'AWS::ApiGatewayV2::Authorizer');
    for (const key of ['POST /orders', 'GET /orders/{id}']) {
      expect(routeByKey(template, key).Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
    }
    for (const key of ['GET /health', 'GET /healthz', 'POST /carrier-webhooks/{carrier}']) {
      expect(routeByKey(template, key).Properties?.AuthorizationType).toBe('NONE');
      expect(routeByKey(template, key).Properties?.AuthorizerId).toBeUndefined();
    }
  });

  it('gives a route with a concurrency its reserved concurrency, and the stage throttles it to match', () => {
    const fn = functionFor(orderRoutes.placeOrder.handlerEntry);
    expect(fn.Properties?.ReservedConcurrentExecutions).toBe(orderRoutes.placeOrder.concurrency);
    const others = resourcesOf(template, 'AWS::Lambda::Function').filter(([, other]) => other.Properties?.ReservedConcurrentExecutions !== undefined);
    expect(others).toHaveLength(1);
    const [, stage] = onlyResource(template, 'AWS::ApiGatewayV2::Stage');
    expect(Object.keys(stage.Properties?.RouteSettings as object)).toEqual(['POST /orders']);
  });

  it("gives every function the shared environment, one route's function its own extra, and a 10 s timeout by default", () => {
    const variablesOf = (entry: string) => functionFor(entry).Properties?.Environment.Variables as Record<string, unknown>;
    expect(variablesOf(orderRoutes.receiveCarrierWebhook.handlerEntry)).toMatchObject({ TABLE_NAME: 'operations', CARRIER_WEBHOOK_SECRET: 'sssh' });
    expect(variablesOf(platformRoutes.health.handlerEntry)).toMatchObject({ TABLE_NAME: 'operations' });
    expect(variablesOf(platformRoutes.health.handlerEntry).CARRIER_WEBHOOK_SECRET).toBeUndefined();
    for (const [, fn] of resourcesOf(template, 'AWS::Lambda::Function')) expect(fn.Properties?.Timeout).toBe(Duration.seconds(10).toSeconds());
  });

  it('lets API Gateway invoke each function', () => {
    const permissions = resourcesOf(template, 'AWS::Lambda::Permission').map(([, permission]) => permission.Properties);
    expect(permissions.length).toBeGreaterThanOrEqual(new Set(routes.map((route) => route.handlerEntry)).size);
    expect(permissions.every((permission) => permission?.Action === 'lambda:InvokeFunction' && permission.Principal === 'apigateway.amazonaws.com')).toBe(true);
  });

  it('refuses two specs with the same method and path', () => {
    expect(() => assertUniqueRoutes([platformRoutes.health, { ...platformRoutes.health, operationId: 'again' }])).toThrow('Duplicate route GET /health (operationId again)');
    expect(() => assertUniqueRoutes(routes)).not.toThrow();
  });
});

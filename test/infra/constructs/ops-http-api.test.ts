import type { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { beforeAll, describe, expect, it } from 'vitest';
import { OpsHttpApi } from '../../../infra/constructs/ops-http-api';
import { OpsUserPool } from '../../../infra/constructs/ops-user-pool';
import { platformRoutes } from '../../../shared/contracts/platform';
import { bareStack, onlyResource, templateOf } from './construct-stack';

/** The API with one JWT route on it (the authorizer exists once a route uses it), the route throttled. */
const build = (throttle?: apigw.ThrottleSettings) => {
  const stack = bareStack();
  const users = new OpsUserPool(stack, 'Users');
  const http = new OpsHttpApi(stack, 'Http', { users, ...(throttle ? { throttle } : {}) });
  const route = new apigw.HttpRoute(stack, 'Probe', {
    httpApi: http.api,
    routeKey: apigw.HttpRouteKey.with('/health', apigw.HttpMethod.GET),
    integration: new HttpUrlIntegration('ProbeIntegration', 'https://example.com/health'),
    authorizer: http.authorizer,
  });
  return { stack, users, http, route };
};

describe('OpsHttpApi', () => {
  let stack: Stack;
  let users: OpsUserPool;
  let http: OpsHttpApi;
  let template: Template;
  beforeAll(() => {
    ({ stack, users, http } = build());
    http.throttleRoute(platformRoutes.health, 7, stack.node.findChild('Probe'));
    template = templateOf(stack);
  });

  it('is one HTTP API with no default stage of its own but an auto-deployed $default stage', () => {
    const [, api] = onlyResource(template, 'AWS::ApiGatewayV2::Api');
    expect(api.Properties).toMatchObject({ ProtocolType: 'HTTP', Description: 'Commerce Ops HTTP API' });
    const [, stage] = onlyResource(template, 'AWS::ApiGatewayV2::Stage');
    expect(stage.Properties).toMatchObject({ StageName: '$default', AutoDeploy: true });
  });

  it('throttles the whole stage at 50 requests a second (100 in bursts) unless told otherwise', () => {
    const [, stage] = onlyResource(template, 'AWS::ApiGatewayV2::Stage');
    expect(stage.Properties?.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    const custom = build({ rateLimit: 5, burstLimit: 9 });
    const [, customStage] = onlyResource(templateOf(custom.stack), 'AWS::ApiGatewayV2::Stage');
    expect(customStage.Properties?.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 5, ThrottlingBurstLimit: 9 });
  });

  it('logs every request as one JSON line, to a log group kept three months', () => {
    const [logGroupId, logGroup] = onlyResource(template, 'AWS::Logs::LogGroup');
    expect(logGroup.Properties).toMatchObject({ RetentionInDays: 90 });
    const [, stage] = onlyResource(template, 'AWS::ApiGatewayV2::Stage');
    expect(stage.Properties?.AccessLogSettings.DestinationArn).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] });
    const fields = JSON.parse(stage.Properties?.AccessLogSettings.Format as string) as Record<string, string>;
    expect(fields).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status', sub: '$context.authorizer.claims.sub' });
  });

  it("verifies JWTs of the user pool's issuer for its app client, from the Authorization header", () => {
    const [authorizerId, authorizer] = onlyResource(template, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
    expect(authorizer.Properties?.JwtConfiguration.Issuer).toEqual(stack.resolve(users.issuerUrl));
    expect(authorizer.Properties?.JwtConfiguration.Audience).toEqual([stack.resolve(users.client.userPoolClientId)]);
    const [, route] = onlyResource(template, 'AWS::ApiGatewayV2::Route');
    expect(route.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
  });

  it('throttles a route by its key on the stage, and the stage waits for the route to exist', () => {
    const stages = template.findResources('AWS::ApiGatewayV2::Stage') as Record<string, { Properties: Record<string, unknown>; DependsOn?: string[] }>;
    const [stage] = Object.values(stages);
    // The keys as the construct writes them today (test/infra/back-pressure.test.ts pins the same).
    expect(stage?.Properties.RouteSettings).toEqual({ 'GET /health': { ThrottlingRateLimit: 7, ThrottlingBurstLimit: 14 } });
    const [routeId] = onlyResource(template, 'AWS::ApiGatewayV2::Route');
    expect(stage?.DependsOn).toContain(routeId);
  });

  it('outputs the API base URL', () => {
    const outputs = Object.values(template.findOutputs('*')) as { Description?: string; Value: unknown }[];
    const apiUrl = outputs.find((output) => output.Description === 'Commerce Ops API base URL');
    expect(apiUrl?.Value).toEqual(stack.resolve(http.api.apiEndpoint));
  });
});

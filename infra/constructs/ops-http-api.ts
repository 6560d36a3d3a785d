import { CfnOutput, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import type { RouteSpec } from '../../shared/contracts/route';
import type { OpsUserPool } from './ops-user-pool';

export interface OpsHttpApiProps {
  readonly users: OpsUserPool;
  /** @default { rateLimit: 50, burstLimit: 100 } requests per second for the whole stage */
  readonly throttle?: apigw.ThrottleSettings;
}

/**
 * The public HTTP API itself: the API, its `$default` stage (JSON access logs, stage throttling) and the
 * Cognito JWT authorizer. Routes, integrations and their functions live with their context
 * (OpsHttpRoutes, one per context stack), which attach to this API by its id.
 */
export class OpsHttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** Put on every `jwt` route; CDK creates it once, beside the API, whichever stack the route is in. */
  readonly authorizer: apigw.IHttpRouteAuthorizer;

  constructor(scope: Construct, id: string, props: OpsHttpApiProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'Commerce Ops HTTP API',
      createDefaultStage: false,
    });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(this.accessLogs), format: accessLogFormat() },
    });
    this.authorizer = new HttpJwtAuthorizer('CognitoAuthorizer', props.users.issuerUrl, {
      jwtAudience: [props.users.client.userPoolClientId],
    });
    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Commerce Ops API base URL' });
  }

  /**
   * The stage admits `concurrency` requests a second to one route (twice that in bursts), so excess load is
   * refused with 429 up front. The stage names the route by its key, which API Gateway checks exists: the
   * stage waits for `routeOwner` (the stack or construct that creates the route).
   */
  throttleRoute(route: RouteSpec, concurrency: number, routeOwner: IConstruct): void {
    const stage = this.stage.node.defaultChild as apigw.CfnStage;
    const settings = (stage.routeSettings ?? {}) as Record<string, unknown>;
    stage.routeSettings = {
      ...settings,
      // CloudFormation's RouteSettings keys (the property is plain JSON to the CDK: nothing renames them).
      [`${route.method} ${route.path}`]: { ThrottlingRateLimit: concurrency, ThrottlingBurstLimit: concurrency * 2 },
    };
    this.stage.node.addDependency(routeOwner);
  }
}

/** One JSON line per request, with the fields an operator filters on. */
const accessLogFormat = (): AccessLogFormat =>
  AccessLogFormat.custom(
    JSON.stringify({
      requestId: '$context.requestId',
      time: '$context.requestTime',
      ip: '$context.identity.sourceIp',
      method: '$context.httpMethod',
      routeKey: '$context.routeKey',
      path: '$context.path',
      status: '$context.status',
      latencyMs: '$context.responseLatency',
      integrationError: '$context.integrationErrorMessage',
      authorizerError: '$context.authorizer.error',
      sub: '$context.authorizer.claims.sub',
    }),
  );

import { CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RouteSpec } from '../../shared/contracts/route';
import { acknowledgeNag } from './nag';
import { OpsFunction } from './ops-function';
import type { OpsUserPool } from './ops-user-pool';
import { constructIdForName, shortNameForEntry } from './repo';

export interface OpsHttpApiProps {
  /** The route table (shared/contracts/routes.ts): one API route per spec, one function per entry. */
  readonly routes: readonly RouteSpec[];
  readonly users: OpsUserPool;
  /** Environment for every route function (on top of the Powertools defaults). @default - none */
  readonly environment?: Readonly<Record<string, string>>;
  /** Extra environment for the function of one route, by operationId (e.g. a webhook's secret). @default - none */
  readonly routeEnvironment?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** @default { rateLimit: 50, burstLimit: 100 } requests per second for the whole stage */
  readonly throttle?: apigw.ThrottleSettings;
  /** @default Duration.seconds(10) */
  readonly functionTimeout?: Duration;
}

/**
 * The public HTTP API: Cognito JWT authorizer on every `jwt` route (roles are checked by the handler
 * factory from `cognito:groups`), open `none`/`hmac` routes, JSON access logs and stage throttling.
 */
export class OpsHttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** One function per distinct `handlerEntry`. */
  readonly functionsByEntry = new Map<string, OpsFunction>();
  private readonly routesByEntry = new Map<string, RouteSpec[]>();

  constructor(scope: Construct, id: string, props: OpsHttpApiProps) {
    super(scope, id);
    assertUniqueRoutes(props.routes);

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

    const authorizer = new HttpJwtAuthorizer('CognitoAuthorizer', props.users.issuerUrl, {
      jwtAudience: [props.users.client.userPoolClientId],
    });

    for (const route of props.routes) {
      const fn = this.functionFor(route, props);
      const integration = this.integrationFor(route.handlerEntry, fn);
      const [apiRoute] = this.api.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration,
        authorizer: route.auth.type === 'jwt' ? authorizer : new apigw.HttpNoneAuthorizer(),
      });
      if (apiRoute && route.auth.type !== 'jwt') acknowledgeOpenRoute(apiRoute, route);
      if (route.concurrency !== undefined) this.limitConcurrency(route, fn);
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Commerce Ops API base URL' });
  }

  /** Routes served by the function built for `entry`. */
  routesServedBy(entry: string): readonly RouteSpec[] {
    return this.routesByEntry.get(entry) ?? [];
  }

  private functionFor(route: RouteSpec, props: OpsHttpApiProps): OpsFunction {
    this.routesByEntry.set(route.handlerEntry, [...this.routesServedBy(route.handlerEntry), route]);
    const existing = this.functionsByEntry.get(route.handlerEntry);
    if (existing) return existing;
    const shortName = shortNameForEntry(route.handlerEntry);
    const fn = new OpsFunction(this, constructIdForName(shortName), {
      entry: route.handlerEntry,
      shortName,
      timeout: props.functionTimeout ?? Duration.seconds(10),
      description: `${route.method} ${route.path}`,
      environment: { ...props.environment, ...props.routeEnvironment?.[route.operationId] },
    });
    this.functionsByEntry.set(route.handlerEntry, fn);
    return fn;
  }

  /**
   * Back-pressure for a heavy route: its function may run `concurrency` calls at once (reserved concurrency;
   * Lambda throttles beyond it) and the stage admits that many requests a second to the route (twice that
   * in bursts), so excess load is refused with 429 up front instead of timing out half done.
   */
  private limitConcurrency(route: RouteSpec, fn: OpsFunction): void {
    const concurrency = route.concurrency!;
    (fn.function.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = concurrency;
    const stage = this.stage.node.defaultChild as apigw.CfnStage;
    const settings = (stage.routeSettings ?? {}) as Record<string, unknown>;
    stage.routeSettings = {
      ...settings,
      [`${route.method} ${route.path}`]: { throttlingRateLimit: concurrency, throttlingBurstLimit: concurrency * 2 },
    };
  }

  private readonly integrations = new Map<string, HttpLambdaIntegration>();
  private integrationFor(entry: string, fn: OpsFunction): HttpLambdaIntegration {
    let integration = this.integrations.get(entry);
    if (!integration) {
      integration = new HttpLambdaIntegration(`${constructIdForName(fn.shortName)}Integration`, fn.function);
      this.integrations.set(entry, integration);
    }
    return integration;
  }
}

const assertUniqueRoutes = (routes: readonly RouteSpec[]): void => {
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) throw new Error(`Duplicate route ${key} (operationId ${route.operationId})`);
    seen.add(key);
  }
};

const acknowledgeOpenRoute = (apiRoute: apigw.HttpRoute, route: RouteSpec): void => {
  const why =
    route.auth.type === 'hmac'
      ? `${route.method} ${route.path} is called by carriers, which cannot hold user-pool tokens; every request is verified by the HMAC signature header ${route.auth.header} in the handler.`
      : `${route.method} ${route.path} is public by design (health check / API description) and returns no business data.`;
  acknowledgeNag(apiRoute, 'APIG4', why);
  acknowledgeNag(apiRoute, 'COG4', why);
};

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

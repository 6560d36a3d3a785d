import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { RouteSpec } from '../../shared/contracts/route';
import { acknowledgeNag } from './nag';
import { OpsFunction } from './ops-function';
import type { OpsHttpApi } from './ops-http-api';
import { constructIdForName, shortNameForEntry } from './repo';

export interface OpsHttpRoutesProps {
  /** The API the routes join (it may live in another stack: only its id and authorizer are referenced). */
  readonly api: OpsHttpApi;
  /** Routes of the route table (shared/contracts/routes.ts) to serve here: one API route per spec, one function per entry. */
  readonly routes: readonly RouteSpec[];
  /** Environment for every route function (on top of the Powertools defaults). @default - none */
  readonly environment?: Readonly<Record<string, string>>;
  /** Extra environment for the function of one route, by operationId (e.g. a webhook's secret). @default - none */
  readonly routeEnvironment?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** @default Duration.seconds(10) */
  readonly functionTimeout?: Duration;
}

/**
 * Routes of the HTTP API with their functions, Lambda integrations and invoke permissions, in the scope
 * (and so the stack) of their context. `jwt` routes get the API's Cognito authorizer (roles are checked by
 * the handler factory from `cognito:groups`); `none`/`hmac` routes are open.
 */
export class OpsHttpRoutes extends Construct {
  /** One function per distinct `handlerEntry`. */
  readonly functionsByEntry = new Map<string, OpsFunction>();
  private readonly routesByEntry = new Map<string, RouteSpec[]>();
  private readonly integrations = new Map<string, HttpLambdaIntegration>();

  constructor(scope: Construct, id: string, props: OpsHttpRoutesProps) {
    super(scope, id);
    assertUniqueRoutes(props.routes);
    for (const route of props.routes) {
      const fn = this.functionFor(route, props);
      const apiRoute = new apigw.HttpRoute(this, route.operationId, {
        httpApi: props.api.api,
        routeKey: apigw.HttpRouteKey.with(route.path, apigw.HttpMethod[route.method]),
        integration: this.integrationFor(route.handlerEntry, fn),
        authorizer: route.auth.type === 'jwt' ? props.api.authorizer : new apigw.HttpNoneAuthorizer(),
      });
      if (route.auth.type !== 'jwt') acknowledgeOpenRoute(apiRoute, route);
      if (route.concurrency !== undefined) {
        // Reserved concurrency: Lambda throttles beyond it; the stage throttles the route to match.
        (fn.function.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = route.concurrency;
        props.api.throttleRoute(route, route.concurrency, this);
      }
    }
  }

  /** Routes served by the function built for `entry`. */
  routesServedBy(entry: string): readonly RouteSpec[] {
    return this.routesByEntry.get(entry) ?? [];
  }

  private functionFor(route: RouteSpec, props: OpsHttpRoutesProps): OpsFunction {
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

  private integrationFor(entry: string, fn: OpsFunction): HttpLambdaIntegration {
    let integration = this.integrations.get(entry);
    if (!integration) {
      integration = new HttpLambdaIntegration(`${constructIdForName(fn.shortName)}Integration`, fn.function);
      this.integrations.set(entry, integration);
    }
    return integration;
  }
}

/** Throws on two specs with the same method and path. */
export const assertUniqueRoutes = (routes: readonly RouteSpec[]): void => {
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
      : route.auth.type === 'storefront-key'
        ? `${route.method} ${route.path} is called by browsers without a user; every request is checked against a revocable storefront key (${route.auth.header}) in the handler, and the key can only write events.`
        : `${route.method} ${route.path} is public by design (health check / API description) and returns no business data.`;
  acknowledgeNag(apiRoute, 'APIG4', why);
  acknowledgeNag(apiRoute, 'COG4', why);
};

import { describe, expect, it } from 'vitest';
import { synthesize, type Json } from './synth';
import { orderRoutes } from '../../shared/contracts/orders';
import { synthTemplate } from '../../infra/local/template/synth';
import { buildLocalModel } from '../../infra/local/template/model';

describe('back-pressure in the CDK app', () => {
  it('reserves POST /orders its concurrency and throttles its route on the stage; the local model carries the limit', () => {
    const { json } = synthesize();
    const placeOrder = Object.values(json.Resources).find(
      (resource: Json) => resource.Type === 'AWS::Lambda::Function' && JSON.stringify(resource.Metadata ?? {}).includes('functions/orders/place-order.ts'),
    ) as Json;
    expect(placeOrder.Properties.ReservedConcurrentExecutions).toBe(orderRoutes.placeOrder.concurrency);
    const stage = Object.values(json.Resources).find((resource: Json) => resource.Type === 'AWS::ApiGatewayV2::Stage') as Json;
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    expect(stage.Properties.RouteSettings['POST /orders']).toEqual({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 });

    const { template, stackName } = synthTemplate();
    const model = buildLocalModel(template, { stackName, region: 'eu-central-1', accountId: '000000000000', repoRoot: process.cwd() });
    expect(model.api.routes.find((route) => route.routeKey === 'POST /orders')?.maxConcurrency).toBe(20);
    expect(model.api.routes.find((route) => route.routeKey === 'GET /orders')?.maxConcurrency).toBeUndefined();
  }, 180_000);
});

/**
 * Analytics in the template: the `nightly-kpi` schedule just after the store's midnight, the order events it
 * counts, its alerts to ops-alerts, and `POST /events` open at the gateway (the storefront key is checked in
 * the handler) while every other analytics route needs an operator's JWT.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { hourAfterMidnightUtc } from '../../infra/stacks/store-time';
import { resourcesOfType, synthesizedTemplate, type SynthesizedTemplate } from './synth';
import { templateQueries } from './template-queries';

let synth: SynthesizedTemplate;
beforeAll(() => {
  synth = synthesizedTemplate();
});

const { named, functionByEntry } = templateQueries(() => synth.json);

describe('analytics', () => {
  it('runs nightly-kpi at 00:30 store time (UTC by default) with the store settings in its environment', () => {
    const [jobId, job] = functionByEntry('functions/analytics/nightly-kpi.ts');
    const [, schedule] = named('AWS::Events::Rule', 'nightly-kpi');
    expect(schedule.Properties?.ScheduleExpression).toBe('cron(30 0 * * ? *)');
    expect(JSON.stringify(schedule.Properties?.Targets)).toContain(jobId);
    expect(job.Properties?.Environment?.Variables).toMatchObject({ STORE_TIME_ZONE: 'UTC', CHURN_DAYS: '90', COUNTER_SHARDS: '8' });
  });

  it('runs rfm-weekly on Mondays at 03:30 UTC', () => {
    const [jobId] = functionByEntry('functions/analytics/rfm-weekly.ts');
    const [, schedule] = named('AWS::Events::Rule', 'rfm-weekly');
    expect(schedule.Properties?.ScheduleExpression).toBe('cron(30 3 ? * MON *)');
    expect(JSON.stringify(schedule.Properties?.Targets)).toContain(jobId);
  });

  it('takes the store time zone and the churn days from CDK context', () => {
    const custom = synthesizedTemplate({ storeTimeZone: 'Europe/Berlin', churnDays: 60 });
    const queries = templateQueries(() => custom.json);
    const [, job] = queries.functionByEntry('functions/analytics/nightly-kpi.ts');
    expect(job.Properties?.Environment?.Variables).toMatchObject({ STORE_TIME_ZONE: 'Europe/Berlin', CHURN_DAYS: '60' });
    expect(queries.named('AWS::Events::Rule', 'nightly-kpi')[1].Properties?.ScheduleExpression).toBe('cron(30 23 * * ? *)');
  });

  it.each([
    ['UTC', 0],
    ['Europe/Berlin', 23],
    ['America/New_York', 5],
    ['Asia/Tokyo', 15],
  ])("puts the job after midnight in %s all year (at %i:30 UTC)", (zone, hour) => {
    expect(hourAfterMidnightUtc(zone)).toBe(hour);
  });

  it('counts placed, cancelled and shipped orders with one consumer, live SKUs with another, and alerts ops of anomalies and the digest', () => {
    const [consumerId] = functionByEntry('functions/analytics/record-order-events.ts');
    const rules = resourcesOfType(synth.json, 'AWS::Events::Rule').filter(([, rule]) => JSON.stringify(rule.Properties?.Targets ?? []).includes(consumerId));
    expect(rules.map(([, rule]) => rule.Properties?.EventPattern)).toEqual([
      { source: ['commerce.orders'], 'detail-type': ['OrderPlaced', 'OrderCancelled', 'OrderShipped'] },
    ]);
    const [catalogConsumerId] = functionByEntry('functions/analytics/record-catalog-events.ts');
    const catalogRules = resourcesOfType(synth.json, 'AWS::Events::Rule').filter(([, rule]) => JSON.stringify(rule.Properties?.Targets ?? []).includes(catalogConsumerId));
    expect(catalogRules.map(([, rule]) => rule.Properties?.EventPattern)).toEqual([{ source: ['commerce.catalog'], 'detail-type': ['ProductListed', 'ProductArchived'] }]);
    const [, alerts] = named('AWS::Events::Rule', 'analytics-ops-alerts');
    expect(alerts.Properties?.EventPattern).toEqual({ source: ['commerce.analytics'], 'detail-type': ['KpiAnomaly', 'InsightsDigest'] });
    expect(JSON.stringify(alerts.Properties?.Targets)).toMatch(/OpsAlerts/);
  });

  it('leaves POST /events to the storefront key (no authorizer) and puts the KPI routes behind the JWT authorizer', () => {
    const routes = resourcesOfType(synth.json, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);
    const byKey = (key: string) => routes.find((route) => route?.RouteKey === key);
    expect(byKey('POST /events')?.AuthorizationType).toBe('NONE');
    for (const key of ['GET /kpis', 'GET /kpis/{date}', 'GET /insights', 'POST /storefront-keys', 'PUT /insight-rules/{id}', 'GET /products/{id}/bought-together']) {
      expect(byKey(key)?.AuthorizationType, key).toBe('JWT');
    }
  });
});

describe('storefront events', () => {
  it('POST /events may only send to the storefront-events queue, which the counting function drains with the store settings', () => {
    const [, recordEvents] = functionByEntry('functions/analytics/record-events.ts');
    const [queueId] = named('AWS::SQS::Queue', 'storefront-events');
    expect(JSON.stringify(recordEvents.Properties?.Environment?.Variables?.STOREFRONT_EVENTS_QUEUE_URL)).toContain(queueId);
    // Its one SQS permission: sending to that queue.
    const recordEventsRole = (recordEvents.Properties?.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const sqsStatements = resourcesOfType(synth.json, 'AWS::IAM::Policy')
      .filter(([, policy]) => JSON.stringify(policy.Properties?.Roles).includes(`"${recordEventsRole}"`))
      .flatMap(([, policy]) => policy.Properties?.PolicyDocument?.Statement as { Action: string | string[]; Resource: unknown }[])
      .filter((statement) => JSON.stringify(statement.Action).includes('sqs:'));
    expect(sqsStatements).toHaveLength(1);
    expect(sqsStatements[0]!.Action).toEqual(expect.arrayContaining(['sqs:SendMessage']));
    expect(JSON.stringify(sqsStatements[0]!.Resource)).toContain(queueId);
    const [countId, count] = functionByEntry('functions/analytics/count-storefront-events.ts');
    expect(count.Properties?.Environment?.Variables).toMatchObject({ STORE_TIME_ZONE: 'UTC', COUNTER_SHARDS: '8' });
    const mapping = resourcesOfType(synth.json, 'AWS::Lambda::EventSourceMapping').find(([, candidate]) => JSON.stringify(candidate.Properties?.FunctionName).includes(countId));
    expect(JSON.stringify(mapping?.[1].Properties?.EventSourceArn)).toContain(queueId);
  });
});

/** The `npm start` banner: URLs, one dev token per role, example requests, where output lands. */
import type { LocalCloud } from './cloud';
import { DEMO_SUPPLIERS } from './seed';

export async function renderBanner(cloud: LocalCloud, readyMs: number): Promise<string> {
  const demoSupplier = DEMO_SUPPLIERS[0];
  const supplierId = demoSupplier?.supplierId ?? '<supplier-id>';
  const tokens = {
    operator: await cloud.issuer.issueToken({ role: 'operator', sub: 'demo-operator' }),
    supplier: await cloud.issuer.issueToken({ role: 'supplier', sub: demoSupplier?.ownerSub, supplierId: demoSupplier?.supplierId }),
    customer: await cloud.issuer.issueToken({ role: 'customer', sub: 'demo-customer' }),
    warehouse: await cloud.issuer.issueToken({ role: 'warehouse', sub: 'demo-warehouse' }),
  };
  const api = cloud.apiUrl;
  const topics = cloud.model.topics.map((topic) => topic.name);
  const firstTopic = topics.includes('ops-alerts') ? 'ops-alerts' : (topics[0] ?? 'ops-alerts');
  const line = '─'.repeat(78);
  return [
    line,
    ` Commerce Ops local cloud is ready (${(readyMs / 1000).toFixed(1)} s)`,
    line,
    ` API            ${api}`,
    ` AWS endpoint   ${cloud.awsUrl}   (Step Functions, EventBridge, DynamoDB)`,
    ` Data           ${cloud.dataDir}   (npm start -- --fresh resets it)`,
    ` Functions ${cloud.model.functions.length} · tables ${cloud.model.tables.length} · state machines ${cloud.model.stateMachines.length} · schedules ${cloud.scheduleNames().join(', ') || 'none'}`,
    ...(cloud.seedSummary.length ? ['', ' Demo data:', ...cloud.seedSummary.map((item) => `   ${item}`)] : []),
    '',
    ' Dev tokens (12 h; more with `npm run token -- <role> [--sub x] [--supplier-id y]`); paste into your shell:',
    ...Object.entries(tokens).map(([role, token]) => `   export ${role.toUpperCase()}_TOKEN=${token}`),
    '',
    ' Try:',
    `   curl -s ${api}/health`,
    `   curl -s -H "Authorization: Bearer $OPERATOR_TOKEN" "${api}/suppliers/applications?status=AWAITING_DECISION"`,
    `   curl -s -H "Authorization: Bearer $SUPPLIER_TOKEN" ${api}/suppliers/${supplierId}`,
    `   curl -s -H "Authorization: Bearer $OPERATOR_TOKEN" ${api}/suppliers/${supplierId}/scorecard`,
    `   curl -s ${api}/openapi.json   (every route and body schema)`,
    '',
    ` Notifications  tail -f ${cloud.dataDir}/sns/${firstTopic}.jsonl   (topics: ${topics.join(', ')})`,
    ` Schedules      npm run invoke -- <schedule-name>`,
    ` AWS CLI        aws --endpoint-url ${cloud.awsUrl} stepfunctions list-executions --state-machine-arn <arn>`,
    line,
    ' Ctrl-C stops everything.',
  ].join('\n');
}

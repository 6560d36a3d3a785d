/** The `npm start` banner: URLs, one dev token per role, example requests, where output lands. */
import { REPO_ROOT, type LocalCloud } from './cloud';
import { DEMO_SUPPLIERS } from './seed';
import { bannerSchedules } from './cli/schedules';
import { defaultDataDir } from './start-options';

export async function renderBanner(cloud: LocalCloud, readyMs: number): Promise<string> {
  const demoSupplier = DEMO_SUPPLIERS[0];
  const supplierId = demoSupplier?.supplierId ?? '<supplier-id>';
  const tokens = {
    operator: await cloud.issuer.issueToken({ role: 'operator', sub: 'demo-operator' }),
    supplier: await cloud.issuer.issueToken({ role: 'supplier', sub: demoSupplier?.ownerSub, supplierId: demoSupplier?.supplierId }),
    customer: await cloud.issuer.issueToken({ role: 'customer', sub: 'demo-customer' }),
    warehouse: await cloud.issuer.issueToken({ role: 'warehouse', sub: 'demo-warehouse' }),
    agent: await cloud.issuer.issueToken({ role: 'agent', sub: 'demo-agent' }),
  };
  const api = cloud.apiUrl;
  const topics = cloud.model.topics.map((topic) => topic.name);
  const firstTopic = topics.includes('ops-alerts') ? 'ops-alerts' : (topics[0] ?? 'ops-alerts');
  const line = '─'.repeat(78);
  // The template's own bus (where the domain events go: PutEvents with EventBusName), else `default`.
  const ownBuses = cloud.model.buses.map((bus) => bus.name).filter((name) => name !== 'default');
  const busNames = ownBuses.length ? ownBuses : ['default'];
  // A second cloud (own --data-dir, own ports) needs the same flags on the helper commands to reach it.
  const dataDirFlag = cloud.dataDir === defaultDataDir(REPO_ROOT) ? '' : ` --data-dir ${cloud.dataDir}`;
  const awsPort = new URL(cloud.awsUrl).port;
  const awsPortFlag = awsPort === '4566' ? '' : ` --aws-port ${awsPort}`;
  return [
    line,
    ` Commerce Ops local cloud is ready (${(readyMs / 1000).toFixed(1)} s)`,
    line,
    ` API            ${api}`,
    ` AWS endpoint   ${cloud.awsUrl}   (Step Functions, EventBridge, DynamoDB)`,
    ` Event bus      ${busNames.join(', ')}   (the domain events; aws events list-rules --event-bus-name ${busNames[0]})`,
    ` Data           ${cloud.dataDir}   (npm start -- --fresh resets it; --data-dir <path> for another)`,
    ` Functions ${cloud.model.functions.length} · tables ${cloud.model.tables.length} · state machines ${cloud.model.stateMachines.length} · schedules ${bannerSchedules(cloud.scheduleNames())}`,
    ...(cloud.seedSummary.length ? ['', ' Demo data:', ...cloud.seedSummary.map((item) => `   ${item}`)] : []),
    '',
    ` Dev tokens (12 h; more with \`npm run token -- <role>${dataDirFlag} [--sub x] [--supplier-id y]\`); paste into your shell:`,
    ...Object.entries(tokens).map(([role, token]) => `   export ${role.toUpperCase()}_TOKEN=${token}`),
    '',
    ' Try:',
    `   curl -s ${api}/health`,
    `   curl -s -H "Authorization: Bearer $OPERATOR_TOKEN" "${api}/suppliers/applications?status=AWAITING_DECISION"`,
    `   curl -s -H "Authorization: Bearer $SUPPLIER_TOKEN" ${api}/suppliers/${supplierId}`,
    `   curl -s -H "Authorization: Bearer $OPERATOR_TOKEN" ${api}/suppliers/${supplierId}/scorecard`,
    `   curl -s -H "Authorization: Bearer $SUPPLIER_TOKEN" ${api}/categories`,
    `   curl -s -H "Authorization: Bearer $OPERATOR_TOKEN" "${api}/products?status=IN_REVIEW"`,
    `   curl -s -H "Authorization: Bearer $AGENT_TOKEN" "${api}/tickets?status=OPEN"   (the customer-service queue)`,
    `   curl -s ${api}/openapi.json   (every route and body schema)`,
    '',
    ` Notifications  tail -f ${cloud.dataDir}/sns/${firstTopic}.jsonl   (topics: ${topics.join(', ')})`,
    cloud.scheduleNames().length > 0
      ? ` Schedules      npm run invoke -- <schedule-name>${awsPortFlag}   (${bannerSchedules(cloud.scheduleNames())})`
      : ` Schedules      none yet: the template declares no scheduled jobs (npm run invoke${awsPortFlag} lists what it can fire)`,
    ` AWS CLI        aws --endpoint-url ${cloud.awsUrl} stepfunctions list-executions --state-machine-arn <arn>`,
    line,
    ' Ctrl-C stops everything.',
  ].join('\n');
}

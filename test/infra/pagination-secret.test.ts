import { describe, expect, it } from 'vitest';
import { synthesizedTemplate, type Json } from './synth';
import { synthTemplate } from '../../infra/local/template/synth';
import { LOCAL_PAGINATION_SECRET } from '../../infra/stacks/settings';

const listOrdersEnv = (resources: Record<string, Json>): Json => {
  const fn = Object.values(resources).find(
    (resource: Json) => resource.Type === 'AWS::Lambda::Function' && JSON.stringify(resource.Metadata ?? {}).includes('functions/orders/list-orders.ts'),
  );
  expect(fn, 'the list-orders function').toBeDefined();
  return fn.Properties.Environment.Variables;
};

describe('pagination token key per deployment', () => {
  it('in AWS: a generated Secrets Manager secret, reaching the functions as a dynamic reference (never in the template)', () => {
    const { json } = synthesizedTemplate();
    const secrets = Object.entries(json.Resources).filter(([, resource]) => resource.Type === 'AWS::SecretsManager::Secret');
    const [logicalId, secret] = secrets.find(([id]) => id.startsWith('PaginationSecret')) ?? [];
    expect(secret?.Properties?.GenerateSecretString).toMatchObject({ PasswordLength: 48 });
    const value = JSON.stringify(listOrdersEnv(json.Resources).PAGINATION_SECRET);
    expect(value).toContain('{{resolve:secretsmanager:');
    expect(value).toContain(logicalId);
  }, 180_000);

  it('with -c paginationSecret=… that value; on the local cloud the fixed dev secret', () => {
    expect(listOrdersEnv(synthesizedTemplate({ paginationSecret: 'from-context' }).json.Resources).PAGINATION_SECRET).toBe('from-context');
    const local = synthTemplate().template as { Resources: Record<string, Json> };
    expect(listOrdersEnv(local.Resources).PAGINATION_SECRET).toBe(LOCAL_PAGINATION_SECRET);
    expect(Object.values(local.Resources).some((resource: Json) => resource.Type === 'AWS::SecretsManager::Secret' && JSON.stringify(resource).includes('pagination'))).toBe(false);
  }, 180_000);
});

describe('carrier webhook secrets, one per carrier', () => {
  const webhookEnv = (resources: Record<string, Json>): Json =>
    Object.values(resources).find(
      (resource: Json) => resource.Type === 'AWS::Lambda::Function' && JSON.stringify(resource.Metadata ?? {}).includes('functions/orders/carrier-webhook.ts'),
    ).Properties.Environment.Variables;

  it('in AWS: a Secrets Manager secret holding the map, by dynamic reference; locally one dev secret per demo carrier', () => {
    const value = JSON.stringify(webhookEnv(synthesizedTemplate().json.Resources).CARRIER_WEBHOOK_SECRETS);
    expect(value).toContain('{{resolve:secretsmanager:');
    expect(value).toContain('CarrierWebhookSecrets');
    const local = JSON.parse(webhookEnv((synthTemplate().template as { Resources: Record<string, Json> }).Resources).CARRIER_WEBHOOK_SECRETS);
    expect(local).toMatchObject({ rheinpost: 'local-webhook-secret-rheinpost', iberlog: 'local-webhook-secret-iberlog' });
  }, 180_000);
});

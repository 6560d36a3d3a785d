import type { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { OpsUserPool } from '../../../infra/constructs/ops-user-pool';
import { ROLES } from '../../../shared/domain/actor';
import { bareStack, onlyResource, resourcesOf, templateOf } from './construct-stack';

describe('OpsUserPool', () => {
  let stack: Stack;
  let pool: OpsUserPool;
  let template: Template;
  beforeAll(() => {
    stack = bareStack();
    pool = new OpsUserPool(stack, 'Users');
    template = templateOf(stack);
  });

  it('has one group per role, admin-only sign-up and a retained, deletion-protected pool', () => {
    const groups = resourcesOf(template, 'AWS::Cognito::UserPoolGroup').map(([, group]) => group.Properties?.GroupName);
    expect(groups.sort()).toEqual([...ROLES].sort());
    const [, userPool] = onlyResource(template, 'AWS::Cognito::UserPool');
    expect(userPool.DeletionPolicy).toBe('Retain');
    expect(userPool.Properties).toMatchObject({ AdminCreateUserConfig: { AllowAdminCreateUserOnly: true }, DeletionProtection: 'ACTIVE' });
  });

  it('has one public app client with SRP and one-hour tokens', () => {
    const [, client] = onlyResource(template, 'AWS::Cognito::UserPoolClient');
    expect(client.Properties).toMatchObject({ GenerateSecret: false, ExplicitAuthFlows: expect.arrayContaining(['ALLOW_USER_SRP_AUTH']), IdTokenValidity: 60, AccessTokenValidity: 60 });
  });

  it('names its issuer after the pool', () => {
    expect(stack.resolve(pool.issuerUrl)).toEqual(stack.resolve(pool.userPool.userPoolProviderUrl));
  });
});

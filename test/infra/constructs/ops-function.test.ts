import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  ENV_CREDENTIALS_MODULE,
  NODE_CREDENTIAL_CHAIN,
  OPS_FUNCTION_ESBUILD_OPTIONS,
  OpsFunction,
} from '../../../infra/constructs/ops-function';
import { constructIdForName, REPO_ROOT, shortNameForEntry } from '../../../infra/constructs/repo';
import { readSettings } from '../../../infra/stacks/settings';

const stackWithoutBundling = (context: Record<string, unknown> = {}) =>
  new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } }), 'Probe');

describe('OpsFunction', () => {
  const build = () => {
    const stack = stackWithoutBundling();
    new OpsFunction(stack, 'Health', {
      entry: 'functions/platform/health.ts',
      shortName: 'platform-health',
      environment: { TABLE_NAME: 'operations' },
    });
    return Template.fromStack(stack);
  };

  it('is an ESM Node.js 22 arm64 function with source metadata for the local cloud', () => {
    build().hasResource('AWS::Lambda::Function', {
      Properties: {
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        Environment: {
          Variables: {
            POWERTOOLS_SERVICE_NAME: 'commerce-ops',
            POWERTOOLS_LOG_LEVEL: 'INFO',
            NODE_OPTIONS: '--enable-source-maps',
            TABLE_NAME: 'operations',
          },
        },
      },
      Metadata: {
        'CommerceOps::Entry': 'functions/platform/health.ts',
        'CommerceOps::Handler': 'handler',
        'CommerceOps::Name': 'platform-health',
      },
    });
  });

  it('logs JSON that Lambda filters: its own lines at INFO, the platform\'s warnings but not a START and REPORT per call', () => {
    build().hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'WARN' },
    });
  });

  it('logs to its own log group with retention, through an explicit role without managed policies', () => {
    const template = build();
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    const roles = Object.values(template.findResources('AWS::IAM::Role'));
    expect(roles).toHaveLength(1);
    expect(roles[0]?.Properties?.ManagedPolicyArns).toBeUndefined();
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as { Action: string[] }[],
    );
    expect(statements.flatMap((s) => s.Action)).toEqual(
      expect.arrayContaining(['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTraceSegments']),
    );
  });

  it('shares one esbuild configuration with bench/: minified ESM for node22, SDK bundled, require shim', () => {
    expect(OPS_FUNCTION_ESBUILD_OPTIONS).toMatchObject({
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      minify: true,
      sourcemap: true,
      external: [],
    });
    expect(OPS_FUNCTION_ESBUILD_OPTIONS.banner.js).toMatch(/createRequire[\s\S]*const require =/);
  });

  it('aliases the node default credential chain to the env-only provider in the bundling options', () => {
    expect(OPS_FUNCTION_ESBUILD_OPTIONS.alias).toEqual({
      '@aws-sdk/credential-provider-node': ENV_CREDENTIALS_MODULE,
      '@smithy/core/event-streams': path.join(REPO_ROOT, 'shared/adapters/sdk-event-streams.ts'),
      '@smithy/core/checksum': path.join(REPO_ROOT, 'shared/adapters/sdk-checksum.ts'),
    });
    expect(NODE_CREDENTIAL_CHAIN).toBe('@aws-sdk/credential-provider-node');
    expect(ENV_CREDENTIALS_MODULE).toMatch(/shared\/adapters\/env-credentials\.ts$/);
  });

  it('deploys a bundle whose SDK clients resolve credentials from the environment only', () => {
    // Bundled for real (local esbuild, as cdk synth does): the NodejsFunction bundling carries the alias.
    const outdir = mkdtempSync(path.join(tmpdir(), 'ops-function-'));
    try {
      const app = new App({ outdir });
      const stack = new Stack(app, 'Bundled');
      new OpsFunction(stack, 'GetOrder', { entry: 'functions/orders/get-order.ts', shortName: 'orders-get-order' });
      const assembly = app.synth();
      const assetDirs = readdirSync(assembly.directory).filter((name) => name.startsWith('asset.'));
      expect(assetDirs).toHaveLength(1);
      const bundle = readFileSync(path.join(assembly.directory, assetDirs[0] as string, 'index.mjs'), 'utf8');
      expect(bundle).toContain('AWS credentials not found in the environment');
      // The node chain's own failure message and its SSO/ini sources are gone.
      expect(bundle).not.toContain('Could not load credentials from any providers');
      expect(bundle).not.toContain('AWS_WEB_IDENTITY_TOKEN_FILE');
      // The SDK core without the event-stream serde and the checksum package's other hashers.
      expect(bundle).toContain('Event streams are not bundled');
      expect(bundle).not.toContain(':event-type');
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('naming', () => {
  it.each([
    ['functions/suppliers/submit-application.ts', 'suppliers-submit-application', 'SuppliersSubmitApplication'],
    ['functions/platform/publish-outbox.ts', 'platform-publish-outbox', 'PlatformPublishOutbox'],
    ['functions/platform/health.ts', 'platform-health', 'PlatformHealth'],
  ])('%s → %s → %s', (entry, shortName, constructId) => {
    expect(shortNameForEntry(entry)).toBe(shortName);
    expect(constructIdForName(shortName)).toBe(constructId);
  });
});

describe('settings from CDK context', () => {
  it('defaults to 72 h decision and review windows with reminders 24 h before, 24 h idempotency, the listing, order and purchase-order thresholds, the local webhook secret and no alert email', () => {
    expect(readSettings(stackWithoutBundling())).toEqual({
      decisionWindowHours: 72,
      decisionReminderHours: 24,
      idempotencyTtlHours: 24,
      reviewWindowHours: 72,
      storeTimeZone: 'UTC',
      ticketAutoCloseDays: 7,
      churnDays: 90,
      reviewReminderHours: 24,
      listingQualityThreshold: 70,
      listingAutoApproveThreshold: 90,
      maxUnreviewedPriceDropPercent: 30,
      bannedListingWords: undefined,
      defaultSafetyStock: 10,
      packingDeadlineHours: 24,
      packingGraceHours: 24,
      orderStaleAfterMinutes: 15,
      carrierWebhookSecrets: undefined,
      paginationSecret: undefined,
      reapplyCooldownDays: 90,
      poAutoApprovalLimit: 500_000,
      poApprovalWindowHours: 48,
      poApprovalReminderHours: 24,
      alertEmail: undefined,
    });
  });

  it('accepts command-line strings and fractional hours (tests shorten the window to seconds)', () => {
    const settings = readSettings(
      stackWithoutBundling({ decisionWindowHours: '0.01', decisionReminderHours: 0.005, alertEmail: ' ops@example.com ' }),
    );
    expect(settings).toMatchObject({ decisionWindowHours: 0.01, decisionReminderHours: 0.005, alertEmail: 'ops@example.com' });
  });

  it.each([['zero', 0], ['negative', -1], ['text', 'soon']])('rejects a %s window', (_label, value) => {
    expect(() => readSettings(stackWithoutBundling({ decisionWindowHours: value }))).toThrow(/decisionWindowHours/);
  });
});

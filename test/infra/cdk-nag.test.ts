import { App, Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAST_SYNTH_CONTEXT, buildCommerceOpsApp } from '../../infra/commerce-ops-app';
import { synthesize, type SynthesizedApp } from './synth';

const findingsOf = (scope: IConstruct) =>
  new AwsSolutionsChecks().validateScope(scope).violations.flatMap((violation) =>
    violation.violatingResources.map((r) => `${violation.severity} ${violation.ruleName} at ${r.constructPath}`),
  );

const acknowledgmentsOf = (root: IConstruct) =>
  root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => ({ construct, id, reason })),
  );

let synth: SynthesizedApp;
beforeAll(() => {
  synth = synthesize();
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged error or warning on the CommerceOps stack', () => {
    expect(findingsOf(synth.app)).toEqual([]);
  });

  it('acknowledges findings one by one, on resources rather than the stack, each with a real reason', () => {
    const acknowledgments = acknowledgmentsOf(synth.app);
    expect(acknowledgments.length).toBeGreaterThan(0);
    for (const { construct, id, reason } of acknowledgments) {
      expect(id, construct.node.path).toMatch(/AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(Stack.isStack(construct) || construct === synth.app, `${id} on ${construct.node.path}`).toBe(false);
      expect(reason.length, `${id} on ${construct.node.path}`).toBeGreaterThanOrEqual(40);
    }
    // v3 has no rule-wide wildcard: a bare IAM5 would suppress nothing, so it must never appear.
    expect(acknowledgments.filter(({ id }) => /AwsSolutions-IAM5$/.test(id))).toEqual([]);
  });

  it('does flag an unsafe resource (the check can fail)', () => {
    const stack = new Stack(new App(), 'Probe');
    new sqs.Queue(stack, 'PlainQueue', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    const findings = findingsOf(stack);
    expect(findings).toEqual(expect.arrayContaining([expect.stringContaining('AwsSolutions-SQS4')]));
    expect(findings).toEqual(expect.arrayContaining([expect.stringContaining('AwsSolutions-SQS2')]));
  });

  it('is registered on the app: synth fails on a new unacknowledged finding', () => {
    const { app, stack } = buildCommerceOpsApp({ context: { 'aws:cdk:bundling-stacks': [] } });
    new sqs.Queue(stack, 'UnsafeQueue', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
  });

  it('is off in the fast local-cloud synth context', () => {
    const { app, stack } = buildCommerceOpsApp({ context: { ...FAST_SYNTH_CONTEXT } });
    new sqs.Queue(stack, 'UnsafeQueue', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    expect(() => app.synth()).not.toThrow();
  });
});

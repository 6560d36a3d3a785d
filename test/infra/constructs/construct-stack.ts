/**
 * A construct on its own, as aws-solutions-constructs test theirs: a bare stack (bundling skipped), the
 * construct under test, and its template. Fast: no app, no nag, no other construct.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

export const bareStack = (): Stack =>
  new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'ConstructUnderTest', {
    env: { account: '111111111111', region: 'eu-central-1' },
  });

export const templateOf = (stack: Stack): Template => Template.fromStack(stack);

/** The CFN resources of `type` in the stack, with their logical ids. */
export const resourcesOf = (template: Template, type: string): [string, Record<string, unknown> & { Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }][] =>
  Object.entries(template.findResources(type));

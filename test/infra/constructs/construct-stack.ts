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

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation JSON is untyped; tests navigate it freely
type Json = any;
export interface Resource {
  readonly Properties?: Record<string, Json>;
  readonly Metadata?: Record<string, Json>;
  readonly DeletionPolicy?: string;
}

/** The CFN resources of `type` in the stack, with their logical ids. */
export const resourcesOf = (template: Template, type: string): [string, Resource][] => Object.entries(template.findResources(type));

/** The one resource of `type`, with its logical id; fails the test when there is not exactly one. */
export const onlyResource = (template: Template, type: string): [string, Resource] => {
  const found = resourcesOf(template, type);
  if (found.length !== 1 || !found[0]) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
};

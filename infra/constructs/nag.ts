import { Names, Stack, Validations } from 'aws-cdk-lib';
import type { CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag v3 acknowledgments. Each one names the exact finding (`Rule[Finding]` where the rule reports
 * findings) on the narrowest construct, and says why it is acceptable.
 */
export const acknowledgeNag = (scope: IConstruct, id: string, reason: string): void => {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-${id}`, reason });
};

/**
 * The finding id cdk-nag reports for an IAM resource like `<LogicalId.Arn>:*` in the policy of `consumer`.
 * A consumer in a nested stack gets the ARN as the parameter CDK names `referenceto<target's unique id>Arn`.
 */
export const arnWildcardFinding = (element: CfnElement, suffix: string, consumer: IConstruct = element): string => {
  const stack = Stack.of(element);
  const reference =
    Stack.of(consumer) === stack ? `${stack.resolve(stack.getLogicalId(element)) as string}.Arn` : `referenceto${Names.nodeUniqueId(element.node)}Arn`;
  return `IAM5[Resource::<${reference}>${suffix}]`;
};

export const XRAY_REASON =
  'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions.';

/** Every traced function/state machine role carries the X-Ray `Resource::*` statement. */
export const acknowledgeXrayWildcard = (role: IConstruct, extraReason = ''): void => {
  acknowledgeNag(role, 'IAM5[Resource::*]', `${XRAY_REASON}${extraReason ? ` ${extraReason}` : ''}`);
};

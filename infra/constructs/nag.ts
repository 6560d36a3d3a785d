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

/**
 * The finding id cdk-nag reports for the executions of `child` (`execution:<its name>*`), which a parent
 * that runs it with `startExecution.sync` may describe and stop; `child` in the parent's stack.
 */
export const childExecutionsFinding = (child: CfnElement): string => {
  const stack = Stack.of(child);
  const logicalId = stack.resolve(stack.getLogicalId(child)) as string;
  const name = `{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${logicalId}"}]}]}`;
  return `IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${name}*]`;
};

export const XRAY_REASON =
  'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions.';

/** Every traced function/state machine role carries the X-Ray `Resource::*` statement. */
export const acknowledgeXrayWildcard = (role: IConstruct, extraReason = ''): void => {
  acknowledgeNag(role, 'IAM5[Resource::*]', `${XRAY_REASON}${extraReason ? ` ${extraReason}` : ''}`);
};

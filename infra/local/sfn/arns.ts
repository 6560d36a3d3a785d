/** Step Functions ARNs and names, with the errors AWS answers for malformed ones. */
import { AwsServiceError } from '../model';

const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:([a-z0-9-]+):(\d{12}):stateMachine:([^:]+)$/;
const EXECUTION_ARN = /^arn:aws[a-z-]*:states:([a-z0-9-]+):(\d{12}):(?:execution|express):([^:]+):([^:]+)$/;
/** AWS forbids whitespace, these characters and control characters in execution names. */
const INVALID_NAME_CHARACTERS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;
const CONTROL_CHARACTER = /\p{Cc}/u;

export const executionArnOf = (stateMachineArn: string, executionName: string): string => {
  const match = STATE_MACHINE_ARN.exec(stateMachineArn);
  if (!match) throw invalidArn(stateMachineArn);
  return `arn:aws:states:${match[1]}:${match[2]}:execution:${match[3]}:${executionName}`;
};

export function assertStateMachineArn(arn: unknown, field = 'stateMachineArn'): string {
  const text = requireString(arn, field);
  if (!STATE_MACHINE_ARN.test(text)) throw invalidArn(text);
  return text;
}

export function assertExecutionArn(arn: unknown, field = 'executionArn'): string {
  const text = requireString(arn, field);
  if (!EXECUTION_ARN.test(text)) throw invalidArn(text);
  return text;
}

export function assertExecutionName(name: string): string {
  if (name.length < 1 || name.length > 80 || INVALID_NAME_CHARACTERS.test(name) || CONTROL_CHARACTER.test(name)) {
    throw new AwsServiceError('InvalidName', `Invalid Name: '${name}'`);
  }
  return name;
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw new AwsServiceError(
      'ValidationException',
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

const invalidArn = (arn: string) => new AwsServiceError('InvalidArn', `Invalid Arn: '${arn}'`);

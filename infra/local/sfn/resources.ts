/**
 * What a Task state's `Resource` does locally: a Lambda function ARN, the optimized integrations
 * (`lambda:invoke`, `events:putEvents`, `sns:publish`) and `aws-sdk:*` calls via injected handlers.
 * Errors come out as `TaskFailure`, whose `name` is the ASL error name Retry/Catch match on.
 */
import type { EventBusService, LambdaInvoker, PutEventsEntry } from '../model';

export type SdkIntegration = (params: Record<string, unknown>) => Promise<unknown>;

export interface TaskServices {
  readonly lambda: LambdaInvoker;
  readonly events?: EventBusService;
  readonly sdk?: Readonly<Record<string, SdkIntegration>>;
}

/** A task failed with an ASL error name (`error`) and a cause text (`message`). */
export class TaskFailure extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

export interface ParsedResource {
  readonly kind: 'lambda-function' | 'integration' | 'unsupported';
  /** The full Resource string. */
  readonly arn: string;
  /** The Resource without `.waitForTaskToken`. */
  readonly baseArn: string;
  readonly waitForTaskToken: boolean;
  /** As the history shows it: `lambda`, `aws-sdk:dynamodb`… */
  readonly resourceType: string;
  /** As the history shows it: `invoke.waitForTaskToken`, `putItem`… */
  readonly resourceName: string;
}

const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:[^:]+(:[^:]+)?$/;
const INTEGRATION_ARN = /^arn:aws[a-z-]*:states:::(.+)$/;
const WAIT_FOR_TASK_TOKEN = '.waitForTaskToken';

export const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
export const EVENTS_PUT_EVENTS = 'arn:aws:states:::events:putEvents';
export const SNS_PUBLISH = 'arn:aws:states:::sns:publish';

export function parseResource(arn: string): ParsedResource {
  if (LAMBDA_FUNCTION_ARN.test(arn)) {
    return { kind: 'lambda-function', arn, baseArn: arn, waitForTaskToken: false, resourceType: 'lambda', resourceName: arn };
  }
  const integration = INTEGRATION_ARN.exec(arn)?.[1];
  if (integration === undefined) {
    return { kind: 'unsupported', arn, baseArn: arn, waitForTaskToken: false, resourceType: 'unknown', resourceName: arn };
  }
  const waitForTaskToken = arn.endsWith(WAIT_FOR_TASK_TOKEN);
  // A versioned pattern (`states:startExecution.sync:2`) keeps its version in the name, as the history shows it.
  const version = /:\d+$/.exec(integration)?.[0] ?? '';
  const separator = integration.slice(0, integration.length - version.length).lastIndexOf(':');
  return {
    kind: 'integration',
    arn,
    baseArn: waitForTaskToken ? arn.slice(0, -WAIT_FOR_TASK_TOKEN.length) : arn,
    waitForTaskToken,
    resourceType: integration.slice(0, separator),
    resourceName: integration.slice(separator + 1),
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Runs the resource once (for `.waitForTaskToken`, the call that hands the token out). */
export async function invokeResource(resource: ParsedResource, parameters: unknown, services: TaskServices): Promise<unknown> {
  try {
    if (resource.kind === 'lambda-function') return await services.lambda.invoke(resource.arn, parameters);
    const sdkHandler = services.sdk?.[resource.arn] ?? services.sdk?.[resource.baseArn];
    if (resource.baseArn === LAMBDA_INVOKE && !sdkHandler) return await invokeLambdaIntegration(parameters, services);
    if (resource.baseArn === EVENTS_PUT_EVENTS && !sdkHandler) return await putEventsIntegration(parameters, services);
    if (sdkHandler) return await sdkHandler(normalizeSdkParameters(resource, parameters));
  } catch (error) {
    throw toTaskFailure(error);
  }
  throw new TaskFailure(
    'LocalStepFunctions.UnsupportedResource',
    `The local Step Functions cannot run Resource "${resource.arn}": pass an \`sdk["${resource.baseArn}"]\` handler to createLocalStepFunctions`,
  );
}

async function invokeLambdaIntegration(parameters: unknown, services: TaskServices): Promise<unknown> {
  const request = isObject(parameters) ? parameters : {};
  if (typeof request.FunctionName !== 'string') {
    throw new TaskFailure('States.Runtime', 'lambda:invoke needs a FunctionName parameter');
  }
  const payload = await services.lambda.invoke(request.FunctionName, request.Payload ?? {});
  return { ExecutedVersion: '$LATEST', Payload: payload ?? null, StatusCode: 200 };
}

async function putEventsIntegration(parameters: unknown, services: TaskServices): Promise<unknown> {
  if (!services.events) {
    throw new TaskFailure('LocalStepFunctions.UnsupportedResource', 'events:putEvents needs the local event bus (option `events`)');
  }
  const request = isObject(parameters) ? parameters : {};
  const entries = Array.isArray(request.Entries) ? request.Entries.filter(isObject) : [];
  // The optimized integration accepts Detail as a JSON object and serializes it.
  const normalized = entries.map((entry) =>
    typeof entry.Detail === 'string' || entry.Detail === undefined ? entry : { ...entry, Detail: JSON.stringify(entry.Detail) },
  ) as PutEventsEntry[];
  const result = await services.events.putEvents(normalized);
  if (result.FailedEntryCount > 0) throw new TaskFailure('EventBridge.FailedEntry', JSON.stringify(result));
  return { Entries: result.Entries, FailedEntryCount: result.FailedEntryCount };
}

/** `sns:publish` accepts a JSON object as Message and serializes it, like the real integration. */
function normalizeSdkParameters(resource: ParsedResource, parameters: unknown): Record<string, unknown> {
  const request = isObject(parameters) ? parameters : {};
  if (resource.baseArn === SNS_PUBLISH && request.Message !== undefined && typeof request.Message !== 'string') {
    return { ...request, Message: JSON.stringify(request.Message) };
  }
  return request;
}

/** Lambda errors keep their `errorType` as the ASL error name; the cause is the error JSON, as in AWS. */
export function toTaskFailure(error: unknown): TaskFailure {
  if (error instanceof TaskFailure) return error;
  if (isObject(error) && typeof error.errorType === 'string') {
    const errorMessage = typeof error.errorMessage === 'string' ? error.errorMessage : '';
    return new TaskFailure(error.errorType, JSON.stringify({ errorType: error.errorType, errorMessage }));
  }
  if (error instanceof Error) return new TaskFailure(error.name, error.message);
  return new TaskFailure('States.TaskFailed', String(error));
}

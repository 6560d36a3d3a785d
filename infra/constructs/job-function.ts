/**
 * What every background function (a schedule's, an event's, a stream's) is made of: the function, named
 * after its entry, and the dead-letter queue its deliveries end in when their retries run out. The
 * construct using it creates both as its own children ('Function', 'DeadLetters').
 */
import { Duration } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue';
import { OpsFunction } from './ops-function';
import { shortNameForEntry } from './repo';

export interface JobFunctionProps {
  readonly entry: string;
  readonly description: string;
  readonly environment?: Readonly<Record<string, string>>;
  readonly timeout: Duration;
  /** @default `<the function's short name>-dlq` */
  readonly deadLetterQueueName?: string;
}

export function jobFunction(scope: Construct, props: JobFunctionProps): { readonly function: OpsFunction; readonly deadLetterQueue: DeadLetterQueue } {
  const shortName = shortNameForEntry(props.entry);
  const fn = new OpsFunction(scope, 'Function', {
    entry: props.entry,
    shortName,
    timeout: props.timeout,
    description: props.description,
    environment: props.environment,
  });
  const deadLetterQueue = new DeadLetterQueue(scope, 'DeadLetters', { shortName: props.deadLetterQueueName ?? `${shortName}-dlq` });
  return { function: fn, deadLetterQueue };
}

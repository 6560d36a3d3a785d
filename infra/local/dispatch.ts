/**
 * The TargetDispatcher: delivers a rule/subscription/on-failure payload to its target by ARN.
 * lambda → async invoke, sns → publish, states → StartExecution, sqs → a message on a queue a function consumes,
 * else (a dead-letter queue) a line of `<dataDir>/dlq/<queue>.jsonl`. Anything else (e.g. a rule targeting another bus) is refused loudly rather than dropped.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetDispatcher } from './model';

export interface DispatchTargets {
  readonly dataDir: string;
  invokeLambdaAsync(functionArn: string, event: unknown): void;
  publish(topicArn: string, message: string): Promise<unknown>;
  startExecution(stateMachineArn: string, input: unknown): Promise<unknown>;
  /** Sends to a queue a function consumes and answers true; false for any other queue (sqs/queues.ts). */
  sendToConsumedQueue?(queueArn: string, body: string): boolean;
}

export function createDispatcher(targets: DispatchTargets): TargetDispatcher {
  return async (targetArn, payload) => {
    const service = targetArn.split(':')[2];
    switch (service) {
      case 'lambda':
        targets.invokeLambdaAsync(targetArn, parseJson(payload));
        return;
      case 'sns':
        await targets.publish(targetArn, payload);
        return;
      case 'states':
        await targets.startExecution(targetArn, parseJson(payload));
        return;
      case 'sqs':
        if (targets.sendToConsumedQueue?.(targetArn, payload)) return;
        appendDeadLetter(targets.dataDir, targetArn.split(':').at(-1)!, payload);
        return;
    }
    throw new Error(`The local cloud cannot deliver to ${targetArn}`);
  };
}

export const deadLetterFile = (dataDir: string, queueName: string) => join(dataDir, 'dlq', `${queueName}.jsonl`);

function appendDeadLetter(dataDir: string, queueName: string, payload: string): void {
  mkdirSync(join(dataDir, 'dlq'), { recursive: true });
  appendFileSync(deadLetterFile(dataDir, queueName), `${JSON.stringify({ timestamp: new Date().toISOString(), body: payload })}\n`);
}

/** Messages sent to a dead-letter queue so far (oldest first). */
export function readDeadLetters(dataDir: string, queueName: string): { timestamp: string; body: string }[] {
  try {
    return readFileSync(deadLetterFile(dataDir, queueName), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { timestamp: string; body: string });
  } catch {
    return [];
  }
}

function parseJson(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    return payload;
  }
}

import { describe, expect, it } from 'vitest';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { cancellationReasons, isConditionalCheckFailed, tableName } from '../../../shared/adapters/dynamo';
import { outboxPut, stampEvent } from '../../../shared/adapters/outbox';
import { sendTaskFailure, sendTaskSuccess, startExecution } from '../../../shared/adapters/workflows';
import { ulidSchema } from '../../../shared/contracts/common';
import { mockedAws } from '../mocked-aws';

const NOW = new Date('2030-01-01T00:00:00.000Z');
const { sfn } = mockedAws(NOW);

describe('outbox', () => {
  const draft = {
    source: 'commerce.suppliers',
    detailType: 'SupplierApproved',
    detail: { supplierId: 'S1', summary: 'Supplier S1 was approved' },
  };

  it('stamps a draft with a ULID, the clock time and the correlation id', () => {
    const event = stampEvent(draft, 'corr-1');
    expect(ulidSchema.safeParse(event.eventId).success).toBe(true);
    expect(event).toMatchObject({ ...draft, occurredAt: '2030-01-01T00:00:00.000Z', correlationId: 'corr-1' });
    expect(stampEvent(draft, 'corr-1').eventId).not.toBe(event.eventId);
  });

  it('builds the transaction item the stream publisher expects, expiring after a week', () => {
    const event = stampEvent(draft, 'corr-1');
    expect(outboxPut(event)).toEqual({
      Put: {
        TableName: 'operations',
        Item: {
          pk: `OUTBOX#${event.eventId}`,
          sk: 'OUTBOX',
          entity: 'OutboxEvent',
          source: 'commerce.suppliers',
          detailType: 'SupplierApproved',
          detail: { supplierId: 'S1', summary: 'Supplier S1 was approved', eventId: event.eventId, occurredAt: '2030-01-01T00:00:00.000Z', correlationId: 'corr-1' },
          expiresAt: NOW.getTime() / 1000 + 7 * 24 * 3600,
        },
      },
    });
  });
});

describe('dynamo helpers', () => {
  it('needs TABLE_NAME', () => {
    expect(tableName()).toBe('operations');
    const saved = process.env.TABLE_NAME;
    delete process.env.TABLE_NAME;
    try {
      expect(() => tableName()).toThrow(/TABLE_NAME/);
    } finally {
      process.env.TABLE_NAME = saved;
    }
  });

  it('recognises a failed condition on a single write or inside a transaction', () => {
    expect(isConditionalCheckFailed(new ConditionalCheckFailedException({ message: 'x', $metadata: {} }))).toBe(true);
    const cancelled = new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }],
    });
    expect(isConditionalCheckFailed(cancelled)).toBe(true);
    expect(cancellationReasons(cancelled).map((reason) => reason.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    const conflicted = new TransactionCanceledException({ message: 'x', $metadata: {}, CancellationReasons: [{ Code: 'TransactionConflict' }] });
    expect(isConditionalCheckFailed(conflicted)).toBe(false);
    expect(isConditionalCheckFailed(new Error('other'))).toBe(false);
    expect(cancellationReasons(new Error('other'))).toEqual([]);
  });

  it('reads cancellation codes from the message when an emulator sends no structured reasons', () => {
    const bare = Object.assign(new Error('Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]'), {
      name: 'TransactionCanceledException',
    });
    expect(cancellationReasons(bare).map((reason) => reason.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect(isConditionalCheckFailed(bare)).toBe(true);
  });
});

describe('workflows', () => {
  const machine = 'arn:aws:states:us-east-1:000000000000:stateMachine:supplier-onboarding';

  it('starts an execution with JSON input', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${machine}:x`, startDate: NOW });
    await expect(startExecution(machine, 'app-1', { applicationId: 'A1' })).resolves.toEqual({ executionArn: `${machine}:x`, alreadyStarted: false });
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).toEqual({ stateMachineArn: machine, name: 'app-1', input: '{"applicationId":"A1"}' });
  });

  it('treats a redelivered start with the same input as done, and a different input as a conflict', async () => {
    const exists = new ExecutionAlreadyExists({ message: 'exists', $metadata: {} });
    sfn.on(StartExecutionCommand).rejects(exists);
    sfn.on(DescribeExecutionCommand).resolves({ input: '{"applicationId":"A1"}' });
    const executionArn = 'arn:aws:states:us-east-1:000000000000:execution:supplier-onboarding:app-1';
    await expect(startExecution(machine, 'app-1', { applicationId: 'A1' })).resolves.toEqual({ executionArn, alreadyStarted: true });
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]?.args[0].input).toEqual({ executionArn });
    await expect(startExecution(machine, 'app-1', { applicationId: 'A2' })).rejects.toBe(exists);
  });

  it('sends task results and reports a token nobody waits for as token-expired', async () => {
    sfn.on(SendTaskSuccessCommand).resolvesOnce({}).rejectsOnce(new TaskTimedOut({ message: 'timed out', $metadata: {} }));
    await expect(sendTaskSuccess('t1', { approved: true })).resolves.toBe('ok');
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input).toEqual({ taskToken: 't1', output: '{"approved":true}' });
    await expect(sendTaskSuccess('t1', {})).resolves.toBe('token-expired');

    const named = (name: string) => Object.assign(new Error(name), { name });
    sfn
      .on(SendTaskFailureCommand)
      .rejectsOnce(named('InvalidToken'))
      .rejectsOnce(named('TaskDoesNotExist'))
      .rejectsOnce(named('ThrottlingException'));
    await expect(sendTaskFailure('t2', 'Rejected', 'why')).resolves.toBe('token-expired');
    await expect(sendTaskFailure('t2', 'Rejected', 'why')).resolves.toBe('token-expired');
    await expect(sendTaskFailure('t2', 'Rejected', 'why')).rejects.toThrow('ThrottlingException');
  });
});

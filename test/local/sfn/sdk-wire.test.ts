import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalStepFunctions, type LocalStepFunctions } from '../../../infra/local/sfn';
import { AwsServiceError } from '../../../infra/local/model';
import { ACCOUNT, REGION, functionArn, singleTask, stateMachine, stubLambda } from './helpers';

const approval = stateMachine('wire-approval', singleTask({
  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  Parameters: { FunctionName: functionArn('notify'), Payload: { 'token.$': '$$.Task.Token' } },
  ResultPath: '$.decision',
}));
const lambda = stubLambda({ notify: () => null });

let local: LocalStepFunctions;
let server: Server;
let client: SFNClient;

/** The :4566 endpoint in miniature: `X-Amz-Target: AWSStepFunctions.<Action>` JSON to the service. */
function serve(sfn: LocalStepFunctions): Server {
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const [prefix, action = ''] = String(request.headers['x-amz-target'] ?? '').split('.');
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify(body));
      };
      if (prefix !== sfn.service.targetPrefix) return reply(400, { __type: 'UnknownOperationException', message: 'wrong service' });
      const text = Buffer.concat(chunks).toString('utf8');
      sfn.service
        .handle(action, text ? (JSON.parse(text) as Record<string, unknown>) : {})
        .then((output) => reply(200, output))
        .catch((error: unknown) =>
          error instanceof AwsServiceError
            ? reply(error.statusCode, { __type: error.code, message: error.message })
            : reply(500, { __type: 'InternalFailure', message: String(error) }),
        );
    });
  });
}

beforeAll(async () => {
  local = createLocalStepFunctions({ stateMachines: [approval], lambda, region: REGION, accountId: ACCOUNT });
  server = serve(local);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new SFNClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  local.stop();
  await new Promise((resolve) => server.close(resolve));
});

describe('local Step Functions through @aws-sdk/client-sfn', () => {
  it('runs a callback workflow end to end with the SDK wire shapes', async () => {
    const started = await client.send(new StartExecutionCommand({ stateMachineArn: approval.arn, name: 'wire-1', input: '{"id":"W1"}' }));
    expect(started.executionArn).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:execution:wire-approval:wire-1`);
    expect(started.startDate).toBeInstanceOf(Date);

    const running = await client.send(new ListExecutionsCommand({ stateMachineArn: approval.arn, statusFilter: 'RUNNING' }));
    expect(running.executions?.map((execution) => execution.name)).toEqual(['wire-1']);

    const { token } = await lambda.called('notify');
    await client.send(new SendTaskSuccessCommand({ taskToken: String(token), output: '{"approved":true}' }));
    await local.waitForExecution(started.executionArn ?? '');

    const described = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(described).toMatchObject({ status: 'SUCCEEDED', name: 'wire-1', stateMachineArn: approval.arn });
    expect(described.stopDate).toBeInstanceOf(Date);
    expect(described.stopDate!.getTime()).toBeGreaterThanOrEqual(described.startDate!.getTime());
    expect(described.startDate!.getTime()).toBe(started.startDate!.getTime());
    expect(JSON.parse(described.output ?? '')).toEqual({ id: 'W1', decision: { approved: true } });

    const { events } = await client.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn }));
    expect(events?.map((event) => event.type)).toEqual([
      'ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded',
    ]);
    expect(events?.[0]?.timestamp).toBeInstanceOf(Date);
    expect(events?.[2]?.taskScheduledEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke.waitForTaskToken', region: REGION });
    expect(events?.[4]?.taskSucceededEventDetails?.output).toBe('{"approved":true}');
  });

  it('surfaces AWS errors as the SDK exception classes', async () => {
    const missing = `arn:aws:states:${REGION}:${ACCOUNT}:execution:wire-approval:nope`;
    await expect(client.send(new DescribeExecutionCommand({ executionArn: missing }))).rejects.toBeInstanceOf(ExecutionDoesNotExist);

    const started = await client.send(new StartExecutionCommand({ stateMachineArn: approval.arn, input: '{}' }));
    const { token } = await lambda.called('notify', 2);
    const stopped = await client.send(new StopExecutionCommand({ executionArn: started.executionArn, error: 'Cancelled' }));
    expect(stopped.stopDate).toBeInstanceOf(Date);
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: String(token), output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('lists and describes the state machines', async () => {
    const { stateMachines } = await client.send(new ListStateMachinesCommand({}));
    const described = await client.send(new DescribeStateMachineCommand({ stateMachineArn: approval.arn }));

    expect(stateMachines?.map((machine) => machine.name)).toEqual(['wire-approval']);
    expect(stateMachines?.[0]?.creationDate).toBeInstanceOf(Date);
    expect(described).toMatchObject({ name: 'wire-approval', status: 'ACTIVE', type: 'STANDARD' });
    expect(JSON.parse(described.definition ?? '')).toEqual(approval.definition);
  });
});

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LocalTopic } from '../../infra/local/model';
import { LocalTopics } from '../../infra/local/sns/topics';

const topic: LocalTopic = {
  logicalId: 'OpsAlerts',
  name: 'ops-alerts',
  arn: 'arn:aws:sns:us-east-1:000000000000:ops-alerts',
  subscriptions: [
    { protocol: 'lambda', endpoint: 'arn:aws:lambda:us-east-1:000000000000:function:pager', filterPolicy: { severity: ['high'] } },
    { protocol: 'lambda', endpoint: 'arn:aws:lambda:us-east-1:000000000000:function:audit' },
    { protocol: 'email', endpoint: 'ops@example.com' },
    // An agent's alerts: the body's detail.notify names the agent (a ticket's SLA alert).
    { protocol: 'lambda', endpoint: 'arn:aws:lambda:us-east-1:000000000000:function:ana', filterPolicy: { detail: { notify: ['agent-ana'] } }, filterPolicyScope: 'MessageBody' },
  ],
};

const setup = () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sns-test-'));
  const invoked: { arn: string; event: { Records: unknown[] } }[] = [];
  const printed: string[] = [];
  const topics = new LocalTopics({
    topics: [topic],
    dataDir,
    invokeLambdaAsync: (arn, event) => invoked.push({ arn, event: event as { Records: unknown[] } }),
    print: (line) => printed.push(line),
  });
  return { dataDir, topics, invoked, printed };
};

describe('LocalTopics', () => {
  it('appends each message as a JSON line to <dataDir>/sns/<topic>.jsonl and prints one line', async () => {
    const { dataDir, topics, printed } = setup();
    const message = JSON.stringify({ type: 'StockLow', summary: 'SKU A is low', detail: {} });
    const { messageId } = await topics.publish(topic.arn, { message, subject: 'Stock' });
    await topics.publish('ops-alerts', { message: 'second' });
    const lines = readFileSync(join(dataDir, 'sns', 'ops-alerts.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({
      messageId,
      topic: 'ops-alerts',
      topicArn: topic.arn,
      subject: 'Stock',
      message,
      messageAttributes: {},
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
    expect(topics.read('ops-alerts').map((record) => record.message)).toEqual([message, 'second']);
    expect(printed[0]).toBe('[sns ops-alerts] Stock: StockLow: SKU A is low');
  });

  it('delivers the SNS event to lambda subscribers whose filter policy matches', async () => {
    const { topics, invoked } = setup();
    await topics.publish(topic.arn, { message: 'low', messageAttributes: { severity: { DataType: 'String', StringValue: 'low' } } });
    expect(invoked.map((call) => call.arn.split(':').at(-1))).toEqual(['audit']);
    await topics.publish(topic.arn, { message: 'high', messageAttributes: { severity: { DataType: 'String', StringValue: 'high' } } });
    expect(invoked.map((call) => call.arn.split(':').at(-1))).toEqual(['audit', 'pager', 'audit']);
    expect(invoked[1]!.event.Records[0]).toMatchObject({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      Sns: { Type: 'Notification', TopicArn: topic.arn, Message: 'high', MessageAttributes: { severity: { Type: 'String', Value: 'high' } } },
    });
  });

  it('filters on the message body for a subscription scoped to it: the agent named in detail.notify gets the alert, nobody else', async () => {
    const { topics, invoked } = setup();
    const alert = (notify: string[]) => JSON.stringify({ type: 'TicketSlaWarning', summary: 'Ticket t-1 is at 80 %', detail: { ticketId: 't-1', notify } });
    await topics.publish(topic.arn, { message: alert(['agent-bo']) });
    await topics.publish(topic.arn, { message: 'not json' });
    expect(invoked.map((call) => call.arn.split(':').at(-1))).toEqual(['audit', 'audit']);
    await topics.publish(topic.arn, { message: alert(['agent-ana']) });
    expect(invoked.map((call) => call.arn.split(':').at(-1))).toEqual(['audit', 'audit', 'audit', 'ana']);
  });

  it('rejects an unknown topic', async () => {
    const { topics } = setup();
    await expect(topics.publish('nope', { message: 'x' })).rejects.toMatchObject({ code: 'NotFound' });
  });
});

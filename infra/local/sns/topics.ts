/**
 * Local SNS: every message is appended to `<dataDir>/sns/<topic>.jsonl` and printed as one readable
 * line; lambda subscriptions receive the SNS event (honouring filter policies); email is only logged.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { matchesPattern } from '../events/pattern';
import { AwsServiceError, type LocalSubscription, type LocalTopic } from '../model';

/** SDK-style message attribute (as in SNS Publish). */
export interface SnsMessageAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}

export interface SnsPublishInput {
  readonly message: string;
  readonly subject?: string;
  readonly messageAttributes?: Readonly<Record<string, SnsMessageAttribute>>;
}

/** One line of `<dataDir>/sns/<topic>.jsonl`. */
export interface SnsFileRecord {
  readonly messageId: string;
  readonly topic: string;
  readonly topicArn: string;
  readonly subject?: string;
  readonly message: string;
  readonly messageAttributes: Record<string, SnsMessageAttribute>;
  readonly timestamp: string;
}

export interface LocalTopicsOptions {
  readonly topics: readonly LocalTopic[];
  readonly dataDir: string;
  /** Asynchronous (Event) Lambda invoke, as SNS uses. */
  readonly invokeLambdaAsync: (functionArn: string, event: unknown) => void;
  /** Where the one-line summary goes; omit for silence. */
  readonly print?: (line: string) => void;
}

export class LocalTopics {
  constructor(private readonly options: LocalTopicsOptions) {
    mkdirSync(this.directory, { recursive: true });
  }

  get topicArns(): readonly string[] {
    return this.options.topics.map((topic) => topic.arn);
  }

  async publish(topicArnOrName: string, input: SnsPublishInput): Promise<{ messageId: string }> {
    const topic = this.topicOrThrow(topicArnOrName);
    const record: SnsFileRecord = {
      messageId: ulid(),
      topic: topic.name,
      topicArn: topic.arn,
      subject: input.subject,
      message: input.message,
      messageAttributes: { ...input.messageAttributes },
      timestamp: new Date().toISOString(),
    };
    appendFileSync(this.fileOf(topic.name), `${JSON.stringify(record)}\n`);
    this.options.print?.(`[sns ${topic.name}] ${summarise(record)}`);
    for (const subscription of topic.subscriptions) this.deliver(topic, subscription, record);
    return { messageId: record.messageId };
  }

  /** Every message published to a topic so far (by name), oldest first. */
  read(topicName: string): SnsFileRecord[] {
    try {
      return readFileSync(this.fileOf(topicName), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as SnsFileRecord);
    } catch {
      return [];
    }
  }

  private deliver(topic: LocalTopic, subscription: LocalSubscription, record: SnsFileRecord): void {
    if (subscription.filterPolicy && !matchesPattern(subscription.filterPolicy, filteredPart(subscription, record))) return;
    if (subscription.protocol === 'lambda') {
      this.options.invokeLambdaAsync(subscription.endpoint, snsLambdaEvent(topic, subscription, record));
    } else {
      this.options.print?.(`[sns ${topic.name}] (${subscription.protocol} ${subscription.endpoint} is not delivered locally)`);
    }
  }

  private get directory(): string {
    return join(this.options.dataDir, 'sns');
  }

  private fileOf(topicName: string): string {
    return join(this.directory, `${topicName}.jsonl`);
  }

  private topicOrThrow(topicArnOrName: string): LocalTopic {
    const topic = this.options.topics.find((candidate) => candidate.arn === topicArnOrName || candidate.name === topicArnOrName);
    if (!topic) throw new AwsServiceError('NotFound', `Topic does not exist: ${topicArnOrName}`, 404);
    return topic;
  }
}

/** The event Lambda receives from an SNS subscription. */
function snsLambdaEvent(topic: LocalTopic, subscription: LocalSubscription, record: SnsFileRecord) {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topic.arn}:${subscription.endpoint.split(':').at(-1)}`,
        Sns: {
          Type: 'Notification',
          MessageId: record.messageId,
          TopicArn: topic.arn,
          Subject: record.subject ?? null,
          Message: record.message,
          Timestamp: record.timestamp,
          SignatureVersion: '1',
          Signature: 'local',
          SigningCertUrl: 'http://localhost/local-sns.pem',
          UnsubscribeUrl: 'http://localhost/unsubscribe',
          MessageAttributes: Object.fromEntries(
            Object.entries(record.messageAttributes).map(([name, value]) => [name, { Type: value.DataType, Value: value.StringValue ?? value.BinaryValue }]),
          ),
        },
      },
    ],
  };
}

/** Filter policies match message attributes: strings as strings, numbers as numbers, String.Array as lists. */
/** What a subscription's filter policy looks at: the message body (a JSON object; anything else matches nothing) or its attributes. */
function filteredPart(subscription: LocalSubscription, record: SnsFileRecord): Record<string, unknown> {
  if (subscription.filterPolicyScope !== 'MessageBody') return attributesForFilter(record.messageAttributes);
  const body = safeJson(record.message);
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function attributesForFilter(attributes: Record<string, SnsMessageAttribute>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, attribute]) => {
      const value = attribute.StringValue ?? '';
      if (attribute.DataType.startsWith('Number')) return [name, Number(value)];
      if (attribute.DataType === 'String.Array') return [name, safeJson(value)];
      return [name, value];
    }),
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** One readable line: the subject, else a `type`/`summary` from a JSON message, else the text. */
function summarise(record: SnsFileRecord): string {
  const parsed = safeJson(record.message) as { type?: unknown; summary?: unknown } | string;
  const headline =
    typeof parsed === 'object' && parsed !== null
      ? [parsed.type, parsed.summary].filter((part) => typeof part === 'string').join(': ') || record.message
      : record.message;
  const text = record.subject ? `${record.subject}: ${headline}` : headline;
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

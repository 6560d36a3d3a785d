/**
 * SQS's AWS JSON protocol (`X-Amz-Target: AmazonSQS.<Action>`) on the :4566 endpoint, as the SDK v3 client
 * and the AWS CLI speak it. Errors carry SQS's JSON name and, in `x-amzn-query-error`, its older query code
 * (`AWS.SimpleQueueService.NonExistentQueue`), which the SDK reports as the error's Code.
 */
import { AwsServiceError, type AwsJsonService, type AwsRequestContext } from '../model';
import type { LocalSqsQueue, MessageAttributeValue, ReceivedMessage, SendInput } from './queue';
import type { LocalQueues } from './queues';

/** SQS's classic limit for a message, body and attributes together. */
export const MAX_MESSAGE_BYTES = 262_144;
const MAX_BATCH_ENTRIES = 10;

const QUERY_CODES: Record<string, string> = {
  QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue',
  EmptyBatchRequest: 'AWS.SimpleQueueService.EmptyBatchRequest',
  TooManyEntriesInBatchRequest: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
  BatchEntryIdsNotDistinct: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
  BatchRequestTooLong: 'AWS.SimpleQueueService.BatchRequestTooLong',
  InvalidBatchEntryId: 'AWS.SimpleQueueService.InvalidBatchEntryId',
  MessageNotInflight: 'AWS.SimpleQueueService.MessageNotInflight',
  UnsupportedOperation: 'AWS.SimpleQueueService.UnsupportedOperation',
};

export const sqsError = (code: string, message: string) => new AwsServiceError(code, message, 400, `${QUERY_CODES[code] ?? code};Sender`);

export function createSqsJsonService(queues: LocalQueues, accountId: string): AwsJsonService {
  return {
    targetPrefix: 'AmazonSQS',
    async handle(action, input, request) {
      try {
        return await answer(action, input, request);
      } catch (error) {
        // The queue's own refusals (e.g. ReceiptHandleIsInvalid) get their query code on the way out.
        if (error instanceof AwsServiceError && !error.queryError) throw sqsError(error.code, error.message);
        throw error;
      }
    },
  };

  async function answer(action: string, input: Record<string, unknown>, request?: AwsRequestContext): Promise<unknown> {
    const queue = () => queueOf(input, request);
    switch (action) {
      case 'GetQueueUrl':
        return { QueueUrl: namedQueue(input.QueueName, request).definition.url };
      case 'ListQueues': {
        const prefix = typeof input.QueueNamePrefix === 'string' ? input.QueueNamePrefix : '';
        const own = request?.ownRegion === false ? [] : queues.all();
        return { QueueUrls: own.filter((q) => q.definition.name.startsWith(prefix)).map((q) => q.definition.url) };
      }
      case 'SendMessage': {
        const [sent] = queue().send([sendInput(input)]);
        return { MessageId: sent!.id, MD5OfMessageBody: sent!.md5OfBody };
      }
      case 'SendMessageBatch':
        return sendBatch(queue(), batchEntries(input.Entries));
      case 'ReceiveMessage':
        return receive(queue(), input);
      case 'DeleteMessage':
        queue().delete(requiredString(input, 'ReceiptHandle'));
        return {};
      case 'DeleteMessageBatch':
        return deleteBatch(queue(), batchEntries(input.Entries));
      case 'ChangeMessageVisibility':
        queue().changeVisibility(requiredString(input, 'ReceiptHandle'), visibilityTimeout(input.VisibilityTimeout) ?? 0);
        return {};
      case 'GetQueueAttributes':
        return { Attributes: queueAttributes(queue(), input.AttributeNames) };
      default:
        throw sqsError('UnsupportedOperation', `Operation ${action} is not supported by the local SQS`);
    }
  }

  function queueOf(input: Record<string, unknown>, request?: AwsRequestContext): LocalSqsQueue {
    const url = requiredString(input, 'QueueUrl');
    return existing(request?.ownRegion === false ? undefined : queues.withUrl(url, accountId));
  }

  function namedQueue(name: unknown, request?: AwsRequestContext): LocalSqsQueue {
    return existing(typeof name === 'string' && request?.ownRegion !== false ? queues.named(name) : undefined);
  }

  /** A request for another region sees none of our queues; a name or URL we do not have is QueueDoesNotExist alike. */
  function existing(found: LocalSqsQueue | undefined): LocalSqsQueue {
    if (!found) throw sqsError('QueueDoesNotExist', 'The specified queue does not exist.');
    return found;
  }

  function sendInput(input: Record<string, unknown>): SendInput {
    const body = requiredString(input, 'MessageBody');
    const messageAttributes = input.MessageAttributes as Record<string, MessageAttributeValue> | undefined;
    const size = Buffer.byteLength(body) + attributesBytes(messageAttributes);
    if (size > MAX_MESSAGE_BYTES) {
      throw sqsError('InvalidParameterValue', `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_MESSAGE_BYTES} bytes.`);
    }
    if (!hasValidCharacters(body)) {
      throw sqsError('InvalidMessageContents', 'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF');
    }
    const delaySeconds = Number(input.DelaySeconds ?? 0);
    if (!Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > 900) {
      throw sqsError('InvalidParameterValue', `Value ${String(input.DelaySeconds)} for parameter DelaySeconds is invalid. Reason: must be between 0 and 900, if provided.`);
    }
    return { body, messageAttributes, delaySeconds, senderId: accountId };
  }

  function sendBatch(queue: LocalSqsQueue, entries: Record<string, unknown>[]) {
    const total = entries.reduce((sum, entry) => sum + Buffer.byteLength(String(entry.MessageBody ?? '')) + attributesBytes(entry.MessageAttributes as never), 0);
    if (total > MAX_MESSAGE_BYTES) {
      throw sqsError('BatchRequestTooLong', `Batch requests cannot be longer than ${MAX_MESSAGE_BYTES} bytes. You have sent ${total} bytes.`);
    }
    const Successful: object[] = [];
    const Failed: object[] = [];
    for (const entry of entries) {
      try {
        const [sent] = queue.send([sendInput(entry)]);
        Successful.push({ Id: entry.Id, MessageId: sent!.id, MD5OfMessageBody: sent!.md5OfBody });
      } catch (error) {
        if (!(error instanceof AwsServiceError)) throw error;
        Failed.push({ Id: entry.Id, SenderFault: true, Code: error.code, Message: error.message });
      }
    }
    return { Successful, Failed };
  }

  function deleteBatch(queue: LocalSqsQueue, entries: Record<string, unknown>[]) {
    const Successful: object[] = [];
    const Failed: object[] = [];
    for (const entry of entries) {
      try {
        queue.delete(requiredString(entry, 'ReceiptHandle'));
        Successful.push({ Id: entry.Id });
      } catch (error) {
        if (!(error instanceof AwsServiceError)) throw error;
        Failed.push({ Id: entry.Id, SenderFault: true, Code: error.code, Message: error.message });
      }
    }
    return { Successful, Failed };
  }
}

async function receive(queue: LocalSqsQueue, input: Record<string, unknown>) {
  const max = Number(input.MaxNumberOfMessages ?? 1);
  if (!Number.isInteger(max) || max < 1 || max > 10) {
    throw sqsError('InvalidParameterValue', `Value ${String(input.MaxNumberOfMessages)} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.`);
  }
  const waitSeconds = Number(input.WaitTimeSeconds ?? 0);
  if (!(waitSeconds >= 0 && waitSeconds <= 20)) {
    throw sqsError('InvalidParameterValue', `Value ${String(input.WaitTimeSeconds)} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.`);
  }
  // Long polling: wait for a first message, then answer with what is there.
  if (waitSeconds > 0) await queue.waitForVisible(1, Date.now() + waitSeconds * 1000);
  const messages = await queue.receive(max, visibilityTimeout(input.VisibilityTimeout));
  const systemNames = [...asStrings(input.AttributeNames), ...asStrings(input.MessageSystemAttributeNames)];
  const attributeNames = asStrings(input.MessageAttributeNames);
  return { Messages: messages.map((message) => toWire(message, systemNames, attributeNames)) };
}

function toWire(message: ReceivedMessage, systemNames: readonly string[], attributeNames: readonly string[]) {
  const wantsAll = (names: readonly string[]) => names.includes('All') || names.includes('.*');
  const system = Object.entries(message.attributes).filter(([name]) => wantsAll(systemNames) || systemNames.includes(name));
  const custom = Object.entries(message.messageAttributes).filter(
    ([name]) => wantsAll(attributeNames) || attributeNames.some((wanted) => wanted === name || (wanted.endsWith('.*') && name.startsWith(wanted.slice(0, -1)))),
  );
  return {
    MessageId: message.messageId,
    ReceiptHandle: message.receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
    ...(system.length ? { Attributes: Object.fromEntries(system) } : {}),
    ...(custom.length ? { MessageAttributes: Object.fromEntries(custom) } : {}),
  };
}

function queueAttributes(queue: LocalSqsQueue, names: unknown): Record<string, string> {
  const { definition } = queue;
  const counts = queue.counts();
  const all: Record<string, string> = {
    QueueArn: definition.arn,
    ApproximateNumberOfMessages: String(counts.visible),
    ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
    ApproximateNumberOfMessagesDelayed: String(counts.delayed),
    VisibilityTimeout: String(definition.visibilityTimeoutSeconds),
    MessageRetentionPeriod: String(definition.messageRetentionSeconds),
    MaximumMessageSize: String(MAX_MESSAGE_BYTES),
    DelaySeconds: '0',
    ReceiveMessageWaitTimeSeconds: '0',
    ...(definition.redrivePolicy ? { RedrivePolicy: JSON.stringify(definition.redrivePolicy) } : {}),
  };
  const wanted = asStrings(names);
  if (wanted.includes('All')) return all;
  return Object.fromEntries(Object.entries(all).filter(([name]) => wanted.includes(name)));
}

/** SQS's bounds: 0 s to 12 hours. */
function visibilityTimeout(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 43_200) {
    throw sqsError('InvalidParameterValue', `Value ${String(value)} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200.`);
  }
  return seconds;
}

function batchEntries(value: unknown): Record<string, unknown>[] {
  const entries = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
  if (entries.length === 0) throw sqsError('EmptyBatchRequest', 'There should be at least one SendMessageBatchRequestEntry in the request.');
  if (entries.length > MAX_BATCH_ENTRIES) throw sqsError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are ${MAX_BATCH_ENTRIES}. You have sent ${entries.length}.`);
  const ids = entries.map((entry) => entry.Id);
  for (const id of ids) {
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,80}$/.test(id)) throw sqsError('InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.');
  }
  if (new Set(ids).size !== ids.length) throw sqsError('BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.');
  return entries;
}

function requiredString(input: Record<string, unknown>, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '') throw sqsError('MissingParameter', `The request must contain the parameter ${name}.`);
  return value;
}

function attributesBytes(attributes: Record<string, MessageAttributeValue> | undefined): number {
  return Object.entries(attributes ?? {}).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value.DataType ?? '') + Buffer.byteLength(value.StringValue ?? value.BinaryValue ?? ''),
    0,
  );
}

const asStrings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

/** Only the characters SQS accepts in a body: tab, line feed, carriage return and Unicode from space up, less surrogates and U+FFFE/F. */
function hasValidCharacters(body: string): boolean {
  for (const character of body) {
    const code = character.codePointAt(0)!;
    const valid = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000;
    if (!valid) return false;
  }
  return true;
}

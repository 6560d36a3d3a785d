/** DynamoDB Streams GetRecords records → the records Lambda hands a stream-triggered function. */
import type { _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';

export interface LambdaStreamRecord {
  readonly eventID: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly eventVersion: string;
  readonly eventSource: 'aws:dynamodb';
  readonly awsRegion: string;
  readonly dynamodb: {
    readonly ApproximateCreationDateTime: number;
    readonly Keys?: Record<string, unknown>;
    readonly NewImage?: Record<string, unknown>;
    readonly OldImage?: Record<string, unknown>;
    readonly SequenceNumber: string;
    readonly SizeBytes: number;
    readonly StreamViewType: string;
  };
  readonly eventSourceARN: string;
  readonly userIdentity?: unknown;
}

export function toLambdaRecord(record: StreamRecord, eventSourceArn: string, region: string): LambdaStreamRecord {
  const stream = record.dynamodb ?? {};
  const created = stream.ApproximateCreationDateTime;
  return {
    eventID: record.eventID ?? '',
    eventName: record.eventName as LambdaStreamRecord['eventName'],
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: omitUndefined({
      // Lambda sends whole epoch seconds here.
      ApproximateCreationDateTime: Math.floor((created instanceof Date ? created.getTime() : Date.now()) / 1000),
      Keys: wireImage(stream.Keys),
      NewImage: wireImage(stream.NewImage),
      OldImage: wireImage(stream.OldImage),
      SequenceNumber: stream.SequenceNumber ?? '',
      SizeBytes: stream.SizeBytes ?? 0,
      StreamViewType: stream.StreamViewType ?? 'NEW_AND_OLD_IMAGES',
    }) as LambdaStreamRecord['dynamodb'],
    eventSourceARN: eventSourceArn,
    ...(record.userIdentity ? { userIdentity: record.userIdentity } : {}),
  };
}

/** The SDK decodes binary attributes to bytes; Lambda's JSON event carries them base64-encoded. */
function wireImage(image: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!image) return undefined;
  return JSON.parse(JSON.stringify(image, (_key, value: unknown) => (isBytes(value) ? Buffer.from(value).toString('base64') : value))) as Record<string, unknown>;
}

const isBytes = (value: unknown): value is Uint8Array => value instanceof Uint8Array;

const omitUndefined = (value: Record<string, unknown>) => Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined));

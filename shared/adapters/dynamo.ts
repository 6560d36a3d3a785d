import { DynamoDBClient, type CancellationReason } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requiredSetting } from './settings';

/** Built once per function instance; honours AWS_ENDPOINT_URL, so the local cloud needs no special case. */
export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

export const tableName = (): string => requiredSetting('TABLE_NAME');

const errorName = (err: unknown): string | undefined =>
  err !== null && typeof err === 'object' && 'name' in err && typeof err.name === 'string' ? err.name : undefined;

/** The reasons DynamoDB gave for cancelling a transaction, one per item in request order ([] otherwise). */
export const cancellationReasons = (err: unknown): readonly CancellationReason[] => {
  if (errorName(err) !== 'TransactionCanceledException') return [];
  const reasons = (err as { CancellationReasons?: CancellationReason[] }).CancellationReasons;
  if (Array.isArray(reasons)) return reasons;
  // Some emulators only list the codes in the message: "...reasons [ConditionalCheckFailed, None]".
  const listed = /\[([^\]]*)\]\s*$/.exec((err as Error).message ?? '')?.[1];
  return listed ? listed.split(',').map((code) => ({ Code: code.trim() })) : [];
};

/**
 * True when a write was refused by its ConditionExpression: a single-item ConditionalCheckFailedException,
 * or a transaction cancelled because one of its items' conditions failed.
 */
export const isConditionalCheckFailed = (err: unknown): boolean =>
  errorName(err) === 'ConditionalCheckFailedException' ||
  cancellationReasons(err).some((reason) => reason.Code === 'ConditionalCheckFailed');

/**
 * What a refused write means, read from the SDK's error: `refused` lists the items (by position, 0 for a
 * single-item write) whose condition failed; `contention` is a transaction that lost to another one on the
 * same items. Undefined for any other failure.
 */
export const writeRefusal = (err: unknown): { readonly refused: readonly number[] } | 'contention' | undefined => {
  if (errorName(err) === 'ConditionalCheckFailedException') return { refused: [0] };
  const reasons = cancellationReasons(err);
  const refused = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
  if (refused.length > 0) return { refused };
  if (reasons.some((reason) => reason.Code === 'TransactionConflict')) return 'contention';
  return undefined;
};

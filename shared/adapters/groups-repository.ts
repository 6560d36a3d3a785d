/**
 * Group-buy groups on the single table (keys: docs/data-model.md, "Group buying"). No scans:
 *
 * - the group `GROUP#<groupId>` / `GROUP`: status, `members` and `accepted` (conditional counters), deadline,
 *   and the task token of its workflow's wait;
 * - one place per member `GROUP#<groupId>` / `MEMBER#<customerId>` naming the member's order (one Query lists them).
 *
 * A place is taken in the order's own first write (the group's conditional `ADD members` and the member's
 * `attribute_not_exists` Put), counted `accepted` in its second, and given back in the write that rejects or
 * cancels the order: each with the order's versioned write, so each happens once.
 */
import type { DomainEventDraft } from '../domain/events';
import type { Order } from '../domain/orders/order';
import { closeGroup, fillGroup, type Group, type GroupMember } from '../domain/promotions/group-buy';
import { clock } from './clock';
import { tableName } from './dynamo';
import { outboxPuts, type TransactWriteItem } from './outbox';
import { allPages, pauseBefore, tableAccess as table } from './table-access';

const groupKey = (groupId: string) => ({ pk: `GROUP#${groupId}`, sk: 'GROUP' });
const memberKey = (groupId: string, customerId: string) => ({ pk: `GROUP#${groupId}`, sk: `MEMBER#${customerId}` });

export interface StoredGroup extends Group {
  readonly version: number;
  /** The group workflow's wait for the group to fill (WaitForGroupFilled). */
  readonly waitToken?: string;
}

export const getGroup = (groupId: string) => table.getItem<StoredGroup>(groupKey(groupId));
export const getMember = (groupId: string, customerId: string) => table.getItem<GroupMember>(memberKey(groupId, customerId));

/** Every member's place, in customer order (one Query on the group's partition). */
export const membersOf = (groupId: string) => allPages((page) => table.queryRange<GroupMember>(`GROUP#${groupId}`, 'MEMBER#', 'MEMBER#\uffff', page));

const memberPut = (member: GroupMember): TransactWriteItem => ({
  Put: { TableName: tableName(), Item: { ...memberKey(member.groupId, member.customerId), entity: 'GroupMember', ...member }, ConditionExpression: 'attribute_not_exists(pk)' },
});

const takePlace = (group: Pick<Group, 'groupId' | 'minParticipants'>, now: Date): TransactWriteItem => ({
  Update: {
    TableName: tableName(),
    Key: groupKey(group.groupId),
    UpdateExpression: 'ADD #members :one',
    // Exact under any number of racing joins: a place exists only while fewer than minParticipants are taken.
    ConditionExpression: '#status = :open AND #members < :size AND #deadline > :now',
    ExpressionAttributeNames: { '#members': 'members', '#status': 'status', '#deadline': 'deadline' },
    ExpressionAttributeValues: { ':one': 1, ':open': 'OPEN', ':size': group.minParticipants, ':now': now.toISOString() },
  },
});

/** A new group with its leader's place, and `GroupStarted` (which starts its workflow): in the leader's order's first write. */
export function startItems(group: Group, leader: GroupMember, started: DomainEventDraft<object>, correlationId: string): TransactWriteItem[] {
  return [
    // The leader's place is taken as the group is put (one transaction may not touch an item twice).
    { Put: { TableName: tableName(), Item: { ...groupKey(group.groupId), entity: 'Group', ...group, members: 1, version: 1 }, ConditionExpression: 'attribute_not_exists(pk)' } },
    memberPut(leader),
    ...outboxPuts([started], correlationId),
  ];
}

/** A member's place in an OPEN group that has one left: in the member's order's first write. */
export const joinItems = (group: Group, member: GroupMember, now: Date): TransactWriteItem[] => [takePlace(group, now), memberPut(member)];

const count = (groupId: string, changes: Record<string, number>): TransactWriteItem => ({
  Update: {
    TableName: tableName(),
    Key: groupKey(groupId),
    UpdateExpression: `ADD ${Object.keys(changes).map((name) => `#${name} :${name}`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(Object.keys(changes).map((name) => [`#${name}`, name])),
    ExpressionAttributeValues: Object.fromEntries(Object.entries(changes).map(([name, by]) => [`:${name}`, by])),
  },
});

/**
 * What a change of a group-buy order writes to its group, with the order (its versioned write makes it happen
 * once): taken by its checkout (AWAITING_GROUP) → counted `accepted`; rejected at the payment, or cancelled
 * while waiting for the group → its place given back (the member record deleted, the counters decreased).
 */
export function placeChange(before: Order, after: Order | undefined): TransactWriteItem[] {
  const group = before.groupBuy;
  if (!group || !after || after.status === before.status) return [];
  if (after.status === 'AWAITING_GROUP') return [count(group.groupId, { accepted: 1 })];
  const leaves = after.status === 'REJECTED' || after.status === 'CANCELLED' || after.status === 'FAILED' || after.status === 'NEEDS_ATTENTION';
  if (!leaves || !['STOCK_RESERVED', 'AWAITING_GROUP'].includes(before.status)) return [];
  return [
    { Delete: { TableName: tableName(), Key: memberKey(group.groupId, before.customerId) } },
    count(group.groupId, before.status === 'AWAITING_GROUP' ? { members: -1, accepted: -1 } : { members: -1 }),
  ];
}

/** The group's wait token, stored by its workflow's WaitForGroupFilled (a SET: the counters move meanwhile). */
export async function setWaitToken(groupId: string, waitToken: string): Promise<StoredGroup> {
  await table.write([{ Update: { TableName: tableName(), Key: groupKey(groupId), UpdateExpression: 'SET #waitToken = :token', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeNames: { '#waitToken': 'waitToken' }, ExpressionAttributeValues: { ':token': waitToken } } }]);
  const group = await getGroup(groupId);
  if (!group) throw new Error(`group ${groupId} does not exist`);
  return group;
}

/**
 * The group as `decide` leaves it (FILLED or EXPIRED, with its event). Joins and cancels keep moving its
 * counters, so it is never put whole: only its status and time are SET, under the condition that made the
 * decision (OPEN, and `accepted` reached or not); refused, it is read and decided again.
 */
async function settle(groupId: string, decide: typeof fillGroup, correlationId: string): Promise<{ readonly group: StoredGroup; readonly changed: boolean }> {
  // A write lost to a racing member's transaction on the group is tried again after a pause.
  for (let round = 0; round < SETTLE_ROUNDS; round++) {
    if (round > 0) await pauseBefore(round + 4);
    const outcome = await settleOnce(groupId, decide, correlationId);
    if (outcome !== 'contention') return outcome;
  }
  throw new Error(`group ${groupId} kept changing while it was settled`);
}

const SETTLE_ROUNDS = 8;

function settleOnce(groupId: string, decide: typeof fillGroup, correlationId: string) {
  return table.update<StoredGroup, { group: StoredGroup; changed: boolean }>(
    groupKey(groupId),
    (group) => {
      if (!group) throw new Error(`group ${groupId} does not exist`);
      const decided = decide(group, clock.now());
      if (!decided) return { result: { group, changed: false } };
      const { status, filledAt, expiredAt } = decided.next;
      const when = status === 'FILLED' ? { name: 'filledAt', at: filledAt } : { name: 'expiredAt', at: expiredAt };
      const settled: TransactWriteItem = {
        Update: {
          TableName: tableName(),
          Key: groupKey(groupId),
          UpdateExpression: `SET #status = :next, #when = :at ADD #version :one`,
          ConditionExpression: `#status = :open AND #accepted ${status === 'FILLED' ? '>=' : '<'} :size`,
          ExpressionAttributeNames: { '#status': 'status', '#when': when.name, '#version': 'version', '#accepted': 'accepted' },
          ExpressionAttributeValues: { ':next': status, ':at': when.at, ':one': 1, ':open': 'OPEN', ':size': group.minParticipants },
        },
      };
      return { result: { group: { ...group, ...decided.next, version: group.version + 1 }, changed: true }, write: [settled, ...outboxPuts([decided.event], correlationId)] };
    },
    { attempts: 20 },
  );
}

/** FILLED with `GroupFilled` once every place is taken by an accepted order; the group as it stands otherwise. */
export const fillIfComplete = (groupId: string, correlationId: string) => settle(groupId, fillGroup, correlationId);

/** The deadline passed: FILLED (it completed meanwhile) or EXPIRED with `GroupExpired`; once. */
export const closeAtDeadline = (groupId: string, correlationId: string) => settle(groupId, closeGroup, correlationId);

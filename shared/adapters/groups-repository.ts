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
import { allPages, tableAccess as table } from './table-access';

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

/** The group's wait token, stored by its workflow's WaitForGroupFilled. */
export async function setWaitToken(groupId: string, waitToken: string): Promise<StoredGroup> {
  const outcome = await table.update<StoredGroup, StoredGroup>(
    groupKey(groupId),
    (group) => {
      if (!group) throw new Error(`group ${groupId} does not exist`);
      const next = { ...group, waitToken, version: group.version + 1 };
      return { result: next, write: [table.versionedPut({ ...groupKey(groupId), entity: 'Group', ...next }, group)] };
    },
    { attempts: 10 },
  );
  if (outcome === 'contention') throw new Error(`group ${groupId} kept changing while its wait token was stored`);
  return outcome;
}

/**
 * The group as `decide` leaves it (FILLED or EXPIRED, with its event), written conditionally on the version
 * and status read, re-read when a join or a cancel changed its counters meanwhile.
 */
async function settle(groupId: string, decide: typeof fillGroup, correlationId: string): Promise<{ readonly group: StoredGroup; readonly changed: boolean }> {
  const outcome = await table.update<StoredGroup, { group: StoredGroup; changed: boolean }>(
    groupKey(groupId),
    (group) => {
      if (!group) throw new Error(`group ${groupId} does not exist`);
      const decided = decide(group, clock.now());
      if (!decided) return { result: { group, changed: false } };
      const next: StoredGroup = { ...group, ...decided.next, version: group.version + 1 };
      return { result: { group: next, changed: true }, write: [table.versionedPut({ ...groupKey(groupId), entity: 'Group', ...next }, group), ...outboxPuts([decided.event], correlationId)] };
    },
    { attempts: 20 },
  );
  if (outcome === 'contention') throw new Error(`group ${groupId} kept changing while it was settled`);
  return outcome;
}

/** FILLED with `GroupFilled` once every place is taken by an accepted order; the group as it stands otherwise. */
export const fillIfComplete = (groupId: string, correlationId: string) => settle(groupId, fillGroup, correlationId);

/** The deadline passed: FILLED (it completed meanwhile) or EXPIRED with `GroupExpired`; once. */
export const closeAtDeadline = (groupId: string, correlationId: string) => settle(groupId, closeGroup, correlationId);

/**
 * 团购: a group of customers buying at a group-buy promotion's group price (docs/promotions.md, "Group buying").
 *
 *   OPEN ──(its minParticipants members' orders taken)──▶ FILLED   the orders go on to the warehouse
 *     └───(the time limit passes first)─────────────────▶ EXPIRED  every order in it is cancelled
 *
 * A customer starts a group (its leader) or joins an OPEN one with an order at the group price. The group
 * counts two things, both conditional counters on its item: `members` (places taken, by orders still being
 * checked out too: never more than `minParticipants`, so joins stop when it is full) and `accepted` (members
 * whose checkout took the order: stock reserved, payment authorized). It fills when `accepted` reaches
 * `minParticipants` — then every member's order is taken, none is still at the payment step. A member whose
 * payment is refused, or who cancels while the group is OPEN (the leader too), gives the place back; the group
 * goes on. Rules here are plain functions: the decisions and events, no storage.
 */
import { conflict, DomainError } from '../errors';
import type { DomainEventDraft } from '../events';
import { isLive, type Promotion } from './promotion';

export const GROUP_STATUSES = ['OPEN', 'FILLED', 'EXPIRED'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

export interface Group {
  readonly groupId: string;
  readonly promotionId: string;
  readonly promotionName: string;
  /** The customer who started it. */
  readonly leaderId: string;
  readonly minParticipants: number;
  readonly status: GroupStatus;
  /** Places taken (orders placed into it and not given back). */
  readonly members: number;
  /** Members whose order the checkout took. */
  readonly accepted: number;
  readonly startedAt: string;
  /** startedAt + the promotion's time limit: EXPIRED unless FILLED by then. */
  readonly deadline: string;
  readonly filledAt?: string;
  readonly expiredAt?: string;
}

/** A member's place: the customer and the order it joined with. */
export interface GroupMember {
  readonly groupId: string;
  readonly customerId: string;
  readonly orderId: string;
  readonly joinedAt: string;
}

export const PROMOTIONS_EVENT_SOURCE = 'commerce.promotions';

const draft = <D extends { summary: string }>(detailType: 'GroupStarted' | 'GroupFilled' | 'GroupExpired', detail: D): DomainEventDraft<D> => ({ source: PROMOTIONS_EVENT_SOURCE, detailType, detail });

const subject = (group: Group) => ({ groupId: group.groupId, promotionId: group.promotionId, leaderId: group.leaderId, minParticipants: group.minParticipants });

/** The group-buy benefit of a promotion, or a 409 saying it has none (or is not running now). */
export function groupBuyOf(promotion: Promotion, now: Date) {
  const benefit = promotion.benefit;
  if (benefit.type !== 'GROUP_BUY') throw conflict('NotAGroupBuy', `Promotion ${promotion.promotionId} (${promotion.name}) is not a group buy`);
  if (!isLive(promotion, now)) throw conflict('PromotionNotLive', `Group buy ${promotion.name} is not running now (${promotion.status}, ${promotion.startsAt} to ${promotion.endsAt})`);
  return benefit;
}

/** A new OPEN group of `promotion`, its leader the first member; the time limit runs from now. */
export function startGroup(promotion: Promotion, groupId: string, leaderId: string, now: Date): Group {
  const benefit = groupBuyOf(promotion, now);
  return {
    groupId,
    promotionId: promotion.promotionId,
    promotionName: promotion.name,
    leaderId,
    minParticipants: benefit.minParticipants,
    status: 'OPEN',
    members: 0,
    accepted: 0,
    startedAt: now.toISOString(),
    deadline: new Date(now.getTime() + benefit.timeLimitHours * 3_600_000).toISOString(),
  };
}

/**
 * Why a customer cannot join `group` now (checked before anything is written, and again by the join's
 * conditions when it is written): another promotion's group (404), already a member, closed (expired or past its
 * deadline), or full (filled, or every place taken by orders still being placed). Undefined: it may go ahead.
 */
export function joinRefusal(group: Group, promotionId: string, alreadyMember: boolean, now: Date): DomainError | undefined {
  const about = { groupId: group.groupId, status: group.status, members: group.members, minParticipants: group.minParticipants };
  if (group.promotionId !== promotionId) return new DomainError('not-found', 'GroupNotFound', `Group ${group.groupId} is not a group of promotion ${promotionId}`);
  if (alreadyMember) return new DomainError('conflict', 'AlreadyInGroup', `You are already in group ${group.groupId}; one place per customer`, [], about);
  if (group.status === 'EXPIRED' || (group.status === 'OPEN' && group.deadline <= now.toISOString())) {
    return new DomainError('conflict', 'GroupClosed', `Group ${group.groupId} has closed: its time ran out; start a new group instead`, [], about);
  }
  if (group.status === 'FILLED' || group.members >= group.minParticipants) {
    const why = group.status === 'FILLED' ? 'it has filled and its orders are on their way' : `all ${group.minParticipants} places are taken by orders being placed`;
    return new DomainError('conflict', 'GroupFull', `Group ${group.groupId} is full: ${why}; start a new group instead`, [], about);
  }
  return undefined;
}

/** Has every place been taken by an accepted order? Then it fills (once: the write is conditional on OPEN). */
export const isComplete = (group: Group): boolean => group.status === 'OPEN' && group.accepted >= group.minParticipants;

/** FILLED, with `GroupFilled` (the members are told; the group's workflow lets their orders go on). */
export function fillGroup(group: Group, now: Date): { readonly next: Group; readonly event: DomainEventDraft<object> } | undefined {
  if (!isComplete(group)) return undefined;
  const next: Group = { ...group, status: 'FILLED', filledAt: now.toISOString() };
  return { next, event: draft('GroupFilled', { ...subject(next), members: next.accepted, summary: `Your group for ${group.promotionName} is complete (${next.accepted} of ${group.minParticipants}): your order goes to the warehouse now.` }) };
}

/**
 * The deadline passed (the group's workflow): FILLED if every place was taken by an accepted order meanwhile
 * (the join that completed it did not get to mark it), else EXPIRED with `GroupExpired`; its orders are then
 * cancelled. Nothing for a group that is closed already.
 */
export function closeGroup(group: Group, now: Date): { readonly next: Group; readonly event: DomainEventDraft<object> } | undefined {
  if (group.status !== 'OPEN') return undefined;
  const filled = fillGroup(group, now);
  if (filled) return filled;
  const next: Group = { ...group, status: 'EXPIRED', expiredAt: now.toISOString() };
  return { next, event: draft('GroupExpired', { ...subject(next), members: group.members, summary: `The group for ${group.promotionName} did not fill in time (${group.accepted} of ${group.minParticipants}); its orders are cancelled and nothing is charged.` }) };
}

/** Starts the group's workflow, which waits for it to fill until its deadline. */
export const groupStarted = (group: Group, correlationId: string) =>
  draft('GroupStarted', {
    ...subject(group),
    correlationId,
    deadline: group.deadline,
    /** Whole seconds to the deadline, at least 1: the workflow's wait. */
    timeLimitSeconds: Math.max(1, Math.round((Date.parse(group.deadline) - Date.parse(group.startedAt)) / 1000)),
    summary: `A group for ${group.promotionName} was started; it needs ${group.minParticipants} members by ${group.deadline}.`,
  });

/** What a caller sees of a group (never its workflow's token or version). */
export const groupView = (group: Group) => ({
  groupId: group.groupId,
  promotionId: group.promotionId,
  promotionName: group.promotionName,
  leaderId: group.leaderId,
  status: group.status,
  members: group.members,
  accepted: group.accepted,
  minParticipants: group.minParticipants,
  startedAt: group.startedAt,
  deadline: group.deadline,
  ...(group.filledAt ? { filledAt: group.filledAt } : {}),
  ...(group.expiredAt ? { expiredAt: group.expiredAt } : {}),
});

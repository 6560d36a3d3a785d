/**
 * Group buying (团购, docs/promotions.md "Group buying"): joining a group places an order, so this contract stands
 * apart from the promotions' own: the join's function loads the order contract it needs and not every promotion
 * schema, and the promotions' functions load no order schema.
 */
import * as z from './z';
import { defineRoute } from './route';
import { isoDateTime, ulidSchema } from './common';
import { GROUP_STATUSES } from '../domain/promotions/group-buy';
import { addressSchema, cartLinesSchema, couponCodesSchema, orderViewSchema, placeOrderBodySchema } from './orders';
import { SERVICE_LEVELS } from '../domain/orders/carriers';

const idPath = z.strictObject({ id: ulidSchema });

export const joinGroupBodySchema = z.strictObject({
  /** The group to join (from its leader's share); absent: start a new group, as its leader. */
  groupId: z.optional(ulidSchema),
  lines: cartLinesSchema,
  couponCodes: couponCodesSchema,
  shippingAddress: addressSchema,
  serviceLevel: z.enum(SERVICE_LEVELS),
  paymentMethod: placeOrderBodySchema.shape.paymentMethod,
});

export const groupViewSchema = z.object({
  groupId: ulidSchema,
  promotionId: ulidSchema,
  promotionName: z.string(),
  leaderId: z.string(),
  status: z.enum(GROUP_STATUSES),
  /** Places taken (orders still being placed too) and members whose order was taken, of `minParticipants`. */
  members: z.int(),
  accepted: z.int(),
  minParticipants: z.int(),
  startedAt: isoDateTime,
  deadline: isoDateTime,
  filledAt: z.optional(isoDateTime),
  expiredAt: z.optional(isoDateTime),
});

const joinGroup = /* @__PURE__ */ defineRoute({
  operationId: 'joinGroup',
  method: 'POST',
  path: '/promotions/{id}/join',
  summary: 'Start (no groupId) or join a group of a group-buy promotion with an order at the group price (Idempotency-Key required): stock reserved, payment authorized, not captured; the order waits AWAITING_GROUP until the group fills, and is cancelled if it does not in time',
  tags: ['promotions'],
  auth: { type: 'jwt', roles: ['customer'] },
  handlerEntry: 'functions/orders/join-group.ts',
  pathParams: idPath,
  body: joinGroupBodySchema,
  requireIdempotencyKey: true,
  concurrency: 20,
  response: { status: 201, description: 'Joined: the group and the order (AWAITING_GROUP, or AWAITING_PACKING if it completed the group) (Location: /orders/{id})', schema: z.object({ group: groupViewSchema, order: orderViewSchema }) },
  // 409 GroupFull / GroupClosed / AlreadyInGroup / NotAGroupBuy / PromotionNotLive / OutOfStock / PromotionUnavailable, 422 NoGroupPrice, 402, 503.
  errors: [402, 404, 409, 422, 429, 503],
});

const getGroup = /* @__PURE__ */ defineRoute({
  operationId: 'getGroup',
  method: 'GET',
  path: '/promotions/{id}/groups/{groupId}',
  summary: 'A group of a group-buy promotion: status, places taken of those needed, deadline (anyone signed in: the leader shares it)',
  tags: ['promotions'],
  auth: { type: 'jwt', roles: ['customer', 'operator'] },
  handlerEntry: 'functions/promotions/get-group.ts',
  pathParams: z.strictObject({ id: ulidSchema, groupId: ulidSchema }),
  response: { status: 200, description: 'The group', schema: groupViewSchema },
  errors: [404],
});

export const groupBuyRoutes = { joinGroup, getGroup };

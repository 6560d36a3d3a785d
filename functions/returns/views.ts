/** What callers see of a return: explicit picks, so versions, provider keys and supplier ids never leak. */
import type { ReturnSummary, ReturnView } from '../../shared/contracts/returns';
import type { ReturnSummary as StoredSummary, StoredReturn } from '../../shared/adapters/returns-repository';
import { nextStep } from '../../shared/domain/returns/return';

export const toReturnView = (ret: StoredReturn): ReturnView => ({
  returnId: ret.returnId,
  orderId: ret.orderId,
  customerId: ret.customerId,
  status: ret.status,
  nextStep: nextStep(ret),
  reason: ret.reason,
  resolution: ret.resolution,
  lines: ret.lines.map(({ sku, quantity, value, exchange }) => ({ sku, quantity, value, ...(exchange ? { exchange } : {}) })),
  value: ret.value,
  returnShippingPaidBy: ret.returnShippingPaidBy,
  photos: [...ret.photos],
  comment: ret.comment,
  review: ret.review && { reasons: [...ret.review.reasons], decideBy: ret.review.decideBy },
  approval: ret.approval && { auto: ret.approval.auto, by: ret.approval.by, at: ret.approval.at },
  rejection: ret.rejection,
  label: ret.label,
  ...(ret.parcel ? { parcel: { status: ret.parcel.status, sentAt: ret.parcel.sentAt, updatedAt: ret.parcel.updatedAt, ...(ret.parcel.description ? { description: ret.parcel.description } : {}) } } : {}),
  receipt: ret.receipt && { lines: ret.receipt.lines.map((line) => ({ ...line })), receivedAt: ret.receipt.receivedAt, short: ret.receipt.short },
  refund: ret.refund && {
    goods: ret.refund.goods,
    shipping: ret.refund.shipping,
    deduction: ret.refund.deduction,
    total: ret.refund.total,
    capped: ret.refund.capped,
    status: ret.refund.status,
    attempts: ret.refund.attempts,
    refundedAt: ret.refund.refundedAt,
    failure: ret.refund.failure,
    replacement: ret.refund.replacement,
  },
  exchange: ret.exchange && {
    replacementOrderId: ret.exchange.replacementOrderId,
    status: ret.exchange.status,
    lines: ret.exchange.lines.map((line) => ({ ...line })),
    value: ret.exchange.value,
    difference: ret.exchange.difference,
    placedAt: ret.exchange.placedAt,
    fellBack: ret.exchange.fellBack,
    failure: ret.exchange.failure,
  },
  timeline: ret.timeline.map(({ at, status, note }) => ({ at, status, note })),
  createdAt: ret.createdAt,
  updatedAt: ret.updatedAt,
});

export const toReturnSummary = (summary: StoredSummary): ReturnSummary => ({ ...summary });

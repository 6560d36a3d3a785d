/** Domain events of returns, as drafts (the outbox stamps id, time and correlation id). Each `summary` is one sentence a person reads. */
import type { DomainEventDraft } from '../events';
import { formatMoney } from '../money';
import { nextStep, type Return } from './return';
import type { SupplierDebit } from '../suppliers/debit';
import type { ReturnQualityIncident } from './receipt';

export const RETURNS_EVENT_SOURCE = 'commerce.returns';

export const RETURN_EVENT_TYPES = [
  'ReturnRequested',
  'ReturnAwaitingApproval',
  'ReturnApprovalReminderDue',
  'ReturnExpired',
  'ReturnApproved',
  'ReturnLabelIssued',
  'ReturnRejected',
  'ReturnReceived',
  'ReturnRefunded',
  'ReturnRefundFailed',
  'ReturnQualityIncidentRecorded',
  'ReturnToVendorDebited',
  'ReturnParcelException',
  'ReturnReplacementPlaced',
  'ReturnExchangeFellBack',
  'ReturnExchangeFailed',
] as const;
export type ReturnEventType = (typeof RETURN_EVENT_TYPES)[number];

/** What the customer hears about; the rest goes to operations. */
export const RETURN_CUSTOMER_EVENTS: readonly ReturnEventType[] = ['ReturnRequested', 'ReturnApproved', 'ReturnLabelIssued', 'ReturnExpired', 'ReturnRejected', 'ReturnReceived', 'ReturnRefunded', 'ReturnReplacementPlaced', 'ReturnExchangeFellBack'];
export const RETURN_OPS_EVENTS: readonly ReturnEventType[] = ['ReturnAwaitingApproval', 'ReturnApprovalReminderDue', 'ReturnExpired', 'ReturnRefundFailed', 'ReturnParcelException', 'ReturnExchangeFellBack', 'ReturnExchangeFailed'];

const draft = <D extends { summary: string }>(detailType: ReturnEventType, detail: D): DomainEventDraft<D> => ({ source: RETURNS_EVENT_SOURCE, detailType, detail });

const subject = (ret: Return) => ({ returnId: ret.returnId, orderId: ret.orderId, customerId: ret.customerId, status: ret.status, nextStep: nextStep(ret) });

export const returnRequested = (ret: Return) =>
  draft('ReturnRequested', {
    ...subject(ret),
    reason: ret.reason,
    lines: ret.lines.map(({ sku, quantity }) => ({ sku, quantity })),
    summary: `Return ${ret.returnId} of order ${ret.orderId} was ${ret.status === 'APPROVED' ? 'approved' : 'received for review'}. ${nextStep(ret)}`,
  });

export const returnAwaitingApproval = (ret: Return) =>
  draft('ReturnAwaitingApproval', {
    ...subject(ret),
    value: ret.value,
    reasons: ret.review?.reasons ?? [],
    decideBy: ret.review?.decideBy,
    summary: `Return ${ret.returnId} (${formatMoney(ret.value)}, order ${ret.orderId}) waits for a decision by ${ret.review?.decideBy}: ${ret.review?.reasons.join('; ')}.`,
  });

export const returnApprovalReminderDue = (ret: Return) =>
  draft('ReturnApprovalReminderDue', { ...subject(ret), decideBy: ret.review?.decideBy, summary: `Reminder: return ${ret.returnId} (${formatMoney(ret.value)}, order ${ret.orderId}) still waits for a decision, due by ${ret.review?.decideBy}.` });

export const returnExpired = (ret: Return) =>
  draft('ReturnExpired', { ...subject(ret), summary: `Return ${ret.returnId} of order ${ret.orderId} expired: nobody decided it in time. ${nextStep(ret)}` });

export const returnApproved = (ret: Return) => draft('ReturnApproved', { ...subject(ret), summary: `Return ${ret.returnId} was approved. ${nextStep(ret)}` });

export const returnLabelIssued = (ret: Return) =>
  draft('ReturnLabelIssued', { ...subject(ret), label: ret.label, summary: `Your return label for return ${ret.returnId} is ready. ${nextStep(ret)}` });

export const returnRejected = (ret: Return) => draft('ReturnRejected', { ...subject(ret), reason: ret.rejection?.reason, summary: `Return ${ret.returnId} was rejected: ${ret.rejection?.reason}.` });

export const returnReceived = (ret: Return) =>
  draft('ReturnReceived', {
    ...subject(ret),
    reason: ret.reason,
    short: ret.receipt?.short ?? false,
    received: ret.receipt?.lines ?? [],
    refund: ret.refund?.total,
    summary: `Return ${ret.returnId} arrived${ret.receipt?.short ? `: fewer items than announced, only those that arrived are ${ret.status === 'EXCHANGING' ? 'exchanged' : 'refunded'}` : ''}. ${nextStep(ret)}`,
  });

export const returnRefunded = (ret: Return) =>
  draft('ReturnRefunded', { ...subject(ret), refund: ret.refund?.total, refundId: ret.refund?.refundId, summary: `${formatMoney(ret.refund!.total)} was refunded for return ${ret.returnId} of order ${ret.orderId}.` });

export const returnRefundFailed = (ret: Return) =>
  draft('ReturnRefundFailed', {
    ...subject(ret),
    refund: ret.refund?.total,
    failure: ret.refund?.failure,
    attempts: ret.refund?.attempts,
    summary: `The refund of ${formatMoney(ret.refund!.total)} for return ${ret.returnId} failed (${ret.refund?.failure}); retry it with POST /returns/${ret.returnId}/refund.`,
  });

export const returnQualityIncidentRecorded = (incident: ReturnQualityIncident) =>
  draft('ReturnQualityIncidentRecorded', {
    ...incident,
    summary: `${incident.quantity} × ${incident.sku} came back ${incident.reason === 'DEFECTIVE' ? 'defective' : 'not as described'} (return ${incident.returnId}); a quality incident is recorded against supplier ${incident.supplierId}.`,
  });

export const returnToVendorDebited = (debit: SupplierDebit) =>
  draft('ReturnToVendorDebited', {
    ...debit,
    summary: `${debit.quantity} × ${debit.sku} from return ${debit.returnId} went back to supplier ${debit.supplierId}, debited ${formatMoney(debit.amount)} (${debit.basis === 'UNIT_COST' ? 'its unit cost' : 'what the customer paid'}).`,
  });

export const returnParcelException = (ret: Return) =>
  draft('ReturnParcelException', {
    ...subject(ret),
    trackingNumber: ret.label?.trackingNumber,
    description: ret.parcel?.description,
    summary: `The parcel of return ${ret.returnId} (tracking ${ret.label?.trackingNumber ?? 'unknown'}) has a problem on its way back${ret.parcel?.description ? `: ${ret.parcel.description}` : ''}.`,
  });

const replacement = (ret: Return) => ({
  replacementOrderId: ret.exchange?.replacementOrderId,
  lines: (ret.exchange?.lines ?? []).map(({ sku, quantity, forSku }) => ({ sku, quantity, forSku })),
});

export const returnReplacementPlaced = (ret: Return) =>
  draft('ReturnReplacementPlaced', {
    ...subject(ret),
    ...replacement(ret),
    difference: ret.exchange?.difference,
    summary: `Your exchange for return ${ret.returnId} is on its way: replacement order ${ret.exchange?.replacementOrderId} ships at no charge. ${nextStep(ret)}`,
  });

export const returnExchangeFellBack = (ret: Return) =>
  draft('ReturnExchangeFellBack', {
    ...subject(ret),
    ...replacement(ret),
    why: ret.exchange?.fellBack?.reason,
    refund: ret.refund?.total,
    summary: `The exchange of return ${ret.returnId} (order ${ret.orderId}) could not be sent (${ret.exchange?.fellBack?.reason}): ${ret.refund ? `${formatMoney(ret.refund.total)} is refunded instead` : 'nothing is owed'}.`,
  });

export const returnExchangeFailed = (ret: Return) =>
  draft('ReturnExchangeFailed', {
    ...subject(ret),
    ...replacement(ret),
    failure: ret.exchange?.failure,
    summary: `The replacement order for return ${ret.returnId} could not be placed (${ret.exchange?.failure}); retry it with POST /returns/${ret.returnId}/exchange.`,
  });

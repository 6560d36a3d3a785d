/**
 * Exchanges as domain tables (docs/returns.md, "Exchanges"): what may be asked for, what the receipt plans, the
 * difference refunded, the fallback to the refund, and the failure left to ops. The order: TEE × 2 at 24.99, MUG
 * at 9.99, shipping 6.70; TEE-L is the tee's other size, TEE-XL a dearer one, CAP another product of apparel.
 */
import { describe, expect, it } from 'vitest';
import { exchangeFailed, exchangeFellBack, exchangesFor, replacementCart, replacementPlaced, type ExchangeOffer } from '../../../shared/domain/returns/exchange';
import { recordRefundOutcome, recordReturnReceipt, isRefundOwed } from '../../../shared/domain/returns/receipt';
import { requestReturn, type ReturnRequest } from '../../../shared/domain/returns/request';
import { nextStep, type ReceivedLine, type Return } from '../../../shared/domain/returns/return';
import { DEFAULT_RETURN_RULES, type ReturnReason } from '../../../shared/domain/returns/rules';
import { emptyTally } from '../../../shared/domain/returns/tally';
import { deliveredOrder, EUR, SKUS } from './fixtures';

const NOW = new Date('2030-07-12T09:00:00.000Z');
const ASKED = new Date('2030-07-10T12:00:00.000Z');
const REPLACEMENT = '01J0REPLACEMENT0000000000X';
const order = deliveredOrder();
const offer = (sku: string, unitPrice: number, available = 10, productId = 'p-tee', categoryId = 'apparel'): [string, ExchangeOffer] => [sku, { sku, productId, categoryId, unitPrice: EUR(unitPrice), available }];
const OFFERS = new Map([offer('TEE', 2499), offer('TEE-L', 2499), offer('TEE-S', 1999), offer('TEE-XL', 2999), offer('CAP', 1500, 10, 'p-cap'), offer('TEE-RARE', 2499, 1), offer('MUG', 999, 10, 'p-mug', 'kitchen')]);

const ask = (lines: ReturnRequest['lines'], reason: ReturnReason = 'DEFECTIVE', resolution: ReturnRequest['resolution'] = { type: 'EXCHANGE' }, rules = DEFAULT_RETURN_RULES) =>
  requestReturn(order, { returnId: '01J0RETURN', lines, reason, resolution, requestedBy: 'cust-1', now: ASKED }, { skus: SKUS, tally: emptyTally(order.orderId), customerReturnCount: 0, rules, exchangeOffers: OFFERS });
const receive = (asked: ReturnType<typeof ask>, lines: ReceivedLine[]) => recordReturnReceipt(asked.next, order, asked.tally, lines, 'picker-pia', NOW, DEFAULT_RETURN_RULES, { replacementOrderId: REPLACEMENT });

describe('asking for an exchange', () => {
  it('keeps on each line the SKU it is exchanged for and its price now: its own, else the resolution\'s, else the same SKU', () => {
    const { next } = ask([{ sku: 'TEE', quantity: 2, exchangeSku: 'TEE-L' }]);
    expect(next).toMatchObject({ status: 'APPROVED', resolution: { type: 'EXCHANGE' }, lines: [{ sku: 'TEE', quantity: 2, exchange: { sku: 'TEE-L', unitPrice: EUR(2499) } }] });
    expect(ask([{ sku: 'TEE', quantity: 1 }], 'DEFECTIVE', { type: 'EXCHANGE', sku: 'TEE-S' }).next.lines[0]!.exchange?.sku).toBe('TEE-S');
    expect(ask([{ sku: 'TEE', quantity: 1 }]).next.lines[0]!.exchange?.sku).toBe('TEE');
  });

  it('a category-wide scope lets another product of the category in', () => {
    expect(ask([{ sku: 'TEE', quantity: 1, exchangeSku: 'CAP' }], 'DEFECTIVE', { type: 'EXCHANGE' }, { ...DEFAULT_RETURN_RULES, exchangeWithin: 'CATEGORY' }).next.lines[0]!.exchange).toEqual({ sku: 'CAP', unitPrice: EUR(1500) });
  });

  it.each([
    ['a SKU not for sale (unlisted, inactive or on quality hold)', [{ sku: 'TEE', quantity: 1, exchangeSku: 'TEE-GONE' }], 'ExchangeNotAvailable', 'unprocessable', 'TEE-GONE is not for sale now'],
    ['another product', [{ sku: 'TEE', quantity: 1, exchangeSku: 'CAP' }], 'ExchangeNotAllowed', 'unprocessable', 'not a variant of the same product as TEE'],
    ['a dearer SKU: never charged', [{ sku: 'TEE', quantity: 1, exchangeSku: 'TEE-XL' }], 'ExchangeCostsMore', 'unprocessable', '1 × TEE-XL cost 29.99 EUR, more than the 24.99 EUR paid for TEE'],
    ['more than is in stock', [{ sku: 'TEE', quantity: 2, exchangeSku: 'TEE-RARE' }], 'ExchangeOutOfStock', 'conflict', '1 × TEE-RARE in stock, 2 asked for'],
  ] as const)('refuses %s, writing nothing', (_, lines, code, kind, message) => {
    expect(() => ask([...lines])).toThrow(expect.objectContaining({ code, kind, fieldErrors: [expect.objectContaining({ field: 'lines.0.exchangeSku', message: expect.stringContaining(message) })] }));
  });

  it('counts two lines exchanged for one SKU against its stock together', () => {
    const line = (sku: string, quantity: number) => ({ sku, quantity, exchangeSku: 'TEE-L', value: EUR(2499 * quantity), productId: 'p-tee', categoryId: 'apparel' });
    const offers = new Map([offer('TEE-L', 2499, 2)]);
    expect(exchangesFor([line('TEE-M', 1), line('TEE-S', 1)], { type: 'EXCHANGE' }, offers, DEFAULT_RETURN_RULES)).toHaveLength(2);
    expect(() => exchangesFor([line('TEE-M', 1), line('TEE-S', 2)], { type: 'EXCHANGE' }, offers, DEFAULT_RETURN_RULES)).toThrow(expect.objectContaining({ code: 'ExchangeOutOfStock' }));
  });
});

describe('the receipt of an exchange', () => {
  it('plans the replacement for what arrived, under the reserved order id; nothing is refunded yet, the money is committed on the tally', () => {
    const decision = receive(ask([{ sku: 'TEE', quantity: 2, exchangeSku: 'TEE-S' }]), [{ sku: 'TEE', quantity: 1, disposition: 'RESTOCK' }]);
    expect(decision.next).toMatchObject({
      status: 'EXCHANGING',
      receipt: { short: true },
      exchange: { replacementOrderId: REPLACEMENT, status: 'PENDING', lines: [{ sku: 'TEE-S', quantity: 1, unitPrice: EUR(1999), forSku: 'TEE' }], value: EUR(1999), credit: { total: EUR(2499) }, difference: EUR(500) },
    });
    expect(decision.next?.refund).toBeUndefined();
    expect(isRefundOwed(decision.next!)).toBe(false);
    expect(decision.tally).toMatchObject({ refundedUnits: { TEE: 1 }, refunded: 2499 });
    expect(decision.restock).toEqual([{ sku: 'TEE', quantity: 1 }]);
    expect(nextStep(decision.next!)).toContain(`replacement order ${REPLACEMENT} (1 × TEE-S) is being placed at no charge, and the difference of 5.00 EUR refunded`);
    expect(decision.events?.[0]?.detail.summary).toContain('only those that arrived are exchanged');
  });

  it('nothing arrived: CLOSED, no replacement', () => {
    expect(receive(ask([{ sku: 'TEE', quantity: 1 }]), []).next).toMatchObject({ status: 'CLOSED' });
  });

  it.each([
    // lines, reason, arrived, difference: credit − its outbound shipping − the replacement, never below 0
    ['the same price', [{ sku: 'TEE', quantity: 1, exchangeSku: 'TEE-L' }], 'DEFECTIVE', [{ sku: 'TEE', quantity: 1, disposition: 'WRITE_OFF' }], 0],
    ['a cheaper variant', [{ sku: 'TEE', quantity: 2, exchangeSku: 'TEE-S' }], 'DEFECTIVE', [{ sku: 'TEE', quantity: 2, disposition: 'RESTOCK' }], 1000],
    ['a changed mind: the way back comes off the difference', [{ sku: 'TEE', quantity: 2, exchangeSku: 'TEE-S' }], 'CHANGED_MIND', [{ sku: 'TEE', quantity: 2, disposition: 'RESTOCK' }], 1000 - 495],
    ['a changed mind like for like: the deduction is never charged', [{ sku: 'TEE', quantity: 1, exchangeSku: 'TEE-L' }], 'CHANGED_MIND', [{ sku: 'TEE', quantity: 1, disposition: 'RESTOCK' }], 0],
    ['the whole order at the seller\'s fault: the outbound shipping is not refunded, the replacement travels free', [{ sku: 'TEE', quantity: 2 }, { sku: 'MUG', quantity: 1 }], 'WRONG_ITEM', [{ sku: 'TEE', quantity: 2, disposition: 'RESTOCK' }, { sku: 'MUG', quantity: 1, disposition: 'RESTOCK' }], 0],
  ] as const)('%s', (_, lines, reason, arrived, difference) => {
    const exchange = receive(ask([...lines], reason), [...arrived]).next!.exchange!;
    expect(exchange.difference).toEqual(EUR(difference));
  });

  it('the replacement cart has one line per SKU', () => {
    const exchange = receive(ask([{ sku: 'TEE', quantity: 2 }, { sku: 'MUG', quantity: 1 }]), [{ sku: 'TEE', quantity: 2, disposition: 'RESTOCK' }, { sku: 'MUG', quantity: 1, disposition: 'RESTOCK' }]).next!.exchange!;
    expect(replacementCart(exchange)).toEqual([{ sku: 'TEE', quantity: 2 }, { sku: 'MUG', quantity: 1 }]);
  });
});

describe('settling the exchange', () => {
  const exchanging = (lines: ReturnRequest['lines'], arrived: ReceivedLine[]): Return => receive(ask(lines), arrived).next!;
  const sameSize = exchanging([{ sku: 'TEE', quantity: 1, exchangeSku: 'TEE-L' }], [{ sku: 'TEE', quantity: 1, disposition: 'RESTOCK' }]);
  const cheaper = exchanging([{ sku: 'TEE', quantity: 2, exchangeSku: 'TEE-S' }], [{ sku: 'TEE', quantity: 2, disposition: 'RESTOCK' }]);

  it('placed at the same price: EXCHANGED, the customer told; placing again changes nothing', () => {
    const { next, events } = replacementPlaced(sameSize, NOW);
    expect(next).toMatchObject({ status: 'EXCHANGED', exchange: { status: 'PLACED', placedAt: NOW.toISOString(), attempts: 1 } });
    expect(next?.refund).toBeUndefined();
    expect(events?.map((event) => event.detailType)).toEqual(['ReturnReplacementPlaced']);
    expect(events?.[0]?.detail).toMatchObject({ replacementOrderId: REPLACEMENT, lines: [{ sku: 'TEE-L', quantity: 1, forSku: 'TEE' }] });
    expect(replacementPlaced(next!, NOW)).toEqual({});
  });

  it('placed cheaper: the difference is a refund with the return\'s one key, and once paid the return is EXCHANGED', () => {
    const { next } = replacementPlaced(cheaper, NOW);
    expect(next).toMatchObject({ status: 'RECEIVED', refund: { total: EUR(1000), replacement: EUR(3998), shipping: EUR(0), idempotencyKey: 'refund-01J0RETURN', status: 'PENDING' } });
    expect(nextStep(next!)).toContain('the difference of 10.00 EUR is on its way');
    const paid = recordRefundOutcome(next!, { outcome: 'REFUNDED', refundId: 'rfnd_1', refundedAt: NOW.toISOString() }, NOW);
    expect(paid.next).toMatchObject({ status: 'EXCHANGED', refund: { status: 'REFUNDED' } });
    expect(nextStep(paid.next!)).toContain('the difference of 10.00 EUR was refunded');
    expect(recordRefundOutcome(paid.next!, { outcome: 'REFUNDED', refundId: 'rfnd_1', refundedAt: NOW.toISOString() }, NOW)).toEqual({});
  });

  it('the replacement cannot be had: the full refund of what arrived instead, ops and the customer told', () => {
    const { next, events } = exchangeFellBack(cheaper, 'TEE-S out of stock', NOW);
    expect(next).toMatchObject({ status: 'RECEIVED', exchange: { status: 'FELL_BACK', fellBack: { reason: 'TEE-S out of stock' } }, refund: { total: EUR(4998), idempotencyKey: 'refund-01J0RETURN' } });
    expect(next?.refund?.replacement).toBeUndefined();
    expect(events?.map((event) => event.detailType)).toEqual(['ReturnExchangeFellBack']);
    expect(nextStep(next!)).toContain('a refund of 49.98 EUR is on its way to the original payment method instead');
    expect(recordRefundOutcome(next!, { outcome: 'REFUNDED', refundId: 'rfnd_1', refundedAt: NOW.toISOString() }, NOW).next?.status).toBe('REFUNDED');
    expect(exchangeFellBack(next!, 'again', NOW)).toEqual({});
  });

  it('placing failed after the retries: EXCHANGE_FAILED for ops, who can still place it or fall back', () => {
    const { next, events } = exchangeFailed(sameSize, 'NoCarrierAvailable: no carrier', NOW);
    expect(next).toMatchObject({ status: 'EXCHANGE_FAILED', exchange: { status: 'FAILED', failure: 'NoCarrierAvailable: no carrier', attempts: 1 } });
    expect(events?.map((event) => event.detailType)).toEqual(['ReturnExchangeFailed']);
    expect(nextStep(next!)).toContain('POST /returns/01J0RETURN/exchange');
    expect(exchangeFailed(next!, 'again', NOW)).toEqual({});
    expect(replacementPlaced(next!, NOW).next).toMatchObject({ status: 'EXCHANGED', exchange: { status: 'PLACED', attempts: 2 } });
  });
});

/**
 * Opening a return, wherever it is asked for: `POST /orders/{id}/returns` and, for an after-sales complaint,
 * `POST /tickets/{id}/return`. The SKUs' facts the rules need are read, the return is created once per
 * Idempotency-Key (approved inside the rules, else waiting for an operator), and an approved one gets its label.
 */
import type { RequestReturnBody } from '../contracts/returns';
import { requestReturn, type SkuFacts } from '../domain/returns/request';
import { attachReturnLabel, returnLabelRequest } from '../domain/returns/label';
import { returnRulesFrom } from '../domain/returns/rules';
import { carrierProvider } from './carriers';
import { namedError } from '../domain/errors';
import { RETURN_LIFECYCLE_ERRORS } from '../domain/workflow-errors';
import * as catalogRepository from './catalog-repository';
import { clock } from './clock';
import { creationGuards, type CreationScope } from './created-once';
import * as inventoryRepository from './inventory-repository';
import { logger } from './logger';
import type { StoredOrder } from './orders-repository';
import * as returnsRepository from './returns-repository';
import { exchangeOffers } from './replacement-orders';
import { exchangeSkuOf } from '../domain/returns/exchange';

const rules = returnRulesFrom(process.env);

/** What the rules need of each SKU: its category (window, returnable), product and supplier (quality incidents). */
async function skuFacts(skus: readonly string[]): Promise<Map<string, SkuFacts>> {
  const facts = new Map<string, SkuFacts>();
  await Promise.all(
    skus.map(async (sku) => {
      const stock = await inventoryRepository.getStock(sku);
      const product = stock && (await catalogRepository.getProduct(stock.productId));
      if (stock && product) facts.set(sku, { categoryId: product.categoryId, productId: product.productId, supplierId: stock.supplierId });
    }),
  );
  return facts;
}

/**
 * Books the return label of an approved return through the carrier port and records it (`ReturnLabelIssued`
 * tells the customer); a return with a label, or no longer approved, books nothing. A carrier that fails throws
 * `CarrierUnavailable`: the return-lifecycle workflow's BookReturnLabel step retries it.
 */
export async function bookReturnLabel(ret: returnsRepository.StoredReturn, order: StoredOrder, correlationId: string): Promise<returnsRepository.StoredReturn> {
  const request = returnLabelRequest(ret, order);
  if (!request) return ret;
  let booked: Awaited<ReturnType<ReturnType<typeof carrierProvider>['bookReturn']>>;
  try {
    booked = await carrierProvider().bookReturn(request);
  } catch (err) {
    throw namedError(RETURN_LIFECYCLE_ERRORS.CarrierUnavailable, `${request.carrierId} did not book the return label: ${(err as Error).message}`);
  }
  const { ret: labelled } = await returnsRepository.attachLabel(ret.returnId, (current) => attachReturnLabel(current, { carrierId: request.carrierId, ...booked }, clock.now()), correlationId);
  return labelled;
}

/** The label booked at once for the route's answer; a carrier that fails leaves it to the workflow's retries (logged). */
export async function issueReturnLabel(ret: returnsRepository.StoredReturn, order: StoredOrder, correlationId: string): Promise<returnsRepository.StoredReturn> {
  try {
    return await bookReturnLabel(ret, order, correlationId);
  } catch (err) {
    logger.error('return label not booked; the workflow retries it', { returnId: ret.returnId, error: (err as Error).message });
    return ret;
  }
}

export interface ReturnRequest {
  readonly order: StoredOrder;
  readonly body: RequestReturnBody;
  /** Who asked: the customer, or staff for them. */
  readonly requestedBy: string;
  /** The route's creation guard: one key, one return. */
  readonly creation: CreationScope | undefined;
  readonly correlationId: string;
}

/** The return asked for (created once per key; a refusal writes nothing), labelled when approved. */
export async function openReturn({ order, body, requestedBy, creation, correlationId }: ReturnRequest): Promise<{ readonly ret: returnsRepository.StoredReturn; readonly created: boolean }> {
  const resolution = body.resolution ?? { type: 'REFUND' as const };
  // An exchange: what the SKUs asked for cost and have in stock now (exchange.ts checks them).
  const exchangeSkus = resolution.type === 'EXCHANGE' ? body.lines.map((line) => exchangeSkuOf(line, resolution)) : [];
  const [skus, customerReturnCount, offers] = await Promise.all([
    skuFacts(body.lines.map((line) => line.sku)),
    returnsRepository.customerReturnCount(order.customerId),
    exchangeSkus.length > 0 ? exchangeOffers(exchangeSkus) : undefined,
  ]);
  const { value: stored, created } = await creationGuards.createOnce(creation, {
    existing: (returnId) => returnsRepository.requireReturn(returnId),
    create: (returnId, guard) =>
      returnsRepository.createReturn(
        order.orderId,
        (tally) => requestReturn(order, { returnId, ...body, resolution, requestedBy, now: clock.now() }, { skus, tally, customerReturnCount, rules, ...(offers ? { exchangeOffers: offers } : {}) }),
        correlationId,
        guard,
      ),
  });
  logger.info(created ? 'return requested' : 'return already requested under this key', { returnId: stored.returnId, orderId: order.orderId, status: stored.status });
  return { ret: await issueReturnLabel(stored, order, correlationId), created };
}

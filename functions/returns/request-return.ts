import { returnRoutes } from '../../shared/contracts/returns';
import { httpHandler } from '../../shared/http/handler';
import * as returnsRepository from '../../shared/adapters/returns-repository';
import * as inventoryRepository from '../../shared/adapters/inventory-repository';
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import { creationGuards } from '../../shared/adapters/created-once';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { requestReturn, type SkuFacts } from '../../shared/domain/returns/request';
import { returnRulesFrom } from '../../shared/domain/returns/rules';
import { returnableOrder } from './access';
import { issueReturnLabel } from './labels';
import { toReturnView } from './views';

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
 * POST /orders/{id}/returns — the customer (or an operator for them) asks to return units of a delivered order.
 * Inside the rules it is APPROVED at once, else it waits for an operator; either way the answer says what happens
 * next. One Idempotency-Key is one return however often it is retried; a refusal writes nothing.
 */
export const handler = httpHandler(returnRoutes.requestReturn, async function requestReturnRoute({ path, body, actor, correlationId, creation }) {
  const order = await returnableOrder(actor, path.id);
  const [skus, customerReturnCount] = await Promise.all([skuFacts(body.lines.map((line) => line.sku)), returnsRepository.customerReturnCount(order.customerId)]);
  const { value: stored, created } = await creationGuards.createOnce(creation, {
    existing: (returnId) => returnsRepository.requireReturn(returnId),
    create: (returnId, guard) =>
      returnsRepository.createReturn(
        order.orderId,
        (tally) => requestReturn(order, { returnId, ...body, resolution: body.resolution ?? { type: 'REFUND' }, requestedBy: actor.sub, now: clock.now() }, { skus, tally, customerReturnCount, rules }),
        correlationId,
        guard,
      ),
  });
  logger.info(created ? 'return requested' : 'return already requested under this key', { returnId: stored.returnId, orderId: order.orderId, status: stored.status });
  const labelled = await issueReturnLabel(stored, order, correlationId);
  return { status: 201, body: toReturnView(labelled), headers: { location: `/returns/${stored.returnId}` } };
});

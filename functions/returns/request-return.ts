import { returnRoutes } from '../../shared/contracts/returns';
import { httpHandler } from '../../shared/http/handler';
import { openReturn } from '../../shared/adapters/return-requests';
import { returnableOrder } from './access';
import { toReturnView } from './views';

/**
 * POST /orders/{id}/returns — the customer (or an operator for them) asks to return units of a delivered order.
 * Inside the rules it is APPROVED at once, else it waits for an operator; either way the answer says what happens
 * next. One Idempotency-Key is one return however often it is retried; a refusal writes nothing.
 */
export const handler = httpHandler(returnRoutes.requestReturn, async function requestReturnRoute({ path, body, actor, correlationId, creation }) {
  const order = await returnableOrder(actor, path.id);
  const { ret } = await openReturn({ order, body, requestedBy: actor.sub, creation, correlationId });
  return { status: 201, body: toReturnView(ret), headers: { location: `/returns/${ret.returnId}` } };
});

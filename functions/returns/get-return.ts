import { returnRoutes } from '../../shared/contracts/returns';
import { readHandler } from '../../shared/http/read-handler';
import { returnVisibleTo } from './access';
import { toReturnView } from './views';

/** GET /returns/{id} — status, what happens next, receipt and refund. */
export const handler = readHandler(returnRoutes.getReturn, async function getReturn({ path, actor }) {
  return toReturnView(await returnVisibleTo(actor, path.id));
});

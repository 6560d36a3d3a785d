import { serviceRoutes } from '../../shared/contracts/service';
import { readHandler } from '../../shared/http/read-handler';
import { listMacros } from '../../shared/adapters/service-settings-repository';

/** GET /tickets/macros — every canned reply, by id. */
export const handler = readHandler(serviceRoutes.listMacros, async function listMacrosRoute() {
  return { items: await listMacros() };
});

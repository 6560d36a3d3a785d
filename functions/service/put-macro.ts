import { serviceRoutes } from '../../shared/contracts/service';
import { httpHandler } from '../../shared/http/handler';
import { putMacro } from '../../shared/adapters/service-settings-repository';
import { clock } from '../../shared/adapters/clock';

/** PUT /tickets/macros/{id} — a canned reply; its placeholders were checked by the schema. */
export const handler = httpHandler(serviceRoutes.putMacro, async function putMacroRoute({ path, body }) {
  const macro = { macroId: path.id, title: body.title, body: body.body, updatedAt: clock.now().toISOString() };
  await putMacro(macro);
  return macro;
});

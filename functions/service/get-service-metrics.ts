import { serviceRoutes } from '../../shared/contracts/service';
import { readHandler } from '../../shared/http/read-handler';
import * as serviceRepository from '../../shared/adapters/service-repository';
import { inBatches } from '../../shared/adapters/table-access';
import { invalid } from '../../shared/domain/errors';
import { metricsByAgent } from '../../shared/domain/service/metrics';

const DAY_MS = 86_400_000;
const MAX_DAYS = 31;

/** GET /tickets/metrics?from=&to= — the facts of each UTC day (one Query per day), as metrics overall and per agent. */
export const handler = readHandler(serviceRoutes.getServiceMetrics, async function getServiceMetrics({ query }) {
  const from = Date.parse(`${query.from}T00:00:00.000Z`);
  const days = (Date.parse(`${query.to}T00:00:00.000Z`) - from) / DAY_MS + 1;
  if (days < 1 || days > MAX_DAYS) throw invalid(`from–to must span 1 to ${MAX_DAYS} days`, [{ field: 'query.to', message: `on or after from, at most ${MAX_DAYS} days` }]);
  const dates = Array.from({ length: days }, (_, index) => new Date(from + index * DAY_MS).toISOString().slice(0, 10));
  const facts = (await inBatches(dates, (day) => serviceRepository.factsOfDay(day))).flat();
  return { from: query.from, to: query.to, ...metricsByAgent(facts) };
});

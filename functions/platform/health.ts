import { platformRoutes } from '../../shared/contracts/platform';
import { clock } from '../../shared/adapters/clock';
import { readHandler } from '../../shared/http/read-handler';

const service = process.env.POWERTOOLS_SERVICE_NAME ?? 'commerce-ops';

export const handler = readHandler(platformRoutes.health, async () => ({
  status: 'ok' as const,
  service,
  time: clock.now().toISOString(),
}));

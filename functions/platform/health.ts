import { platformRoutes } from '../../shared/contracts/platform';
import { clock } from '../../shared/adapters/clock';
import { httpHandler } from '../../shared/http/handler';

const service = process.env.POWERTOOLS_SERVICE_NAME ?? 'commerce-ops';

export const handler = httpHandler(platformRoutes.health, async () => ({
  status: 'ok' as const,
  service,
  time: clock.now().toISOString(),
}));

import { platformRoutes } from '../../shared/contracts/platform';
import { clock } from '../../shared/adapters/clock';
import { serviceName } from '../../shared/adapters/settings';
import { readHandler } from '../../shared/http/read-handler';

const service = serviceName();

export const handler = readHandler(platformRoutes.health, async () => ({
  status: 'ok' as const,
  service,
  time: clock.now().toISOString(),
}));

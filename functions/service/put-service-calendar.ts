import { serviceRoutes } from '../../shared/contracts/service';
import { httpHandler } from '../../shared/http/handler';
import { putServiceCalendar } from '../../shared/adapters/service-settings-repository';
import { logger } from '../../shared/adapters/logger';
import { slaSettingsView } from './sla-settings';

/** PUT /tickets/calendar — business hours and holidays; clocks count by it from their next change (the sweeper moves entries it finds early). */
export const handler = httpHandler(serviceRoutes.putServiceCalendar, async function putServiceCalendarRoute({ body, actor }) {
  await putServiceCalendar(body);
  logger.info('service calendar set', { timeZone: body.timeZone, holidays: body.holidays.length, by: actor.sub });
  return slaSettingsView();
});

import type { SlaSettingsView } from '../../shared/contracts/service';
import { allPolicies, loadServiceConfig } from '../../shared/adapters/service-settings-repository';

/** The calendar and the policies as stored now (or their defaults). */
export async function slaSettingsView(): Promise<SlaSettingsView> {
  const config = await loadServiceConfig();
  return { calendar: { ...config.calendar, weekdays: [...config.calendar.weekdays], holidays: [...config.calendar.holidays] }, policies: allPolicies(config) };
}

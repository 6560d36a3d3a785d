/**
 * Customer service's data that is not a ticket: the service calendar (business hours, holidays) and the SLA
 * policies per channel and priority (one partition, `SERVICE_CONFIG`, read in one Query), and the macros
 * (`SERVICE_MACROS`). What is not stored is the documented default.
 */
import { DEFAULT_SERVICE_CALENDAR, type ServiceCalendar } from '../domain/service/business-time';
import type { Macro } from '../domain/service/macros';
import { CHANNELS, defaultSlaPolicy, PRIORITIES, type Channel, type Priority, type SlaPolicy } from '../domain/service/sla';
import { tableName } from './dynamo';
import { allPages, tableAccess as table } from './table-access';

const CONFIG = 'SERVICE_CONFIG';
const MACROS = 'SERVICE_MACROS';
const policySk = (channel: Channel, priority: Priority) => `POLICY#${channel}#${priority}`;

export interface ServiceConfig {
  readonly calendar: ServiceCalendar;
  /** The stored policies by `<channel>#<priority>`. */
  readonly policies: ReadonlyMap<string, SlaPolicy>;
}

type ConfigItem = { kind: 'calendar'; calendar: ServiceCalendar } | { kind: 'policy'; channel: Channel; priority: Priority; policy: SlaPolicy };

/** Calendar and stored policies: one Query of at most 1 + 16 small items. */
export async function loadServiceConfig(): Promise<ServiceConfig> {
  const items = await allPages((page) => table.queryRange<ConfigItem>(CONFIG, 'CALENDAR', 'POLICY#\uffff', page));
  let calendar = DEFAULT_SERVICE_CALENDAR;
  const policies = new Map<string, SlaPolicy>();
  for (const item of items) {
    if (item.kind === 'calendar') calendar = item.calendar;
    else policies.set(`${item.channel}#${item.priority}`, item.policy);
  }
  return { calendar, policies };
}

/** The policy a new ticket of this channel and priority takes: stored, else the default. */
export const policyOf = (config: ServiceConfig, channel: Channel, priority: Priority): SlaPolicy =>
  config.policies.get(`${channel}#${priority}`) ?? defaultSlaPolicy(channel, priority);

/** Every channel and priority with its policy, and whether it is the default. */
export const allPolicies = (config: ServiceConfig) =>
  CHANNELS.flatMap((channel) =>
    PRIORITIES.map((priority) => ({ channel, priority, ...policyOf(config, channel, priority), isDefault: !config.policies.has(`${channel}#${priority}`) })),
  );

export async function putSlaPolicy(channel: Channel, priority: Priority, policy: SlaPolicy): Promise<void> {
  await table.write([{ Put: { TableName: tableName(), Item: { pk: CONFIG, sk: policySk(channel, priority), entity: 'SlaPolicy', kind: 'policy', channel, priority, policy } } }]);
}

export async function putServiceCalendar(calendar: ServiceCalendar): Promise<void> {
  await table.write([{ Put: { TableName: tableName(), Item: { pk: CONFIG, sk: 'CALENDAR', entity: 'ServiceCalendar', kind: 'calendar', calendar } } }]);
}

export function getMacro(macroId: string): Promise<Macro | undefined> {
  return table.getItem<Macro>({ pk: MACROS, sk: `MACRO#${macroId}` });
}

export function listMacros(): Promise<Macro[]> {
  return allPages((page) => table.queryRange<Macro>(MACROS, 'MACRO#', 'MACRO#\uffff', page));
}

export async function putMacro(macro: Macro): Promise<void> {
  await table.write([{ Put: { TableName: tableName(), Item: { pk: MACROS, sk: `MACRO#${macro.macroId}`, entity: 'Macro', ...macro } } }]);
}

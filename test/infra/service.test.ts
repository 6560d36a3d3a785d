/**
 * Customer service in the template: its routes each have a function, the `ticket-sla-sweeper` schedule runs
 * every minute (alerts fire within a minute of their due moment), SLA warnings, breaches and escalations reach
 * ops-alerts and answers reach the customer, and the service functions get the auto-close setting.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { serviceRoutes } from '../../shared/contracts/service';
import { synthesizedTemplate, type SynthesizedTemplate } from './synth';
import { templateQueries } from './template-queries';

let synth: SynthesizedTemplate;
beforeAll(() => {
  synth = synthesizedTemplate();
});

const { named, functionByEntry } = templateQueries(() => synth.json);

describe('customer service', () => {
  it('serves every service route from its own function with the auto-close setting', () => {
    for (const route of Object.values(serviceRoutes)) {
      const [, fn] = functionByEntry(route.handlerEntry);
      expect(fn.Properties?.Environment?.Variables?.TICKET_AUTO_CLOSE_DAYS, route.operationId).toBe('7');
    }
  });

  it('sweeps due SLA moments every minute', () => {
    const [jobId, job] = functionByEntry('functions/service/sweep-tickets.ts');
    expect(job.Properties?.Environment?.Variables?.TICKET_AUTO_CLOSE_DAYS).toBe('7');
    const [, schedule] = named('AWS::Events::Rule', 'ticket-sla-sweeper');
    expect(schedule.Properties?.ScheduleExpression).toBe('rate(1 minute)');
    expect(JSON.stringify(schedule.Properties?.Targets)).toContain(jobId);
  });

  it('sends SLA warnings, breaches and escalations to ops-alerts, answers and resolutions to the customer', () => {
    const [, alerts] = named('AWS::Events::Rule', 'service-ops-alerts');
    expect(alerts.Properties?.EventPattern).toEqual({ source: ['commerce.service'], 'detail-type': ['TicketSlaWarning', 'TicketSlaBreached', 'TicketEscalated'] });
    expect(JSON.stringify(alerts.Properties?.Targets)).toMatch(/OpsAlerts/);
    const [, customers] = named('AWS::Events::Rule', 'service-customer-notifications');
    expect(customers.Properties?.EventPattern).toEqual({ source: ['commerce.service'], 'detail-type': ['TicketAnswered', 'TicketResolved'] });
    expect(JSON.stringify(customers.Properties?.Targets)).toMatch(/CustomerNotifications/);
  });
});

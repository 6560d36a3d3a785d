/**
 * The weekly supplier scorecard in the template: the `supplier-scorecard` schedule (Mondays 02:00 UTC) runs the
 * job, standing changes that alert reach ops-alerts (only those: `alert: true`), and every change reaches the
 * catalog's listing flags.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resourcesOfType, synthesizedTemplate, type SynthesizedTemplate } from './synth';
import { templateQueries } from './template-queries';

let synth: SynthesizedTemplate;
beforeAll(() => {
  synth = synthesizedTemplate();
});

const { named, functionByEntry } = templateQueries(() => synth.json);

describe('the weekly supplier scorecard', () => {
  it('runs supplier-scorecard every Monday at 02:00 UTC, with five minutes for a key query and a transaction per supplier', () => {
    const [jobId, job] = functionByEntry('functions/suppliers/score-suppliers-weekly.ts');
    expect(job.Properties?.Timeout).toBe(300);
    const [, schedule] = named('AWS::Events::Rule', 'supplier-scorecard');
    expect(schedule.Properties?.ScheduleExpression).toBe('cron(0 2 ? * MON *)');
    expect(JSON.stringify(schedule.Properties?.Targets)).toContain(jobId);
  });

  it('sends standing changes into PROBATION or SUSPENDED to ops-alerts, and every change to the listing flags', () => {
    const [, alerts] = named('AWS::Events::Rule', 'supplier-standing-alerts');
    expect(alerts.Properties?.EventPattern).toEqual({ source: ['commerce.suppliers'], 'detail-type': ['SupplierStandingChanged'], detail: { alert: [true] } });
    expect(JSON.stringify(alerts.Properties?.Targets)).toMatch(/OpsAlerts/);
    const [flaggerId] = functionByEntry('functions/catalog/flag-supplier-listings.ts');
    const consumers = resourcesOfType(synth.json, 'AWS::Events::Rule').filter(([, rule]) => JSON.stringify(rule.Properties?.Targets ?? []).includes(flaggerId));
    expect(consumers.map(([, rule]) => rule.Properties?.EventPattern)).toEqual([{ source: ['commerce.suppliers'], 'detail-type': ['SupplierStandingChanged'] }]);
  });
});

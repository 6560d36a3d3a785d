import { describe, expect, it } from 'vitest';
import { fillMacro, unknownPlaceholders } from '../../../shared/domain/service/macros';
import { metricsByAgent, percentile, serviceMetrics, type ServiceFact } from '../../../shared/domain/service/metrics';

const at = '2026-12-02T10:00:00.000Z';
const first = (agentId: string, minutes: number, met: boolean): ServiceFact => ({ kind: 'FIRST_RESPONSE', ticketId: 't', agentId, at, minutes, met });

describe('service metrics', () => {
  it.each([
    [[], 50, undefined],
    [[5], 90, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
    [[10, 1, 3], 90, 10],
  ])('percentile(%j, %i) is %s (nearest rank)', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('computes first response, attainment, resolution, reopen rate and CSAT, per agent and overall', () => {
    const facts: ServiceFact[] = [
      first('a', 1, true),
      first('a', 3, false),
      first('b', 2, true),
      { kind: 'RESOLVED', ticketId: 't', agentId: 'a', at, minutes: 60, met: true },
      { kind: 'RESOLVED', ticketId: 'u', agentId: 'a', at, minutes: 120, met: true },
      { kind: 'REOPENED', ticketId: 't', agentId: 'a', at },
      { kind: 'RATED', ticketId: 't', agentId: 'a', at, score: 5 },
      { kind: 'RATED', ticketId: 'u', agentId: 'b', at, score: 2 },
    ];
    const { overall, agents } = metricsByAgent(facts);
    expect(overall).toMatchObject({ firstResponses: 3, firstResponseMinutesP50: 2, firstResponseMinutesP90: 3, resolutions: 2, slaAttainment: 0.8, reopenRate: 0.5, ratings: 2, csatAverage: 3.5, csatSatisfied: 0.5 });
    expect(agents.map((row) => row.agentId)).toEqual(['a', 'b']);
    expect(agents[0]?.metrics).toMatchObject({ firstResponses: 2, slaAttainment: 0.75, reopenRate: 0.5, csatAverage: 5 });
    expect(agents[1]?.metrics).toMatchObject({ firstResponses: 1, resolutions: 0, reopenRate: undefined, csatSatisfied: 0 });
    expect(serviceMetrics([])).toMatchObject({ firstResponses: 0, slaAttainment: undefined, csatAverage: undefined });
  });
});

describe('macros', () => {
  const macro = { macroId: 'where-is-it', body: 'Order {{order.id}} is {{ order.status }}, tracking {{order.trackingNumber}} (ticket {{ticket.id}}).' };

  it('fills placeholders from the ticket and its order', () => {
    expect(fillMacro(macro, { 'order.id': 'O1', 'order.status': 'SHIPPED', 'order.trackingNumber': 'TR9', 'ticket.id': 'T1' })).toBe('Order O1 is SHIPPED, tracking TR9 (ticket T1).');
  });

  it('refuses a macro the ticket cannot fill, naming what is missing', () => {
    expect(() => fillMacro(macro, { 'ticket.id': 'T1' })).toThrow(expect.objectContaining({ code: 'MacroNotApplicable', kind: 'unprocessable' }));
  });

  it('names unknown placeholders', () => {
    expect(unknownPlaceholders('Hi {{customer.name}}, {{ticket.id}}')).toEqual(['customer.name']);
  });
});

import { describe, expect, it } from 'vitest';
import { handler } from '../../../functions/platform/health';
import { healthSchema } from '../../../shared/contracts/platform';
import { httpEvent, jsonBody, lambdaContext } from '../../unit/http/http-event';
import { mockedAws } from '../mocked-aws';

mockedAws(new Date('2030-05-01T12:00:00.000Z'));

describe('GET /health', () => {
  it('answers ok with the service name and the time, without a token', async () => {
    const result = await handler(httpEvent({ path: '/health' }), lambdaContext);
    expect(result.statusCode).toBe(200);
    expect(jsonBody(result)).toEqual({ status: 'ok', service: 'commerce-ops', time: '2030-05-01T12:00:00.000Z' });
    expect(healthSchema.safeParse(jsonBody(result)).success).toBe(true);
  });
});

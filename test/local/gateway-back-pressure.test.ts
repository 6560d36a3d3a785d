import { afterEach, describe, expect, it } from 'vitest';
import { LocalGateway } from '../../infra/local/gateway/server';
import type { LocalIssuer } from '../../infra/local/gateway/issuer';
import type { LocalRoute } from '../../infra/local/model';

/** A function whose calls wait until released: the gateway sees them in flight. */
function slowFunction() {
  const waiting: Array<() => void> = [];
  let invoked = 0;
  return {
    invoker: {
      invoke: async () => {
        invoked += 1;
        await new Promise<void>((resolve) => waiting.push(resolve));
        return { statusCode: 202, body: '{}' };
      },
    },
    release: () => waiting.splice(0).forEach((resolve) => resolve()),
    invoked: () => invoked,
  };
}

let gateway: LocalGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

async function start(route: LocalRoute, invoker: { invoke(arn: string, event: unknown): Promise<unknown> }, maxInFlightPerFunction?: number) {
  gateway = new LocalGateway({ api: { routes: [route] }, lambda: invoker, issuer: {} as LocalIssuer, accountId: '000000000000', maxInFlightPerFunction });
  return (await gateway.listen(0)).replace('localhost', '127.0.0.1');
}

describe('local gateway back-pressure', () => {
  it('answers 429 with Retry-After before invoking a function at its reserved concurrency, and serves again once calls finish', async () => {
    const fn = slowFunction();
    const url = await start({ routeKey: 'POST /orders', functionArn: 'arn:aws:lambda:eu-central-1:000000000000:function:place', authorization: 'NONE', maxConcurrency: 2 }, fn.invoker);
    const first = [fetch(`${url}/orders`, { method: 'POST', body: '{}' }), fetch(`${url}/orders`, { method: 'POST', body: '{}' })];
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await fetch(`${url}/orders`, { method: 'POST', body: '{}' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(fn.invoked()).toBe(2);
    fn.release();
    expect((await Promise.all(first)).map((response) => response.status)).toEqual([202, 202]);
    const again = fetch(`${url}/orders`, { method: 'POST', body: '{}' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    fn.release();
    expect((await again).status).toBe(202);
    expect(fn.invoked()).toBe(3);
  });

  it('caps a function without reserved concurrency at the local limit', async () => {
    const fn = slowFunction();
    const url = await start({ routeKey: 'GET /things', functionArn: 'arn:aws:lambda:eu-central-1:000000000000:function:things', authorization: 'NONE' }, fn.invoker, 1);
    const first = fetch(`${url}/things`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await fetch(`${url}/things`)).status).toBe(429);
    fn.release();
    expect((await first).status).toBe(202);
  });

  it('admits fewer calls once the function answers slower than its latency target (a share of its timeout)', async () => {
    const fn = slowFunction();
    // Timeout 1 s: answers after more than 0.4 s mean the machine cannot keep up with 4 in flight.
    const url = await start({ routeKey: 'POST /orders', functionArn: 'arn:aws:lambda:eu-central-1:000000000000:function:place', authorization: 'NONE', maxConcurrency: 4, timeoutSeconds: 1 }, fn.invoker);
    const burst = () => Array.from({ length: 4 }, () => fetch(`${url}/orders`, { method: 'POST', body: '{}' }));
    const first = burst();
    await new Promise((resolve) => setTimeout(resolve, 600));
    fn.release();
    expect((await Promise.all(first)).map((response) => response.status)).toEqual([202, 202, 202, 202]);
    const second = burst();
    await new Promise((resolve) => setTimeout(resolve, 100));
    fn.release();
    expect((await Promise.all(second)).map((response) => response.status).sort()).toEqual([202, 202, 429, 429]);
  });
});

/**
 * `npm run advance -- <execution> [--by <duration>] [--aws-port 4566]`: local only. Brings the next
 * deadline of a waiting workflow forward — to now, or by a duration such as `48h` — so a reminder or an
 * expiry that is days away happens at once. `<execution>` is an execution ARN, its name, or the id it
 * was started for: an application, product or order id.
 */
import { parseArgs } from 'node:util';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
const USAGE = 'Usage: npm run advance -- <application-, product- or order-id | execution-arn> [--by 48h] [--aws-port 4566]';

function seconds(duration: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([smhd])$/.exec(duration.trim());
  return match ? Number(match[1]) * UNITS[match[2]!]! : undefined;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { by: { type: 'string' }, 'aws-port': { type: 'string', default: '4566' } },
  });
  const execution = positionals[0];
  const by = values.by === undefined ? undefined : seconds(values.by);
  if (!execution || (values.by !== undefined && by === undefined)) {
    console.error(`${USAGE}\n  --by   how far to move the deadline (e.g. 30m, 48h, 3d); default: to now`);
    process.exit(1);
  }
  const endpoint = `http://127.0.0.1:${values['aws-port']}`;
  let response: Response;
  try {
    response = await fetch(`${endpoint}/_local/timers/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ execution, seconds: by }),
    });
  } catch {
    console.error(`The local cloud is not running on ${endpoint}. Start it with \`npm start\` (in another terminal) and try again.`);
    process.exit(1);
  }
  const body = (await response.json()) as { message?: string; state?: string; executionArn?: string; timeoutDue?: number; heartbeatDue?: number };
  if (!response.ok) {
    console.error(body.message ?? `Advancing failed (${response.status})`);
    process.exit(1);
  }
  const next = Math.min(body.timeoutDue ?? Infinity, body.heartbeatDue ?? Infinity);
  const when = next <= Date.now() + 1000 ? 'now' : `at ${new Date(next).toISOString()}`;
  console.log(`${body.state} of ${body.executionArn}: its next deadline is ${when}. Watch .local/sns/ops-alerts.jsonl for what it did.`);
}

void main();

/**
 * `npm run invoke -- <schedule-name> [--aws-port 4566]`: fires a schedule of the running local cloud now
 * (e.g. `nightly-kpi`), through its `/_local/schedules/{name}/fire` control route.
 */
import { parseArgs } from 'node:util';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'aws-port': { type: 'string', default: '4566' } } });
  const endpoint = `http://127.0.0.1:${values['aws-port']}`;
  const name = positionals[0];
  let response: Response;
  try {
    response = await fetch(name ? `${endpoint}/_local/schedules/${encodeURIComponent(name)}/fire` : `${endpoint}/_local/schedules`, {
      method: name ? 'POST' : 'GET',
    });
  } catch {
    console.error(`The local cloud is not running on ${endpoint}. Start it with \`npm start\` (in another terminal) and try again.`);
    process.exit(1);
  }
  const body = (await response.json()) as { schedules?: string[]; message?: string };
  if (!name) {
    console.error(`Usage: npm run invoke -- <schedule-name>. Known schedules: ${body.schedules?.join(', ') || 'none'}`);
    process.exit(1);
  }
  if (response.status === 404) {
    console.error(`Unknown schedule "${name}". Known schedules: ${body.schedules?.join(', ') || 'none'}`);
    process.exit(1);
  }
  if (!response.ok) {
    console.error(`Firing ${name} failed (${response.status}): ${body.message ?? ''}`);
    process.exit(1);
  }
  console.log(`Fired ${name}. Watch the local cloud's console (and .local/sns/*.jsonl) for what it did.`);
}

void main();

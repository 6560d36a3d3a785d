/**
 * `npm run invoke -- <schedule-name> [--date YYYY-MM-DD] [--aws-port 4566]`: fires a schedule of the running local cloud now
 * (e.g. `nightly-kpi`), through its `/_local/schedules/{name}/fire` control route. Without a name (or with
 * one the template does not declare) it lists what it can fire — and says so when that is nothing.
 */
import { parseArgs } from 'node:util';
import { scheduleListing, templateScheduleNames } from './schedules';

const USAGE = 'Usage: npm run invoke -- [<schedule-name>] [--date YYYY-MM-DD] [--aws-port 4566]   (no name: the schedules it can fire)';

/** The options, or the usage and exit 2 for an option it does not know (never a stack trace). */
function options() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: { 'aws-port': { type: 'string', default: '4566' }, date: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message.split('.')[0] : String(error)}.\n${USAGE}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = options();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const endpoint = `http://127.0.0.1:${values['aws-port']}`;
  const name = positionals[0];
  let response: Response;
  try {
    response = await fetch(name ? `${endpoint}/_local/schedules/${encodeURIComponent(name)}/fire` : `${endpoint}/_local/schedules`, {
      method: name ? 'POST' : 'GET',
      // `--date YYYY-MM-DD`: the job's day (nightly-kpi recomputes that past day), in the event's detail.
      ...(name && values.date ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ detail: { date: values.date } }) } : {}),
    });
  } catch {
    console.error(`The local cloud is not running on ${endpoint}. Start it with \`npm start\` (in another terminal) and try again.`);
    // Still answer "what could I fire?" from the template itself.
    console.error(scheduleListing(await templateScheduleNames()));
    process.exit(1);
  }
  const body = (await response.json()) as { schedules?: string[]; message?: string };
  if (!name) {
    console.log(scheduleListing(body.schedules ?? []));
    return;
  }
  if (response.status === 404) {
    const schedules = body.schedules ?? [];
    console.error(`Unknown schedule "${name}".`);
    console.error(scheduleListing(schedules));
    process.exit(1);
  }
  if (!response.ok) {
    console.error(`Firing ${name} failed (${response.status}): ${body.message ?? ''}`);
    process.exit(1);
  }
  console.log(`Fired ${name}. Watch the local cloud's console (and .local/sns/*.jsonl) for what it did.`);
}

void main();

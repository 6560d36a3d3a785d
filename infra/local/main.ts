/**
 * `npm start`: the local cloud from the synthesized template, data under `.local/`, demo data seeded once.
 * Flags: --fresh, --api-port <n>, --aws-port <n>, --no-seed.
 */
import './quiet-sdk-warning';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderBanner } from './banner';
import { REPO_ROOT, startLocalCloud, type LocalCloud } from './cloud';
import { hasSupportedJava, JAVA_HINT } from './dynamodb/server';

const { values } = parseArgs({
  options: {
    fresh: { type: 'boolean', default: false },
    'api-port': { type: 'string', default: '3000' },
    'aws-port': { type: 'string', default: '4566' },
    'no-seed': { type: 'boolean', default: false },
  },
});

async function main(): Promise<void> {
  if (!(await hasSupportedJava())) {
    console.error(JAVA_HINT);
    process.exit(1);
  }
  let cloud: LocalCloud;
  try {
    cloud = await startLocalCloud({
      dataDir: join(REPO_ROOT, '.local'),
      apiPort: Number(values['api-port']),
      awsPort: Number(values['aws-port']),
      fresh: values.fresh,
      seed: !values['no-seed'],
    });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    console.error(/EADDRINUSE/.test(text) ? `A port is already in use (${text}). Is the local cloud already running? Try --api-port/--aws-port.` : `The local cloud did not start: ${text}`);
    process.exit(1);
  }
  // Time since this process started (module loading and synth included), which is what the user waits for.
  console.log(await renderBanner(cloud, process.uptime() * 1000));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local cloud…`);
    await cloud.stop();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

void main();

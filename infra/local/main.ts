/**
 * `npm start`: the local cloud from the synthesized template, data under `.local/` (or `--data-dir`),
 * demo data seeded once. `npm start -- --help` lists the flags (see start-options.ts).
 */
import './quiet-sdk-warning';
import { REPO_ROOT } from '../constructs/repo';
import type { LocalCloud } from './cloud';
import { JavaMissingError, launchLocalCloud } from './launch';
import { parseStartOptions, START_USAGE } from './start-options';

async function main(): Promise<void> {
  const parsed = parseStartOptions(process.argv.slice(2), REPO_ROOT, process.env.INIT_CWD ?? process.cwd());
  if ('help' in parsed) {
    console.log(START_USAGE);
    return;
  }
  if ('error' in parsed) {
    console.error(`${parsed.error}\n\n${START_USAGE}`);
    process.exit(1);
  }
  const { options } = parsed;
  let cloud: LocalCloud;
  try {
    cloud = await launchLocalCloud(options);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    if (error instanceof JavaMissingError) console.error(text);
    else console.error(/EADDRINUSE/.test(text) ? `A port is already in use (${text}). Is the local cloud already running? Try --api-port/--aws-port.` : `The local cloud did not start: ${text}`);
    process.exit(1);
  }
  const { renderBanner } = await import('./banner');
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

/** `npm start` flags: parsed and checked here so a typo fails with the usage text instead of a stack trace. */
import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const START_USAGE = `Usage: npm start -- [options]

  --data-dir <path>  where this cloud keeps its data (DynamoDB, SNS output, issuer keys, stream
                     checkpoints); default <repo>/.local. Give each cloud its own to run two side by side.
  --fresh            delete the data first (the issuer keys stay, so tokens already handed out keep working)
  --api-port <n>     HTTP API port (default 3000; 0 = any free port)
  --aws-port <n>     AWS-compatible endpoint port (default 4566; 0 = any free port)
  --no-seed          do not seed the demo data
  --no-demo-traffic  seed without the demo shop's eight weeks of traffic, orders, stock and KPI cards (a few
                     seconds on the first start; docs/analytics.md, "Demo data")
  --timeout <s>      give up when DynamoDB Local has not answered after this many seconds (default: wait
                     as long as it runs and makes progress; a busy machine may take minutes)
  -h, --help         print this text`;

export interface StartOptions {
  readonly dataDir: string;
  readonly fresh: boolean;
  readonly apiPort: number;
  readonly awsPort: number;
  readonly seed: boolean;
  /** The demo shop's traffic with the seed (`--no-demo-traffic`: without). */
  readonly demoTraffic: boolean;
  /** `--timeout`, in milliseconds; undefined = no limit. */
  readonly readyTimeoutMs?: number;
}

/** Where `npm start` keeps its data when no `--data-dir` is given. */
export const defaultDataDir = (repoRoot: string): string => join(repoRoot, '.local');

export type ParsedStart = { readonly help: true } | { readonly error: string } | { readonly options: StartOptions };

/**
 * @param baseDir what a relative `--data-dir` is relative to: the directory the user typed the command in
 *   (npm runs scripts from the package root and keeps the caller's directory in INIT_CWD).
 */
export function parseStartOptions(argv: readonly string[], repoRoot: string, baseDir: string): ParsedStart {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        'data-dir': { type: 'string' },
        fresh: { type: 'boolean', default: false },
        'api-port': { type: 'string', default: '3000' },
        'aws-port': { type: 'string', default: '4566' },
        'no-seed': { type: 'boolean', default: false },
        'no-demo-traffic': { type: 'boolean', default: false },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { help: true };
  const apiPort = parsePort(values['api-port']);
  const awsPort = parsePort(values['aws-port']);
  if (apiPort === undefined) return { error: `--api-port must be a port number (0-65535), not "${values['api-port']}"` };
  if (awsPort === undefined) return { error: `--aws-port must be a port number (0-65535), not "${values['aws-port']}"` };
  if (apiPort !== 0 && apiPort === awsPort) return { error: `--api-port and --aws-port must differ (both ${apiPort})` };
  const timeout = values.timeout;
  if (timeout !== undefined && !/^\d+(\.\d+)?$/.test(timeout)) return { error: `--timeout must be a number of seconds, not "${timeout}"` };
  if (timeout !== undefined && Number(timeout) <= 0) return { error: '--timeout must be more than 0 seconds' };
  const dataDirFlag = values['data-dir'];
  if (dataDirFlag === '') return { error: '--data-dir needs a path' };
  const dataDir = dataDirFlag === undefined ? defaultDataDir(repoRoot) : isAbsolute(dataDirFlag) ? dataDirFlag : resolve(baseDir, dataDirFlag);
  const options: StartOptions = { dataDir, fresh: values.fresh, apiPort, awsPort, seed: !values['no-seed'], demoTraffic: !values['no-seed'] && !values['no-demo-traffic'] };
  return { options: timeout === undefined ? options : { ...options, readyTimeoutMs: Number(timeout) * 1000 } };
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65_535 ? port : undefined;
}

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseStartOptions, START_USAGE } from '../../infra/local/start-options';

const parse = (...argv: string[]) => parseStartOptions(argv, '/repo', '/home/me/work');

describe('npm start flags', () => {
  it('defaults to the repo .local, ports 3000/4566, seeding on, with the demo traffic', () => {
    expect(parse()).toEqual({ options: { dataDir: '/repo/.local', fresh: false, apiPort: 3000, awsPort: 4566, seed: true, demoTraffic: true } });
    expect(parse('--no-demo-traffic')).toMatchObject({ options: { seed: true, demoTraffic: false } });
  });

  it('takes --data-dir, relative to where the command was typed, so two clouds can run side by side', () => {
    expect(parse('--data-dir', 'second', '--api-port', '3001', '--aws-port', '4567')).toMatchObject({
      options: { dataDir: '/home/me/work/second', apiPort: 3001, awsPort: 4567 },
    });
    expect(parse('--data-dir=/tmp/cloud-b', '--fresh', '--no-seed')).toMatchObject({ options: { dataDir: '/tmp/cloud-b', fresh: true, seed: false, demoTraffic: false } });
  });

  it('takes --timeout in seconds; without it the start waits as long as DynamoDB Local makes progress', () => {
    expect(parse('--timeout', '90')).toMatchObject({ options: { readyTimeoutMs: 90_000 } });
    expect(parse('--timeout=2.5')).toMatchObject({ options: { readyTimeoutMs: 2_500 } });
    expect(parse()).not.toHaveProperty('options.readyTimeoutMs');
  });

  it.each([
    [['--timeout', 'soon'], /--timeout must be a number/],
    [['--timeout', '0'], /--timeout must be more than 0/],
    [['--timeout'], /timeout/],
    [['--api-port', 'abc'], /--api-port/],
    [['--aws-port', '70000'], /--aws-port/],
    [['--api-port', '4000', '--aws-port', '4000'], /differ/],
    [['--data-dir'], /data-dir/],
    [['--dta-dir', 'x'], /dta-dir/],
  ])('refuses %j with a message', (argv, message) => {
    expect(parse(...argv)).toEqual({ error: expect.stringMatching(message) });
  });

  it('`npm start -- --help` prints every flag and starts nothing', () => {
    expect(parse('--help')).toEqual({ help: true });
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'infra/local/main.ts', '--help'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(START_USAGE);
    for (const flag of ['--data-dir', '--fresh', '--api-port', '--aws-port', '--no-seed', '--no-demo-traffic', '--timeout', '--help']) expect(START_USAGE).toContain(flag);
  });

  it('a bad flag exits 1 with the reason and the usage', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'infra/local/main.ts', '--api-port', 'x'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--api-port must be a port number');
    expect(result.stderr).toContain('Usage: npm start');
  });
});

/**
 * `npm start` on a machine without Java: one line that says what to install, and a non-zero exit,
 * before anything else starts. Runs the real entry point with a PATH that holds only `node`.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JAVA_HINT, javaOnPath } from '../../infra/local/dynamodb/server';

const binDir = mkdtempSync(join(tmpdir(), 'commerce-ops-nojava-'));
symlinkSync(process.execPath, join(binDir, 'node'));

afterAll(() => rmSync(binDir, { recursive: true, force: true }));

describe('npm start without Java', () => {
  it('prints one line with the install command and exits non-zero', () => {
    const result = spawnSync(
      process.execPath,
      ['node_modules/tsx/dist/cli.mjs', 'infra/local/main.ts', '--api-port', '0', '--aws-port', '0'],
      { env: { PATH: binDir, HOME: process.env.HOME ?? tmpdir() }, encoding: 'utf8', timeout: 60_000 },
    );
    const lines = `${result.stdout}${result.stderr}`.split('\n').filter((line) => line.trim() !== '');
    expect(result.status).toBe(1);
    expect(lines).toEqual([JAVA_HINT]);
    expect(JAVA_HINT).toMatch(/apt-get install -y openjdk-17-jre-headless/);
  });
});

describe('javaOnPath (checked before anything starts, without starting a JVM)', () => {
  it('finds an executable java in any PATH entry, and only an executable one', () => {
    const withJava = mkdtempSync(join(tmpdir(), 'commerce-ops-java-'));
    try {
      expect(javaOnPath(binDir)).toBe(false);
      writeFileSync(join(withJava, 'java'), '#!/bin/sh\n');
      expect(javaOnPath(`${binDir}:${withJava}`)).toBe(false); // not executable
      chmodSync(join(withJava, 'java'), 0o755);
      expect(javaOnPath(`${binDir}:${withJava}`)).toBe(true);
    } finally {
      rmSync(withJava, { recursive: true, force: true });
    }
  });
});

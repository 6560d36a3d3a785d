/**
 * Test helper: the real local cloud on random ports, a temp data dir and in-memory DynamoDB, plus small
 * helpers for HTTP calls, dev tokens, polling and SNS output. Integration tests use it.
 */
import '../../infra/local/quiet-sdk-warning';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../infra/local/cloud';
import type { TokenRequest } from '../../infra/local/gateway/issuer';
import type { SnsFileRecord } from '../../infra/local/sns/topics';
import type { Role } from '../../shared/domain/actor';

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON when the body is JSON, else the text. */
  readonly body: T;
  readonly text: string;
}

export interface ApiRequestOptions {
  readonly token?: string;
  /** Objects are sent as JSON; strings as is. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface TestCloud extends LocalCloud {
  // Bodies default to `any` so tests can drill into them and assert with toMatchObject.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  api<T = any>(method: string, path: string, options?: ApiRequestOptions): Promise<ApiResponse<T>>;
  tokenFor(role: Role, extra?: Omit<TokenRequest, 'role'>): Promise<string>;
  snsMessages(topicName: string): SnsFileRecord[];
  waitFor: typeof waitFor;
}

export async function startTestCloud(options: Partial<LocalCloudOptions> = {}): Promise<TestCloud> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'commerce-ops-test-'));
  const cloud = await startLocalCloud({
    apiPort: 0,
    awsPort: 0,
    inMemory: true,
    seed: false,
    quiet: true,
    prewarm: false,
    retryIntervalScale: 0,
    ...options,
    dataDir,
  });
  const baseUrl = cloud.apiUrl.replace('localhost', '127.0.0.1');
  return {
    ...cloud,
    api: apiClient(baseUrl),
    tokenFor: (role, extra = {}) => cloud.issuer.issueToken({ role, ...extra }),
    snsMessages: (topicName) => cloud.readSnsMessages(topicName),
    waitFor,
    async stop() {
      await cloud.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** JSON over HTTP to the API at `baseUrl`, as the tests call it (objects sent as JSON, strings as is). */
export function apiClient(baseUrl: string): TestCloud['api'] {
  return async (method, path, { token, body, headers = {} } = {}) => {
    const json = body !== undefined && typeof body !== 'string';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(json ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : json ? JSON.stringify(body) : (body as string),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed as never, text };
  };
}

/** Polls `probe` until it returns a truthy value other than an empty array (returned) or the time is up (throws). */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 50, message = 'condition' }: { timeoutMs?: number; intervalMs?: number; message?: string } = {},
): Promise<NonNullable<T>> {
  const giveUpAt = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value && !(Array.isArray(value) && value.length === 0)) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > giveUpAt) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${message}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Resolves once no queue of the cloud holds a message, visible, in flight or delayed: everything sent has been handled. */
export async function queuesDrained(cloud: Pick<LocalCloud, 'queuesIdle'>, timeoutMs = 30_000): Promise<void> {
  await waitFor(() => cloud.queuesIdle(), { timeoutMs, message: 'the queues to drain' });
}

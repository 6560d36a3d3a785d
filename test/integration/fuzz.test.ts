/**
 * A seeded fuzz suite over every route of /openapi.json on the local cloud (issue 8): a few thousand
 * generated requests — valid-shaped bodies from each route's schema and mutations of them (wrong types,
 * numbers past any bound, missing and unknown fields, broken JSON, garbage path parameters and query
 * strings, forged pagination tokens), as every role and as nobody. Whatever comes in: never a 5xx.
 */
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/local-cloud';
import type { Role } from '../../shared/domain/actor';

const SEED = Number(process.env.FUZZ_SEED ?? 20301);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2000);
const PARALLEL = 8;
const RUN_PER_ROUTE = 16;

type Schema = Record<string, unknown>;
type Operation = { method: string; path: string; parameters: Array<{ name: string; in: string; schema?: Schema }>; body?: Schema };

/** mulberry32: small, seeded, good enough to pick shapes. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof prng>;

const GARBAGE: readonly unknown[] = [
  null, -1, 0, 1.5, 2 ** 53 + 1, 9007199254740991, -1e308, 1e308, '', ' ', 'x'.repeat(5000), '💥', '<script>', '../../etc',
  'tok_approve', '4242 4242 4242 4242', true, false, {}, [], [[]], { $ne: null }, '2030-13-45', 'NaN', '01ARZ3NDEKTSV4RRFFQ69G5FAV',
];

function resolveRef(schema: Schema, components: Record<string, Schema>): Schema {
  const ref = schema.$ref;
  return typeof ref === 'string' ? (components[ref.split('/').pop()!] ?? {}) : schema;
}

/** A value of the schema's shape (valid as far as we can tell without reading regexes). */
function sample(raw: Schema | undefined, components: Record<string, Schema>, rng: Rng, depth = 0): unknown {
  if (!raw || depth > 6) return null;
  const schema = resolveRef(raw, components);
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key] as Schema[] | undefined;
    if (options?.length) return sample(rng.pick(options), components, rng, depth + 1);
  }
  if (Array.isArray(schema.allOf)) return Object.assign({}, ...(schema.allOf as Schema[]).map((part) => sample(part, components, rng, depth + 1)));
  if (Array.isArray(schema.enum)) return rng.pick(schema.enum as unknown[]);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.examples) && schema.examples.length) return rng.pick(schema.examples as unknown[]);
  const type = Array.isArray(schema.type) ? rng.pick(schema.type as string[]) : schema.type;
  switch (type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = new Set((schema.required ?? []) as string[]);
      const out: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(properties)) {
        if (required.has(name) || rng.chance(0.5)) out[name] = sample(property, components, rng, depth + 1);
      }
      if (!Object.keys(properties).length && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        out[rng.pick(['DE', 'PT', 'STANDARD', 'size', 'a'])] = sample(schema.additionalProperties as Schema, components, rng, depth + 1);
      }
      return out;
    }
    case 'array': {
      const min = Number(schema.minItems ?? 0);
      const count = Math.min(min + rng.int(3), Number(schema.maxItems ?? 5));
      return Array.from({ length: count }, () => sample(schema.items as Schema, components, rng, depth + 1));
    }
    case 'integer':
    case 'number': {
      const min = Number(schema.minimum ?? 0);
      const max = Number(schema.maximum ?? min + 1000);
      const value = min + rng.next() * Math.min(max - min, 1e6);
      return type === 'integer' ? Math.floor(value) : value;
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'string': {
      if (schema.format === 'date-time') return new Date(Date.now() - rng.int(1e9)).toISOString();
      if (schema.format === 'date') return '2030-07-02';
      if (schema.format === 'email') return `fuzz${rng.int(1000)}@example.com`;
      if (typeof schema.pattern === 'string' && schema.pattern.includes('0-9A-HJKMNP-TV-Z')) return ulid();
      const length = Math.max(Number(schema.minLength ?? 1), 1 + rng.int(12));
      return Array.from({ length: Math.min(length, Number(schema.maxLength ?? 40)) }, () => rng.pick('abcdefghijklmnopqrstuvwxyz-'.split(''))).join('');
    }
    default:
      return rng.pick(GARBAGE);
  }
}

/** Breaks a valid-shaped value in one place (or not at all). */
function mutate(value: unknown, rng: Rng): unknown {
  if (rng.chance(0.25)) return value;
  if (value === null || typeof value !== 'object') return rng.pick(GARBAGE);
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const roll = rng.int(4);
  if (roll === 0 && keys.length) delete (copy as Record<string, unknown>)[rng.pick(keys)];
  else if (roll === 1) (copy as Record<string, unknown>)[rng.pick(['extra', '__proto__', 'constructor', 'unitPrice'])] = rng.pick(GARBAGE);
  else if (keys.length) {
    const key = rng.pick(keys);
    (copy as Record<string, unknown>)[key] = rng.chance(0.5) ? mutate((copy as Record<string, unknown>)[key], rng) : rng.pick(GARBAGE);
  }
  return copy;
}

const pathValue = (rng: Rng): string =>
  rng.pick([ulid(), ulid(), 'rheinpost', 'NW-MER-NAVY-M', 'x', '%00', '..', 'a'.repeat(300), '2030-07-02', encodeURIComponent('🧨'), '-1', 'null']);

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud({ seed: true });
});
afterAll(async () => {
  await cloud?.stop();
});

describe('fuzzing every route of /openapi.json', () => {
  it(`answers ${REQUESTS} seeded requests (seed ${SEED}) without a single 5xx`, async () => {
    const doc = (await cloud.api('GET', '/openapi.json')).body as { paths: Record<string, Record<string, Schema>>; components?: { schemas?: Record<string, Schema> } };
    const components = doc.components?.schemas ?? {};
    const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters ?? []) as Operation['parameters'],
        body: ((op.requestBody as Schema | undefined)?.content as Record<string, { schema?: Schema }> | undefined)?.['application/json']?.schema,
      })),
    );
    expect(operations.length).toBeGreaterThan(20);
    const roles: Role[] = ['operator', 'customer', 'supplier', 'warehouse', 'agent'];
    const tokens = Object.fromEntries(await Promise.all(roles.map(async (role) => [role, await cloud.tokenFor(role)] as const)));

    const rng = prng(SEED);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const started = Date.now();
    const worker = async () => {
      while (next < REQUESTS) {
        next += 1;
        // Runs of consecutive requests per route, so the local runtime keeps the route's function warm.
        const op = operations[Math.floor(next / RUN_PER_ROUTE) % operations.length]!;
        const path = op.path.replace(/\{[^}]+\}/g, () => pathValue(rng));
        const query = op.parameters
          .filter((parameter) => parameter.in === 'query' && rng.chance(0.6))
          .map((parameter) => {
            const value = parameter.name === 'nextToken' ? rng.pick(['e30', 'abc.def', `${'A'.repeat(20)}.${'B'.repeat(43)}`, 'x']) : rng.chance(0.7) ? sample(parameter.schema, components, rng) : rng.pick(GARBAGE);
            return `${encodeURIComponent(parameter.name)}=${encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value))}`;
          });
        const role = rng.pick([...roles, undefined] as const);
        // Headers can only carry Latin-1: odd keys are ASCII garbage (tabs, over-long, blank).
        const oddKey = rng.pick(['', ' ', 'tab\there', 'k'.repeat(300), '{"a":1}', 'null']);
        const headers: Record<string, string> = { 'idempotency-key': rng.chance(0.8) ? `fuzz-${next}` : oddKey };
        if (op.path.startsWith('/carrier-webhooks')) Object.assign(headers, { 'x-signature': `sha256=${'0'.repeat(64)}`, 'x-signature-timestamp': String(Math.floor(Date.now() / 1000)) });
        let body: unknown;
        if (op.body) body = rng.chance(0.05) ? '{"broken": ' : JSON.stringify(mutate(sample(op.body, components, rng), rng));
        const response = await cloud.api(op.method, `${path}${query.length ? `?${query.join('&')}` : ''}`, {
          token: role ? tokens[role] : undefined,
          headers: { ...headers, ...(body !== undefined ? { 'content-type': rng.chance(0.95) ? 'application/json' : 'text/plain' } : {}) },
          body,
        });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status >= 500 && response.status !== 503) failures.push(`${op.method} ${path} ${query.join('&')} → ${response.status} ${response.text.slice(0, 200)} body=${String(body).slice(0, 300)}`);
        if (response.status === 503) failures.push(`${op.method} ${path} → 503 (timed out)`);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    const seconds = (Date.now() - started) / 1000;
    expect(failures.slice(0, 10), `${failures.length} 5xx of ${REQUESTS}; statuses ${JSON.stringify([...statuses])}`).toEqual([]);
    expect([...statuses.keys()].some((status) => status >= 200 && status < 300), 'some requests were valid').toBe(true);
    // No timed assertion (DESIGN §5: speed lives in bench/); the run's length is reported for the record.
    console.info(`fuzz: ${REQUESTS} requests in ${seconds.toFixed(1)} s; statuses ${JSON.stringify([...statuses].sort(([a], [b]) => a - b))}`);
  }, 240_000);
});

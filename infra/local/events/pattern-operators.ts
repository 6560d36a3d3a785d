/**
 * The leaf matchers of an EventBridge event pattern: every element of a field's value array
 * (`"state": ["running", {"prefix": "init"}]`) compiles to one `LeafMatcher`.
 *
 * Semantics follow the AWS documentation and the reference implementation (aws/event-ruler):
 * strings, numbers and literals match exactly (numbers by value to six decimal places, so
 * 300 = 300.0 = 3.0e2); prefix/suffix/equals-ignore-case/wildcard only ever match strings;
 * numeric only matches numbers; anything-but matches every present value that is not excluded.
 */

/** A JSON leaf value of an event (objects are not leaves; arrays are flattened before matching). */
export type LeafValue = string | number | boolean | null;

export type LeafMatcher =
  | { readonly kind: 'exists'; readonly exists: boolean }
  | { readonly kind: 'value'; readonly test: (value: LeafValue) => boolean };

export class InvalidPatternError extends Error {
  constructor(message: string) {
    super(`Event pattern is not valid. Reason: ${message}`);
    this.name = 'InvalidPatternError';
  }
}

/** Names that are operators, so they may not be used as field names inside `$or`. */
export const OPERATOR_NAMES: ReadonlySet<string> = new Set([
  'prefix',
  'suffix',
  'equals-ignore-case',
  'wildcard',
  'anything-but',
  'numeric',
  'exists',
  'cidr',
]);

const fail = (field: string, message: string): never => {
  throw new InvalidPatternError(`${field}: ${message}`);
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Numbers compare at the reference implementation's precision: six digits after the decimal point. */
const comparable = (value: number): number => Math.round(value * 1e6);

const sameLetters = (a: string, b: string): boolean =>
  a.toLowerCase() === b.toLowerCase() || a.toUpperCase() === b.toUpperCase();

const valueMatcher = (test: (value: LeafValue) => boolean): LeafMatcher => ({ kind: 'value', test });

const onlyStrings =
  (test: (value: string) => boolean) =>
  (value: LeafValue): boolean =>
    typeof value === 'string' && test(value);

export function compileLeafMatcher(spec: unknown, field: string): LeafMatcher {
  if (typeof spec === 'string') return valueMatcher((value) => value === spec);
  if (typeof spec === 'number') {
    if (!Number.isFinite(spec)) fail(field, 'numbers must be finite');
    const expected = comparable(spec);
    return valueMatcher((value) => typeof value === 'number' && comparable(value) === expected);
  }
  if (typeof spec === 'boolean' || spec === null) return valueMatcher((value) => value === spec);
  if (!isPlainObject(spec)) return fail(field, 'Match value must be String, number, true, false, or null');

  const entries = Object.entries(spec);
  if (entries.length !== 1) return fail(field, 'Only one key allowed in match expression');
  const [operator, operand] = entries[0]!;
  switch (operator) {
    case 'prefix':
      return textOperator(field, 'prefix', operand, (value, text) => value.startsWith(text), (value, text) =>
        value.toLowerCase().startsWith(text.toLowerCase()),
      );
    case 'suffix':
      return textOperator(field, 'suffix', operand, (value, text) => value.endsWith(text), (value, text) =>
        value.toLowerCase().endsWith(text.toLowerCase()),
      );
    case 'equals-ignore-case': {
      const text = requireString(field, operator, operand);
      return valueMatcher(onlyStrings((value) => sameLetters(value, text)));
    }
    case 'wildcard': {
      const regex = compileWildcard(field, requireString(field, operator, operand));
      return valueMatcher(onlyStrings((value) => regex.test(value)));
    }
    case 'anything-but':
      return compileAnythingBut(field, operand);
    case 'numeric':
      return compileNumeric(field, operand);
    case 'exists':
      if (typeof operand !== 'boolean') fail(field, 'exists match pattern must be either true or false.');
      return { kind: 'exists', exists: operand as boolean };
    case 'cidr': {
      const inRange = compileCidr(field, requireString(field, operator, operand));
      return valueMatcher(onlyStrings(inRange));
    }
    default:
      return fail(field, `Unrecognized match type ${operator}`);
  }
}

function requireString(field: string, operator: string, operand: unknown): string {
  if (typeof operand !== 'string') fail(field, `${operator} match pattern must be a string`);
  return operand as string;
}

/** prefix / suffix, optionally in their `{ "equals-ignore-case": "..." }` form. */
function textOperator(
  field: string,
  operator: string,
  operand: unknown,
  exact: (value: string, text: string) => boolean,
  ignoringCase: (value: string, text: string) => boolean,
): LeafMatcher {
  if (isPlainObject(operand)) {
    const inner = Object.entries(operand);
    if (inner.length !== 1 || inner[0]![0] !== 'equals-ignore-case') {
      fail(field, `Unsupported ${operator} pattern: ${Object.keys(operand).join(', ')}`);
    }
    const text = requireString(field, 'equals-ignore-case', inner[0]![1]);
    return valueMatcher(onlyStrings((value) => ignoringCase(value, text)));
  }
  const text = requireString(field, operator, operand);
  return valueMatcher(onlyStrings((value) => exact(value, text)));
}

function compileAnythingBut(field: string, operand: unknown): LeafMatcher {
  if (isPlainObject(operand)) {
    const inner = Object.entries(operand);
    if (inner.length !== 1) fail(field, 'Only one key allowed in anything-but expression');
    const [operator, values] = inner[0]!;
    if (!ANYTHING_BUT_OPERATORS.has(operator)) fail(field, `Unsupported anything-but pattern: ${operator}`);
    const texts = (Array.isArray(values) ? values : [values]).map((v) => requireString(field, `anything-but/${operator}`, v));
    if (texts.length === 0) fail(field, 'Empty arrays are not allowed');
    let excluded: (value: string) => boolean;
    switch (operator) {
      case 'prefix':
      case 'suffix':
        if (texts.some((t) => t === '')) fail(field, 'Null prefix/suffix not allowed');
        excluded = (value) => texts.some((t) => (operator === 'prefix' ? value.startsWith(t) : value.endsWith(t)));
        break;
      case 'equals-ignore-case':
        excluded = (value) => texts.some((t) => sameLetters(value, t));
        break;
      case 'wildcard': {
        const regexes = texts.map((t) => compileWildcard(field, t));
        excluded = (value) => regexes.some((r) => r.test(value));
        break;
      }
      default:
        return fail(field, `Unsupported anything-but pattern: ${operator}`);
    }
    return valueMatcher((value) => !(typeof value === 'string' && excluded(value)));
  }

  const values = Array.isArray(operand) ? operand : [operand];
  if (values.length === 0) fail(field, 'Empty arrays are not allowed');
  const allStrings = values.every((v) => typeof v === 'string');
  const allNumbers = values.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!allStrings && !allNumbers) {
    fail(field, 'Inside anything but list, either all values are number or string, mixed type is not supported');
  }
  if (allStrings) {
    const strings = new Set(values as string[]);
    return valueMatcher((value) => !(typeof value === 'string' && strings.has(value)));
  }
  const numbers = new Set((values as number[]).map(comparable));
  return valueMatcher((value) => !(typeof value === 'number' && numbers.has(comparable(value))));
}

const ANYTHING_BUT_OPERATORS = new Set(['prefix', 'suffix', 'equals-ignore-case', 'wildcard']);
const LOWER_BOUNDS = new Set(['>', '>=']);
const UPPER_BOUNDS = new Set(['<', '<=']);

function compileNumeric(field: string, operand: unknown): LeafMatcher {
  if (!Array.isArray(operand)) return fail(field, 'Value of numeric must be an array.');
  const terms = [...operand];
  const conditions: ((value: number) => boolean)[] = [];
  let lowerBound: number | undefined;
  while (terms.length > 0) {
    const operator = terms.shift();
    const bound = terms.shift();
    if (typeof operator !== 'string') return fail(field, `Invalid member in numeric match: ${JSON.stringify(operator)}`);
    if (typeof bound !== 'number' || !Number.isFinite(bound)) return fail(field, `Value of ${operator} must be numeric`);
    const limit = comparable(bound);
    const position = conditions.length;
    if (operator === '=') {
      if (operand.length !== 2) fail(field, 'Too many elements in numeric expression');
      conditions.push((value) => comparable(value) === limit);
    } else if (LOWER_BOUNDS.has(operator) && position === 0) {
      lowerBound = bound;
      conditions.push(operator === '>' ? (value) => comparable(value) > limit : (value) => comparable(value) >= limit);
    } else if (UPPER_BOUNDS.has(operator) && (position === 0 || lowerBound !== undefined)) {
      if (lowerBound !== undefined && bound <= lowerBound) fail(field, 'Bottom must be less than top');
      conditions.push(operator === '<' ? (value) => comparable(value) < limit : (value) => comparable(value) <= limit);
    } else {
      return fail(field, `Bad numeric range operator: ${operator}`);
    }
    if (conditions.length > 2) fail(field, 'Too many terms in numeric range expression');
  }
  if (conditions.length === 0) fail(field, 'Value of numeric must not be empty');
  return valueMatcher((value) => typeof value === 'number' && conditions.every((condition) => condition(value)));
}

/**
 * `*` matches any run of characters (also none); `\*` is a literal star and `\\` a literal backslash.
 * Consecutive stars and any other escape are invalid, as in EventBridge.
 */
export function compileWildcard(field: string, wildcard: string): RegExp {
  let source = '';
  for (let i = 0; i < wildcard.length; i++) {
    const char = wildcard[i]!;
    if (char === '\\') {
      const next = wildcard[i + 1];
      if (next !== '*' && next !== '\\') fail(field, `Invalid escape character at pos ${i + 1} in wildcard "${wildcard}"`);
      source += `\\${next}`;
      i++;
    } else if (char === '*') {
      if (wildcard[i + 1] === '*') fail(field, `Consecutive wildcard characters at pos ${i + 1} in wildcard "${wildcard}"`);
      source += '.*';
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 'su');
}

/* ---------------- cidr ---------------- */

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.toLowerCase().split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string | undefined) => (part ? part.split(':') : []);
  const head = groupsOf(halves[0]);
  const tail = groupsOf(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function compileCidr(field: string, cidr: string): (value: string) => boolean {
  const [address = '', prefixText] = cidr.split('/');
  const v4 = parseIpv4(address);
  const base = v4 ?? parseIpv6(address);
  const bits = v4 !== undefined ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (base === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > bits) {
    return fail(field, `Malformed CIDR: ${cidr}`);
  }
  const shift = BigInt(bits - prefix);
  const parse = v4 !== undefined ? parseIpv4 : parseIpv6;
  return (value) => {
    const ip = parse(value);
    return ip !== undefined && ip >> shift === base >> shift;
  };
}

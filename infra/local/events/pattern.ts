/**
 * An EventBridge event-pattern matcher of our own (no faithful one exists on npm). Used by the
 * local bus for rules and by the stream poller for Lambda FilterCriteria, which share the syntax.
 *
 * Structure rules (AWS docs "Creating event patterns", "Arrays in event patterns", "Content filtering"):
 * - every field named in the pattern must match (AND); a field matches if ANY of its values matches (OR);
 * - a field missing from the event only matches `{"exists": false}`; objects are not leaves, so an
 *   object-valued field counts as missing for `exists`;
 * - an array in the event matches if ANY element matches (nested arrays are flattened); an object
 *   pattern is matched against one array element at a time, so fields never combine across elements;
 * - `"$or": [{...}, {...}]` matches if any branch matches, at any depth.
 */
import { compileLeafMatcher, InvalidPatternError, OPERATOR_NAMES, type LeafMatcher, type LeafValue } from './pattern-operators';

export { InvalidPatternError } from './pattern-operators';

interface CompiledObject {
  readonly fields: readonly { readonly key: string; readonly node: CompiledNode }[];
  /** Each entry is one `$or`: the object matches only if some branch of every `$or` matches. */
  readonly alternatives: readonly (readonly CompiledObject[])[];
}

type CompiledNode =
  | { readonly kind: 'leaf'; readonly matchers: readonly LeafMatcher[] }
  | { readonly kind: 'object'; readonly pattern: CompiledObject };

const OR_KEYWORD = '$or';

const compiledPatterns = new WeakMap<object, CompiledObject>();

/** Throws an InvalidPatternError (message like EventBridge's PutRule) when the pattern is not valid. */
export function validatePattern(pattern: unknown): void {
  compilePattern(pattern);
}

/** True when the event matches the pattern. Throws InvalidPatternError for an invalid pattern. */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  const compiled = compilePattern(pattern);
  return matchNode(compiled, typeof event === 'string' ? parseJson(event, 'event') : event);
}

function compilePattern(pattern: unknown): CompiledObject {
  if (typeof pattern === 'string') return compilePattern(parseJson(pattern, 'pattern'));
  if (!isPlainObject(pattern)) throw new InvalidPatternError('Filter is not an object');
  const cached = compiledPatterns.get(pattern);
  if (cached) return cached;
  const compiled = compileObject(pattern, '', false);
  compiledPatterns.set(pattern, compiled);
  return compiled;
}

function compileObject(pattern: Record<string, unknown>, path: string, insideOr: boolean): CompiledObject {
  const keys = Object.keys(pattern);
  if (keys.length === 0) throw new InvalidPatternError(`${path || 'pattern'}: Empty objects are not allowed`);
  const fields: { key: string; node: CompiledNode }[] = [];
  const alternatives: CompiledObject[][] = [];
  for (const key of keys) {
    const value = pattern[key];
    const fieldPath = path ? `${path}.${key}` : key;
    if (key === OR_KEYWORD) {
      alternatives.push(compileOr(value, path));
      continue;
    }
    if (insideOr && OPERATOR_NAMES.has(key)) {
      throw new InvalidPatternError(`${key} is a reserved field name which cannot be used inside ${OR_KEYWORD}.`);
    }
    if (Array.isArray(value)) {
      if (value.length === 0) throw new InvalidPatternError(`${fieldPath}: Empty arrays are not allowed`);
      fields.push({ key, node: { kind: 'leaf', matchers: value.map((spec) => compileLeafMatcher(spec, fieldPath)) } });
    } else if (isPlainObject(value)) {
      fields.push({ key, node: { kind: 'object', pattern: compileObject(value, fieldPath, insideOr) } });
    } else {
      throw new InvalidPatternError(`"${fieldPath}" must be an object or an array`);
    }
  }
  return { fields, alternatives };
}

function compileOr(value: unknown, path: string): CompiledObject[] {
  if (!Array.isArray(value)) throw new InvalidPatternError(`It must be an Array followed with ${OR_KEYWORD}.`);
  if (value.length < 2) throw new InvalidPatternError(`There must have at least 2 Objects in ${OR_KEYWORD} relationship.`);
  return value.map((branch) => {
    if (!isPlainObject(branch)) {
      throw new InvalidPatternError(`Only JSON object is allowed in array of ${OR_KEYWORD} relationship.`);
    }
    return compileObject(branch, path, true);
  });
}

/* ---------------- matching ---------------- */

/** Matches an object pattern against any event value: arrays element by element, non-objects as "no fields". */
function matchNode(pattern: CompiledObject, value: unknown): boolean {
  if (Array.isArray(value)) {
    const elements = value.flat(Infinity);
    return elements.length === 0 ? matchObject(pattern, undefined) : elements.some((e) => matchObject(pattern, e));
  }
  return matchObject(pattern, isPlainObject(value) ? value : undefined);
}

function matchObject(pattern: CompiledObject, object: Record<string, unknown> | undefined): boolean {
  const fieldsMatch = pattern.fields.every(({ key, node }) => {
    const value = object && Object.hasOwn(object, key) ? object[key] : undefined;
    return node.kind === 'leaf' ? matchLeaves(node.matchers, value) : matchNode(node.pattern, value);
  });
  return fieldsMatch && pattern.alternatives.every((branches) => branches.some((branch) => matchObject(branch, object)));
}

function matchLeaves(matchers: readonly LeafMatcher[], value: unknown): boolean {
  const leaves = leafValues(value);
  return matchers.some((matcher) =>
    matcher.kind === 'exists' ? leaves.length > 0 === matcher.exists : leaves.some((leaf) => matcher.test(leaf)),
  );
}

function leafValues(value: unknown): LeafValue[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.flat(Infinity).filter(isLeaf);
  return isLeaf(value) ? [value] : [];
}

const isLeaf = (value: unknown): value is LeafValue =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw what === 'pattern' ? new InvalidPatternError('pattern is not valid JSON') : new Error(`${what} is not valid JSON`);
  }
}

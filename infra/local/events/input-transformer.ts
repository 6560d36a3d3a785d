/**
 * EventBridge target input shaping (AWS docs "Transforming target input"): a constant `Input`,
 * an `InputPath` selecting part of the event, or an `InputTransformer` (InputPathsMap + InputTemplate).
 * Without any of them the target receives the whole event as JSON.
 */
import type { LocalRuleTarget } from '../model';

/** Values for the predefined `<aws.events.*>` variables that the event itself does not carry. */
export interface TargetInputContext {
  readonly ruleName?: string;
  readonly ruleArn?: string;
  /** ISO-8601; defaults to the event's `time`. */
  readonly ingestionTime?: string;
}

const PREDEFINED_PREFIX = 'aws.events.';
const PLACEHOLDER_NAME = /^[A-Za-z0-9_.-]+$/;

export function renderTargetInput(
  event: Record<string, unknown>,
  target: LocalRuleTarget,
  context: TargetInputContext = {},
): string {
  if (target.input !== undefined) return target.input;
  if (target.inputPath !== undefined) return JSON.stringify(readJsonPath(event, target.inputPath) ?? null);
  if (target.inputTransformer) {
    const { inputPathsMap = {}, inputTemplate } = target.inputTransformer;
    return renderTemplate(inputTemplate, variablesFor(event, inputPathsMap, context));
  }
  return JSON.stringify(event);
}

/** A variable that exists (its path was found) maps to its value; a missing path maps to undefined. */
type Variables = ReadonlyMap<string, unknown>;

function variablesFor(event: Record<string, unknown>, inputPathsMap: Readonly<Record<string, string>>, context: TargetInputContext): Variables {
  const variables = new Map<string, unknown>();
  for (const [name, path] of Object.entries(inputPathsMap)) {
    if (name.toLowerCase().startsWith(PREDEFINED_PREFIX)) {
      throw new Error(`InputPathsMap key ${name} is reserved: names starting with ${PREDEFINED_PREFIX} are predefined`);
    }
    variables.set(name, readJsonPath(event, path));
  }
  const { detail: _detail, ...eventWithoutDetail } = event;
  variables.set('aws.events.rule-name', context.ruleName);
  variables.set('aws.events.rule-arn', context.ruleArn);
  variables.set('aws.events.event.ingestion-time', context.ingestionTime ?? event.time);
  // As documented: `aws.events.event` is the event without `detail`, `aws.events.event.json` the whole event.
  variables.set('aws.events.event', eventWithoutDetail);
  variables.set('aws.events.event.json', event);
  return variables;
}

/**
 * Replaces `<name>` placeholders. Inside a JSON string literal the value is inserted as string content
 * (strings without their quotes, other values as their JSON text, escaped so the literal stays valid);
 * outside one it is inserted as a JSON value. A variable whose path is missing from the event becomes
 * `null` outside quotes and nothing inside them. A result that is JSON is minified, as EventBridge does.
 */
export function renderTemplate(template: string, variables: Variables): string {
  let output = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const char = template[i]!;
    if (inString && char === '\\') {
      output += char + (template[i + 1] ?? '');
      i++;
      continue;
    }
    if (char === '"') inString = !inString;
    if (char === '<') {
      const end = template.indexOf('>', i + 1);
      const name = end > i ? template.slice(i + 1, end) : '';
      if (PLACEHOLDER_NAME.test(name) && variables.has(name)) {
        output += inString ? asStringContent(variables.get(name)) : JSON.stringify(variables.get(name) ?? null);
        i = end;
        continue;
      }
    }
    output += char;
  }
  return minifyIfJson(output);
}

function asStringContent(value: unknown): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.stringify(text).slice(1, -1);
}

function minifyIfJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

/**
 * The JSONPath subset EventBridge evaluates: `$`, dot notation (names may hold dashes), array indices
 * `[0]`, quoted names `['a b']` and wildcards `[*]` / `.*` (which yield an array). Missing → undefined.
 */
export function readJsonPath(root: unknown, path: string): unknown {
  const steps = parseJsonPath(path);
  let values: unknown[] = [root];
  let spread = false;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of values) {
      if (step === '*') {
        if (Array.isArray(value)) next.push(...value);
        else if (isObject(value)) next.push(...Object.values(value));
      } else if (typeof step === 'number') {
        if (Array.isArray(value) && step < value.length) next.push(value[step]);
      } else if (isObject(value) && Object.hasOwn(value, step)) {
        next.push(value[step]);
      }
    }
    values = next;
    spread ||= step === '*';
  }
  return spread ? values : values[0];
}

function parseJsonPath(path: string): (string | number)[] {
  if (!path.startsWith('$')) throw new Error(`Invalid JSON path ${path}: it must start with $`);
  const steps: (string | number)[] = [];
  const pattern = /\.([^.[\]]+)|\[(\d+|\*)\]|\[(['"])(.*?)\3\]/gy;
  pattern.lastIndex = 1;
  while (pattern.lastIndex < path.length) {
    const start = pattern.lastIndex;
    const match = pattern.exec(path);
    if (!match) throw new Error(`Invalid JSON path ${path} at position ${start}`);
    const [, dotted, bracketed, , quoted] = match;
    if (dotted !== undefined) steps.push(dotted);
    else if (bracketed !== undefined) steps.push(bracketed === '*' ? '*' : Number(bracketed));
    else steps.push(quoted ?? '');
  }
  return steps;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

import { describe, expect, it } from 'vitest';
import { InvalidPatternError, matchesPattern, validatePattern } from '../../../infra/local/events/pattern';

describe('validatePattern', () => {
  const invalid: [string, unknown, RegExp][] = [
    ['a pattern that is not an object', ['aws.ec2'], /Filter is not an object/],
    ['an empty pattern', {}, /Empty objects are not allowed/],
    ['an empty value array', { source: [] }, /source: Empty arrays are not allowed/],
    ['a bare value instead of an array', { source: 'aws.ec2' }, /"source" must be an object or an array/],
    ['an array nested in the value array', { source: [['aws.ec2']] }, /Match value must be String, number/],
    ['an unknown operator', { source: [{ contains: 'ec2' }] }, /Unrecognized match type contains/],
    ['two operators in one expression', { source: [{ prefix: 'a', suffix: 'b' }] }, /Only one key allowed/],
    ['a non-string prefix', { source: [{ prefix: 1 }] }, /prefix match pattern must be a string/],
    ['an unsupported prefix option', { source: [{ prefix: { wildcard: 'a*' } }] }, /Unsupported prefix pattern/],
    ['consecutive wildcards', { key: [{ wildcard: 'a**b' }] }, /Consecutive wildcard characters/],
    ['a bad wildcard escape', { key: [{ wildcard: 'a\\b' }] }, /Invalid escape character/],
    ['a mixed anything-but list', { x: [{ 'anything-but': ['a', 1] }] }, /mixed type is not supported/],
    ['anything-but null', { x: [{ 'anything-but': null }] }, /either all values are number or string/],
    ['an empty anything-but prefix', { x: [{ 'anything-but': { prefix: '' } }] }, /Null prefix\/suffix not allowed/],
    ['an unsupported anything-but operator', { x: [{ 'anything-but': { numeric: ['>', 1] } }] }, /Unsupported anything-but pattern/],
    ['numeric that is not an array', { x: [{ numeric: 5 }] }, /must be an array/],
    ['numeric upper bound before the lower bound', { x: [{ numeric: ['<', 0, '>=', 10] }] }, /Bad numeric range operator: >=/],
    ['numeric with an inverted range', { x: [{ numeric: ['>', 10, '<', 5] }] }, /Bottom must be less than top/],
    ['numeric equals with extra terms', { x: [{ numeric: ['=', 1, '<', 5] }] }, /Too many elements/],
    ['numeric with a string bound', { x: [{ numeric: ['>', '5'] }] }, /Value of > must be numeric/],
    ['exists that is not a boolean', { x: [{ exists: 'yes' }] }, /exists match pattern must be either true or false/],
    ['a malformed cidr', { ip: [{ cidr: '10.0.0/33' }] }, /Malformed CIDR/],
    ['$or with one branch', { $or: [{ a: ['x'] }] }, /at least 2 Objects/],
    ['$or that is not an array', { $or: { a: ['x'] } }, /must be an Array/],
    ['$or with a non-object branch', { $or: [{ a: ['x'] }, 'b'] }, /Only JSON object is allowed/],
    ['an operator name used as a field inside $or', { $or: [{ prefix: ['a'] }, { b: ['c'] }] }, /reserved field name/],
    ['a pattern string that is not JSON', '{source:', /not valid JSON/],
  ];

  it.each(invalid)('rejects %s', (_name, pattern, message) => {
    expect(() => validatePattern(pattern)).toThrow(InvalidPatternError);
    expect(() => validatePattern(pattern)).toThrow(message);
  });

  it('accepts a pattern given as JSON text, as CloudFormation and FilterCriteria carry it', () => {
    expect(() => validatePattern('{"source":["commerce.orders"]}')).not.toThrow();
    expect(matchesPattern('{"source":["commerce.orders"]}', { source: 'commerce.orders' })).toBe(true);
  });

  it('reports the field path of the offending value', () => {
    expect(() => validatePattern({ detail: { order: { total: [{ numeric: ['>'] }] } } })).toThrow(/detail\.order\.total/);
  });
});

describe('matchesPattern — value semantics', () => {
  it('compares numbers by value: 300, 300.0 and 3.0e2 are equal (numbers are parsed JSON)', () => {
    const event = JSON.parse('{"a": 300.0, "b": 3.0e2}') as unknown;
    expect(matchesPattern({ a: [300] }, event)).toBe(true);
    expect(matchesPattern({ b: [{ numeric: ['=', 300] }] }, event)).toBe(true);
    expect(matchesPattern({ a: [300.0000001] }, event)).toBe(true); // six decimal places, as EventBridge
    expect(matchesPattern({ a: [300.001] }, event)).toBe(false);
    expect(matchesPattern({ a: [{ 'anything-but': 3.0e2 }] }, event)).toBe(false);
  });

  it('never equates a number with a string or a boolean with its text', () => {
    expect(matchesPattern({ a: [300] }, { a: '300' })).toBe(false);
    expect(matchesPattern({ a: ['300'] }, { a: 300 })).toBe(false);
    expect(matchesPattern({ a: [true] }, { a: 'true' })).toBe(false);
    expect(matchesPattern({ a: [false] }, { a: false })).toBe(true);
  });

  it('applies string operators to strings only', () => {
    expect(matchesPattern({ a: [{ prefix: '1' }] }, { a: 123 })).toBe(false);
    expect(matchesPattern({ a: [{ wildcard: '*' }] }, { a: 1 })).toBe(false);
    expect(matchesPattern({ a: [{ wildcard: '*' }] }, { a: '' })).toBe(true);
    expect(matchesPattern({ a: [{ 'equals-ignore-case': 'NULL' }] }, { a: null })).toBe(false);
  });

  it('lets anything-but match present values of another type, but never a missing field', () => {
    expect(matchesPattern({ a: [{ 'anything-but': 'x' }] }, { a: 5 })).toBe(true);
    expect(matchesPattern({ a: [{ 'anything-but': { prefix: 'x' } }] }, { a: null })).toBe(true);
    expect(matchesPattern({ a: [{ 'anything-but': 'x' }] }, {})).toBe(false);
  });

  it('treats an empty event array as "no value": only exists:false matches it', () => {
    expect(matchesPattern({ resources: [{ exists: false }] }, { resources: [] })).toBe(true);
    expect(matchesPattern({ resources: [{ exists: true }] }, { resources: [] })).toBe(false);
    expect(matchesPattern({ resources: [{ 'anything-but': 'x' }] }, { resources: [] })).toBe(false);
  });

  it('treats arrays of objects as not leaves for exists, and flattens nested value arrays', () => {
    expect(matchesPattern({ items: [{ exists: true }] }, { items: [{ sku: 'A' }] })).toBe(false);
    expect(matchesPattern({ tags: ['b'] }, { tags: [['a'], ['b', 'c']] })).toBe(true);
    expect(matchesPattern({ items: { sku: ['B'] } }, { items: [[{ sku: 'A' }], [{ sku: 'B' }]] })).toBe(true);
  });

  it('lets exists:false match when a whole parent object is missing or is not an object', () => {
    expect(matchesPattern({ detail: { 'c-count': [{ exists: false }] } }, { source: 'x' })).toBe(true);
    expect(matchesPattern({ detail: { 'c-count': [{ exists: false }] } }, { detail: 'text' })).toBe(true);
    expect(matchesPattern({ detail: { 'c-count': [5] } }, { detail: 'text' })).toBe(false);
  });

  it('does not match inherited properties', () => {
    expect(matchesPattern({ toString: [{ exists: true }] }, {})).toBe(false);
  });

  it('supports IPv6 cidr ranges', () => {
    expect(matchesPattern({ ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db8:0:0:1::1' })).toBe(true);
    expect(matchesPattern({ ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db9::1' })).toBe(false);
  });

  it('matches DynamoDB stream records with Lambda FilterCriteria syntax (outbox inserts)', () => {
    const filter = { eventName: ['INSERT'], dynamodb: { NewImage: { pk: { S: [{ prefix: 'OUTBOX#' }] } } } };
    const record = (eventName: string, pk: string) => ({ eventName, dynamodb: { Keys: { pk: { S: pk } }, NewImage: { pk: { S: pk } } } });
    expect(matchesPattern(filter, record('INSERT', 'OUTBOX#01J'))).toBe(true);
    expect(matchesPattern(filter, record('MODIFY', 'OUTBOX#01J'))).toBe(false);
    expect(matchesPattern(filter, record('INSERT', 'ORDER#01J'))).toBe(false);
    expect(matchesPattern(filter, { eventName: 'REMOVE', dynamodb: { Keys: { pk: { S: 'OUTBOX#1' } } } })).toBe(false);
  });
});

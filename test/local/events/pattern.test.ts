import { describe, expect, it } from 'vitest';
import { matchesPattern, validatePattern } from '../../../infra/local/events/pattern';

/**
 * The AWS documentation's own examples, as (pattern, event, expected) rows. Sources:
 * EventBridge User Guide — "Creating event patterns", "Arrays in event patterns",
 * "Matching null values and empty strings", "Content filtering in event patterns" /
 * "Comparison operators for use in event patterns"; and the README of aws/event-ruler,
 * the library EventBridge documents its matching with.
 */

/** "Creating event patterns": a simple EC2 event. */
const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

/** "Matching null values and empty strings". */
const autoscalingEvent = {
  version: '0',
  id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
  'detail-type': 'EC2 Instance Launch Successful',
  source: 'aws.autoscaling',
  account: '123456789012',
  time: '2015-11-11T21:31:47Z',
  region: 'us-east-1',
  resources: [],
  detail: { eventVersion: '', responseElements: null },
};

/** "Creating event patterns" → value matching: a (truncated) Macie alert. */
const macieEvent = {
  version: '0',
  'detail-type': 'Macie Alert',
  source: 'aws.macie',
  resources: ['arn:aws:macie:us-east-1:123456789012:trigger/trigger_id/alert/alert_id'],
  detail: {
    'notification-type': 'ALERT_CREATED',
    tags: ['Custom_Alert', 'Insider'],
    'risk-score': 80,
    trigger: { 'alert-type': 'basic', risk: 8 },
  },
};

/** The content-filtering examples' event (aws/event-ruler README). */
const contentEvent = {
  version: '0',
  id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '012345679012',
  time: '2017-10-02T16:24:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
  detail: { 'c-count': 5, 'd-count': 3, 'x-limit': 301.8, 'source-ip': '10.0.0.33', 'instance-id': 'i-000000aaaaaa00000', state: 'running' },
};
const withDetail = (detail: Record<string, unknown>) => ({ ...contentEvent, detail: { ...contentEvent.detail, ...detail } });

const arraysPattern = {
  resources: [
    'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
    'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
    'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
  ],
};
const asgArn =
  'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate';

const numericPattern = {
  detail: {
    'c-count': [{ numeric: ['>', 0, '<=', 5] }],
    'd-count': [{ numeric: ['<', 10] }],
    'x-limit': [{ numeric: ['=', 3.018e2] }],
  },
};
const complexPattern = {
  time: [{ prefix: '2017-10-02' }],
  detail: {
    state: [{ 'anything-but': 'initializing' }],
    'c-count': [{ numeric: ['>', 0, '<=', 5] }],
    'd-count': [{ numeric: ['<', 10] }],
    'x-limit': [{ 'anything-but': [100, 200, 300] }],
    'source-ip': [{ cidr: '10.0.0.0/8' }],
  },
};
const orPattern = {
  source: ['aws.cloudwatch'],
  $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
};
const nestedOrPattern = {
  source: ['aws.cloudwatch'],
  $or: [
    { metricName: ['CPUUtilization', 'ReadLatency'] },
    { metricType: ['MetricType'], namespace: ['AWS/EC2', 'AWS/ES'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
    { scope: ['Service'] },
  ],
};
const detailOrPattern = {
  detail: {
    $or: [
      { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
      { 'd-count': [{ numeric: ['<', 10] }] },
      { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
    ],
  },
};
const employees = {
  employees: [
    { firstName: 'John', lastName: 'Doe' },
    { firstName: 'Anna', lastName: 'Smith' },
    { firstName: 'Peter', lastName: 'Jones' },
  ],
};

type Row = [name: string, pattern: Record<string, unknown>, event: unknown, expected: boolean];

const rows: Row[] = [
  // Creating event patterns
  ['EC2 termination pattern', { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['terminated'] } }, ec2Event, true],
  ['EC2 pattern with another state', { source: ['aws.ec2'], detail: { state: ['running'] } }, ec2Event, false],
  ['match values: source is one of two', { source: ['aws.ec2', 'aws.fargate'] }, ec2Event, true],
  ['match values: source is none of them', { source: ['aws.fargate', 'aws.ecs'] }, ec2Event, false],
  ['field named in the pattern missing from the event', { detail: { 'c-count': [5] } }, ec2Event, false],
  ['same names, wrong nesting', { state: ['terminated'] }, ec2Event, false],
  ['field matching: responseElements is null', { source: ['aws.autoscaling'], 'detail-type': ['EC2 Instance Launch Successful'], detail: { responseElements: [null] } }, autoscalingEvent, true],
  // Null values and empty strings
  ['empty string matches ""', { detail: { eventVersion: [''] } }, autoscalingEvent, true],
  ['null matches null', { detail: { responseElements: [null] } }, autoscalingEvent, true],
  ['"" does not match null', { detail: { responseElements: [''] } }, autoscalingEvent, false],
  ['null does not match ""', { detail: { eventVersion: [null] } }, autoscalingEvent, false],
  // Value matching (Macie)
  ['risk-score 80 and trigger risk 8', { source: ['aws.macie'], 'detail-type': ['Macie Alert'], detail: { 'risk-score': [80], trigger: { risk: [8] } } }, macieEvent, true],
  ['trigger risk 9', { detail: { 'risk-score': [80], trigger: { risk: [9] } } }, macieEvent, false],
  ['numbers are not strings', { detail: { 'risk-score': ['80'] } }, macieEvent, false],
  // Arrays in event patterns
  ['arrays: intersection is non-empty', arraysPattern, { resources: [asgArn, 'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f'] }, true],
  ['arrays: intersection is empty', arraysPattern, { resources: [asgArn] }, false],
  ['arrays: event array holds the value', { detail: { tags: ['Insider'] } }, macieEvent, true],
  // Prefix / suffix / equals-ignore-case / wildcard
  ['prefix on time', { time: [{ prefix: '2017-10-02' }] }, contentEvent, true],
  ['prefix on time, other day', { time: [{ prefix: '2017-10-03' }] }, contentEvent, false],
  ['prefix ignoring case', { service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] }, { service: 'EventBridge' }, true],
  ['prefix is case-sensitive', { service: [{ prefix: 'eventb' }] }, { service: 'EventBridge' }, false],
  ['suffix on source', { source: [{ suffix: 'ec2' }] }, contentEvent, true],
  ['suffix .png', { FileName: [{ suffix: '.png' }] }, { FileName: 'image.jpg' }, false],
  ['suffix ignoring case', { service: [{ suffix: { 'equals-ignore-case': 'tbridge' } }] }, { service: 'EventBridge' }, true],
  ['equals-ignore-case', { Name: [{ 'equals-ignore-case': 'alice' }] }, { Name: 'Alice' }, true],
  ['equals-ignore-case, other name', { Name: [{ 'equals-ignore-case': 'alice' }] }, { Name: 'Alicia' }, false],
  ['wildcard Simple*Service', { source: [{ wildcard: 'Simple*Service' }] }, { source: 'SimpleQueueService' }, true],
  ['wildcard Simple*Service, no suffix', { source: [{ wildcard: 'Simple*Service' }] }, { source: 'SimpleQueue' }, false],
  ['wildcard in an ARN', { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] }, { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/default' }, true],
  ['wildcard in an ARN, other region', { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] }, { EventBusArn: 'arn:aws:events:us-west-2:123456789012:event-bus/default' }, false],
  ['escaped wildcard is a literal star', { key: [{ wildcard: 'a\\*b' }] }, { key: 'a*b' }, true],
  ['escaped wildcard does not match other characters', { key: [{ wildcard: 'a\\*b' }] }, { key: 'axb' }, false],
  // Anything-but
  ['anything-but a string', { detail: { state: [{ 'anything-but': 'initializing' }] } }, contentEvent, true],
  ['anything-but a string, equal', { detail: { state: [{ 'anything-but': 'initializing' }] } }, withDetail({ state: 'initializing' }), false],
  ['anything-but a number', { detail: { 'x-limit': [{ 'anything-but': 123 }] } }, contentEvent, true],
  ['anything-but a number, equal', { detail: { 'x-limit': [{ 'anything-but': 123 }] } }, withDetail({ 'x-limit': 123 }), false],
  ['anything-but a list of strings', { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } }, contentEvent, true],
  ['anything-but a list of strings, listed', { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } }, withDetail({ state: 'stopped' }), false],
  ['anything-but a list of numbers', { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } }, contentEvent, true],
  ['anything-but a list of numbers, listed', { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } }, withDetail({ 'x-limit': 200 }), false],
  ['anything-but prefix', { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, contentEvent, true],
  ['anything-but prefix, prefixed', { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, withDetail({ state: 'initializing' }), false],
  ['anything-but suffix', { FileName: [{ 'anything-but': { suffix: '.png' } }] }, { FileName: 'notes.txt' }, true],
  ['anything-but suffix, suffixed', { FileName: [{ 'anything-but': { suffix: '.png' } }] }, { FileName: 'cat.png' }, false],
  ['anything-but ignoring case', { state: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'OverLoaded'] } }] }, { state: 'running' }, true],
  ['anything-but ignoring case, other casing', { state: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'OverLoaded'] } }] }, { state: 'STOPPED' }, false],
  ['anything-but wildcard', { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { FilePath: '/usr/bin/node' }, true],
  ['anything-but wildcard, matching path', { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { FilePath: '/usr/lib/node' }, false],
  ['anything-but needs the field to exist', { detail: { state: [{ 'anything-but': 'initializing' }] } }, { detail: {} }, false],
  // Numeric
  ['numeric ranges all true', numericPattern, contentEvent, true],
  ['numeric: c-count above the range', numericPattern, withDetail({ 'c-count': 6 }), false],
  ['numeric: c-count on the open bottom', numericPattern, withDetail({ 'c-count': 0 }), false],
  ['numeric: x-limit not equal', numericPattern, withDetail({ 'x-limit': 301.9 }), false],
  ['numeric: Price is 100', { Price: [{ numeric: ['=', 100] }] }, { Price: 100 }, true],
  ['numeric: Price more than 10 and at most 20', { Price: [{ numeric: ['>', 10, '<=', 20] }] }, { Price: 20 }, true],
  ['numeric: Price 10 is not more than 10', { Price: [{ numeric: ['>', 10, '<=', 20] }] }, { Price: 10 }, false],
  ['numeric never matches strings', { Price: [{ numeric: ['>', 10] }] }, { Price: '20' }, false],
  // IP address
  ['cidr 10.0.0.0/24 matches 10.0.0.33', { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } }, contentEvent, true],
  ['cidr 10.0.0.0/24 does not match 10.0.1.33', { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } }, withDetail({ 'source-ip': '10.0.1.33' }), false],
  // Exists
  ['exists true, present', { detail: { state: [{ exists: true }] } }, contentEvent, true],
  ['exists true, absent', { detail: { state: [{ exists: true }] } }, { 'detail-type': ['EC2 Instance State-change Notification'], detail: { 'c-count': { c1: 100 } } }, false],
  ['exists false, absent', { detail: { 'c-count': [{ exists: false }] } }, { 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['initializing', 'running'] } }, true],
  ['exists false, object is not a leaf', { detail: { 'c-count': [{ exists: false }] } }, { detail: { state: ['initializing', 'running'], 'c-count': { c1: 100 } } }, true],
  ['exists false, present', { detail: { 'c-count': [{ exists: false }] } }, contentEvent, false],
  // Complex and $or
  ['complex example with multiple matching', complexPattern, contentEvent, true],
  ['complex example, one condition fails', complexPattern, withDetail({ 'd-count': 10 }), false],
  ['$or: source and metricName', orPattern, { source: 'aws.cloudwatch', metricName: 'CPUUtilization' }, true],
  ['$or: source and namespace', orPattern, { source: 'aws.cloudwatch', namespace: 'AWS/ES' }, true],
  ['$or: no branch matches', orPattern, { source: 'aws.cloudwatch', metricName: 'DiskReadOps' }, false],
  ['$or: branch matches but the AND part does not', orPattern, { source: 'aws.ec2', metricName: 'CPUUtilization' }, false],
  ['$or inside detail, one branch true', detailOrPattern, withDetail({ 'c-count': 50, 'd-count': 50 }), true],
  ['$or inside detail, no branch true', detailOrPattern, withDetail({ 'c-count': 50, 'd-count': 50, 'x-limit': 1 }), false],
  ['nested $or and AND', nestedOrPattern, { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1000 }, true],
  ['nested $or, inner $or fails', nestedOrPattern, { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 999 }, false],
  // JSON array matching (objects inside arrays)
  ['array of objects: one element matches', { employees: { firstName: ['Anna'] } }, employees, true],
  ['array of objects: fields never combine across elements', { employees: { firstName: ['Anna'], lastName: ['Jones'] } }, employees, false],
  ['array of objects: both fields in one element', { employees: { firstName: ['Anna'], lastName: ['Smith'] } }, employees, true],
];

describe('matchesPattern — AWS documentation examples', () => {
  it('has a table of at least 40 examples, both matches and non-matches', () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
    expect(rows.filter((row) => row[3]).length).toBeGreaterThan(15);
    expect(rows.filter((row) => !row[3]).length).toBeGreaterThan(15);
  });

  it.each(rows)('%s', (_name, pattern, event, expected) => {
    expect(() => validatePattern(pattern)).not.toThrow();
    expect(matchesPattern(pattern, event)).toBe(expected);
  });
});

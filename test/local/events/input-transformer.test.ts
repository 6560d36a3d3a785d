import { describe, expect, it } from 'vitest';
import { readJsonPath, renderTargetInput } from '../../../infra/local/events/input-transformer';
import type { LocalRuleTarget } from '../../../infra/local/model';

/** The example event of the AWS docs "Transforming target input". */
const event = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2015-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: { 'instance-id': 'i-0123456789', state: 'RUNNING', count: 3, tags: ['a', 'b'], items: [{ sku: 'A' }, { sku: 'B' }] },
};

const context = { ruleName: 'example', ruleArn: 'arn:aws:events:us-east-2:123456789012:rule/example' };
const inputPathsMap = { timestamp: '$.time', instance: '$.detail.instance-id', state: '$.detail.state' };

const transformed = (inputTemplate: string, paths: Record<string, string> = inputPathsMap) =>
  renderTargetInput(event, { id: 't', arn: 'arn:t', inputTransformer: { inputPathsMap: paths, inputTemplate } }, context);

describe('renderTargetInput', () => {
  it('sends the whole event as JSON by default', () => {
    expect(JSON.parse(renderTargetInput(event, { id: 't', arn: 'arn:t' }))).toEqual(event);
  });

  it('sends a constant Input verbatim', () => {
    const target: LocalRuleTarget = { id: 't', arn: 'arn:t', input: '{"job":"nightly-kpi"}' };
    expect(renderTargetInput(event, target)).toBe('{"job":"nightly-kpi"}');
  });

  it('sends the part of the event an InputPath selects', () => {
    expect(JSON.parse(renderTargetInput(event, { id: 't', arn: 'arn:t', inputPath: '$.detail' }))).toEqual(event.detail);
    expect(renderTargetInput(event, { id: 't', arn: 'arn:t', inputPath: '$.detail.state' })).toBe('"RUNNING"');
    expect(renderTargetInput(event, { id: 't', arn: 'arn:t', inputPath: '$.detail.missing' })).toBe('null');
  });

  // The rows of the docs' "Input transform examples" table.
  it('renders a simple string', () => {
    expect(transformed('"instance <instance> is in <state>"')).toBe('"instance i-0123456789 is in RUNNING"');
  });

  it('renders a string with escaped quotes', () => {
    expect(transformed('"instance \\"<instance>\\" is in <state>"')).toBe('"instance \\"i-0123456789\\" is in RUNNING"');
  });

  it('renders simple JSON, inserting values outside quotes as JSON', () => {
    expect(JSON.parse(transformed('{\n  "instance" : <instance>,\n  "state": <state>\n}'))).toEqual({
      instance: 'i-0123456789',
      state: 'RUNNING',
    });
  });

  it('renders JSON with strings and variables', () => {
    const output = transformed('{"instance" : <instance>, "state": "<state>", "instanceStatus": "instance \\"<instance>\\" is in <state>"}');
    expect(JSON.parse(output)).toEqual({
      instance: 'i-0123456789',
      state: 'RUNNING',
      instanceStatus: 'instance "i-0123456789" is in RUNNING',
    });
  });

  it('renders JSON with a mix of variables and static information, minified', () => {
    expect(transformed('{\n  "instance" : <instance>,\n  "state": [ 9, <state>, true ],\n  "Transformed" : "Yes"\n}')).toBe(
      '{"instance":"i-0123456789","state":[9,"RUNNING",true],"Transformed":"Yes"}',
    );
  });

  it('renders the reserved variables in JSON', () => {
    const output = JSON.parse(
      transformed('{"ruleArn": <aws.events.rule-arn>, "ruleName": <aws.events.rule-name>, "originalEvent": <aws.events.event>, "full": <aws.events.event.json>, "at": <aws.events.event.ingestion-time>}'),
    ) as Record<string, unknown>;
    expect(output.ruleArn).toBe(context.ruleArn);
    expect(output.ruleName).toBe('example');
    const { detail: _detail, ...withoutDetail } = event;
    expect(output.originalEvent).toEqual(withoutDetail);
    expect(output.full).toEqual(event);
    expect(output.at).toBe(event.time);
  });

  it('renders reserved variables in a string', () => {
    expect(transformed('"<aws.events.rule-name> triggered"')).toBe('"example triggered"');
  });

  it('inserts non-string values inside quotes as escaped JSON text', () => {
    const output = transformed('{"summary": "count=<count> tags=<tags>", "count": <count>}', {
      count: '$.detail.count',
      tags: '$.detail.tags',
    });
    expect(JSON.parse(output)).toEqual({ summary: 'count=3 tags=["a","b"]', count: 3 });
  });

  it('escapes extracted strings so the output stays valid JSON', () => {
    const tricky = { ...event, detail: { ...event.detail, state: 'say "hi"\n' } };
    const output = renderTargetInput(tricky, {
      id: 't',
      arn: 'arn:t',
      inputTransformer: { inputPathsMap: { state: '$.detail.state' }, inputTemplate: '{"message": "state is <state>"}' },
    });
    expect(JSON.parse(output)).toEqual({ message: 'state is say "hi"\n' });
  });

  it('renders a variable whose path is missing as null outside quotes and as nothing inside them', () => {
    const output = transformed('{"a": <missing>, "b": "[<missing>]"}', { missing: '$.detail.nope' });
    expect(JSON.parse(output)).toEqual({ a: null, b: '[]' });
  });

  it('leaves text that is not a known placeholder alone, and non-JSON templates unminified', () => {
    expect(transformed('"a <b> c"', {})).toBe('"a <b> c"');
    expect(transformed('state: <state>   (raw)')).toBe('state: "RUNNING"   (raw)');
  });

  it('refuses InputPathsMap names that shadow the predefined variables', () => {
    expect(() => transformed('<aws.events.rule-name>', { 'aws.events.rule-name': '$.source' })).toThrow(/reserved/);
  });
});

describe('readJsonPath', () => {
  it('reads dot notation, dashes, indices, quoted names and wildcards', () => {
    expect(readJsonPath(event, '$')).toBe(event);
    expect(readJsonPath(event, '$.detail-type')).toBe('EC2 Instance State-change Notification');
    expect(readJsonPath(event, '$.resources[0]')).toBe(event.resources[0]);
    expect(readJsonPath(event, "$.detail['instance-id']")).toBe('i-0123456789');
    expect(readJsonPath(event, '$.detail.items[*].sku')).toEqual(['A', 'B']);
    expect(readJsonPath(event, '$.detail.items[1].sku')).toBe('B');
  });

  it('returns undefined for a missing path and rejects a malformed one', () => {
    expect(readJsonPath(event, '$.detail.items[5].sku')).toBeUndefined();
    expect(readJsonPath(event, '$.nothing.here')).toBeUndefined();
    expect(() => readJsonPath(event, 'detail.state')).toThrow(/must start with \$/);
    expect(() => readJsonPath(event, '$.detail[')).toThrow(/Invalid JSON path/);
  });
});

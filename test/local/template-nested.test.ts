import { describe, expect, it } from 'vitest';
import { flattenTemplateTree, templatesOf, type TemplateTree } from '../../infra/local/template/nested';
import type { CfnTemplate } from '../../infra/local/template/resolve';

const stack = (parameters: Record<string, unknown>, dependsOn?: string[]) => ({
  Type: 'AWS::CloudFormation::Stack',
  Properties: { TemplateURL: 'x', Parameters: parameters },
  ...(dependsOn ? { DependsOn: dependsOn } : {}),
});

const parent: CfnTemplate = {
  Resources: {
    Table: { Type: 'AWS::DynamoDB::Table', Properties: {} },
    Orders: stack({ TableName: { Ref: 'Table' }, TableArn: { 'Fn::GetAtt': ['Table', 'Arn'] } }),
    Monitoring: stack({ MachineArn: { 'Fn::GetAtt': ['Orders', 'Outputs.MachineArnOut'] } }),
    Rule: { Type: 'AWS::Events::Rule', Properties: { Arn: { 'Fn::GetAtt': 'Orders.Outputs.MachineArnOut' } }, DependsOn: ['Orders', 'Table'] },
  },
  Outputs: { Machine: { Value: { 'Fn::GetAtt': ['Orders', 'Outputs.MachineArnOut'] } } },
};
const orders: CfnTemplate = {
  Parameters: { TableName: { Type: 'String' }, TableArn: { Type: 'String' }, Level: { Type: 'String', Default: 'INFO' } },
  Resources: {
    Fn: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Environment: { Variables: { TABLE_NAME: { Ref: 'TableName' }, LEVEL: { Ref: 'Level' }, SELF: { Ref: 'Machine' } } },
        Description: { 'Fn::Sub': 'reads ${TableName} as ${!Literal}' },
      },
    },
    Machine: { Type: 'AWS::StepFunctions::StateMachine', Properties: { Policy: { 'Fn::Join': ['', [{ Ref: 'TableArn' }, '/index/*']] } } },
  },
  Outputs: { MachineArnOut: { Value: { Ref: 'Machine' } } },
};
const monitoring: CfnTemplate = {
  Parameters: { MachineArn: { Type: 'String' } },
  Resources: { Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { Dimensions: [{ Value: { Ref: 'MachineArn' } }] } } },
};
const tree: TemplateTree = { template: parent, nested: { Orders: { template: orders }, Monitoring: { template: monitoring } } };

describe('flattenTemplateTree', () => {
  const flat = flattenTemplateTree(tree);
  const resources = flat.Resources!;

  it('replaces each nested stack by its resources, logical ids kept', () => {
    expect(Object.keys(resources).sort()).toEqual(['Alarm', 'Fn', 'Machine', 'Rule', 'Table']);
    expect(flat.Parameters).toBeUndefined();
  });

  it("reads a nested stack's parameters as what the parent passes, or their default", () => {
    expect(resources.Fn!.Properties!.Environment).toEqual({ Variables: { TABLE_NAME: { Ref: 'Table' }, LEVEL: 'INFO', SELF: { Ref: 'Machine' } } });
    expect(resources.Machine!.Properties!.Policy).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Table', 'Arn'] }, '/index/*']] });
    expect(resources.Fn!.Properties!.Description).toEqual({ 'Fn::Sub': ['reads ${TableName} as ${!Literal}', { TableName: { Ref: 'Table' } }] });
  });

  it("reads the parent's and a sibling's Fn::GetAtt of an output as the output's value", () => {
    expect(resources.Rule!.Properties!.Arn).toEqual({ Ref: 'Machine' });
    expect(resources.Alarm!.Properties!.Dimensions).toEqual([{ Value: { Ref: 'Machine' } }]);
    expect(flat.Outputs).toEqual({ Machine: { Value: { Ref: 'Machine' } } });
  });

  it('drops dependencies on the dissolved stacks', () => {
    expect(resources.Rule!.DependsOn).toEqual(['Table']);
  });

  it('refuses a logical id two templates declare differently, and a parameter nobody passes', () => {
    const colliding: TemplateTree = { ...tree, nested: { ...tree.nested, Monitoring: { template: { ...monitoring, Resources: { Table: { Type: 'AWS::SQS::Queue' } } } } } };
    expect(() => flattenTemplateTree(colliding)).toThrow(/Monitoring declares resource Table/);
    const missing: TemplateTree = { template: { Resources: { Orders: stack({}) } }, nested: { Orders: { template: orders } } };
    expect(() => flattenTemplateTree(missing)).toThrow(/needs parameter TableName/);
  });

  it('lists every template with its path', () => {
    expect(templatesOf(tree).map(({ path }) => path)).toEqual(['', 'Orders', 'Monitoring']);
  });
});

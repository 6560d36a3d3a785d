/** Lookups into a synthesized template that the infra tests share: by short name, by source entry, by role. */
import { only, referencedId, resourcesOfType, type CfnResource, type CfnTemplate } from './synth';

export function templateQueries(json: () => CfnTemplate) {
  const functions = () => resourcesOfType(json(), 'AWS::Lambda::Function');
  return {
    resource(logicalId: string): CfnResource {
      const found = json().Resources[logicalId];
      if (!found) throw new Error(`no resource ${logicalId}`);
      return found;
    },
    /** The resource of `type` our constructs named `name` (CommerceOps::Name metadata). */
    named: (type: string, name: string): [string, CfnResource] =>
      only(
        resourcesOfType(json(), type).filter(([, r]) => r.Metadata?.['CommerceOps::Name'] === name),
        `${type} named ${name}`,
      ),
    functions,
    functionByEntry: (entry: string) => only(functions().filter(([, r]) => r.Metadata?.['CommerceOps::Entry'] === entry), `function for ${entry}`),
    statementsOfRole: (roleId: string) =>
      resourcesOfType(json(), 'AWS::IAM::Policy')
        .filter(([, p]) => (p.Properties?.Roles ?? []).some((r: unknown) => referencedId(r) === roleId))
        .flatMap(([, p]) => p.Properties?.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]),
  };
}

/**
 * CloudFormation intrinsic-function resolver for the local cloud. Every Ref / Fn::GetAtt resolves to the
 * local physical name or ARN of the resource (rule in infra/local/model.ts): Metadata `CommerceOps::Name`,
 * else the resource's own name property, else the logical id.
 */
import { METADATA } from '../model';

export type CfnTemplate = {
  Resources?: Record<string, CfnResource>;
  Conditions?: Record<string, unknown>;
  Parameters?: Record<string, { Default?: unknown; Type?: string }>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  [key: string]: unknown;
};

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  Condition?: string;
  [key: string]: unknown;
}

export interface ResolveContext {
  readonly stackName: string;
  readonly region: string;
  readonly accountId: string;
  /**
   * Where queue URLs live: the AWS endpoint the functions are given. The SQS client sends each request to its
   * QueueUrl's host when that differs from its endpoint, so a URL elsewhere would leave the local cloud.
   * @default `http://sqs.<region>.localhost` (a model read without a running endpoint)
   */
  readonly queueUrlOrigin?: string;
}

/** Marker for AWS::NoValue: removed from the enclosing object/array. */
const NO_VALUE = Symbol('AWS::NoValue');

/** Name property of each resource type we stand up (others fall back to the logical id). */
const NAME_PROPERTIES: Record<string, string> = {
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::DynamoDB::GlobalTable': 'TableName',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::Events::EventBus': 'Name',
  'AWS::Events::Rule': 'Name',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::ApiGatewayV2::Api': 'Name',
  'AWS::Cognito::UserPool': 'UserPoolName',
};

export class TemplateResolver {
  private readonly resources: Record<string, CfnResource>;
  private readonly conditionCache = new Map<string, boolean>();
  private readonly namesInProgress = new Set<string>();

  constructor(
    private readonly template: CfnTemplate,
    private readonly context: ResolveContext,
  ) {
    this.resources = template.Resources ?? {};
  }

  /** Deeply resolves every intrinsic in `value`. */
  resolve(value: unknown): unknown {
    const resolved = this.resolveValue(value);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  resolveString(value: unknown, what = 'value'): string {
    const resolved = this.resolve(value);
    if (typeof resolved === 'string') return resolved;
    if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
    throw new Error(`Expected ${what} to resolve to a string, got ${JSON.stringify(resolved)}`);
  }

  /** Whether a resource's `Condition` (if any) holds. */
  isActive(resource: CfnResource): boolean {
    return resource.Condition === undefined || this.condition(resource.Condition);
  }

  /** Local physical name of a resource. */
  nameOf(logicalId: string): string {
    const resource = this.resourceOrThrow(logicalId);
    const metadataName = resource.Metadata?.[METADATA.name];
    if (typeof metadataName === 'string' && metadataName) return metadataName;
    const property = NAME_PROPERTIES[resource.Type];
    const raw = property ? resource.Properties?.[property] : undefined;
    if (raw === undefined || this.namesInProgress.has(logicalId)) return logicalId;
    this.namesInProgress.add(logicalId);
    try {
      const name = this.resolve(raw);
      return typeof name === 'string' && name ? name : logicalId;
    } finally {
      this.namesInProgress.delete(logicalId);
    }
  }

  /** Local ARN of a resource (by the type's ARN format). */
  arnOf(logicalId: string): string {
    const resource = this.resourceOrThrow(logicalId);
    const name = this.nameOf(logicalId);
    const { region, accountId } = this.context;
    const prefix = (service: string) => `arn:aws:${service}:${region}:${accountId}`;
    switch (resource.Type) {
      case 'AWS::Lambda::Function':
        return `${prefix('lambda')}:function:${name}`;
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable':
        return `${prefix('dynamodb')}:table/${name}`;
      case 'AWS::StepFunctions::StateMachine':
        return `${prefix('states')}:stateMachine:${name}`;
      case 'AWS::Events::EventBus':
        return `${prefix('events')}:event-bus/${name}`;
      case 'AWS::Events::Rule':
        return `${prefix('events')}:rule/${name}`;
      case 'AWS::SNS::Topic':
        return `${prefix('sns')}:${name}`;
      case 'AWS::SQS::Queue':
        return `${prefix('sqs')}:${name}`;
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${accountId}:role/${name}`;
      case 'AWS::Logs::LogGroup':
        return `${prefix('logs')}:log-group:${name}:*`;
      case 'AWS::KMS::Key':
        return `${prefix('kms')}:key/${name}`;
      case 'AWS::Cognito::UserPool':
        return `${prefix('cognito-idp')}:userpool/${this.userPoolId(logicalId)}`;
      default: {
        const [, service = 'unknown', kind = 'resource'] = resource.Type.split('::');
        return `${prefix(service.toLowerCase())}:${kind.toLowerCase()}/${name}`;
      }
    }
  }

  private userPoolId(logicalId: string): string {
    return `${this.context.region}_${logicalId.replace(/[^A-Za-z0-9]/g, '').slice(0, 9)}`;
  }

  private resourceOrThrow(logicalId: string): CfnResource {
    const resource = this.resources[logicalId];
    if (!resource) throw new Error(`Template has no resource or parameter named ${logicalId}`);
    return resource;
  }

  private ref(name: string): unknown {
    const pseudo = this.pseudoParameter(name);
    if (pseudo !== undefined) return pseudo;
    const parameter = this.template.Parameters?.[name];
    if (parameter) return parameter.Default ?? '';
    const resource = this.resourceOrThrow(name);
    switch (resource.Type) {
      case 'AWS::SNS::Topic':
      case 'AWS::StepFunctions::StateMachine':
        return this.arnOf(name);
      case 'AWS::SQS::Queue':
        return `${this.context.queueUrlOrigin ?? `http://sqs.${this.context.region}.localhost`}/${this.context.accountId}/${this.nameOf(name)}`;
      case 'AWS::Cognito::UserPool':
        return this.userPoolId(name);
      default:
        return this.nameOf(name);
    }
  }

  private getAtt(logicalId: string, attribute: string): unknown {
    const resource = this.resourceOrThrow(logicalId);
    const name = this.nameOf(logicalId);
    if (attribute === 'Arn') return this.arnOf(logicalId);
    if (attribute === 'StreamArn') return `${this.arnOf(logicalId)}/stream/local`;
    switch (resource.Type) {
      case 'AWS::SQS::Queue':
        if (attribute === 'QueueUrl') return this.ref(logicalId);
        return name;
      case 'AWS::SNS::Topic':
        return attribute === 'TopicArn' ? this.arnOf(logicalId) : name;
      case 'AWS::Cognito::UserPool':
        if (attribute === 'ProviderURL') return `https://cognito-idp.${this.context.region}.amazonaws.com/${this.userPoolId(logicalId)}`;
        if (attribute === 'ProviderName') return `cognito-idp.${this.context.region}.amazonaws.com/${this.userPoolId(logicalId)}`;
        return this.userPoolId(logicalId);
      case 'AWS::ApiGatewayV2::Api':
        if (attribute === 'ApiEndpoint') return 'http://localhost';
        return name;
      default:
        return name;
    }
  }

  private pseudoParameter(name: string): unknown {
    const { region, accountId, stackName } = this.context;
    switch (name) {
      case 'AWS::Region':
        return region;
      case 'AWS::AccountId':
        return accountId;
      case 'AWS::StackName':
        return stackName;
      case 'AWS::StackId':
        return `arn:aws:cloudformation:${region}:${accountId}:stack/${stackName}/local`;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::NotificationARNs':
        return [];
      case 'AWS::NoValue':
        return NO_VALUE;
      default:
        return undefined;
    }
  }

  private condition(name: string): boolean {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    const definition = this.template.Conditions?.[name];
    if (definition === undefined) throw new Error(`Template has no condition named ${name}`);
    const result = this.evaluateCondition(definition);
    this.conditionCache.set(name, result);
    return result;
  }

  private evaluateCondition(expression: unknown): boolean {
    if (typeof expression === 'boolean') return expression;
    if (!isObject(expression)) throw new Error(`Invalid condition ${JSON.stringify(expression)}`);
    const [fn, args] = singleEntry(expression);
    const list = Array.isArray(args) ? args : [args];
    switch (fn) {
      case 'Condition':
        return this.condition(String(args));
      case 'Fn::Equals':
        return JSON.stringify(this.resolve(list[0])) === JSON.stringify(this.resolve(list[1]));
      case 'Fn::Not':
        return !this.evaluateCondition(list[0]);
      case 'Fn::And':
        return list.every((item) => this.evaluateCondition(item));
      case 'Fn::Or':
        return list.some((item) => this.evaluateCondition(item));
      default:
        throw new Error(`Unsupported condition function ${fn}`);
    }
  }

  private resolveValue(value: unknown): unknown {
    if (Array.isArray(value)) {
      return value.map((item) => this.resolveValue(item)).filter((item) => item !== NO_VALUE);
    }
    if (!isObject(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const key = keys[0]!;
      if (key === 'Ref' || key.startsWith('Fn::') || key === 'Condition') {
        if (key === 'Condition' && typeof value[key] !== 'string') return this.resolveObject(value);
        return this.intrinsic(key, value[key]);
      }
    }
    return this.resolveObject(value);
  }

  private resolveObject(value: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const resolved = this.resolveValue(item);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }

  private intrinsic(fn: string, args: unknown): unknown {
    switch (fn) {
      case 'Ref':
        return this.ref(String(args));
      case 'Fn::GetAtt': {
        const [logicalId, ...attribute] = Array.isArray(args) ? args.map(String) : String(args).split('.');
        return this.getAtt(logicalId!, attribute.join('.'));
      }
      case 'Fn::Join': {
        const [separator, items] = asArray(args, fn);
        const parts = asArray(this.resolveValue(items), fn);
        return parts.map((part) => stringify(part)).join(String(separator));
      }
      case 'Fn::Sub':
        return this.sub(args);
      case 'Fn::Select': {
        const [index, items] = asArray(args, fn);
        const list = asArray(this.resolveValue(items), fn);
        const picked = list[Number(this.resolveValue(index))];
        if (picked === undefined) throw new Error(`Fn::Select index ${String(index)} out of range`);
        return picked;
      }
      case 'Fn::Split': {
        const [separator, source] = asArray(args, fn);
        return stringify(this.resolveValue(source)).split(String(separator));
      }
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = asArray(args, fn);
        return this.resolveValue(this.condition(String(condition)) ? whenTrue : whenFalse);
      }
      case 'Fn::Base64':
        return Buffer.from(stringify(this.resolveValue(args))).toString('base64');
      case 'Fn::FindInMap': {
        const [map, top, second] = asArray(this.resolveValue(args), fn).map(String);
        return this.template.Mappings?.[map!]?.[top!]?.[second!];
      }
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((zone) => `${this.context.region}${zone}`);
      case 'Fn::ImportValue':
        return `imported:${stringify(this.resolveValue(args))}`;
      case 'Fn::Equals':
      case 'Fn::Not':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Condition':
        return this.evaluateCondition({ [fn]: args });
      default:
        // Unknown functions (Fn::Cidr, Fn::Transform…) are not needed locally: keep them visible.
        return { [fn]: this.resolveValue(args) };
    }
  }

  private sub(args: unknown): string {
    const [template, variables] = typeof args === 'string' ? [args, {}] : asArray(args, 'Fn::Sub');
    const resolvedVariables = this.resolveValue(variables ?? {}) as Record<string, unknown>;
    return String(template).replace(/\$\{(!?)([^}]+)\}/g, (match, literal: string, expression: string) => {
      if (literal) return `\${${expression}}`;
      if (expression in resolvedVariables) return stringify(resolvedVariables[expression]);
      const dot = expression.indexOf('.');
      if (dot > 0 && !expression.startsWith('AWS::')) {
        return stringify(this.getAtt(expression.slice(0, dot), expression.slice(dot + 1)));
      }
      return stringify(this.ref(expression));
    });
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const singleEntry = (value: Record<string, unknown>): [string, unknown] => {
  const entries = Object.entries(value);
  if (entries.length !== 1) throw new Error(`Expected one intrinsic function, got ${JSON.stringify(value)}`);
  return entries[0]!;
};

const asArray = (value: unknown, fn: string): unknown[] => {
  if (!Array.isArray(value)) throw new Error(`${fn} expects a list, got ${JSON.stringify(value)}`);
  return value;
};

const stringify = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);

import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledgeNag, acknowledgeXrayWildcard, arnWildcardFinding } from './nag';
import { METADATA, REPO_ROOT, setMetadataName } from './repo';
import { BUNDLE_ALIASES } from './bundle-aliases';


/**
 * ESM needs `require` for the CommonJS parts of bundled dependencies; the banner recreates it.
 * Aliased import so it cannot collide with a bundled module's own `createRequire`.
 */
export const CREATE_REQUIRE_BANNER =
  "import { createRequire as __opsCreateRequire } from 'node:module'; const require = __opsCreateRequire(import.meta.url);";

export { ENV_CREDENTIALS_MODULE, NODE_CREDENTIAL_CHAIN, SDK_CORE_ALIASES } from './bundle-aliases';

/**
 * The one esbuild configuration for every function. OpsFunction translates it into NodejsFunction
 * bundling options and bench/ hands it to esbuild directly, so both measure the same artifact.
 */
export const OPS_FUNCTION_ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  banner: { js: CREATE_REQUIRE_BANNER },
  // The AWS SDK is bundled (no externals): a pinned, tree-shaken SDK beats the runtime's copy.
  external: [] as string[],
  tsconfig: path.join(REPO_ROOT, 'tsconfig.json'),
  /** Env-only credentials and an SDK core without event streams and checksums (infra/constructs/bundle-aliases.ts). */
  alias: { ...BUNDLE_ALIASES } as Record<string, string>,
} as const;

export interface OpsFunctionProps {
  /** Handler source, relative to the repository root, e.g. `functions/platform/health.ts`. */
  readonly entry: string;
  /** Stable short name for logs and the local cloud, e.g. `platform-health`. */
  readonly shortName: string;
  /** @default 'handler' */
  readonly handlerExport?: string;
  /** Extra environment on top of the Powertools defaults. @default - none */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** The function's own log lines sent (Powertools and Lambda's application log level agree). @default 'INFO' */
  readonly logLevel?: string;
  /**
   * Lambda's own lines: WARN sends only the platform's warnings and errors (timeouts, crashes, init errors),
   * not the START and REPORT lines of every call (~0.5 KB a call, a third of an order's log bytes); their
   * numbers are in the function's Duration, Errors and Throttles metrics. INFO while tuning memory (REPORT's
   * max memory used). @default 'WARN'
   */
  readonly systemLogLevel?: 'DEBUG' | 'INFO' | 'WARN';
  /** @default - none */
  readonly description?: string;
}

const APPLICATION_LOG_LEVELS: Readonly<Record<string, lambda.ApplicationLogLevel>> = {
  TRACE: lambda.ApplicationLogLevel.TRACE,
  DEBUG: lambda.ApplicationLogLevel.DEBUG,
  INFO: lambda.ApplicationLogLevel.INFO,
  WARN: lambda.ApplicationLogLevel.WARN,
  ERROR: lambda.ApplicationLogLevel.ERROR,
  CRITICAL: lambda.ApplicationLogLevel.FATAL,
  SILENT: lambda.ApplicationLogLevel.FATAL,
};

/**
 * A Lambda function the Commerce Ops way: Node.js 22 on arm64, bundled locally with esbuild to one
 * ESM file (SDK included), its own log group, X-Ray active, Powertools defaults, and metadata that
 * lets the local cloud run the TypeScript source directly. Grants are made explicitly by the caller.
 */
export class OpsFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;
  readonly entry: string;
  readonly shortName: string;

  constructor(scope: Construct, id: string, props: OpsFunctionProps) {
    super(scope, id);
    this.entry = props.entry;
    this.shortName = props.shortName;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An explicit role keeps the AWS managed basic-execution policy out: logging is granted on this
    // function's own log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.shortName}`,
    });
    this.logGroup.grantWrite(this.role);

    const esbuild = OPS_FUNCTION_ESBUILD_OPTIONS;
    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(REPO_ROOT, props.entry),
      handler: props.handlerExport ?? 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      // JSON logs, so Lambda filters by level: Powertools already writes one JSON object a line.
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: APPLICATION_LOG_LEVELS[props.logLevel ?? 'INFO'] ?? lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel[props.systemLogLevel ?? 'WARN'],
      description: props.description,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'commerce-ops',
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        minify: esbuild.minify,
        sourceMap: esbuild.sourcemap,
        sourceMapMode: SourceMapMode.EXTERNAL,
        sourcesContent: esbuild.sourcesContent,
        target: esbuild.target,
        format: OutputFormat.ESM,
        mainFields: [...esbuild.mainFields],
        banner: esbuild.banner.js,
        externalModules: [...esbuild.external],
        bundleAwsSDK: true,
        tsconfig: esbuild.tsconfig,
        esbuildArgs: { '--alias': Object.entries(esbuild.alias).map(([from, to]) => `${from}=${to}`) },
      },
    });

    const cfnFunction = this.function.node.defaultChild as lambda.CfnFunction;
    cfnFunction.addMetadata(METADATA.entry, props.entry);
    cfnFunction.addMetadata(METADATA.handler, props.handlerExport ?? 'handler');
    setMetadataName(cfnFunction, props.shortName);

    acknowledgeXrayWildcard(this.role);
    acknowledgeNag(
      cfnFunction,
      'L1',
      'Node.js 22 is deliberate: the same handlers run in the local cloud on the team machines (Node 20/22); the runtime moves together with that toolchain.',
    );
  }

  /** Adds an environment variable after construction (e.g. a state machine ARN known later). */
  addEnvironment(key: string, value: string): void {
    this.function.addEnvironment(key, value);
  }

  /** Key-based reads on the table and its indexes. Scan is deliberately not granted (house rule). */
  grantTableRead(table: dynamodb.Table): void {
    this.grantTable(table, TABLE_READ_ACTIONS);
  }

  /** Key-based reads and writes (incl. transactions, which use Put/Update/Delete rights). No Scan. */
  grantTableReadWrite(table: dynamodb.Table): void {
    this.grantTable(table, [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS]);
  }

  /**
   * SendTaskSuccess/Failure/Heartbeat on a workflow. A standalone policy (not the role's default
   * policy) so a workflow that invokes this very function does not create a dependency cycle.
   */
  grantTaskResponse(machine: sfn.IStateMachine): void {
    const policy = new iam.Policy(this, `TaskResponse${machine.node.id}`, {
      statements: [
        new iam.PolicyStatement({
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
          resources: [machine.stateMachineArn],
        }),
      ],
    });
    policy.attachToRole(this.role);
  }

  private grantTable(table: dynamodb.Table, actions: readonly string[]): void {
    table.grant(this.role, ...actions);
    acknowledgeNag(
      this.role,
      arnWildcardFinding(table.node.defaultChild as dynamodb.CfnTable, '/index/*', this.role),
      'Query on the GSIs of the single table (docs/data-model.md); scoped to that table\'s indexes.',
    );
  }
}

const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
] as const;

const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

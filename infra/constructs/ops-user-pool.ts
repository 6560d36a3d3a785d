import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES } from '../../shared/domain/actor';
import { acknowledgeNag } from './nag';

export interface OpsUserPoolProps {
  /** @default RemovalPolicy.RETAIN (accounts are not recreated by a redeploy) */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Who may call the API: one Cognito user pool with a group per role (operator, supplier, customer, agent,
 * warehouse), a `custom:supplierId` attribute for supplier users, and one public app client whose ID
 * tokens the HTTP API's JWT authorizer accepts.
 */
export class OpsUserPool extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: OpsUserPoolProps = {}) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      customAttributes: { supplierId: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      deletionProtection: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) {
      this.userPool.addGroup(`${role.charAt(0).toUpperCase()}${role.slice(1)}Group`, {
        groupName: role,
        description: `Commerce Ops ${role}s`,
      });
    }
    this.client = this.userPool.addClient('AppClient', {
      authFlows: { userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      // Without this list a user may rewrite every attribute with their own access token, custom ones
      // included: `custom:supplierId` decides which supplier's data they see, so only admins set it.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true, phoneNumber: true }),
    });

    acknowledgeNag(
      this.userPool,
      'COG2',
      'MFA is OPTIONAL by product decision: supplier and customer users self-enrol a TOTP factor; operators are required to enrol by policy (enforced at onboarding, not by the pool).',
    );
    acknowledgeNag(
      this.userPool,
      'COG8',
      'Sign-up is admin-only (no self sign-up) and MFA is available; the Plus feature plan (threat protection) is a per-account cost decision, switched on with `featurePlan` when the deploying account opts in.',
    );
  }

  /** `https://cognito-idp.<region>.amazonaws.com/<pool id>`: the `iss` of this pool's tokens. */
  get issuerUrl(): string {
    return this.userPool.userPoolProviderUrl;
  }
}

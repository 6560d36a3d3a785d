/** CDK CLI entry (`cdk synth`, `cdk deploy`): the CLI passes context and the output dir via env. */
import { buildCommerceOpsApp } from './commerce-ops-app';

const { app } = buildCommerceOpsApp();
app.synth();

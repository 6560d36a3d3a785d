/**
 * In-process synth of the CDK app with bundling skipped and validation off: the local cloud only needs
 * the template (functions run from source), so this stays well under a second after module load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCommerceOpsApp, FAST_SYNTH_CONTEXT } from '../../commerce-ops-app';
import { LOCAL_PAGINATION_SECRET, localCarrierWebhookSecrets } from '../../stacks/settings';
import { DEMO_CARRIERS } from '../seed-shipping';
import type { CfnTemplate } from './resolve';

export interface SynthesizedTemplate {
  readonly template: CfnTemplate;
  readonly stackName: string;
}

/** @param context extra CDK context (e.g. shorter business deadlines for tests). */
export function synthTemplate(context: Record<string, unknown> = {}): SynthesizedTemplate {
  const outdir = mkdtempSync(join(tmpdir(), 'commerce-ops-synth-'));
  try {
    const { app, stack } = buildCommerceOpsApp({
      outdir,
      // Bundling skipped (functions run from source locally) and validation (cdk-nag) off.
      // The local cloud's dev secrets are fixed, in the template env (no Secrets Manager locally).
      context: {
        ...FAST_SYNTH_CONTEXT,
        paginationSecret: LOCAL_PAGINATION_SECRET,
        carrierWebhookSecrets: localCarrierWebhookSecrets(DEMO_CARRIERS.map((carrier) => carrier.id)),
        ...context,
      },
    });
    const assembly = app.synth({ skipValidation: true, validateOnSynthesis: false });
    const artifact = assembly.getStackByName(stack.stackName);
    return { template: artifact.template as CfnTemplate, stackName: stack.stackName };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * What `npm run invoke` can fire: the schedules (`AWS::Events::Rule` with a `ScheduleExpression`) the
 * template declares, told in words — including when there are none yet.
 */
import { REPO_ROOT } from '../../constructs/repo';
import { DEFAULT_REGION, LOCAL_ACCOUNT_ID } from '../model';


/** Said wherever the list is empty (the CLI, the banner): why, and what is coming. */
export const NO_SCHEDULES_YET =
  'The template declares no schedules yet, so there is nothing to fire. Scheduled jobs (e.g. nightly-kpi) come with the inventory and analytics contexts; the banner of `npm start` names them once they exist.';

/** The listing the CLI prints for a bare `npm run invoke` (and after an unknown name). */
export const scheduleListing = (names: readonly string[]): string =>
  names.length === 0
    ? NO_SCHEDULES_YET
    : [`Schedules you can fire (npm run invoke -- <name>):`, ...[...names].sort().map((name) => `  ${name}`)].join('\n');

/** The banner's word on schedules: their names, or that there are none yet. */
export const bannerSchedules = (names: readonly string[]): string =>
  names.length === 0 ? 'none yet (npm run invoke lists what it can fire)' : names.join(', ');

/**
 * The schedules of the synthesized template, for when no local cloud is running to ask. The synth (the CDK
 * app, seconds of module loading) is imported only here: the banner imports this module on every start.
 */
export async function templateScheduleNames(): Promise<string[]> {
  const [{ synthTemplateCached }, { buildLocalModel }] = await Promise.all([import('../template/synth-cache'), import('../template/model')]);
  const { template, stackName } = await synthTemplateCached();
  const model = buildLocalModel(template, { stackName, region: DEFAULT_REGION, accountId: LOCAL_ACCOUNT_ID, repoRoot: REPO_ROOT });
  return model.rules.filter((rule) => rule.scheduleExpression).map((rule) => rule.name);
}

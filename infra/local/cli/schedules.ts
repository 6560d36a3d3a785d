/**
 * What `npm run invoke` can fire: the schedules (`AWS::Events::Rule` with a `ScheduleExpression`) the
 * template declares, told in words — including when there are none yet.
 */
import { REPO_ROOT } from '../../constructs/repo';
import { buildLocalModel } from '../template/model';
import { synthTemplate } from '../template/synth';
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

/** The schedules of the synthesized template, for when no local cloud is running to ask. */
export const templateScheduleNames = (): string[] => {
  const { template, stackName } = synthTemplate();
  const model = buildLocalModel(template, { stackName, region: DEFAULT_REGION, accountId: LOCAL_ACCOUNT_ID, repoRoot: REPO_ROOT });
  return model.rules.filter((rule) => rule.scheduleExpression).map((rule) => rule.name);
};

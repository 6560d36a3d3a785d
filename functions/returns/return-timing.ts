import { returnTaskInput } from '../../shared/contracts/returns';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as returnsRepository from '../../shared/adapters/returns-repository';
import { clock } from '../../shared/adapters/clock';
import { returnTiming, returnWaitSettingsFrom } from '../../shared/domain/returns/approval';

const settings = returnWaitSettingsFrom(process.env);

/** Workflow task ReturnTiming: where the return stands, and how long until the reminder, the decision's deadline and the parcel's. Reads only. */
export const handler = taskHandler(returnTaskInput, async function readReturnTiming({ returnId }) {
  return returnTiming(await returnsRepository.requireReturn(returnId), clock.now(), settings);
});

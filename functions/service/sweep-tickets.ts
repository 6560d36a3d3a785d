import * as serviceRepository from '../../shared/adapters/service-repository';
import { loadServiceConfig } from '../../shared/adapters/service-settings-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { dueEntries, serviceSettingsFrom, sweepDue, type DueEntry } from '../../shared/domain/service/due';

/** Entries per page, and at most this many per run (a backlog is finished by the next minute's run). */
const PAGE = 100;
const MAX_PER_RUN = 2_000;

/**
 * The SLA sweeper (schedule `ticket-sla-sweeper`, every minute; `npm run invoke -- ticket-sla-sweeper`):
 * reads the due entries up to now from GSI3's sparse `TICKETS_DUE` (as many reads as entries due, never the
 * open tickets) and, per entry, raises the clock's warning or breach — escalating an urgent ticket's breach
 * to operators — or closes a ticket resolved `TICKET_AUTO_CLOSE_DAYS` ago. Each alert is written with the
 * ticket, conditionally on the version read, so it fires once however many runs race. An entry found
 * early (its calendar or policy moved) is put where it belongs now; one of a stopped clock is dropped.
 */
export async function handler(event: { id?: string } = {}): Promise<Record<string, number>> {
  const now = clock.now();
  const correlationId = event.id ?? `ticket-sweep-${now.toISOString()}`;
  const config = await loadServiceConfig();
  const settings = serviceSettingsFrom(process.env);
  const context = { calendar: config.calendar, settings, correlationId };
  const report = { due: 0, alerted: 0, closed: 0, moved: 0, failed: 0 };
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await serviceRepository.dueBy(now, { limit: PAGE, exclusiveStartKey });
    for (const entry of page.items) {
      report.due += 1;
      await sweepOne(entry).catch((error: unknown) => (report.failed += 1, logger.error('could not sweep a due ticket; next run retries', { ticketId: entry.ticketId, kind: entry.kind, error })));
    }
    exclusiveStartKey = page.lastEvaluatedKey;
  } while (exclusiveStartKey && report.due < MAX_PER_RUN);
  logger.info('ticket sweep done', report);
  return report;

  async function sweepOne(entry: DueEntry): Promise<void> {
    const updated = await serviceRepository.updateTicket(entry.ticketId, (ticket) => sweepDue(ticket, entry.kind, now, config.calendar, settings), context).catch((error: unknown) => {
      if ((error as { code?: string }).code === 'TicketNotFound') return undefined;
      throw error;
    });
    if (updated === 'contention') throw new Error(`ticket ${entry.ticketId} kept changing`);
    if (updated?.change.next) {
      if (entry.kind === 'AUTO_CLOSE') report.closed += 1;
      else report.alerted += 1;
      return;
    }
    // Nothing was due: the entry is stale. Put it where the ticket says it belongs, or drop it.
    const belongs = updated ? dueEntries(updated.ticket, config.calendar, settings).find((wanted) => wanted.kind === entry.kind) : undefined;
    if (belongs && belongs.at !== entry.at) await serviceRepository.rescheduleDue([belongs]);
    else if (!belongs) await serviceRepository.dropDue(entry.ticketId, entry.kind);
    report.moved += 1;
  }
}

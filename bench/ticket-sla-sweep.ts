/**
 * Ticket SLA sweep section: the ticket-sla-sweeper (functions/service/sweep-tickets.ts) with 1,000 and with
 * 100,000 open tickets, 1 % of them due, and with 100,000 open and as few due as the small run. It reads the
 * sparse `TICKETS_DUE` entries up to now, never the open tickets: its reads follow the due count. The ratio
 * of reads at 1 % (100,000 vs 1,000 open) is the due ratio (100×); with the due count held, it stays ~1×.
 *
 * The job runs in this process against DynamoDB Local (in memory), with its real module and client; the
 * low-stock section's middleware counts each request and the read units DynamoDB reports.
 */
import { withBenchTable, type BenchTable } from './bench-table';
import { printChecks, printTable, round, type TargetCheck } from './format';
import { countRequests, type RequestCounts } from './low-stock-alerts';
import { mergeSection } from './results';

const TARGETS = {
  /** Same due count, 100× the open tickets: at most this many times the reads. */
  openRatio: 1.1,
  /** Read requests per due ticket (a GetItem each, a Query page per 100 entries, the config Query). */
  readsPerDue: 1.2,
} as const;

interface Run {
  readonly open: number;
  readonly due: number;
  readonly ms: number;
  readonly readRequests: number;
  readonly readUnits: number;
  readonly writeRequests: number;
}

export async function runTicketSlaSweepSection(): Promise<void> {
  await withBenchTable('tickets', async (table) => {
    const { documentClient } = await import('../shared/adapters/dynamo');
    const counts = countRequests(documentClient);
    const { handler } = await import('../functions/service/sweep-tickets');
    const seed = seeder(table);

    console.log('Seeding 1,000 open tickets, 10 of them due…');
    await seed.tickets(0, 990, 'later');
    await seed.tickets(990, 1_000, 'due');
    const runs: Run[] = [await measure(handler, counts, 1_000, 10)];

    console.log('Growing to 100,000 open tickets, 10 newly due…');
    await seed.tickets(1_000, 99_000, 'later');
    await seed.tickets(99_000, 99_010, 'due');
    runs.push(await measure(handler, counts, 100_000, 10));

    console.log('… and 1,000 due (1 %)…\n');
    await seed.tickets(100_000, 101_000, 'due');
    runs.push(await measure(handler, counts, 100_000, 1_000));

    printTable(
      ['open tickets', 'due', 'ms', 'read requests', 'read units', 'write requests'],
      runs.map((run) => [String(run.open), String(run.due), String(round(run.ms)), String(run.readRequests), String(round(run.readUnits)), String(run.writeRequests)]),
    );
    const [small, sameDue, onePercent] = runs as [Run, Run, Run];
    const openRatio = sameDue.readRequests / small.readRequests;
    const dueRatio = onePercent.readRequests / small.readRequests;
    const readsPerDue = Math.max(...runs.map((run) => run.readRequests / run.due));
    console.log(`\n1 % due: 100,000 open / 1,000 open = ${dueRatio.toFixed(1)}× the reads for 100× the due tickets; 10 due at 100× the open tickets: ${openRatio.toFixed(2)}× the reads.`);
    const checks: TargetCheck[] = [
      { target: `same due count, 100× the open tickets: ≤ ${TARGETS.openRatio}× the reads`, actual: `${openRatio.toFixed(2)}×`, met: openRatio <= TARGETS.openRatio },
      { target: `≤ ${TARGETS.readsPerDue} read requests per due ticket`, actual: readsPerDue.toFixed(2), met: readsPerDue <= TARGETS.readsPerDue },
    ];
    printChecks(checks);
    mergeSection('ticketSlaSweep', { runs, openRatio: round(openRatio * 100) / 100, dueRatio: round(dueRatio * 10) / 10, readsPerDue: round(readsPerDue * 100) / 100, targets: TARGETS, checks });
  });
}

type Handler = (event?: { id?: string }) => Promise<Record<string, number>>;

async function measure(handler: Handler, counts: RequestCounts, open: number, due: number): Promise<Run> {
  counts.reset();
  const started = performance.now();
  const report = await handler({ id: `bench-${open}-${due}` });
  const ms = performance.now() - started;
  if (report.alerted !== due) throw new Error(`expected ${due} tickets alerted, the sweep alerted ${report.alerted} (${JSON.stringify(report)})`);
  return { open, due, ms, ...counts.snapshot() };
}

/** Open tickets as the repository writes them (ticket item and its due entry); `due` ones opened long enough ago to be past due. */
function seeder({ writeAll }: BenchTable) {
  const id = (n: number) => `01JBENCHT${String(n).padStart(17, '0')}`;
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => from + index);
  return {
    tickets: (from: number, to: number, when: 'due' | 'later') => {
      const opened = new Date(Date.now() - (when === 'due' ? 10 : 0) * 60_000).toISOString();
      // Every hour counts: first answer in 5 minutes (warning at 4), so a ticket opened 10 minutes ago is due.
      const clock = { targetMs: 5 * 60_000, hours: 'always', elapsedMs: 0, runningSince: opened };
      const warnAt = new Date(Date.parse(opened) + 4 * 60_000).toISOString();
      return writeAll(
        range(from, to).flatMap((n) => [
          {
            pk: `TICKET#${id(n)}`, sk: 'TICKET', entity: 'Ticket', gsi1pk: 'TICKETS#OPEN', gsi1sk: `${opened}#${id(n)}`, gsi2pk: `CUSTOMER_TICKETS#bench-${n}`, gsi2sk: `${opened}#${id(n)}`,
            ticketId: id(n), customerId: `bench-${n}`, channel: 'chat', category: 'other', subject: 'Bench', priority: 'normal', tags: [], status: 'OPEN',
            openedBy: `bench-${n}`, createdAt: opened, updatedAt: opened, reopenCount: 0, version: 1,
            sla: { FIRST_RESPONSE: clock, RESOLUTION: { ...clock, targetMs: 24 * 60 * 60_000 } },
          },
          { pk: `TICKET#${id(n)}`, sk: 'DUE#FIRST_RESPONSE', entity: 'TicketDue', gsi3pk: 'TICKETS_DUE', gsi3sk: `${warnAt}#${id(n)}#FIRST_RESPONSE`, ticketId: id(n), kind: 'FIRST_RESPONSE', stage: 'WARNING', at: warnAt },
        ]),
      );
    },
  };
}

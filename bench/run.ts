/**
 * `npm run bench [-- <section>…]`: each section measures one thing, prints its table and merges its
 * own key into bench/results.json. Sections run one after the other (the machine is shared); a missed
 * target is reported, never a failed process. A section that breaks sets the exit code; the rest run.
 */
import { runAnalyticsSection } from './analytics';
import { runBundlesSection } from './bundles';
import { runLowStockAlertsSection } from './low-stock-alerts';
import { runOrdersCostSection } from './orders-cost';
import { runOrdersThroughputSection } from './orders-throughput';
import { runPlaceOrderLoadSection } from './place-order-load';
import { runPromotionsQuoteSection } from './promotions-quote';
import { runReorderPolicySection } from './reorder-policy';
import { RESULTS_FILE } from './results';
import { runStartupSection } from './startup';
import { runTicketSlaSweepSection } from './ticket-sla-sweep';

const SECTIONS = [
  { id: 'bundles', title: 'Bundles: size and cold import time per function', run: runBundlesSection },
  { id: 'startup', title: 'Startup: npm start --fresh to the ready banner', run: runStartupSection },
  { id: 'orders-throughput', title: 'Orders throughput: POST /orders to SHIPPED with automatic packing', run: runOrdersThroughputSection },
  { id: 'orders-cost', title: 'Orders cost: AWS list price per 1,000 orders, place to delivered', run: runOrdersCostSection },
  { id: 'low-stock-alerts', title: 'Low-stock alerts: the alert job over 10,000 and 100,000 SKUs, 1 % low', run: runLowStockAlertsSection },
  { id: 'ticket-sla-sweep', title: 'Ticket SLA sweep: reads with 1,000 and 100,000 open tickets, 1 % due', run: runTicketSlaSweepSection },
  { id: 'reorder-policy', title: 'Reorder policy: the nightly job per SKU, and what 100,000 SKUs take', run: runReorderPolicySection },
  { id: 'analytics', title: 'Analytics: the nightly KPI job with 1 and 10 years of history, ingestion rate and WCU per event', run: runAnalyticsSection },
  { id: 'promotions-quote', title: 'Promotions on the quote: reads and time with 0, 10 and 100 live promotions that cannot apply', run: runPromotionsQuoteSection },
  { id: 'place-order-load', title: 'Place order under load: accepted / throttled / failed at concurrency 10, 50, 100, 200', run: runPlaceOrderLoadSection },
] as const;

const requested = process.argv.slice(2);
const unknown = requested.filter((id) => !SECTIONS.some((section) => section.id === id));
if (unknown.length) {
  console.error(`unknown section(s): ${unknown.join(', ')}; known: ${SECTIONS.map((section) => section.id).join(', ')}`);
  process.exit(2);
}

for (const section of SECTIONS.filter(({ id }) => !requested.length || requested.includes(id))) {
  console.log(`\n== ${section.title} ==\n`);
  try {
    await section.run();
  } catch (error) {
    process.exitCode = 1;
    console.error(`section ${section.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
console.log(`\nResults: ${RESULTS_FILE}`);

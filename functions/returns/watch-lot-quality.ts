/**
 * The quality watch on `LotRejected` (a goods-receipt lot QC rejected): the same decision as on a return's incident
 * (watch-quality-incidents.ts), as its own function so each rule has its own dead-letter queue and alarm.
 */
export { handler } from './watch-quality-incidents';

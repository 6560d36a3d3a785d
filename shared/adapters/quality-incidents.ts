/**
 * A supplier's quality incidents, both kinds, from the one partition they share: GSI2
 * `SUPPLIER_QUALITY_INCIDENTS#<supplierId>`, sorted by when they were recorded (a return's, written with its
 * receipt; a QC-rejected lot's, written with the goods receipt). One key Query per window, paged.
 */
import type { QualityIncidentFact } from '../domain/inventory/quality-hold';
import { allPages, tableAccess as table } from './table-access';

interface StoredIncident {
  readonly source?: 'RETURN';
  readonly sku: string;
  readonly supplierId: string;
  readonly recordedAt: string;
  readonly quantity: number;
  readonly returnId?: string;
  readonly lotId?: string;
  readonly lots?: readonly string[];
  readonly purchaseOrderId?: string;
  readonly receiptId?: string;
}

const asFact = (incident: StoredIncident): QualityIncidentFact =>
  incident.source === 'RETURN'
    ? { source: 'RETURN', sku: incident.sku, supplierId: incident.supplierId, recordedAt: incident.recordedAt, quantity: incident.quantity, ref: incident.returnId ?? '', ...(incident.lotId ? { lotId: incident.lotId } : {}), ...(incident.lots?.length ? { lots: incident.lots } : {}) }
    : { source: 'QC', sku: incident.sku, supplierId: incident.supplierId, recordedAt: incident.recordedAt, quantity: incident.quantity, ref: incident.purchaseOrderId ?? '', lotId: `${incident.purchaseOrderId}/${incident.receiptId}` };

/** The supplier's incidents recorded from `from` to `to` (ISO instants, both inclusive), oldest first. */
export async function incidentsOfSupplier(supplierId: string, from: string, to: string): Promise<QualityIncidentFact[]> {
  const items = await allPages((page) => table.query<StoredIncident>('GSI2', `SUPPLIER_QUALITY_INCIDENTS#${supplierId}`, page, { sortKeyBetween: [from, `${to}~`] }));
  return items.map(asFact);
}

/**
 * Demo data for the local cloud, written once (marker item `SEED#demo`): two approved suppliers with
 * contract terms, the demo categories, carriers and warehouses, stored through the repositories so they look exactly like real ones.
 * Owners `demo-supplier-1` / `demo-supplier-2` match `npm run token -- supplier --sub demo-supplier-1`.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { putCategory } from '../../shared/adapters/catalog-repository';
import { putSupplierOnce } from '../../shared/adapters/suppliers-repository';
import { DEMO_CATEGORIES } from '../../shared/domain/catalog/category';
import { putCarrier, putWarehouse } from '../../shared/adapters/orders-repository';
import { createTableAccess } from '../../shared/adapters/table-access';
import { DEMO_CARRIERS, DEMO_WAREHOUSES } from './seed-shipping';
import type { Supplier } from '../../shared/domain/suppliers/supplier';

const SEED_MARKER = { pk: 'SEED#demo', sk: 'SEED' };
const APPROVED_AT = '2024-11-01T09:00:00.000Z';

/** Valid ULIDs that read "DEMO SUPPLIER" / "DEMO APPLICATION" in Crockford base32 (no I, L, O, U). */
export const DEMO_SUPPLIERS: readonly Supplier[] = [
  {
    supplierId: '01JDEM0SVPP11ER00000000001',
    applicationId: '01JDEM0APP11CAT10N00000001',
    name: 'Nordwind Textil',
    legalName: 'Nordwind Textil GmbH',
    country: 'DE',
    status: 'APPROVED',
    ownerSub: 'demo-supplier-1',
    contactEmail: 'sales@nordwind-textil.example',
    productCategories: ['apparel', 'home-textiles'],
    terms: {
      paymentTermsDays: 30,
      leadTimeDays: 21,
      minimumOrderQuantity: 100,
      qualityStandard: 'AQL 2.5 General Inspection Level II',
      returnPolicy: { returnWindowDays: 30, defectHandling: 'REPLACE' },
    },
    qualificationScore: 82,
    performance: {
      ordersCount: 48,
      onTimeDeliveryRate: 0.96,
      fillRate: 0.98,
      returnRate: 0.02,
      defectRatePpm: 900,
      averageResponseHours: 6,
    },
    approvedAt: APPROVED_AT,
    approvedBy: 'demo-operator',
    updatedAt: APPROVED_AT,
  },
  {
    supplierId: '01JDEM0SVPP11ER00000000002',
    applicationId: '01JDEM0APP11CAT10N00000002',
    name: 'Costa Cerâmica',
    legalName: 'Costa Cerâmica Lda',
    country: 'PT',
    status: 'APPROVED',
    ownerSub: 'demo-supplier-2',
    contactEmail: 'export@costa-ceramica.example',
    productCategories: ['kitchen', 'tableware'],
    terms: {
      paymentTermsDays: 45,
      leadTimeDays: 35,
      minimumOrderQuantity: 250,
      qualityStandard: 'AQL 1.5 General Inspection Level II',
      returnPolicy: { returnWindowDays: 60, defectHandling: 'CREDIT_NOTE' },
    },
    qualificationScore: 71,
    performance: {
      ordersCount: 5,
      onTimeDeliveryRate: 1,
      fillRate: 0.97,
      returnRate: 0,
      defectRatePpm: 1200,
      averageResponseHours: 12,
    },
    approvedAt: APPROVED_AT,
    approvedBy: 'demo-operator',
    updatedAt: APPROVED_AT,
  },
];

export async function seedDemoData(
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<{ seeded: boolean; summary: string[] }> {
  const { Item: marker } = await client.send(new GetCommand({ TableName: tableName, Key: SEED_MARKER, ConsistentRead: true }));
  // The marker keeps what was seeded, so the banner lists it on every start (and after a fresh snapshot).
  if (marker) return { seeded: false, summary: Array.isArray(marker.summary) ? (marker.summary as string[]) : [`Demo data already present (seeded ${String(marker.seededAt)}).`] };

  // The repositories' own writes, through this client and table instead of the module-scope ones.
  const access = createTableAccess(client, () => tableName);
  const summary: string[] = [];
  for (const supplier of DEMO_SUPPLIERS) {
    await putSupplierOnce(supplier, access);
    summary.push(`Supplier ${supplier.supplierId} ${supplier.name} (${supplier.country}), owner ${supplier.ownerSub}`);
  }
  for (const category of DEMO_CATEGORIES) {
    await putCategory({ ...category, updatedAt: APPROVED_AT, updatedBy: 'demo-operator' }, access);
  }
  summary.push(`Categories ${DEMO_CATEGORIES.map(({ categoryId }) => categoryId).join(', ')}`);
  for (const carrier of DEMO_CARRIERS) await putCarrier(carrier, access);
  for (const warehouse of DEMO_WAREHOUSES) await putWarehouse(warehouse, access);
  summary.push(`Carriers ${DEMO_CARRIERS.map(({ id }) => id).join(', ')}; warehouses ${DEMO_WAREHOUSES.map(({ city }) => city).join(', ')}`);
  // Last, so an interrupted seed is completed on the next start (the supplier writes are idempotent).
  await client.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...SEED_MARKER, entity: 'SeedMarker', seededAt: new Date().toISOString(), summary },
    }),
  );
  return { seeded: true, summary };
}

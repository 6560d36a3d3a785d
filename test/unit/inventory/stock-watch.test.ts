import { describe, expect, it } from 'vitest';
import type { StockLevel } from '../../../shared/domain/inventory/stock';
import { planLowStockAlert, watchStock } from '../../../shared/domain/inventory/stock-watch';

const NOW = new Date('2030-07-03T10:00:00.000Z');
const stock = (available: number, overrides: Partial<StockLevel> = {}): StockLevel => ({
  sku: 'MUG',
  productId: '01J0PRODUCT0000000000000000',
  supplierId: '01J0SUPPLIER000000000000000',
  onHand: available + 2,
  reserved: 2,
  available,
  safetyStock: 10,
  reorderPoint: 12,
  createdAt: '2030-07-01T10:00:00.000Z',
  updatedAt: NOW.toISOString(),
  ...overrides,
});

describe('watchStock: low stock decided at the write', () => {
  it('opens an episode when a movement takes the SKU to its reorder point, with StockLow and the mark', () => {
    const decision = watchStock({ stock: stock(12), before: stock(14) }, NOW);
    expect(decision.change).toBe('OPENED');
    expect(decision.mark).toEqual({ sku: 'MUG', openedAt: NOW.toISOString(), availableAtOpening: 12, reorderPoint: 12 });
    expect(decision.events.map(({ detailType }) => detailType)).toEqual(['StockLow']);
  });

  it('closes it once the SKU is above again, with StockRestored naming when it went low', () => {
    const decision = watchStock({ stock: stock(13, { lowSince: '2030-07-02T08:00:00.000Z' }), before: stock(5, { lowSince: '2030-07-02T08:00:00.000Z' }) }, NOW);
    expect(decision.change).toBe('CLOSED');
    expect(decision.events[0]).toMatchObject({ detailType: 'StockRestored', detail: { lowSince: '2030-07-02T08:00:00.000Z' } });
  });

  it('changes nothing while low and marked, while above and unmarked, or for a record just created', () => {
    expect(watchStock({ stock: stock(3, { lowSince: NOW.toISOString() }), before: stock(4, { lowSince: NOW.toISOString() }) }, NOW).change).toBe('UNCHANGED');
    expect(watchStock({ stock: stock(40), before: stock(41) }, NOW).change).toBe('UNCHANGED');
    expect(watchStock({ stock: stock(0) }, NOW)).toEqual({ change: 'UNCHANGED', reorderPoint: 12, events: [] });
  });

  it('takes the safety stock as the reorder point until the nightly policy set one', () => {
    const unset = { reorderPoint: undefined, safetyStock: 10 };
    expect(watchStock({ stock: stock(11, unset), before: stock(12, unset) }, NOW).change).toBe('UNCHANGED');
    expect(watchStock({ stock: stock(10, unset), before: stock(11, unset) }, NOW)).toMatchObject({ change: 'OPENED', reorderPoint: 10 });
  });
});

describe('planLowStockAlert: one alert per run, one per episode, a restock unless one is open', () => {
  const mark = (sku: string, extra: object = {}) => ({ sku, openedAt: '2030-07-03T09:00:00.000Z', availableAtOpening: 5, reorderPoint: 12, ...extra });

  it('lists the newly low SKUs in one LowStockAlert and asks for a restock of each without a purchase order open', () => {
    const plan = planLowStockAlert(
      [
        { mark: mark('MUG'), stock: stock(4) },
        { mark: mark('BOWL'), stock: stock(2, { sku: 'BOWL', openPurchaseOrderId: '01J0PO' }) },
        { mark: mark('PLATE', { restockRequestedAt: '2030-07-03T09:15:00.000Z' }), stock: stock(7, { sku: 'PLATE' }) },
      ],
      NOW,
      (sku) => (sku === 'MUG' ? 2 : 0),
    );
    expect(plan.alert).toMatchObject({ detailType: 'LowStockAlert', detail: { skus: [{ sku: 'MUG', available: 4, daysOfCover: 2 }, { sku: 'BOWL' }, { sku: 'PLATE' }] } });
    expect(plan.alert?.detail).toMatchObject({ summary: expect.stringContaining('MUG (4 available, 2 days of cover)') });
    expect(plan.alerted.map(({ mark: alerted, restock }) => [alerted.sku, alerted.alertedAt, restock?.detailType])).toEqual([
      ['MUG', NOW.toISOString(), 'RestockRequested'],
      ['BOWL', NOW.toISOString(), undefined],
      ['PLATE', NOW.toISOString(), undefined],
    ]);
  });

  it('says nothing when every low SKU was alerted in its episode already', () => {
    expect(planLowStockAlert([{ mark: mark('MUG', { alertedAt: '2030-07-03T09:15:00.000Z' }), stock: stock(4) }], NOW)).toEqual({ alerted: [] });
    expect(planLowStockAlert([], NOW)).toEqual({ alerted: [] });
  });

  it('asks for no restock of a SKU on quality hold (it is still alerted)', () => {
    const hold = { since: '2030-07-02T08:00:00.000Z', supplierId: '01J0SUPPLIER000000000000000', incidents: 3, windowDays: 30, lots: [], refs: [] };
    const plan = planLowStockAlert([{ mark: mark('MUG'), stock: stock(4, { qualityHold: hold }) }], NOW);
    expect(plan.alerted.map(({ mark: alerted, restock }) => [alerted.sku, restock?.detailType])).toEqual([['MUG', undefined]]);
  });

  it('asks for no restock of a SKU whose product was archived, ever (it is still alerted)', () => {
    const retired = planLowStockAlert([{ mark: mark('MUG'), stock: stock(4, { retiredAt: '2030-07-02T08:00:00.000Z' }) }], NOW);
    expect(retired.alerted.map(({ mark: alerted, restock }) => [alerted.sku, restock?.detailType])).toEqual([['MUG', undefined]]);
    const selling = planLowStockAlert([{ mark: mark('MUG'), stock: stock(4) }], NOW);
    expect(selling.alerted.map(({ restock }) => restock?.detailType)).toEqual(['RestockRequested']);
  });
});

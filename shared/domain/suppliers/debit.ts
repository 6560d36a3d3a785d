/**
 * A debit to a supplier: goods a customer returned that the warehouse sends back to the supplier
 * (`RETURN_TO_VENDOR`, docs/returns.md) are charged to it at what we bought them for — the SKU's unit cost as
 * listed — or, for a SKU listed without one, at what the customer paid for them (the basis says which). One debit
 * per return and SKU, recorded with the receipt; the supplier sees its own (`GET /suppliers/{id}/debits`). Pure.
 */
import type { Money } from '../money';

export interface SupplierDebit {
  readonly supplierId: string;
  /** `<returnId>#<sku>`: one per return and SKU. */
  readonly debitId: string;
  readonly reason: 'RETURN_TO_VENDOR';
  readonly returnId: string;
  readonly orderId: string;
  readonly sku: string;
  readonly quantity: number;
  readonly unitAmount: Money;
  readonly amount: Money;
  readonly basis: 'UNIT_COST' | 'PAID';
  /** Why the goods went back (the return's reason). */
  readonly returnReason: string;
  readonly recordedAt: string;
}

export interface ReturnedToVendor {
  readonly returnId: string;
  readonly orderId: string;
  readonly returnReason: string;
  readonly recordedAt: string;
  readonly lines: readonly {
    readonly sku: string;
    readonly supplierId: string;
    readonly quantity: number;
    /** What the customer paid per unit (the return line's value ÷ its units), the fallback basis. */
    readonly paidPerUnit: Money;
  }[];
}

/** The debits of the units sent back: at the SKU's listed unit cost when known (`unitCosts`), else at what was paid. */
export function returnToVendorDebits(returned: ReturnedToVendor, unitCosts: ReadonlyMap<string, Money>): SupplierDebit[] {
  return returned.lines
    .filter((line) => line.quantity > 0)
    .map((line) => {
      const cost = unitCosts.get(line.sku);
      const unitAmount = cost ?? line.paidPerUnit;
      return {
        supplierId: line.supplierId,
        debitId: `${returned.returnId}#${line.sku}`,
        reason: 'RETURN_TO_VENDOR',
        returnId: returned.returnId,
        orderId: returned.orderId,
        sku: line.sku,
        quantity: line.quantity,
        unitAmount,
        amount: { amount: unitAmount.amount * line.quantity, currency: unitAmount.currency },
        basis: cost ? 'UNIT_COST' : 'PAID',
        returnReason: returned.returnReason,
        recordedAt: returned.recordedAt,
      };
    });
}

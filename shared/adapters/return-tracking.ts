/**
 * The return parcel through the carrier webhook (`POST /carrier-webhooks/{carrier}`): a scan of a return label's
 * tracking number moves the return's parcel (shared/domain/returns/parcel.ts), not an order. Undefined when the
 * number is no return label of this carrier.
 */
import type { ParcelEffect, ParcelScan } from '../domain/returns/parcel';
import { trackReturnParcel } from '../domain/returns/parcel';
import type { ReturnStatus } from '../domain/returns/return';
import { clock } from './clock';
import * as returnsRepository from './returns-repository';

export async function trackReturnParcelScan(trackingNumber: string, carrierId: string, scan: ParcelScan, correlationId: string): Promise<{ readonly returnId: string; readonly effect: ParcelEffect; readonly status: ReturnStatus } | undefined> {
  const mapping = await returnsRepository.returnForTracking(trackingNumber);
  if (!mapping || mapping.carrierId !== carrierId) return undefined;
  let effect: ParcelEffect = 'DUPLICATE';
  const { ret } = await returnsRepository.updateReturn(
    mapping.returnId,
    (current) => {
      const decision = trackReturnParcel(current, scan, clock.now());
      effect = decision.effect;
      return decision;
    },
    correlationId,
  );
  return { returnId: ret.returnId, effect, status: ret.status };
}

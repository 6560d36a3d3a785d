/**
 * The carrier port: book a shipment, get a tracking number and a label. Only the local sandbox carrier
 * exists so far (`CARRIER_PROVIDER=sandbox`): the tracking number derives from the order, so booking
 * twice (a retried step) returns the same parcel.
 */
import { createHash } from 'node:crypto';

export interface ShipmentBooking {
  readonly orderId: string;
  readonly carrierId: string;
  readonly weightGrams: number;
  readonly dimensions: { readonly lengthMm: number; readonly widthMm: number; readonly heightMm: number };
  readonly destination: { readonly name: string; readonly line1: string; readonly city: string; readonly postalCode: string; readonly country: string };
}

export interface BookedShipment {
  readonly trackingNumber: string;
  readonly labelUrl: string;
}

export interface CarrierPort {
  book(request: ShipmentBooking): Promise<BookedShipment>;
}

export const sandboxCarrier: CarrierPort = {
  async book({ orderId, carrierId }) {
    const digits = BigInt(`0x${createHash('sha256').update(`${carrierId}:${orderId}`).digest('hex').slice(0, 15)}`).toString().slice(0, 14).padStart(14, '0');
    const trackingNumber = `${carrierId.slice(0, 3).toUpperCase()}${digits}`;
    return { trackingNumber, labelUrl: `https://labels.sandbox.invalid/${carrierId}/${trackingNumber}.pdf` };
  },
};

const PROVIDERS: Readonly<Record<string, CarrierPort>> = { sandbox: sandboxCarrier };

export const carrierProvider = (): CarrierPort => {
  const name = process.env.CARRIER_PROVIDER ?? 'sandbox';
  const provider = PROVIDERS[name];
  if (!provider) throw new Error(`Unknown CARRIER_PROVIDER ${name}`);
  return provider;
};

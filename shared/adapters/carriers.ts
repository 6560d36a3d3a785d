/**
 * The carrier port: book a shipment (or a return parcel), get a tracking number and a label. Only the local
 * sandbox carrier exists so far (`CARRIER_PROVIDER=sandbox`): the tracking number derives from the order (the
 * return), so booking twice (a retried step) returns the same parcel.
 */
import { createHash } from 'node:crypto';
import { clock } from './clock';

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

/** A return parcel: from the customer's address to the warehouse the order shipped from, prepaid by us. */
export interface ReturnBooking {
  readonly returnId: string;
  readonly carrierId: string;
  readonly weightGrams: number;
  readonly from: ShipmentBooking['destination'];
  readonly toWarehouseId: string;
}

export interface CarrierPort {
  book(request: ShipmentBooking): Promise<BookedShipment>;
  /** A return label and its tracking number; booking the same return twice answers the same parcel. */
  bookReturn(request: ReturnBooking): Promise<BookedShipment>;
  /** Cancels a return label never used (the return expired): nothing is charged for it; voiding twice is a success. */
  voidReturn(request: { readonly carrierId: string; readonly trackingNumber: string }): Promise<{ readonly voidedAt: string }>;
}

const sandboxParcel = (carrierId: string, reference: string): BookedShipment => {
  const digits = BigInt(`0x${createHash('sha256').update(`${carrierId}:${reference}`).digest('hex').slice(0, 15)}`).toString().slice(0, 14).padStart(14, '0');
  const trackingNumber = `${carrierId.slice(0, 3).toUpperCase()}${digits}`;
  return { trackingNumber, labelUrl: `https://labels.sandbox.invalid/${carrierId}/${trackingNumber}.pdf` };
};

export const sandboxCarrier: CarrierPort = {
  book: async ({ orderId, carrierId }) => sandboxParcel(carrierId, orderId),
  bookReturn: async ({ returnId, carrierId }) => sandboxParcel(carrierId, `return:${returnId}`),
  voidReturn: async () => ({ voidedAt: clock.now().toISOString() }),
};

const PROVIDERS: Readonly<Record<string, CarrierPort>> = { sandbox: sandboxCarrier };

export const carrierProvider = (): CarrierPort => {
  const name = process.env.CARRIER_PROVIDER ?? 'sandbox';
  const provider = PROVIDERS[name];
  if (!provider) throw new Error(`Unknown CARRIER_PROVIDER ${name}`);
  return provider;
};

/**
 * GTIN barcodes (EAN-8, UPC-A, EAN-13, GTIN-14): digits whose last one is a mod-10 check digit, so a
 * mistyped barcode is caught when the product is listed, not at the warehouse scanner.
 */
export const GTIN_LENGTHS = [8, 12, 13, 14] as const;

/** The check digit for the digits before it (weights 3,1,3,… from the right). */
export const gtinCheckDigit = (body: string): number => {
  let sum = 0;
  for (let index = 0; index < body.length; index++) {
    const digit = Number(body[body.length - 1 - index]);
    sum += index % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
};

export const isValidGtin = (code: string): boolean =>
  /^\d+$/.test(code) &&
  (GTIN_LENGTHS as readonly number[]).includes(code.length) &&
  gtinCheckDigit(code.slice(0, -1)) === Number(code.at(-1));

/** A valid GTIN-13 from 12 digits (for fixtures and demo data). */
export const gtin13 = (twelveDigits: string): string => `${twelveDigits}${gtinCheckDigit(twelveDigits)}`;

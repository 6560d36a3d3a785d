import { describe, expect, it } from 'vitest';
import { gtin13, gtinCheckDigit, isValidGtin } from '../../../shared/domain/catalog/barcode';
import { goodSkus } from './fixtures';

describe('isValidGtin', () => {
  it.each([
    ['96385074', 'EAN-8'],
    ['036000291452', 'UPC-A'],
    ['4006381333931', 'EAN-13'],
    ['00012345678905', 'GTIN-14'],
    ['10012345678902', 'GTIN-14 with a packaging indicator'],
  ])('accepts %s (%s)', (code) => {
    expect(isValidGtin(code)).toBe(true);
  });

  it.each([
    ['4006381333932', 'a wrong check digit'],
    ['4006381333913', 'two digits swapped'],
    ['96385075', 'an EAN-8 with a wrong check digit'],
    ['03600029145', '11 digits'],
    ['400638133393100', '15 digits'],
    ['1234567', '7 digits'],
    ['', 'nothing'],
    ['400638133393X', 'a letter'],
    ['4006381-33931', 'a dash'],
    [' 4006381333931', 'a leading space'],
    ['4006381333931\n', 'a trailing newline'],
  ])('refuses %j (%s)', (code) => {
    expect(isValidGtin(code)).toBe(false);
  });

  it("accepts the fixtures' barcodes", () => {
    expect(goodSkus().map((sku) => isValidGtin(sku.barcode))).toEqual([true, true]);
  });
});

describe('gtinCheckDigit', () => {
  it.each([
    ['400638133393', 1],
    ['03600029145', 2],
    ['9638507', 4],
    ['0001234567890', 5],
    ['000000000000', 0],
    ['000000000001', 7],
    ['000000000010', 9],
  ])('of %s is %d', (body, digit) => {
    expect(gtinCheckDigit(body)).toBe(digit);
  });
});

describe('gtin13', () => {
  it.each([
    ['400638133393', '4006381333931'],
    ['590123412345', '5901234123457'],
    ['000000000000', '0000000000000'],
  ])('completes %s to %s', (body, code) => {
    expect(gtin13(body)).toBe(code);
    expect(isValidGtin(gtin13(body))).toBe(true);
  });
});

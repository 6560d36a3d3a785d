/**
 * An item read and written whole, never queried by its inner fields, stored with its body compressed
 * (AWS's DynamoDB best practices: "compress large attribute values"). DynamoDB bills a write per started KB
 * of the item (twice in a transaction), so an order of 2–3 KB JSON costs 2–3 units on each of its ~10 writes;
 * brotli brings its body to about 40 %, and most of them to one unit (docs/data-model.md, "Order items").
 *
 * The attributes a condition, a stream filter or a key needs stay plain beside `body`. An item without a
 * `body` (written before this) reads as it is, so stored data needs no migration.
 */
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';

const BODY = 'body';
/**
 * Quality 5: within ~10 % of brotli's best on an order, at ~0.1 ms a write instead of ~5 ms (measured on the
 * orders of the cost bench); the best never moved a write under the next KB.
 */
const QUALITY = 5;

/** `plain` as they are, everything in `body` compressed under `body`. */
export const withCompressedBody = (plain: Readonly<Record<string, unknown>>, body: Readonly<Record<string, unknown>>): Record<string, unknown> => {
  const json = Buffer.from(JSON.stringify(body));
  const compressed = brotliCompressSync(json, {
    params: { [constants.BROTLI_PARAM_QUALITY]: QUALITY, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: json.length },
  });
  return { ...plain, [BODY]: compressed };
};

/** The item with its body's fields back beside the plain ones (the plain ones win); an item without a body as it is. */
export const withBodyExpanded = <T extends Record<string, unknown>>(item: T): T => {
  const body = item[BODY];
  if (!(body instanceof Uint8Array)) return item;
  const { [BODY]: _compressed, ...plain } = item;
  return { ...(JSON.parse(brotliDecompressSync(body).toString('utf8')) as Record<string, unknown>), ...plain } as T;
};

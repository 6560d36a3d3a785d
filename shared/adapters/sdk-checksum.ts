/**
 * Stands in for `@smithy/core/checksum` in the deployed bundles (an esbuild alias set by
 * infra/constructs/ops-function.ts). The SDK clients we bundle (DynamoDB, Step Functions, EventBridge, SNS)
 * take only `Sha256` from it, for SigV4; the package's `Sha256` falls back to a pure-JS SHA-256 when Node has
 * no native crypto (never on Lambda), and its index brings CRC32, MD5 and stream hashers along. This is its
 * native branch alone: node:crypto's SHA-256, or HMAC-SHA256 when constructed with a secret.
 * An SDK update that imports anything else from the package fails the build ("No matching export"), not a call.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

type SourceData = string | ArrayBuffer | ArrayBufferView;

const toBuffer = (data: SourceData): string | Buffer =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/** The SDK's `Checksum` (smithy `Hash`) interface over node:crypto. */
export class Sha256 {
  readonly digestLength = 32;
  private hash: Hash | Hmac;
  private finished = false;

  constructor(private readonly secret?: SourceData) {
    this.hash = this.create();
  }

  update(data: SourceData): void {
    if (this.finished) throw new Error('Attempted to update an already finished hash.');
    this.hash.update(toBuffer(data));
  }

  async digest(): Promise<Uint8Array> {
    let buffer: Buffer;
    if (this.secret) {
      this.finished = true;
      buffer = this.hash.digest();
    } else {
      buffer = (this.hash as Hash).copy().digest();
    }
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }

  reset(): void {
    this.hash = this.create();
    this.finished = false;
  }

  private create(): Hash | Hmac {
    return this.secret ? createHmac('sha256', toBuffer(this.secret)) : createHash('sha256');
  }
}

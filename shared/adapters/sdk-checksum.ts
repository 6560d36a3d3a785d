/**
 * Stands in for `@smithy/core/checksum` in the deployed bundles (an esbuild alias set by
 * infra/constructs/ops-function.ts). The SDK clients we bundle (DynamoDB, Step Functions, EventBridge, SNS, SQS)
 * take only `Sha256` from it, for SigV4, and SQS `Md5`, to check the MD5 of message bodies it answers; the
 * package's hashers fall back to pure JS when Node has no native crypto (never on Lambda), and its index brings
 * CRC32 and stream hashers along. This is their native branch alone: node:crypto's SHA-256 (HMAC-SHA256 when
 * constructed with a secret) and MD5.
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

/** The SDK's `Md5` over node:crypto: the SQS client checks the MD5 of the bodies it sends and receives with it. */
export class Md5 {
  private hash: Hash = createHash('md5');

  update(data: SourceData): void {
    this.hash.update(toBuffer(data));
  }

  async digest(): Promise<Uint8Array> {
    const buffer = this.hash.copy().digest();
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }

  reset(): void {
    this.hash = createHash('md5');
  }
}

/**
 * Stands in for `@smithy/core/checksum` in the deployed bundles (an esbuild alias set by
 * infra/constructs/ops-function.ts). The SDK clients we bundle (DynamoDB, Step Functions, EventBridge, SNS, SQS)
 * take only `Sha256` from it, for SigV4, and SQS `Md5` too, for the message checksums it verifies; the package's
 * hashers fall back to pure JS when Node has no native crypto (never on Lambda), and its index brings CRC32 and
 * stream hashers along. This is their native branch alone: node:crypto's SHA-256 (HMAC-SHA256 when constructed
 * with a secret) and MD5.
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

/** The SDK's `Checksum` (smithy `Hash`) interface over a node:crypto hash, or HMAC when constructed with a secret. */
class NodeChecksum {
  private hash: Hash | Hmac;
  private finished = false;

  constructor(
    private readonly algorithm: 'sha256' | 'md5',
    private readonly secret?: SourceData,
  ) {
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
    return this.secret ? createHmac(this.algorithm, toBuffer(this.secret)) : createHash(this.algorithm);
  }
}

export class Sha256 extends NodeChecksum {
  readonly digestLength = 32;

  constructor(secret?: SourceData) {
    super('sha256', secret);
  }
}

export class Md5 extends NodeChecksum {
  readonly digestLength = 16;

  constructor() {
    super('md5');
  }
}

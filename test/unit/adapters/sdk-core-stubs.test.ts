import { describe, expect, it } from 'vitest';
import { Md5Js, Sha256Js } from '@smithy/core/checksum';
import { Md5, Sha256 } from '../../../shared/adapters/sdk-checksum';
import { EventStreamSerde, eventStreamSerdeProvider } from '../../../shared/adapters/sdk-event-streams';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

const digestOf = async (hash: { update(data: string | Uint8Array | ArrayBuffer): void; digest(): Promise<Uint8Array> }, parts: (string | Uint8Array | ArrayBuffer)[]) => {
  for (const part of parts) hash.update(part);
  return hex(await hash.digest());
};

describe('Sha256 standing in for @smithy/core/checksum (SigV4 signs with it)', () => {
  const inputs: (string | Uint8Array | ArrayBuffer)[][] = [
    [],
    ['AWS4-HMAC-SHA256\n20300101T000000Z'],
    ['héllo ', new TextEncoder().encode('wörld'), new Uint8Array([0, 1, 2, 255]).buffer],
    [new Uint8Array(Buffer.from('0123456789abcdef0123456789abcdef')).subarray(3, 20)],
  ];

  it.each(inputs.map((parts, index) => [index, parts] as const))('hashes like the SDK’s own SHA-256 (case %i)', async (_index, parts) => {
    expect(await digestOf(new Sha256(), parts)).toBe(await digestOf(new Sha256Js(), parts));
  });

  it.each(['AWS4secret', new TextEncoder().encode('signing-key-bytes')])('HMACs like the SDK’s own (secret %#)', async (secret) => {
    const parts = ['20300101', new TextEncoder().encode('eu-central-1')];
    expect(await digestOf(new Sha256(secret), parts)).toBe(await digestOf(new Sha256Js(secret), parts));
  });

  it('keeps hashing after a digest without a secret, and starts over on reset', async () => {
    const hash = new Sha256();
    hash.update('a');
    const first = hex(await hash.digest());
    hash.update('b');
    expect(hex(await hash.digest())).toBe(await digestOf(new Sha256Js(), ['ab']));
    hash.reset();
    hash.update('a');
    expect(hex(await hash.digest())).toBe(first);
    expect(new Sha256().digestLength).toBe(32);
  });

  it('refuses an update after an HMAC digest, as the SDK’s does', async () => {
    const hmac = new Sha256('key');
    await hmac.digest();
    expect(() => hmac.update('more')).toThrow('already finished');
  });
});

describe('Md5 standing in for @smithy/core/checksum (the SQS client checks message bodies with it)', () => {
  it.each([[[]], [['hello']], [['héllo ', new TextEncoder().encode('wörld'), new Uint8Array([0, 1, 2, 255]).buffer]]])('digests %j as the SDK’s does', async (parts) => {
    expect(await digestOf(new Md5(), parts)).toBe(await digestOf(new Md5Js(), parts));
  });

  it('starts over after reset', async () => {
    const hash = new Md5();
    hash.update('stale');
    hash.reset();
    hash.update('hello');
    expect(hex(await hash.digest())).toBe('5d41402abc4b2a76b9719d911017c592');
  });
});

describe('the event-stream stand-in', () => {
  it('fails with a message naming the alias when an event-stream operation is ever called', () => {
    expect(() => new EventStreamSerde()).toThrow(/Event streams are not bundled.*ops-function/);
    expect(() => eventStreamSerdeProvider()).toThrow(/Event streams are not bundled/);
  });
});

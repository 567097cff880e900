/**
 * What the AWS SDK's hashing modules import from node:crypto, on Bun's native
 * hasher. The release build (scripts/build.ts) points those SDK modules here:
 * under Bun, loading node:crypto costs a run that fetches 0.5–2 ms, and the
 * SDK imports it at load time only to hash (SigV4's SHA-256 and HMAC, the SSO
 * token cache's SHA-1) and to make invocation ids. The SDK still signs every
 * request itself; only the primitive underneath comes from Bun, and the
 * end-to-end tests check the signatures against node:crypto in the fake AWS.
 */

type Algorithm = ConstructorParameters<typeof Bun.CryptoHasher>[0];
type Data = string | NodeJS.TypedArray | DataView | ArrayBuffer;
type Key = string | NodeJS.TypedArray | ArrayBuffer;

/** The part of node:crypto's Hash and Hmac objects the SDK uses. */
class NativeHash {
  constructor(private readonly hasher: Bun.CryptoHasher) {}

  update(data: Data, encoding?: BufferEncoding): this {
    if (typeof data === "string") this.hasher.update(data, encoding as Bun.DigestEncoding | undefined);
    else this.hasher.update(data instanceof DataView ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : data);
    return this;
  }

  digest(): Buffer;
  digest(encoding: Bun.DigestEncoding): string;
  digest(encoding?: Bun.DigestEncoding): Buffer | string {
    return encoding === undefined ? this.hasher.digest() : this.hasher.digest(encoding);
  }

  copy(): NativeHash {
    return new NativeHash(this.hasher.copy());
  }
}

export function createHash(algorithm: Algorithm): NativeHash {
  return new NativeHash(new Bun.CryptoHasher(algorithm));
}

export function createHmac(algorithm: Algorithm, key: Key): NativeHash {
  return new NativeHash(new Bun.CryptoHasher(algorithm, key instanceof ArrayBuffer ? new Uint8Array(key) : key));
}

/** node:crypto's getRandomValues is Web Crypto's: the same CSPRNG, without loading node:crypto. */
export function getRandomValues<T extends Exclude<NodeJS.TypedArray, Float32Array | Float64Array>>(array: T): T {
  return globalThis.crypto.getRandomValues(array);
}

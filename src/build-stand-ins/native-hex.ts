/**
 * The SDK's toHex (@smithy/core/serde) on Buffer's native hex encoder; the
 * release build exports it from the SDK's module in place of the SDK's own,
 * which appends one byte at a time in JavaScript (scripts/build.ts). Same
 * text: lower-case, two digits a byte.
 */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** Whether a[aStart, aStart+length) equals b[bStart, bStart+length). */
export function sameBytes(a: Uint8Array, aStart: number, b: Uint8Array, bStart: number, length: number): boolean {
  if (length <= 0) return true;
  if (length > 64) {
    return Buffer.from(a.buffer, a.byteOffset + aStart, length).equals(Buffer.from(b.buffer, b.byteOffset + bStart, length));
  }
  for (let i = 0; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}

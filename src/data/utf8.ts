/**
 * Finding where bytes stop being UTF-8, so a file that is not UTF-8 text is refused with the byte
 * offset of the problem instead of being read with U+FFFD in place of its letters.
 */

/**
 * The offset of the first byte that does not belong to valid UTF-8 (a stray continuation byte,
 * a truncated, overlong or surrogate sequence, or one beyond U+10FFFF), or -1 if all are valid.
 * A sequence cut off by the end of `bytes` counts as valid unless `final`.
 *
 * @param bytes the bytes
 * @param final whether the bytes end the text
 * @example
 * ```ts
 * invalidUtf8(Uint8Array.of(0x61, 0xe9, 0x62), true); // 1 (é in Latin-1)
 * ```
 */
export function invalidUtf8(bytes: Uint8Array, final: boolean): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return final ? i : -1;
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * FNV-1a, 32 bits: the hash of melab's open-addressing tables (label-sheet cells, duplicate clips,
 * prediction-export ids and dictionaries) and of the synthetic generator's stage names. Values are
 * int32, as the tables store them.
 */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** FNV-1a of a string's UTF-16 code units, continuing from h. */
export function fnv1a(s: string, h: number = FNV_OFFSET): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** FNV-1a of bytes [start, end) of b, continuing from h. */
export function fnv1aBytes(b: Uint8Array, start: number, end: number, h: number = FNV_OFFSET): number {
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i], FNV_PRIME);
  return h;
}

// Reuse of object/map key strings by the decoders (cjson.decode, cmsgpack.unpack).
//
// Keys repeat (arrays of records): the last short key string seen in each of 256 slots is
// returned again when the same bytes come again. A reused string has its hash computed already,
// so the table's Map stores it faster than a new slice; nothing is allocated; and the encoders'
// key-order cache (lua51-order.ts) compares such keys by pointer. Keys of 13+ bytes are not
// kept: V8 makes a slice that long a view of the whole input text, which the cache would pin.

const recentKeys: string[] = new Array<string>(256).fill('');

/**
 * s[start..end) as a string: the same string object as before when it is a recent key.
 * `hash` is any number computed from those bytes (the caller's scan may have it for free).
 */
export function recentKey(s: string, start: number, end: number, hash: number): string {
  const n = end - start;
  if (n >= 13) return s.slice(start, end);
  const slot = (hash ^ (hash >>> 8)) & 255;
  const recent = recentKeys[slot];
  if (recent.length === n) {
    let i = 0;
    while (i < n && recent.charCodeAt(i) === s.charCodeAt(start + i)) i++;
    if (i === n) return recent;
  }
  const key = s.slice(start, end);
  recentKeys[slot] = key;
  return key;
}

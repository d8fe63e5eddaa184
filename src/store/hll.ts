// HyperLogLog as Redis's hyperloglog.c: 16384 6-bit registers, MurmurHash64A with Redis's
// seed, and Otmar Ertl's estimator (Redis >= 5), so PFCOUNT gives exactly Redis's numbers.
//
// The value is a Redis string (TYPE says 'string'), in Redis's own layout:
//   "HYLL" | encoding (0 dense, 1 sparse) | 3 unused | 8-byte cached cardinality (LE,
//   top bit of the last byte set = cache invalid) | registers
// Dense registers are 6-bit fields packed LSB first (12288 bytes). Sparse registers are the
// opcodes ZERO (00xxxxxx: 1..64 zeros), XZERO (01xxxxxx yyyyyyyy: 1..16384 zeros) and VAL
// (1vvvvvxx: 1..4 registers of value 1..32). We decode to a register array, change it, and
// encode again: sparse written canonically (longest zero runs, equal values merged up to 4),
// promoted to dense past hll-sparse-max-bytes (3000) or when a register exceeds 32, as Redis.

export const HLL_P = 14;
export const HLL_REGISTERS = 1 << HLL_P; // 16384
const HLL_Q = 64 - HLL_P;
const HLL_BITS = 6;
const HLL_REGISTER_MAX = 63;
const HLL_HDR_SIZE = 16;
const HLL_DENSE_BYTES = (HLL_REGISTERS * HLL_BITS + 7) >> 3; // 12288
export const HLL_DENSE_SIZE = HLL_HDR_SIZE + HLL_DENSE_BYTES;
const HLL_DENSE = 0, HLL_SPARSE = 1;
const SPARSE_VAL_MAX_VALUE = 32;
const SPARSE_VAL_MAX_LEN = 4;
const SPARSE_ZERO_MAX_LEN = 64;
const SPARSE_XZERO_MAX_LEN = 16384;
export const HLL_SPARSE_MAX_BYTES = 3000;
const HLL_ALPHA_INF = 0.721347520444481703680;

// ---- MurmurHash64A ------------------------------------------------------------------------

const M64 = 0xffffffffffffffffn;
const MURMUR_M = 0xc6a4a7935bd1e995n;

/** MurmurHash64A(key, len, seed) of a byte string, as Redis's hyperloglog.c. */
export function murmurHash64A(s: string, seed: number): bigint {
  const len = s.length;
  let h = (BigInt(seed) ^ ((BigInt(len) * MURMUR_M) & M64)) & M64;
  const whole = len - (len & 7);
  for (let i = 0; i < whole; i += 8) {
    let k = BigInt(s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16)) |
      (BigInt(s.charCodeAt(i + 3)) << 24n) |
      (BigInt(s.charCodeAt(i + 4) | (s.charCodeAt(i + 5) << 8) | (s.charCodeAt(i + 6) << 16)) << 32n) |
      (BigInt(s.charCodeAt(i + 7)) << 56n);
    k = (k * MURMUR_M) & M64;
    k ^= k >> 47n;
    k = (k * MURMUR_M) & M64;
    h ^= k;
    h = (h * MURMUR_M) & M64;
  }
  const rest = len & 7;
  if (rest > 0) {
    for (let j = rest - 1; j >= 0; j--) h ^= BigInt(s.charCodeAt(whole + j)) << BigInt(8 * j);
    h = (h * MURMUR_M) & M64;
  }
  h ^= h >> 47n;
  h = (h * MURMUR_M) & M64;
  h ^= h >> 47n;
  return h;
}

/** hllPatLen: the register index and the run length of zeros + 1 for an element. */
export function hllPatLen(s: string): { index: number; count: number } {
  let hash = murmurHash64A(s, 0xadc83b19);
  const index = Number(hash & BigInt(HLL_REGISTERS - 1));
  hash >>= BigInt(HLL_P);
  hash |= 1n << BigInt(HLL_Q);
  // Count trailing zeros + 1 on 32-bit halves (faster than BigInt shifts one bit at a time).
  const lo = Number(hash & 0xffffffffn), hi = Number(hash >> 32n);
  let count: number;
  if (lo !== 0) count = 31 - Math.clz32(lo & -lo) + 1;
  else count = 32 + (31 - Math.clz32(hi & -hi)) + 1;
  return { index, count };
}

// ---- the value: decode / encode -----------------------------------------------------------

export interface HllValue {
  registers: Uint8Array; // HLL_REGISTERS entries, one register per byte
  dense: boolean;
  /** The 8 cached-cardinality bytes as stored. */
  card: Uint8Array;
  /** Dense form only: the packed string bytes, kept in step with `registers` by hllAdd. */
  packed: Uint8Array | null;
}

/** isHLLObject's checks: magic, known encoding, dense size exact. */
export function isHllString(s: string): boolean {
  if (s.length < HLL_HDR_SIZE) return false;
  if (s.charCodeAt(0) !== 72 || s.charCodeAt(1) !== 89 || s.charCodeAt(2) !== 76 || s.charCodeAt(3) !== 76) return false;
  const enc = s.charCodeAt(4);
  if (enc > HLL_SPARSE) return false;
  if (enc === HLL_DENSE && s.length !== HLL_DENSE_SIZE) return false;
  return true;
}

/** A new empty HLL (createHLLObject): sparse, cache valid with value 0. */
export function emptyHll(): HllValue {
  return { registers: new Uint8Array(HLL_REGISTERS), dense: false, card: new Uint8Array(8), packed: null };
}

/** Decodes a valid HLL string (isHllString checked); null when the sparse data is corrupt. */
export function decodeHll(s: string): HllValue | null {
  const registers = new Uint8Array(HLL_REGISTERS);
  const card = new Uint8Array(8);
  for (let i = 0; i < 8; i++) card[i] = s.charCodeAt(8 + i);
  const dense = s.charCodeAt(4) === HLL_DENSE;
  if (dense) {
    const packed = new Uint8Array(HLL_DENSE_SIZE + 1); // +1: the register macros read one past
    packed.set(Buffer.from(s, 'latin1'));
    for (let r = 0; r < HLL_REGISTERS; r++) {
      const bit = r * HLL_BITS;
      const byte = HLL_HDR_SIZE + (bit >> 3), fb = bit & 7;
      registers[r] = ((packed[byte] >> fb) | (packed[byte + 1] << (8 - fb))) & HLL_REGISTER_MAX;
    }
    return { registers, dense, card, packed };
  }
  let idx = 0;
  for (let p = HLL_HDR_SIZE; p < s.length;) {
    const op = s.charCodeAt(p);
    if ((op & 0xc0) === 0) { idx += (op & 0x3f) + 1; p++; }
    else if ((op & 0xc0) === 0x40) {
      if (p + 1 >= s.length) return null;
      idx += (((op & 0x3f) << 8) | s.charCodeAt(p + 1)) + 1;
      p += 2;
    } else {
      const value = ((op >> 2) & 0x1f) + 1, len = (op & 3) + 1;
      if (idx + len > HLL_REGISTERS) return null;
      for (let k = 0; k < len; k++) registers[idx++] = value;
      p++;
    }
    if (idx > HLL_REGISTERS) return null;
  }
  if (idx !== HLL_REGISTERS) return null;
  return { registers, dense, card, packed: null };
}

function header(h: HllValue, dense: boolean): string {
  let out = 'HYLL' + String.fromCharCode(dense ? HLL_DENSE : HLL_SPARSE, 0, 0, 0);
  for (let i = 0; i < 8; i++) out += String.fromCharCode(h.card[i]);
  return out;
}

/** Canonical sparse opcodes of the registers, or null when they need the dense form. */
function sparseBody(reg: Uint8Array, maxBytes: number): string | null {
  const parts: number[] = [];
  let i = 0;
  while (i < HLL_REGISTERS) {
    const v = reg[i];
    if (v === 0) {
      let run = 1;
      while (i + run < HLL_REGISTERS && reg[i + run] === 0) run++;
      i += run;
      while (run > 0) {
        const n = Math.min(run, SPARSE_XZERO_MAX_LEN);
        if (n <= SPARSE_ZERO_MAX_LEN) parts.push(n - 1);
        else parts.push(0x40 | ((n - 1) >> 8), (n - 1) & 0xff);
        run -= n;
      }
    } else {
      if (v > SPARSE_VAL_MAX_VALUE) return null;
      let run = 1;
      while (i + run < HLL_REGISTERS && run < SPARSE_VAL_MAX_LEN && reg[i + run] === v) run++;
      parts.push(0x80 | ((v - 1) << 2) | (run - 1));
      i += run;
    }
    if (parts.length + HLL_HDR_SIZE > maxBytes) return null;
  }
  let out = '';
  for (let k = 0; k < parts.length; k += 4096) out += String.fromCharCode(...parts.slice(k, k + 4096));
  return out;
}

/** Encodes the value; sparse stays sparse while it fits, else it becomes dense for good. */
export function encodeHll(h: HllValue, sparseMaxBytes = HLL_SPARSE_MAX_BYTES): string {
  if (!h.dense) {
    const body = sparseBody(h.registers, sparseMaxBytes);
    if (body !== null && HLL_HDR_SIZE + body.length <= sparseMaxBytes) return header(h, false) + body;
    h.dense = true;
  }
  if (h.packed === null) {
    const packed = new Uint8Array(HLL_DENSE_SIZE + 1);
    const reg = h.registers;
    for (let r = 0; r < HLL_REGISTERS; r++) if (reg[r] !== 0) setPacked(packed, r, reg[r]);
    h.packed = packed;
  }
  const packed = h.packed;
  packed.set([72, 89, 76, 76, HLL_DENSE, 0, 0, 0], 0);
  packed.set(h.card, 8);
  return Buffer.from(packed.buffer, packed.byteOffset, HLL_DENSE_SIZE).toString('latin1');
}

/**
 * PFDEBUG DECODE's text of a sparse HLL string: "z:<run>" (ZERO), "Z:<run>" (XZERO),
 * "v:<value>,<run>" (VAL), space-separated; null for a dense one.
 */
export function describeSparse(s: string): string | null {
  if (s.charCodeAt(4) !== HLL_SPARSE) return null;
  const out: string[] = [];
  for (let p = HLL_HDR_SIZE; p < s.length;) {
    const op = s.charCodeAt(p);
    if ((op & 0xc0) === 0) { out.push(`z:${(op & 0x3f) + 1}`); p++; }
    else if ((op & 0xc0) === 0x40) { out.push(`Z:${(((op & 0x3f) << 8) | s.charCodeAt(p + 1)) + 1}`); p += 2; }
    else { out.push(`v:${((op >> 2) & 0x1f) + 1},${(op & 3) + 1}`); p++; }
  }
  return out.join(' ');
}

/** HLL_DENSE_SET_REGISTER on the packed string bytes. */
function setPacked(packed: Uint8Array, r: number, v: number): void {
  const bit = r * HLL_BITS;
  const byte = HLL_HDR_SIZE + (bit >> 3), fb = bit & 7;
  packed[byte] = (packed[byte] & ~((HLL_REGISTER_MAX << fb) & 0xff)) | ((v << fb) & 0xff);
  packed[byte + 1] = (packed[byte + 1] & ~(HLL_REGISTER_MAX >> (8 - fb))) | (v >> (8 - fb));
}

/** hllAdd: true when a register grew. */
export function hllAdd(h: HllValue, element: string): boolean {
  const { index, count } = hllPatLen(element);
  if (h.registers[index] >= count) return false;
  h.registers[index] = count;
  if (h.packed !== null) setPacked(h.packed, index, count);
  return true;
}

/** Registers raised to `max` where lower (PFMERGE into a value): keeps the packed form in step. */
export function raiseTo(h: HllValue, max: Uint8Array): void {
  const reg = h.registers;
  for (let i = 0; i < HLL_REGISTERS; i++) {
    if (max[i] > reg[i]) {
      reg[i] = max[i];
      if (h.packed !== null) setPacked(h.packed, i, max[i]);
    }
  }
}

// ---- decoded-value cache ------------------------------------------------------------------
// Decoding 16384 registers per PFADD would make a loop of PFADDs O(n * 16384). Values are
// strings, so the cache is keyed by the stored string itself (V8 keeps a string's hash, and
// the same string object compares by pointer first). A command that changes a value must
// forget() the old string before storing the new one, so no other key holding an equal
// string ever sees the change.

const decodedCache = new Map<string, HllValue>();
const CACHE_ENTRIES = 16;

/** decodeHll through the cache. The result may be shared: forget(s) before changing it. */
export function loadHll(s: string): HllValue | null {
  const hit = decodedCache.get(s);
  if (hit !== undefined) return hit;
  const h = decodeHll(s);
  if (h !== null) remember(s, h);
  return h;
}

export function forget(s: string): void { decodedCache.delete(s); }

export function remember(s: string, h: HllValue): void {
  if (decodedCache.size >= CACHE_ENTRIES) decodedCache.delete(decodedCache.keys().next().value as string);
  decodedCache.set(s, h);
}

/** HLL_INVALIDATE_CACHE. */
export function invalidateCache(h: HllValue): void { h.card[7] |= 0x80; }

export function storeCachedCount(h: HllValue, n: number): void {
  for (let i = 0; i < 8; i++) { h.card[i] = n % 256; n = Math.floor(n / 256); }
}

function hllSigma(x: number): number {
  if (x === 1) return Infinity;
  let zPrime: number;
  let y = 1;
  let z = x;
  do {
    x *= x;
    zPrime = z;
    z += x * y;
    y += y;
  } while (zPrime !== z);
  return z;
}

function hllTau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let zPrime: number;
  let y = 1.0;
  let z = 1 - x;
  do {
    x = Math.sqrt(x);
    zPrime = z;
    y *= 0.5;
    z -= Math.pow(1 - x, 2) * y;
  } while (zPrime !== z);
  return z / 3;
}

/** hllCount: the cardinality estimate of a register array. */
export function hllCount(reg: Uint8Array): number {
  const m = HLL_REGISTERS;
  const histo = new Array<number>(64).fill(0);
  for (let i = 0; i < m; i++) histo[reg[i]]++;
  let z = m * hllTau((m - histo[HLL_Q + 1]) / m);
  for (let j = HLL_Q; j >= 1; --j) {
    z += histo[j];
    z *= 0.5;
  }
  z += m * hllSigma(histo[0] / m);
  return Math.round((HLL_ALPHA_INF * m * m) / z);
}

/** hllMerge: max[i] = max(max[i], reg[i]). */
export function mergeInto(max: Uint8Array, reg: Uint8Array): void {
  for (let i = 0; i < HLL_REGISTERS; i++) if (reg[i] > max[i]) max[i] = reg[i];
}

// RDB primitives shared by every RDB payload Ferrous reads or writes (DUMP/RESTORE, FUNCTION
// DUMP/RESTORE, dump.rdb files), byte-compatible with Redis 7.x:
//
// - CRC64 (Jones), the footer checksum of payloads and RDB files;
// - LZF as Redis builds liblzf 3.6 (HLOG 16, VERY_FAST, zeroed hash table), so compressed
//   strings are the bytes Redis writes;
// - RDB lengths and strings (rdbSaveLen, rdbSaveRawString with integer and LZF encodings)
//   and a reader over a byte string (RdbReader).
//
// Byte strings are latin1 JS strings, like every value in Ferrous.

/** RDB_VERSION of Redis 7.4 (7.0: 10, 7.2: 11). DUMP and FUNCTION DUMP write it. */
export const RDB_VERSION = 12;

// ---------------------------------------------------------------------------------------------
// CRC64 (Redis's crc64.c: Jones polynomial, reflected, init 0, no final xor), as two 32-bit
// halves so the table lookups stay in small integers.

const CRC_LO = new Uint32Array(256);
const CRC_HI = new Uint32Array(256);
(function buildCrcTable(): void {
  // The reflected form of 0xad93d23594c935a9.
  const polyHi = 0x95ac9329;
  const polyLo = 0xac4bc9b5;
  for (let i = 0; i < 256; i++) {
    let lo = i;
    let hi = 0;
    for (let b = 0; b < 8; b++) {
      const carry = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi = hi >>> 1;
      if (carry) { lo = (lo ^ polyLo) >>> 0; hi = (hi ^ polyHi) >>> 0; }
    }
    CRC_LO[i] = lo;
    CRC_HI[i] = hi;
  }
})();

/** CRC64 of a byte string, as 8 little-endian bytes (the payload footer's form). */
export function crc64(data: string, end = data.length): string {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < end; i++) {
    const idx = (lo ^ data.charCodeAt(i)) & 0xff;
    lo = (((lo >>> 8) | ((hi & 0xff) << 24)) ^ CRC_LO[idx]) >>> 0;
    hi = ((hi >>> 8) ^ CRC_HI[idx]) >>> 0;
  }
  let out = '';
  for (let i = 0; i < 4; i++) out += String.fromCharCode((lo >>> (8 * i)) & 0xff);
  for (let i = 0; i < 4; i++) out += String.fromCharCode((hi >>> (8 * i)) & 0xff);
  return out;
}

// ---------------------------------------------------------------------------------------------
// LZF (liblzf 3.6 with Redis's lzfP.h settings)

const HLOG = 16;
const HSIZE = 1 << HLOG;
const MAX_LIT = 1 << 5;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);
/** The hash table, reused between calls (positions + 1; 0 = empty). */
const htab = new Int32Array(HSIZE);

/** VERY_FAST's IDX(h) = ((h >> (3*8 - HLOG)) - h*5) & (HSIZE - 1), in 32-bit unsigned C math. */
function idx(h: number): number {
  return ((h >>> (24 - HLOG)) - Math.imul(h, 5)) & (HSIZE - 1);
}

/**
 * lzf_compress: compresses `input` into at most outLen bytes; returns the compressed bytes,
 * or null when they would not fit (Redis then stores the string as is).
 */
export function lzfCompress(input: Uint8Array, outLen: number): Uint8Array | null {
  const inLen = input.length;
  if (inLen === 0 || outLen <= 0) return null;
  htab.fill(0);
  const out = new Uint8Array(outLen);
  let ip = 0;
  let op = 0;
  let lit = 0;
  op++; // start run
  let hval = (input[0] << 8) | input[1];
  while (ip < inLen - 2) {
    hval = ((hval << 8) | input[ip + 2]) >>> 0;
    const slot = idx(hval);
    const ref = htab[slot] - 1; // -1 = empty
    htab[slot] = ip + 1;
    const off = ip - ref - 1;
    if (ref > 0 && off < MAX_OFF && input[ref + 2] === input[ip + 2] && input[ref] === input[ip] && input[ref + 1] === input[ip + 1]) {
      // match found at ref
      let len = 2;
      let maxlen = inLen - ip - len;
      if (maxlen > MAX_REF) maxlen = MAX_REF;
      if (op + 3 + 1 >= outLen) {
        if (op - (lit === 0 ? 1 : 0) + 3 + 1 >= outLen) return null;
      }
      out[op - lit - 1] = lit - 1; // stop run
      if (lit === 0) op--; // undo run if length is zero
      // liblzf's loop: with more than 16 bytes left, 16 unrolled steps that may run past
      // maxlen (by design: maxlen keeps 2 bytes of slack), then the bounded loop.
      let mismatch = false;
      if (maxlen > 16) {
        for (let k = 0; k < 16; k++) {
          len++;
          if (input[ref + len] !== input[ip + len]) { mismatch = true; break; }
        }
      }
      if (!mismatch) {
        do len++; while (len < maxlen && input[ref + len] === input[ip + len]);
      }
      len -= 2; // len is now #octets - 1
      ip++;
      if (len < 7) {
        out[op++] = (off >> 8) + (len << 5);
      } else {
        out[op++] = (off >> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++; // start run
      ip += len + 1;
      if (ip >= inLen - 2) break;
      // VERY_FAST: hash the last two positions of the match.
      ip -= 2;
      hval = (input[ip] << 8) | input[ip + 1];
      hval = ((hval << 8) | input[ip + 2]) >>> 0;
      htab[idx(hval)] = ip + 1;
      ip++;
      hval = ((hval << 8) | input[ip + 2]) >>> 0;
      htab[idx(hval)] = ip + 1;
      ip++;
    } else {
      // one more literal byte we must copy
      if (op >= outLen) return null;
      lit++;
      out[op++] = input[ip++];
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1; // stop run
        lit = 0;
        op++; // start run
      }
    }
  }
  if (op + 3 > outLen) return null; // at most 3 bytes can be missing here
  while (ip < inLen) {
    lit++;
    out[op++] = input[ip++];
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  out[op - lit - 1] = lit - 1; // end run
  if (lit === 0) op--;
  return out.subarray(0, op);
}

/** lzf_decompress into exactly outLen bytes; null on a corrupt stream or a length mismatch. */
export function lzfDecompress(input: Uint8Array, outLen: number): Uint8Array | null {
  const out = new Uint8Array(outLen);
  let ip = 0;
  let op = 0;
  const inLen = input.length;
  while (ip < inLen) {
    let ctrl = input[ip++];
    if (ctrl < (1 << 5)) {
      ctrl++; // literal run
      if (op + ctrl > outLen || ip + ctrl > inLen) return null;
      for (let i = 0; i < ctrl; i++) out[op++] = input[ip++];
    } else {
      let len = ctrl >> 5;
      let ref = op - ((ctrl & 0x1f) << 8) - 1;
      if (ip >= inLen) return null;
      if (len === 7) {
        len += input[ip++];
        if (ip >= inLen) return null;
      }
      ref -= input[ip++];
      len += 2;
      if (op + len > outLen || ref < 0) return null;
      for (let i = 0; i < len; i++) out[op++] = out[ref++];
    }
  }
  return op === outLen ? out : null;
}

// ---------------------------------------------------------------------------------------------
// RDB strings

export function bytesOf(s: string): Uint8Array {
  return Buffer.from(s, 'latin1');
}

export function stringOf(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1');
}

/** rdbSaveLen. */
export function rdbLen(len: number): string {
  if (len < 1 << 6) return String.fromCharCode(len);
  if (len < 1 << 14) return String.fromCharCode(0x40 | (len >> 8), len & 0xff);
  if (len <= 0xffffffff) {
    return String.fromCharCode(0x80, (len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff);
  }
  let s = String.fromCharCode(0x81);
  const big = BigInt(len);
  for (let i = 7; i >= 0; i--) s += String.fromCharCode(Number((big >> BigInt(8 * i)) & 0xffn));
  return s;
}

/** rdbTryIntegerEncoding: a canonical decimal that fits 32 bits is stored as an integer. */
function integerEncoding(s: string): string | null {
  if (!/^-?[1-9][0-9]*$|^0$/.test(s) || s.length > 11) return null;
  const v = Number(s);
  if (v >= -(2 ** 7) && v <= 2 ** 7 - 1) return String.fromCharCode(0xc0, v & 0xff);
  if (v >= -(2 ** 15) && v <= 2 ** 15 - 1) return String.fromCharCode(0xc1, v & 0xff, (v >> 8) & 0xff);
  if (v >= -(2 ** 31) && v <= 2 ** 31 - 1) return String.fromCharCode(0xc2, v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff);
  return null;
}

/** rdbSaveRawString (rdbcompression yes): integer, LZF, or plain. */
export function rdbString(s: string): string {
  const len = s.length;
  if (len <= 11) {
    const asInt = integerEncoding(s);
    if (asInt !== null) return asInt;
  }
  if (len > 20) {
    // rdbSaveLzfStringObject: worth it only if it saves at least 4 bytes.
    const packed = lzfCompress(bytesOf(s), len - 4);
    if (packed !== null) return String.fromCharCode(0xc3) + rdbLen(packed.length) + rdbLen(len) + stringOf(packed);
  }
  return rdbLen(len) + s;
}

/** Thrown by the payload reader for a truncated or corrupt string. */
export class RdbReadError extends Error {}

/** Reads RDB values from a byte string (rio over a buffer: reads may run into the footer). */
export class RdbReader {
  pos = 0;
  constructor(readonly data: string) {}

  byte(): number {
    if (this.pos >= this.data.length) throw new RdbReadError('short read');
    return this.data.charCodeAt(this.pos++);
  }

  bytes(n: number): string {
    if (this.pos + n > this.data.length) throw new RdbReadError('short read');
    const s = this.data.slice(this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  /** Bytes left to read (including the payload footer, as Redis's rio over the buffer). */
  get remaining(): number { return this.data.length - this.pos; }

  /** rdbLoadLen of a plain (not encoded) length. */
  plainLen(): number {
    const [n, encoded] = this.len();
    if (encoded) throw new RdbReadError('unexpected encoded length');
    return n;
  }

  /** rdbLoadBinaryDoubleValue: 8 bytes, little-endian IEEE 754. */
  binaryDouble(): number {
    if (this.pos + 8 > this.data.length) throw new RdbReadError('short read');
    for (let i = 0; i < 8; i++) SCRATCH_BYTES[i] = this.data.charCodeAt(this.pos + i);
    this.pos += 8;
    return SCRATCH_VIEW.getFloat64(0, true);
  }

  /** rdbLoadDoubleValue (RDB_TYPE_ZSET): a length byte, then "%.17g" text; 253-255 = nan/+inf/-inf. */
  asciiDouble(): number {
    const len = this.byte();
    if (len === 255) return -Infinity;
    if (len === 254) return Infinity;
    if (len === 253) return NaN;
    const text = this.bytes(len);
    const v = Number(text.trim());
    if (text.trim() === '' || Number.isNaN(v)) {
      if (/^\s*[+-]?(inf|infinity)\s*$/i.test(text)) return text.includes('-') ? -Infinity : Infinity;
      throw new RdbReadError('invalid double');
    }
    return v;
  }

  /** rdbLoadMillisecondTime: 8 bytes, little-endian signed. */
  millis(): number {
    if (this.pos + 8 > this.data.length) throw new RdbReadError('short read');
    let lo = 0, hi = 0;
    for (let i = 3; i >= 0; i--) lo = lo * 256 + this.data.charCodeAt(this.pos + i);
    for (let i = 7; i >= 4; i--) hi = hi * 256 + this.data.charCodeAt(this.pos + i);
    this.pos += 8;
    return (hi | 0) * 4294967296 + lo;
  }

  /** rdbLoadLenByRef: returns [value, isEncoded]. */
  len(): [number, boolean] {
    const first = this.byte();
    const type = first >> 6;
    if (type === 3) return [first & 0x3f, true];
    if (type === 0) return [first & 0x3f, false];
    if (type === 1) return [((first & 0x3f) << 8) | this.byte(), false];
    if (first === 0x80) {
      let v = 0;
      for (let i = 0; i < 4; i++) v = v * 256 + this.byte();
      return [v, false];
    }
    if (first === 0x81) {
      let v = 0;
      for (let i = 0; i < 8; i++) v = v * 256 + this.byte();
      return [v, false];
    }
    throw new RdbReadError(`unknown length encoding ${first}`);
  }

  /** rdbGenericLoadStringObject. */
  string(): string {
    const [len, encoded] = this.len();
    if (!encoded) return this.bytes(len);
    switch (len) {
      case 0: { const v = this.byte(); return String(v << 24 >> 24); }
      case 1: { const v = this.byte() | (this.byte() << 8); return String(v << 16 >> 16); }
      case 2: { const v = this.byte() | (this.byte() << 8) | (this.byte() << 16) | (this.byte() << 24); return String(v | 0); }
      case 3: {
        const [clen] = this.len();
        const [ulen] = this.len();
        // LZF expands at most ~132x (a 2-byte back-reference copies up to 264 bytes): a
        // larger claimed length is forged, refused before allocating it.
        if (ulen > clen * 132 + 64) throw new RdbReadError('invalid LZF lengths');
        const packed = bytesOf(this.bytes(clen));
        const out = lzfDecompress(packed, ulen);
        if (out === null || ulen === 0) throw new RdbReadError('invalid LZF compressed string');
        return stringOf(out);
      }
      default:
        throw new RdbReadError(`unknown RDB string encoding type ${len}`);
    }
  }
}


// ---------------------------------------------------------------------------------------------
// Fixed-size numbers

const SCRATCH_BYTES = new Uint8Array(8);
const SCRATCH_VIEW = new DataView(SCRATCH_BYTES.buffer);

/** rdbSaveBinaryDoubleValue: 8 bytes, little-endian IEEE 754. */
export function rdbBinaryDouble(d: number): string {
  SCRATCH_VIEW.setFloat64(0, d, true);
  return String.fromCharCode(SCRATCH_BYTES[0], SCRATCH_BYTES[1], SCRATCH_BYTES[2], SCRATCH_BYTES[3],
    SCRATCH_BYTES[4], SCRATCH_BYTES[5], SCRATCH_BYTES[6], SCRATCH_BYTES[7]);
}

/** rdbSaveMillisecondTime: 8 bytes, little-endian signed. */
export function rdbMillis(ms: number): string {
  const big = BigInt.asUintN(64, BigInt(Math.trunc(ms)));
  let s = '';
  for (let i = 0n; i < 8n; i++) s += String.fromCharCode(Number((big >> (8n * i)) & 0xffn));
  return s;
}

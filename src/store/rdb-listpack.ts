// The compact blobs Redis stores inside RDB values, byte-compatible with Redis 7.x:
//
// - listpack (listpack.c): small hashes, sets, zsets, list nodes and stream nodes. Written by
//   DUMP and read by RESTORE.
// - ziplist (ziplist.c): what Redis before 7.0 wrote for the same types; RDB files and DUMP
//   payloads from older servers still carry them. Read only.
// - intset (intset.c): small integer sets. Written and read.
//
// Readers validate the whole structure (Redis's deep integrity check) and throw RdbReadError
// on anything malformed: a forged payload must never crash, hang or allocate without bound.
// Every element comes back as a byte string; integers as their decimal text.

import { RdbReadError } from './rdb';
import { isCanonicalInteger } from './object';

// ---------------------------------------------------------------------------------------------
// listpack writer

/** lpEncodeBacklen: the entry length, 7 bits per byte, readable right to left. */
function backlen(l: number): string {
  if (l <= 127) return String.fromCharCode(l);
  if (l < 16383) return String.fromCharCode(l >> 7, (l & 127) | 128);
  if (l < 2097151) return String.fromCharCode(l >> 14, ((l >> 7) & 127) | 128, (l & 127) | 128);
  if (l < 268435455) {
    return String.fromCharCode(l >>> 21, ((l >> 14) & 127) | 128, ((l >> 7) & 127) | 128, (l & 127) | 128);
  }
  return String.fromCharCode(Math.floor(l / 268435456), ((l >>> 21) & 127) | 128, ((l >> 14) & 127) | 128,
    ((l >> 7) & 127) | 128, (l & 127) | 128);
}

function le(v: number, bytes: number): string {
  let s = '';
  for (let i = 0; i < bytes; i++) s += String.fromCharCode((v >>> (8 * i)) & 0xff);
  return s;
}

/** One listpack entry holding the integer v (lpEncodeIntegerGetType + backlen). */
export function lpIntEntry(v: number | bigint): string {
  let enc: string;
  if (typeof v === 'bigint' && v >= -2147483648n && v <= 2147483647n) v = Number(v);
  if (typeof v === 'number' && !Number.isSafeInteger(v)) v = BigInt(v);
  if (typeof v === 'number') {
    if (v >= 0 && v <= 127) enc = String.fromCharCode(v);
    else if (v >= -4096 && v <= 4095) {
      const u = v < 0 ? v + 8192 : v;
      enc = String.fromCharCode(0xc0 | (u >> 8), u & 0xff);
    } else if (v >= -32768 && v <= 32767) enc = '\xf1' + le(v & 0xffff, 2);
    else if (v >= -8388608 && v <= 8388607) enc = '\xf2' + le(v & 0xffffff, 3);
    else if (v >= -2147483648 && v <= 2147483647) enc = '\xf3' + le(v >>> 0, 4);
    else v = BigInt(v);
  }
  if (typeof v === 'bigint') {
    const u = BigInt.asUintN(64, v);
    enc = '\xf4' + le(Number(u & 0xffffffffn), 4) + le(Number(u >> 32n), 4);
  }
  return enc! + backlen(enc!.length);
}

/** One listpack entry holding s (lpAppend: a canonical int64 text is stored as an integer). */
export function lpEntry(s: string): string {
  const n = s.length;
  if (n <= 20 && isCanonicalInteger(s)) return lpIntEntry(n <= 15 ? Number(s) : BigInt(s));
  let head: string;
  if (n < 64) head = String.fromCharCode(0x80 | n);
  else if (n < 4096) head = String.fromCharCode(0xe0 | (n >> 8), n & 0xff);
  else head = '\xf0' + le(n, 4);
  return head + s + backlen(head.length + n);
}

/** A listpack of already encoded entries (header: total bytes, element count; 0xFF end). */
export function lpFromEntries(entries: readonly string[]): string {
  let body = '';
  for (let i = 0; i < entries.length; i++) body += entries[i];
  const total = 6 + body.length + 1;
  const count = entries.length < 65535 ? entries.length : 65535;
  return le(total, 4) + le(count, 2) + body + '\xff';
}

/** A listpack of byte strings. */
export function lpFromStrings(elements: readonly string[]): string {
  const entries: string[] = new Array(elements.length);
  for (let i = 0; i < elements.length; i++) entries[i] = lpEntry(elements[i]);
  return lpFromEntries(entries);
}

// ---------------------------------------------------------------------------------------------
// listpack reader

function u32le(s: string, at: number): number {
  return (s.charCodeAt(at) | (s.charCodeAt(at + 1) << 8) | (s.charCodeAt(at + 2) << 16)) + s.charCodeAt(at + 3) * 16777216;
}

/** Signed integer of `bytes` little-endian bytes at `at`, as decimal text. */
function intText(s: string, at: number, bytes: number): string {
  if (bytes <= 4) {
    let v = 0;
    for (let i = bytes - 1; i >= 0; i--) v = v * 256 + s.charCodeAt(at + i);
    const bits = 8 * bytes;
    if (v >= 2 ** (bits - 1)) v -= 2 ** bits;
    return String(v);
  }
  let v = 0n;
  for (let i = bytes - 1; i >= 0; i--) v = (v << 8n) | BigInt(s.charCodeAt(at + i));
  return String(BigInt.asIntN(8 * bytes, v));
}

/**
 * lpValidateIntegrity (deep): every entry and its backlen, the total and the count. Returns
 * the elements. `maxCount` bounds the work for callers that know what they expect.
 */
export function lpParse(lp: string): string[] {
  const total = lp.length;
  if (total < 7) throw new RdbReadError('listpack too short');
  if (u32le(lp, 0) !== total) throw new RdbReadError('listpack total bytes mismatch');
  if (lp.charCodeAt(total - 1) !== 0xff) throw new RdbReadError('listpack without terminator');
  const declared = lp.charCodeAt(4) | (lp.charCodeAt(5) << 8);
  const out: string[] = [];
  let p = 6;
  const end = total - 1;
  while (p < end) {
    const b = lp.charCodeAt(p);
    let entryLen: number; // encoding + data
    let value: string;
    if (b < 0x80) { entryLen = 1; value = String(b); }
    else if ((b & 0xc0) === 0x80) {
      const n = b & 0x3f;
      entryLen = 1 + n;
      if (p + entryLen > end) throw new RdbReadError('listpack entry overflow');
      value = lp.slice(p + 1, p + 1 + n);
    } else if ((b & 0xe0) === 0xc0) {
      if (p + 2 > end) throw new RdbReadError('listpack entry overflow');
      let v = ((b & 0x1f) << 8) | lp.charCodeAt(p + 1);
      if (v >= 4096) v -= 8192;
      entryLen = 2; value = String(v);
    } else if ((b & 0xf0) === 0xe0) {
      if (p + 2 > end) throw new RdbReadError('listpack entry overflow');
      const n = ((b & 0x0f) << 8) | lp.charCodeAt(p + 1);
      entryLen = 2 + n;
      if (p + entryLen > end) throw new RdbReadError('listpack entry overflow');
      value = lp.slice(p + 2, p + 2 + n);
    } else if (b === 0xf0) {
      if (p + 5 > end) throw new RdbReadError('listpack entry overflow');
      const n = u32le(lp, p + 1);
      entryLen = 5 + n;
      if (p + entryLen > end) throw new RdbReadError('listpack entry overflow');
      value = lp.slice(p + 5, p + 5 + n);
    } else {
      const width = b === 0xf1 ? 2 : b === 0xf2 ? 3 : b === 0xf3 ? 4 : b === 0xf4 ? 8 : -1;
      if (width < 0) throw new RdbReadError('listpack bad encoding');
      entryLen = 1 + width;
      if (p + entryLen > end) throw new RdbReadError('listpack entry overflow');
      value = intText(lp, p + 1, width);
    }
    const back = backlen(entryLen);
    if (p + entryLen + back.length > end || lp.slice(p + entryLen, p + entryLen + back.length) !== back) {
      throw new RdbReadError('listpack bad backlen');
    }
    out.push(value);
    p += entryLen + back.length;
  }
  if (declared !== 65535 && declared !== out.length) throw new RdbReadError('listpack count mismatch');
  return out;
}

// ---------------------------------------------------------------------------------------------
// ziplist reader (read only: Redis 7 converts ziplists to listpacks when loading)

/** ziplistValidateIntegrity (deep) + reading every entry. */
export function zlParse(zl: string): string[] {
  const total = zl.length;
  if (total < 11) throw new RdbReadError('ziplist too short');
  if (u32le(zl, 0) !== total) throw new RdbReadError('ziplist total bytes mismatch');
  if (zl.charCodeAt(total - 1) !== 0xff) throw new RdbReadError('ziplist without terminator');
  const tail = u32le(zl, 4);
  const declared = zl.charCodeAt(8) | (zl.charCodeAt(9) << 8);
  const out: string[] = [];
  let p = 10;
  const end = total - 1;
  let prevLen = 0;
  let lastStart = 10;
  while (p < end) {
    const start = p;
    // prevlen: 1 byte, or 0xFE + 4 bytes little-endian
    let prev = zl.charCodeAt(p++);
    if (prev === 0xfe) {
      if (p + 4 > end) throw new RdbReadError('ziplist entry overflow');
      prev = u32le(zl, p);
      p += 4;
    } else if (prev === 0xff) {
      throw new RdbReadError('ziplist bad prevlen');
    }
    if (prev !== prevLen) throw new RdbReadError('ziplist prevlen mismatch');
    if (p >= end) throw new RdbReadError('ziplist entry overflow');
    const b = zl.charCodeAt(p++);
    let value: string;
    const top = b >> 6;
    if (top !== 3) {
      let n: number;
      if (top === 0) n = b & 0x3f;
      else if (top === 1) {
        if (p + 1 > end) throw new RdbReadError('ziplist entry overflow');
        n = ((b & 0x3f) << 8) | zl.charCodeAt(p++);
      } else {
        if (b !== 0x80 || p + 4 > end) throw new RdbReadError('ziplist bad encoding');
        n = zl.charCodeAt(p) * 16777216 + ((zl.charCodeAt(p + 1) << 16) | (zl.charCodeAt(p + 2) << 8) | zl.charCodeAt(p + 3));
        p += 4;
      }
      if (p + n > end) throw new RdbReadError('ziplist entry overflow');
      value = zl.slice(p, p + n);
      p += n;
    } else {
      let width: number;
      switch (b) {
        case 0xc0: width = 2; break;
        case 0xd0: width = 4; break;
        case 0xe0: width = 8; break;
        case 0xf0: width = 3; break;
        case 0xfe: width = 1; break;
        default:
          if (b >= 0xf1 && b <= 0xfd) { width = 0; break; }
          throw new RdbReadError('ziplist bad encoding');
      }
      if (p + width > end) throw new RdbReadError('ziplist entry overflow');
      value = width === 0 ? String((b & 0x0f) - 1) : intText(zl, p, width);
      p += width;
    }
    out.push(value);
    prevLen = p - start;
    lastStart = start;
  }
  if (out.length > 0 && tail !== lastStart) throw new RdbReadError('ziplist bad tail offset');
  if (out.length === 0 && tail !== 10) throw new RdbReadError('ziplist bad tail offset');
  if (declared !== 65535 && declared !== out.length) throw new RdbReadError('ziplist count mismatch');
  return out;
}

// ---------------------------------------------------------------------------------------------
// zipmap reader (hashes of Redis before 2.6; RDB_TYPE_HASH_ZIPMAP, still loaded by Redis 7)

/**
 * zipmapValidateIntegrity + reading: <zmlen> then <len>key<len><free>value<free bytes>... 0xFF,
 * lengths one byte (< 254) or 254 + 4 bytes little-endian. Returns field, value, field, ...
 */
export function zmParse(zm: string): string[] {
  const end = zm.length;
  if (end < 2 || zm.charCodeAt(end - 1) !== 0xff) throw new RdbReadError('zipmap without terminator');
  const out: string[] = [];
  let p = 1; // zmlen (a count hint, 254 = unknown) is not trusted
  const readLen = (): number => {
    if (p >= end) throw new RdbReadError('zipmap overflow');
    const b = zm.charCodeAt(p++);
    if (b < 254) return b;
    if (b === 255) return -1;
    if (p + 4 > end) throw new RdbReadError('zipmap overflow');
    const n = u32le(zm, p);
    p += 4;
    return n;
  };
  for (;;) {
    const klen = readLen();
    if (klen === -1) break;
    if (p + klen > end) throw new RdbReadError('zipmap overflow');
    const key = zm.slice(p, p + klen);
    p += klen;
    const vlen = readLen();
    if (vlen === -1 || p >= end) throw new RdbReadError('zipmap key without value');
    const free = zm.charCodeAt(p++);
    if (p + vlen + free > end) throw new RdbReadError('zipmap overflow');
    out.push(key, zm.slice(p, p + vlen));
    p += vlen + free;
  }
  if (p !== end) throw new RdbReadError('zipmap trailing bytes');
  const declared = zm.charCodeAt(0);
  if (declared < 254 && declared !== out.length / 2) throw new RdbReadError('zipmap count mismatch');
  return out;
}

// ---------------------------------------------------------------------------------------------
// intset

/** An intset blob of canonical int64 texts sorted by value, in the narrowest encoding. */
export function intsetFromSorted(members: readonly string[]): string {
  let width = 2;
  const values: bigint[] = new Array(members.length);
  for (let i = 0; i < members.length; i++) {
    const v = BigInt(members[i]);
    values[i] = v;
    if (v < -2147483648n || v > 2147483647n) width = 8;
    else if (width === 2 && (v < -32768n || v > 32767n)) width = 4;
  }
  let s = le(width, 4) + le(members.length, 4);
  for (const v of values) {
    const u = BigInt.asUintN(64, v);
    if (width === 8) s += le(Number(u & 0xffffffffn), 4) + le(Number(u >> 32n), 4);
    else s += le(Number(u & 0xffffffffn), width);
  }
  return s;
}

/**
 * intsetValidateIntegrity: width 2/4/8 and the exact size. Like Redis without deep
 * sanitization, the order is not checked (the set is rebuilt sorted); a repeated value is
 * refused.
 */
export function intsetParse(blob: string): string[] {
  if (blob.length < 8) throw new RdbReadError('intset too short');
  const width = u32le(blob, 0);
  if (width !== 2 && width !== 4 && width !== 8) throw new RdbReadError('intset bad encoding');
  const count = u32le(blob, 4);
  if (8 + count * width !== blob.length) throw new RdbReadError('intset size mismatch');
  const out: string[] = new Array(count);
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    const text = intText(blob, 8 + i * width, width);
    if (seen.has(text)) throw new RdbReadError('intset with a repeated value');
    seen.add(text);
    out[i] = text;
  }
  return out;
}

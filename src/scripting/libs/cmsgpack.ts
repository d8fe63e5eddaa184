// lua-cmsgpack 0.4.0 as Redis bundles it: cmsgpack.pack / unpack / unpack_one / unpack_limit.
//
// Encoding choices (all observable): a number that is an int64 (and not infinite) gets the
// smallest integer form; any other number is float 32 when converting to float and back is
// exact, else float 64. A table is an array when its keys are exactly 1..n (n = number of
// keys), else a map in next() order. Tables nested 16 deep encode as nil (how circular
// references end). Decoding mirrors the C stack accounting (LUAI_MAXCSTACK = 8000 slots per
// C call), so very deep or very long inputs fail with the same "stack overflow (...)" texts.

import { EMPTY, LuaError, LuaTable, luaType, type LuaValue } from '../../lua/value';
import { toNumber } from './coerce';
import { formatG } from './fpconv';
import { libArgError, libError } from './errors';
import { redisKeyOrder, redisStringKeyOrder } from './lua51-order';
import { recentKey } from './recent-keys';
import { storeStringKey } from './table-fill';

const MAX_NESTING = 16;
const LUAI_MAXCSTACK = 8000;
const TWO63 = 9223372036854775808;

// ---------------------------------------------------------------- encoding

/** A growable byte buffer reused by every pack() call (pack never re-enters itself). */
let buf = Buffer.allocUnsafe(4096);
let len = 0;

function ensure(n: number): void {
  if (len + n <= buf.length) return;
  let size = buf.length * 2;
  while (size < len + n) size *= 2;
  const bigger = Buffer.allocUnsafe(size);
  buf.copy(bigger, 0, 0, len);
  buf = bigger;
}

const f32 = new Float32Array(1);
const f32b = new Uint8Array(f32.buffer);
const f64 = new Float64Array(1);
const f64b = new Uint8Array(f64.buffer);

function encodeString(s: string): void {
  const n = s.length;
  ensure(n + 5);
  if (n < 32) {
    buf[len++] = 0xa0 | n;
  } else if (n <= 0xff) {
    buf[len++] = 0xd9; buf[len++] = n;
  } else if (n <= 0xffff) {
    buf[len++] = 0xda; buf[len++] = n >>> 8; buf[len++] = n & 0xff;
  } else {
    buf[len++] = 0xdb;
    buf[len++] = n >>> 24; buf[len++] = (n >>> 16) & 0xff; buf[len++] = (n >>> 8) & 0xff; buf[len++] = n & 0xff;
  }
  // Byte by byte up to a few dozen bytes: Buffer.write's call into C++ costs more than that.
  if (n < 64) {
    const b = buf;
    let l = len;
    for (let i = 0; i < n; i++) b[l++] = s.charCodeAt(i);
    len = l;
  } else {
    len += buf.write(s, len, n, 'latin1');
  }
}

function encodeInt(n: number): void {
  ensure(9);
  if (n >= 0) {
    if (n <= 127) { buf[len++] = n; return; }
    if (n <= 0xff) { buf[len++] = 0xcc; buf[len++] = n; return; }
    if (n <= 0xffff) { buf[len++] = 0xcd; buf[len++] = n >>> 8; buf[len++] = n & 0xff; return; }
    if (n <= 0xffffffff) {
      buf[len++] = 0xce;
      buf[len++] = n >>> 24; buf[len++] = (n >>> 16) & 0xff; buf[len++] = (n >>> 8) & 0xff; buf[len++] = n & 0xff;
      return;
    }
    buf[len++] = 0xcf;
    write64(n);
    return;
  }
  if (n >= -32) { buf[len++] = n & 0xff; return; }
  if (n >= -128) { buf[len++] = 0xd0; buf[len++] = n & 0xff; return; }
  if (n >= -32768) { buf[len++] = 0xd1; buf[len++] = (n >> 8) & 0xff; buf[len++] = n & 0xff; return; }
  if (n >= -2147483648) {
    buf[len++] = 0xd2;
    buf[len++] = (n >>> 24) & 0xff; buf[len++] = (n >>> 16) & 0xff; buf[len++] = (n >>> 8) & 0xff; buf[len++] = n & 0xff;
    return;
  }
  buf[len++] = 0xd3;
  write64(n);
}

/** Big-endian two's complement 64-bit of an integral double in [-2^63, 2^63). */
function write64(n: number): void {
  let hi = Math.floor(n / 4294967296);
  const lo = n - hi * 4294967296; // 0 <= lo < 2^32, exact
  hi = hi >>> 0; // two's complement high word for negatives
  buf[len++] = hi >>> 24; buf[len++] = (hi >>> 16) & 0xff; buf[len++] = (hi >>> 8) & 0xff; buf[len++] = hi & 0xff;
  buf[len++] = lo >>> 24; buf[len++] = (lo >>> 16) & 0xff; buf[len++] = (lo >>> 8) & 0xff; buf[len++] = lo & 0xff;
}

function encodeNumber(n: number): void {
  // IS_INT64_EQUIVALENT: !isinf(n) && (int64_t)n == n
  if (n >= -TWO63 && n < TWO63 && Math.floor(n) === n) {
    encodeInt(n === 0 ? 0 : n);
    return;
  }
  ensure(9);
  f32[0] = n; // NaN never equals itself: it goes to float 64 with its own bits (sign kept)
  if (f32[0] === n) {
    buf[len++] = 0xca;
    buf[len++] = f32b[3]; buf[len++] = f32b[2]; buf[len++] = f32b[1]; buf[len++] = f32b[0];
    return;
  }
  f64[0] = n;
  buf[len++] = 0xcb;
  for (let i = 7; i >= 0; i--) buf[len++] = f64b[i];
}

function encodeHeader(n: number, fix: number, b16: number): void {
  ensure(5);
  if (n <= 15) { buf[len++] = fix | n; return; }
  if (n <= 65535) { buf[len++] = b16; buf[len++] = n >>> 8; buf[len++] = n & 0xff; return; }
  buf[len++] = b16 + 1;
  buf[len++] = n >>> 24; buf[len++] = (n >>> 16) & 0xff; buf[len++] = (n >>> 8) & 0xff; buf[len++] = n & 0xff;
}

/** table_is_an_array(): every key an int32 > 0 and the largest equals the number of keys. */
function arrayLength(t: LuaTable, propKeys: string[] | undefined): number {
  if (propKeys !== undefined && propKeys.length > 0) return -1; // string keys: a map
  const arr = t.arr;
  let count = 0;
  let max = 0;
  for (let i = 0; i < arr.length; i++) {
    if (arr[i] !== undefined) { count++; max = i + 1; }
  }
  const hash = t.h;
  if (hash !== undefined && hash.size > 0) {
    for (const k of hash.keys()) {
      if (typeof k !== 'number' || !(k > 0) || k >= 2147483648 || Math.floor(k) !== k) return -1;
      if (k > max) max = k;
      count++;
    }
  }
  return max === count ? count : -1;
}

function encodeTable(t: LuaTable, level: number): void {
  // String keys are properties of `p` or entries of `h`, never both (see cjson.ts putTable);
  // `t.hash` is not used, it would move `p`'s keys into the Map for good.
  const props = t.p;
  const propKeys = props !== undefined ? Object.keys(props) : undefined;
  const n = arrayLength(t, propKeys);
  if (n >= 0) {
    encodeHeader(n, 0x90, 0xdc);
    const arr = t.arr;
    if (n === arr.length) {
      for (let i = 0; i < n; i++) encodeValue(arr[i], level + 1);
    } else {
      for (let i = 1; i <= n; i++) encodeValue(t.get(i), level + 1);
    }
    return;
  }
  const arr = t.arr;
  const hash = t.h;
  // `p` never holds nil (every writer deletes the property instead).
  let count = (hash === undefined ? 0 : hash.size) + (propKeys === undefined ? 0 : propKeys.length);
  for (let i = 0; i < arr.length; i++) if (arr[i] !== undefined) count++;
  encodeHeader(count, 0x80, 0xde);
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (v !== undefined) { encodeNumber(i + 1); encodeValue(v, level + 1); }
  }
  if (propKeys !== undefined) {
    // Hash parts come out in Redis's order (see lua51-order.ts).
    const order = propKeys.length < 2 ? propKeys : redisStringKeyOrder(propKeys, t.sizeHint)!;
    for (let i = 0; i < order.length; i++) {
      const k = order[i] as string;
      encodeString(k);
      encodeValue(props![k], level + 1);
    }
  }
  if (hash !== undefined && hash.size > 0) {
    // Hash parts come out in Redis's order (see lua51-order.ts).
    const order = hash.size < 2 ? undefined : redisKeyOrder(hash, t.sizeHint);
    if (order !== undefined) {
      for (const k of order) { encodeValue(k as LuaValue, level + 1); encodeValue(hash.get(k), level + 1); }
    } else {
      for (const [k, v] of hash) { encodeValue(k as LuaValue, level + 1); encodeValue(v, level + 1); }
    }
  }
}

function encodeValue(v: LuaValue, level: number): void {
  switch (typeof v) {
    case 'string': encodeString(v); return;
    case 'number': encodeNumber(v); return;
    case 'boolean': ensure(1); buf[len++] = v ? 0xc3 : 0xc2; return;
    default:
      if (v instanceof LuaTable && level !== MAX_NESTING) { encodeTable(v, level); return; }
      ensure(1);
      buf[len++] = 0xc0; // nil, functions, userdata, threads, and tables nested too deep
  }
}

/** cmsgpack.pack(v1, ..., vn): the concatenated encodings. */
function pack(): string {
  const n = arguments.length;
  if (n === 0) libArgError(0, 'pack', 'MessagePack pack needs input.');
  len = 0;
  for (let i = 0; i < n; i++) encodeValue(arguments[i], 0);
  const out = buf.toString('latin1', 0, len);
  if (buf.length > 1 << 20) buf = Buffer.allocUnsafe(4096); // do not pin a huge buffer
  return out;
}

/** Encodes one value to bytes (for tests and benchmarks that bypass the engine). */
export function packValue(v: LuaValue): string {
  len = 0;
  encodeValue(v, 0);
  return buf.toString('latin1', 0, len);
}

// ---------------------------------------------------------------- decoding

const MISSING = 'Missing bytes in input.';
const BAD = 'Bad data format in input.';
const TOO_MANY = 'stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)';

class Decoder {
  pos: number;
  constructor(readonly s: string, pos: number, readonly end: number) { this.pos = pos; }

  need(n: number): void {
    if (this.end - this.pos < n) libError(MISSING);
  }

  byte(at: number): number { return this.s.charCodeAt(at); }

  u16(at: number): number { return (this.byte(at) << 8) | this.byte(at + 1); }

  u32(at: number): number {
    return ((this.byte(at) << 24) | (this.byte(at + 1) << 16) | (this.byte(at + 2) << 8) | this.byte(at + 3)) >>> 0;
  }

  /** A 64-bit two's complement big-endian integer as the nearest double (as C's (double)int64). */
  i64(at: number): number {
    const hi = this.u32(at) | 0;
    const lo = this.u32(at + 4);
    return hi * 4294967296 + lo;
  }

  str(at: number, n: number): string { return this.s.slice(at, at + n); }

  /**
   * mp_decode_to_lua_type, without JS recursion: containers being filled are kept on an
   * explicit stack, so arbitrarily deep input cannot overflow the JS stack. `top` = Lua stack
   * slots in use by the C function before the value is pushed (C's luaL_checkstack limits).
   */
  value(top: number): LuaValue {
    let frames: Frame[] | undefined;
    let atKey = false; // the next item is a map key (short string keys are reused: recent-keys.ts)
    for (;;) {
      // Decode one item at `top`: a scalar, or a container header.
      let v: LuaValue;
      let open: Frame | undefined;
      this.need(1);
      if (top + 1 > LUAI_MAXCSTACK) libError(TOO_MANY);
      const p = this.pos;
      const c = this.byte(p);
      if (c <= 0x7f) { this.pos = p + 1; v = c; }
      else if (c >= 0xe0) { this.pos = p + 1; v = c - 256; }
      else if (c >= 0xa0 && c <= 0xbf) {
        const l = c & 0x1f;
        this.need(1 + l);
        this.pos = p + 1 + l;
        v = atKey ? recentKey(this.s, p + 1, p + 1 + l, l * 37 + this.byte(p + 1) * 7 + this.byte(p + l)) : this.str(p + 1, l);
      } else if (c >= 0x90 && c <= 0x9f) { this.pos = p + 1; open = this.openArray(c & 0xf, top); }
      else if (c >= 0x80 && c <= 0x8f) { this.pos = p + 1; open = this.openMap(c & 0xf, top); }
      else {
        switch (c) {
          case 0xc0: this.pos = p + 1; v = undefined; break;
          case 0xc2: this.pos = p + 1; v = false; break;
          case 0xc3: this.pos = p + 1; v = true; break;
          case 0xcc: this.need(2); this.pos = p + 2; v = this.byte(p + 1); break;
          case 0xcd: this.need(3); this.pos = p + 3; v = this.u16(p + 1); break;
          case 0xce: this.need(5); this.pos = p + 5; v = this.u32(p + 1); break;
          case 0xcf: this.need(9); this.pos = p + 9; v = this.i64(p + 1); break; // pushed as a signed lua_Integer
          case 0xd0: this.need(2); this.pos = p + 2; v = (this.byte(p + 1) << 24) >> 24; break;
          case 0xd1: this.need(3); this.pos = p + 3; v = (this.u16(p + 1) << 16) >> 16; break;
          case 0xd2: this.need(5); this.pos = p + 5; v = this.u32(p + 1) | 0; break;
          case 0xd3: this.need(9); this.pos = p + 9; v = this.i64(p + 1); break;
          case 0xca:
            this.need(5);
            for (let i = 0; i < 4; i++) f32b[3 - i] = this.byte(p + 1 + i);
            this.pos = p + 5;
            v = f32[0];
            break;
          case 0xcb:
            this.need(9);
            for (let i = 0; i < 8; i++) f64b[7 - i] = this.byte(p + 1 + i);
            this.pos = p + 9;
            v = f64[0];
            break;
          case 0xd9: {
            this.need(2);
            const l = this.byte(p + 1);
            this.need(2 + l);
            this.pos = p + 2 + l;
            v = this.str(p + 2, l);
            break;
          }
          case 0xda: {
            this.need(3);
            const l = this.u16(p + 1);
            this.need(3 + l);
            this.pos = p + 3 + l;
            v = this.str(p + 3, l);
            break;
          }
          case 0xdb: {
            this.need(5);
            const l = this.u32(p + 1);
            this.pos = p + 5;
            this.need(l);
            this.pos = p + 5 + l;
            v = this.str(p + 5, l);
            break;
          }
          case 0xdc: this.need(3); this.pos = p + 3; open = this.openArray(this.u16(p + 1), top); break;
          case 0xdd: this.need(5); this.pos = p + 5; open = this.openArray(this.u32(p + 1), top); break;
          case 0xde: this.need(3); this.pos = p + 3; open = this.openMap(this.u16(p + 1), top); break;
          case 0xdf: this.need(5); this.pos = p + 5; open = this.openMap(this.u32(p + 1), top); break;
          default: return libError(BAD); // c1, bin, ext, fixext: not supported by lua-cmsgpack
        }
      }
      if (open !== undefined) {
        if (open.remaining > 0) {
          (frames ??= []).push(open);
          top = open.isMap ? open.top + 1 : open.top + 2; // first key / first (index, value)
          atKey = open.isMap;
          continue;
        }
        v = open.t;
      }
      // A complete value: store it into the containers above, closing the finished ones.
      for (;;) {
        if (frames === undefined || frames.length === 0) return v;
        const f = frames[frames.length - 1];
        atKey = false;
        if (f.isMap) {
          if (!f.haveKey) {
            f.key = v;
            f.haveKey = true;
            top = f.top + 2; // table + key on the stack while the value decodes
            break;
          }
          const k = f.key;
          // lua_settable from C: the error has no position (the running function is C).
          if (k === undefined) throw new LuaError('table index is nil');
          if (k !== k) throw new LuaError('table index is NaN');
          if (typeof k === 'string') storeStringKey(f.t, k, v, ++f.index); // see table-fill.ts
          else f.t.set(k, v);
          f.haveKey = false;
          f.key = undefined;
        } else {
          f.index++;
          if (v !== undefined) {
            if (f.index === f.t.arr.length + 1) f.t.arr.push(v); else f.t.set(f.index, v);
          }
        }
        if (--f.remaining > 0) {
          top = f.isMap ? f.top + 1 : f.top + 2;
          atKey = f.isMap;
          break;
        }
        frames.pop();
        v = f.t;
      }
    }
  }

  /** lua_newtable then luaL_checkstack(L, 1, ...): the table occupies one slot. */
  openArray(n: number, top: number): Frame {
    if (top + 2 > LUAI_MAXCSTACK) libError('stack overflow (in function mp_decode_to_lua_array)');
    return { t: new LuaTable(), remaining: n, isMap: false, top, index: 0, key: undefined, haveKey: false };
  }

  openMap(n: number, top: number): Frame {
    return { t: new LuaTable(), remaining: n, isMap: true, top, index: 0, key: undefined, haveKey: false };
  }
}

interface Frame {
  t: LuaTable;
  remaining: number;
  isMap: boolean;
  /** Stack slots in use before the table was pushed. */
  top: number;
  index: number;
  key: LuaValue;
  haveKey: boolean;
}

function checkInteger(v: unknown, n: number, fname: string, present: boolean): number {
  const d = toNumber(v);
  if (d === undefined) return libArgError(n, fname, `number expected, got ${present ? luaType(v) : 'no value'}`);
  // (lua_Integer)d on x86-64: NaN, inf and out-of-range values are LLONG_MIN (negative: an
  // "Invalid request" error, unpack_limit(s, 1/0) included).
  if (!(d >= -9223372036854775808 && d < 9223372036854775808)) return -9223372036854775808;
  return d < 0 ? Math.ceil(d) : Math.floor(d);
}

/** mp_unpack_full: `base` = stack slots the C function holds (its arguments) while decoding. */
function unpackFull(input: string, limit: number, offset: number, base: number): LuaValue[] {
  const length = input.length;
  if (offset < 0 || limit < 0) {
    libError(`Invalid request to unpack with offset of ${offset | 0} and limit of ${length | 0}.`);
  }
  if (offset > length) libError(`Start offset ${offset | 0} greater than input length ${length | 0}.`);
  const decodeAll = limit === 0 && offset === 0;
  if (decodeAll) limit = 2147483647;
  const d = new Decoder(flat(input), offset, length);
  const out: LuaValue[] = [];
  let count = 0;
  while (d.pos < length && count < limit) {
    out.push(d.value(base + count));
    count++;
  }
  if (!decodeAll) {
    if (base + count + 1 > LUAI_MAXCSTACK) libError('stack overflow (in function mp_unpack_full)');
    out.unshift(d.pos === length ? -1 : d.pos);
  }
  return out;
}

function results(values: LuaValue[]): LuaValue | LuaValue[] {
  return values.length === 1 ? values[0] : values.length === 0 ? EMPTY : values;
}

function unpack(s: unknown): LuaValue | LuaValue[] {
  const argc = arguments.length;
  const input = typeof s === 'string' ? s : checkInputOrNumber(s, 'unpack', argc >= 1);
  return results(unpackFull(input, 0, 0, argc > 1 ? argc : 1));
}

function unpack_one(s: unknown, offset: unknown): LuaValue | LuaValue[] {
  const argc = arguments.length;
  const off = offset === undefined ? 0 : checkInteger(offset, 2, 'unpack_one', argc >= 2);
  const input = typeof s === 'string' ? s : checkInputOrNumber(s, 'unpack_one', argc >= 1);
  return results(unpackFull(input, 1, off, 1));
}

function unpack_limit(s: unknown, limit: unknown, offset: unknown): LuaValue | LuaValue[] {
  const argc = arguments.length;
  const lim = checkInteger(limit, 2, 'unpack_limit', argc >= 2);
  const off = offset === undefined ? 0 : checkInteger(offset, 3, 'unpack_limit', argc >= 3);
  const input = typeof s === 'string' ? s : checkInputOrNumber(s, 'unpack_limit', argc >= 1);
  return results(unpackFull(input, lim, off, 1));
}

/** luaL_checklstring: numbers are accepted and converted to their "%.14g" text. */
function checkInputOrNumber(s: unknown, fname: string, present: boolean): string {
  if (typeof s === 'number') return formatG(s, 14);
  return libArgError(1, fname, `string expected, got ${present ? luaType(s) : 'no value'}`);
}

/** The `cmsgpack` module table. */
export function createCmsgpackModule(): LuaTable {
  const t = new LuaTable();
  const fns: Record<string, (...args: any[]) => any> = { pack, unpack, unpack_one, unpack_limit };
  for (const name of Object.keys(fns)) {
    const f = fns[name] as ((...args: any[]) => any) & { luaName?: string };
    f.luaName = name;
    t.set(name, f);
  }
  t.set('_NAME', 'cmsgpack');
  t.set('_VERSION', 'lua-cmsgpack 0.4.0');
  t.set('_COPYRIGHT', 'Copyright (C) 2012, Salvatore Sanfilippo');
  t.set('_DESCRIPTION', 'MessagePack C implementation for Lua');
  return t;
}

/** Decodes every value of a msgpack string (for tests and benchmarks that bypass the engine). */
export function unpackAll(s: string): LuaValue[] {
  return unpackFull(s, 0, 0, 1);
}

/**
 * A flat one-byte copy of a long string read byte by byte: V8 reads cons strings (results of
 * concatenation) slower than flat ones, and one copy costs less than that. Below 4 KB the
 * copy (a Buffer object and a new string per call) costs more than it can save.
 */
function flat(s: string): string {
  return s.length < 4096 ? s : Buffer.from(s, 'latin1').toString('latin1');
}

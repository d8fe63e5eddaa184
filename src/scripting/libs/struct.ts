// Roberto Ierusalimschy's struct library as Redis bundles it (0.2 with Redis's fixes):
// struct.pack(fmt, ...), struct.unpack(fmt, data[, pos]), struct.size(fmt).
//
// x86-64 Linux sizes: b/B 1, h/H 2, i/I 4 (iN/IN: N bytes, N <= 32), l/L 8, T 8, f 4, d 8.
// Integers are C `long`/`unsigned long` (64 bits): packing converts the double by C
// truncation (out-of-range values give what x86's cvttsd2si gives), unpacking builds a
// 64-bit value (bytes beyond 8 shift out) and converts it to a double.
// Alignment ('!n', default 1 = packed) applies to every item except 'c'.

import { LuaTable, luaType } from '../../lua/value';
import { toNumber } from './coerce';
import { formatG } from './fpconv';
import { libArgError, libError } from './errors';

const MAXINTSIZE = 32;
const MAXALIGN = 8; // max(offsetof(struct {char c; double d;}, d), sizeof(int))
const LUAI_MAXCSTACK = 8000;

interface Cursor { fmt: string; i: number }

function isDigit(c: number): boolean { return c >= 48 && c <= 57; }
function isAlnum(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** getnum(): decimal digits at the cursor, or the default; Redis's overflow check. */
function getnum(cur: Cursor, df: number): number {
  if (!isDigit(cur.fmt.charCodeAt(cur.i))) return df;
  let a = 0;
  do {
    const d = cur.fmt.charCodeAt(cur.i) - 48;
    if (a > 214748364 || a * 10 > 2147483647 - d) libError('integral size overflow');
    a = a * 10 + d;
    cur.i++;
  } while (isDigit(cur.fmt.charCodeAt(cur.i)));
  return a;
}

function optsize(opt: number, cur: Cursor): number {
  switch (opt) {
    case 66: case 98: return 1; // B b
    case 72: case 104: return 2; // H h
    case 76: case 108: return 8; // L l
    case 84: return 8; // T
    case 102: return 4; // f
    case 100: return 8; // d
    case 120: return 1; // x
    case 99: return getnum(cur, 1); // c
    case 105: case 73: { // i I
      const sz = getnum(cur, 4);
      if (sz > MAXINTSIZE) libError(`integral size ${sz} is larger than limit of ${MAXINTSIZE}`);
      return sz;
    }
    default: return 0;
  }
}

function gettoalign(len: number, align: number, opt: number, size: number): number {
  if (size === 0 || opt === 99 /* c */) return 0;
  if (size > align) size = align;
  return (size - (len & (size - 1))) & (size - 1);
}

interface Header { little: boolean; align: number }

/** '<' '>' '!n' ' ' ; anything else is an invalid option (argument #1). */
function controloptions(opt: number, cur: Cursor, h: Header, fname: string): void {
  switch (opt) {
    case 32: return;
    case 62: h.little = false; return;
    case 60: h.little = true; return;
    case 33: {
      const a = getnum(cur, MAXALIGN);
      if (!(a > 0 && (a & (a - 1)) === 0)) libError(`alignment ${a} is not a power of 2`);
      h.align = a;
      return;
    }
    default:
      libArgError(1, fname, `invalid format option '${String.fromCharCode(opt)}'`);
  }
}

/** luaL_checkstring/luaL_checklstring: strings, and numbers converted with "%.14g". */
function checkString(v: unknown, n: number, fname: string, present: boolean): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatG(v, 14);
  return libArgError(n, fname, `string expected, got ${present ? luaType(v) : 'no value'}`);
}

function checkNumber(v: unknown, n: number, fname: string, present: boolean): number {
  const d = toNumber(v);
  if (d === undefined) libArgError(n, fname, `number expected, got ${present ? luaType(v) : 'no value'}`);
  return d;
}

// ---- integer conversions (64-bit C semantics) ----

const TWO63 = 9223372036854775808;
const MASK64 = (1n << 64n) - 1n;

/** (Uinttype)(Inttype)n for n < 0, (Uinttype)n otherwise, as x86-64 gcc code does it. */
function doubleToU64(n: number): bigint {
  if (n !== n) return 1n << 63n; // NaN converts to the "integer indefinite" 0x8000000000000000
  if (n < 0) {
    if (n >= -TWO63) return BigInt(Math.ceil(n)) & MASK64;
    return 1n << 63n; // cvttsd2si overflow: 0x8000000000000000
  }
  if (n < TWO63) return BigInt(Math.floor(n));
  // n >= 2^63, +inf or NaN: cvttsd2si(n - 2^63) ^ 2^63
  const m = n - TWO63;
  if (m < TWO63) return (BigInt(Math.floor(m)) ^ (1n << 63n)) & MASK64;
  return 0n;
}

function putInteger(out: string[], n: number, little: boolean, size: number): void {
  if (size <= 4 && n > -2147483649 && n < 4294967296) {
    // Fast path: the value fits 32 bits, its low bytes are what C writes.
    let v = (n < 0 ? Math.ceil(n) : Math.floor(n)) >>> 0;
    const bytes: number[] = new Array(size);
    for (let i = 0; i < size; i++) { bytes[i] = v & 0xff; v >>>= 8; }
    if (!little) bytes.reverse();
    out.push(String.fromCharCode(...bytes));
    return;
  }
  let v = doubleToU64(n);
  const bytes: number[] = new Array(size);
  for (let i = 0; i < size; i++) { bytes[i] = Number(v & 0xffn); v >>= 8n; }
  if (!little) bytes.reverse();
  out.push(String.fromCharCode(...bytes));
}

function getInteger(data: string, pos: number, little: boolean, signed: boolean, size: number): number {
  if (size <= 4) {
    let l = 0;
    for (let i = 0; i < size; i++) {
      const b = data.charCodeAt(little ? pos + size - 1 - i : pos + i);
      l = l * 256 + b;
    }
    if (signed && size > 0 && l >= 2 ** (size * 8 - 1)) l -= 2 ** (size * 8);
    return l;
  }
  let l = 0n;
  for (let i = 0; i < size; i++) {
    const b = data.charCodeAt(little ? pos + size - 1 - i : pos + i);
    l = ((l << 8n) | BigInt(b)) & MASK64;
  }
  if (!signed) return Number(l);
  // mask = ~0UL << (size*8 - 1); x86 takes the shift count modulo 64
  const mask = (MASK64 << BigInt((size * 8 - 1) & 63)) & MASK64;
  if ((l & mask) !== 0n) l |= mask;
  return Number(BigInt.asIntN(64, l));
}

const f32 = new Float32Array(1);
const f32b = new Uint8Array(f32.buffer);
const f64 = new Float64Array(1);
const f64b = new Uint8Array(f64.buffer);

function floatBytes(n: number, little: boolean): string {
  f32[0] = n; // a NaN keeps its sign and payload (as C's double -> float conversion)
  return little
    ? String.fromCharCode(f32b[0], f32b[1], f32b[2], f32b[3])
    : String.fromCharCode(f32b[3], f32b[2], f32b[1], f32b[0]);
}

function doubleBytes(n: number, little: boolean): string {
  f64[0] = n;
  const b = f64b; // NaNs keep their bits (V8 preserves them; x86's 0/0 is negative)
  return little
    ? String.fromCharCode(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7])
    : String.fromCharCode(b[7], b[6], b[5], b[4], b[3], b[2], b[1], b[0]);
}

function readFloat(data: string, pos: number, little: boolean): number {
  for (let i = 0; i < 4; i++) f32b[little ? i : 3 - i] = data.charCodeAt(pos + i);
  return f32[0];
}

function readDouble(data: string, pos: number, little: boolean): number {
  for (let i = 0; i < 8; i++) f64b[little ? i : 7 - i] = data.charCodeAt(pos + i);
  return f64[0];
}

// ---- the three functions ----

function pack(fmtArg: unknown): string {
  const argc = arguments.length;
  const args = arguments;
  const fmt = checkString(fmtArg, 1, 'pack', argc >= 1);
  // C pushes a nil "mark" right after the arguments: a missing first extra argument reads as nil.
  const argAt = (k: number): [unknown, boolean] =>
    k <= argc ? [args[k - 1], true] : [undefined, k === argc + 1];
  const h: Header = { little: true, align: 1 };
  const cur: Cursor = { fmt, i: 0 };
  const out: string[] = [];
  let arg = 2;
  let totalsize = 0;
  while (cur.i < fmt.length) {
    const opt = fmt.charCodeAt(cur.i++);
    if (opt === 0) break; // C string: a NUL ends the format
    let size = optsize(opt, cur);
    let toalign = gettoalign(totalsize, h.align, opt, size);
    totalsize += toalign;
    while (toalign-- > 0) out.push('\0');
    switch (opt) {
      case 98: case 66: case 104: case 72: case 108: case 76: case 84: case 105: case 73: {
        const [v, present] = argAt(arg);
        putInteger(out, checkNumber(v, arg, 'pack', present), h.little, size);
        arg++;
        break;
      }
      case 120: out.push('\0'); break;
      case 102: {
        const [v, present] = argAt(arg);
        out.push(floatBytes(checkNumber(v, arg, 'pack', present), h.little));
        arg++;
        break;
      }
      case 100: {
        const [v, present] = argAt(arg);
        out.push(doubleBytes(checkNumber(v, arg, 'pack', present), h.little));
        arg++;
        break;
      }
      case 99: case 115: {
        const [v, present] = argAt(arg);
        const s = checkString(v, arg, 'pack', present);
        arg++;
        if (size === 0) size = s.length;
        // luaL_argcheck names the NEXT argument here (arg was already incremented in C).
        if (s.length < size) libArgError(arg, 'pack', 'string too short');
        out.push(size === s.length ? s : s.slice(0, size));
        if (opt === 115) { out.push('\0'); size++; }
        break;
      }
      default: controloptions(opt, cur, h, 'pack');
    }
    totalsize += size;
  }
  return out.join('');
}

function unpack(fmtArg: unknown, dataArg: unknown, posArg: unknown): unknown {
  const argc = arguments.length;
  const fmt = checkString(fmtArg, 1, 'unpack', argc >= 1);
  const data = checkString(dataArg, 2, 'unpack', argc >= 2);
  const ld = data.length;
  let start = 1;
  if (posArg !== undefined) {
    const d = toNumber(posArg);
    if (d === undefined) libArgError(3, 'unpack', `number expected, got ${luaType(posArg)}`);
    start = d < 0 ? Math.ceil(d) : Math.floor(d);
  }
  if (start === 0) libArgError(3, 'unpack', 'offset must be 1 or greater');
  // size_t arithmetic: a negative start is a huge position, so any item is out of range.
  let pos = start - 1;
  const huge = start < 0;
  const results: unknown[] = [];
  const h: Header = { little: true, align: 1 };
  const cur: Cursor = { fmt, i: 0 };
  const stackBase = argc > 2 ? argc : 2;
  while (cur.i < fmt.length) {
    const opt = fmt.charCodeAt(cur.i++);
    if (opt === 0) break;
    let size = optsize(opt, cur);
    if (!huge) pos += gettoalign(pos, h.align, opt, size);
    if (huge || pos + size > ld) libArgError(2, 'unpack', 'data string too short');
    if (stackBase + results.length + 2 > LUAI_MAXCSTACK) libError('stack overflow (too many results)');
    switch (opt) {
      case 98: case 66: case 104: case 72: case 108: case 76: case 84: case 105: case 73:
        results.push(getInteger(data, pos, h.little, opt >= 97 /* lower case = signed */, size));
        break;
      case 120: break;
      case 102: results.push(readFloat(data, pos, h.little)); break;
      case 100: results.push(readDouble(data, pos, h.little)); break;
      case 99: {
        if (size === 0) {
          const prev = results.length > 0 ? toNumber(results[results.length - 1]) : undefined;
          if (prev === undefined) libError("format 'c0' needs a previous size");
          results.pop();
          size = prev < 0 ? -1 : Math.floor(prev); // size_t conversion; negatives are huge
          if (size < 0 || pos + size > ld) libArgError(2, 'unpack', 'data string too short');
        }
        results.push(data.slice(pos, pos + size));
        break;
      }
      case 115: {
        const e = data.indexOf('\0', pos);
        if (e < 0) libError('unfinished string in data');
        size = e - pos + 1;
        results.push(data.slice(pos, e));
        break;
      }
      default: controloptions(opt, cur, h, 'unpack');
    }
    pos += size;
  }
  results.push(huge ? start : pos + 1);
  return results.length === 1 ? results[0] : results;
}

function size(fmtArg: unknown): number {
  const fmt = checkString(fmtArg, 1, 'size', arguments.length >= 1);
  const h: Header = { little: true, align: 1 };
  const cur: Cursor = { fmt, i: 0 };
  let pos = 0;
  while (cur.i < fmt.length) {
    const opt = fmt.charCodeAt(cur.i++);
    if (opt === 0) break;
    const sz = optsize(opt, cur);
    pos += gettoalign(pos, h.align, opt, sz);
    if (opt === 115) libArgError(1, 'size', "option 's' has no fixed size");
    if (opt === 99 && sz === 0) libArgError(1, 'size', "option 'c0' has no fixed size");
    if (!isAlnum(opt)) controloptions(opt, cur, h, 'size');
    pos += sz;
  }
  return pos;
}

/** The `struct` module table. */
export function createStructModule(): LuaTable {
  const t = new LuaTable();
  const fns: Record<string, (...args: any[]) => any> = { pack, unpack, size };
  for (const name of Object.keys(fns)) {
    const f = fns[name] as ((...args: any[]) => any) & { luaName?: string };
    f.luaName = name;
    t.set(name, f);
  }
  return t;
}

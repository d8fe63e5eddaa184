// LuaBitOp 1.0.2 as bundled by Redis (with the CVE-2024-31449 tohex fix): the `bit` table.
//
// Every operand goes through barg(): the double plus 2^52+2^51, whose low 32 mantissa bits
// are the operand. For |x| < 2^51 that is x rounded to nearest-even, wrapped modulo 2^32;
// for larger magnitudes the addition itself rounds, and that is reproduced by doing the same
// addition on a double here. Results are signed 32-bit numbers.

import { LuaTable } from '../../lua/value';
import { toNumber } from './coerce';
import { luaType } from '../../lua/value';
import { libArgError } from './errors';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LOW_WORD = LITTLE_ENDIAN ? 0 : 1;

/** barg(): the operand as a signed 32-bit integer; raises the C library's type error. */
function barg(v: unknown, n: number, fname: string, present: boolean): number {
  let d: number;
  if (typeof v === 'number') {
    if ((v | 0) === v) return v; // int32 already: the common case, no conversion needed
    d = v;
  } else {
    const c = toNumber(v);
    // C checks lua_isnumber only when the converted bits are 0, with the same outcome.
    if (c === undefined) return libArgError(n, fname, `number expected, got ${present ? luaType(v) : 'no value'}`);
    d = c;
  }
  f64[0] = d + 6755399441055744.0;
  return u32[LOW_WORD] | 0;
}

function tobit(x: unknown): number {
  return barg(x, 1, 'tobit', arguments.length >= 1);
}

function bnot(x: unknown): number {
  return ~barg(x, 1, 'bnot', arguments.length >= 1);
}

// band/bor/bxor: C reads argument 1 first, then the others from the LAST to the second,
// which decides which bad argument is reported.
function band(x: unknown): number {
  const n = arguments.length;
  let b = barg(x, 1, 'band', n >= 1);
  for (let i = n - 1; i >= 1; i--) b &= barg(arguments[i], i + 1, 'band', true);
  return b;
}

function bor(x: unknown): number {
  const n = arguments.length;
  let b = barg(x, 1, 'bor', n >= 1);
  for (let i = n - 1; i >= 1; i--) b |= barg(arguments[i], i + 1, 'bor', true);
  return b;
}

function bxor(x: unknown): number {
  const n = arguments.length;
  let b = barg(x, 1, 'bxor', n >= 1);
  for (let i = n - 1; i >= 1; i--) b ^= barg(arguments[i], i + 1, 'bxor', true);
  return b;
}

function lshift(x: unknown, s: unknown): number {
  const n = arguments.length;
  const b = barg(x, 1, 'lshift', n >= 1);
  return b << (barg(s, 2, 'lshift', n >= 2) & 31);
}

function rshift(x: unknown, s: unknown): number {
  const n = arguments.length;
  const b = barg(x, 1, 'rshift', n >= 1);
  return (b >>> (barg(s, 2, 'rshift', n >= 2) & 31)) | 0;
}

function arshift(x: unknown, s: unknown): number {
  const n = arguments.length;
  const b = barg(x, 1, 'arshift', n >= 1);
  return b >> (barg(s, 2, 'arshift', n >= 2) & 31);
}

function rol(x: unknown, s: unknown): number {
  const n = arguments.length;
  const b = barg(x, 1, 'rol', n >= 1);
  const k = barg(s, 2, 'rol', n >= 2) & 31;
  return (b << k) | (b >>> (32 - k)); // JS masks the shift count like x86 does for 32
}

function ror(x: unknown, s: unknown): number {
  const n = arguments.length;
  const b = barg(x, 1, 'ror', n >= 1);
  const k = barg(s, 2, 'ror', n >= 2) & 31;
  return (b << (32 - k)) | (b >>> k);
}

function bswap(x: unknown): number {
  const b = barg(x, 1, 'bswap', arguments.length >= 1);
  return ((b >>> 24) | ((b >>> 8) & 0xff00) | ((b & 0xff00) << 8) | (b << 24)) | 0;
}

const LOWER = '0123456789abcdef';
const UPPER = '0123456789ABCDEF';

function tohex(x: unknown, width: unknown): string {
  const argc = arguments.length;
  let b = barg(x, 1, 'tohex', argc >= 1);
  // lua_isnone: an explicit nil second argument is converted (and rejected) like any other.
  let n = argc < 2 ? 8 : barg(width, 2, 'tohex', true);
  let digits = LOWER;
  if (n === -2147483648) n = -2147483647;
  if (n < 0) { n = -n; digits = UPPER; }
  if (n > 8) n = 8;
  let out = '';
  for (let i = n; --i >= 0;) { out = digits[b & 15] + out; b >>>= 4; }
  return out;
}

/** The `bit` module table. */
export function createBitModule(): LuaTable {
  const t = new LuaTable();
  const fns: Record<string, (...args: any[]) => any> = {
    tobit, bnot, band, bor, bxor, lshift, rshift, arshift, rol, ror, bswap, tohex,
  };
  for (const name of Object.keys(fns)) {
    const f = fns[name] as ((...args: any[]) => any) & { luaName?: string };
    f.luaName = name;
    t.set(name, f);
  }
  return t;
}

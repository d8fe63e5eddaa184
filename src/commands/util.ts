// Argument parsing and number formatting exactly as Redis does them, plus the error texts
// shared by several command families.
//
// - Integers: Redis's string2ll (util.c) accepts exactly the canonical text of a signed 64-bit
//   integer: optional '-', no '+', no leading zeros, no spaces, at most 20 chars.
// - Floats: string2ld / string2d wrap strtold / strtod: leading whitespace is rejected, the whole
//   string must be consumed (a NUL byte inside stops strtod early, so it is rejected too),
//   "inf"/"infinity" are accepted, "nan"
//   is rejected, overflow and underflow-to-zero are rejected, hex floats are accepted.
// - INCRBYFLOAT computes in x87 80-bit long double (64-bit mantissa) and prints "%.17Lf" with
//   trailing zeros trimmed. JS doubles give different text (1.1+2.2), so this file emulates the
//   long double exactly with BigInt: correctly rounded parse, add, and exact decimal printing.

import type { Reply } from './types';
import { isCanonicalInteger } from '../store/object';


// ---- shared error texts -------------------------------------------------------------------

export const ERR_WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const ERR_SYNTAX = 'ERR syntax error';
export const ERR_NOT_INTEGER = 'ERR value is not an integer or out of range';
export const ERR_NOT_FLOAT = 'ERR value is not a valid float';
export const ERR_NO_SUCH_KEY = 'ERR no such key';
export const ERR_OVERFLOW = 'ERR increment or decrement would overflow';
export const ERR_DB_INDEX = 'ERR DB index is out of range';
export const ERR_SAME_OBJECT = 'ERR source and destination objects are the same';
export const ERR_OUT_OF_RANGE_INT = 'ERR value is out of range, must be positive';

export function errWrongArgs(name: string): string {
  return `ERR wrong number of arguments for '${name}' command`;
}

export function errInvalidExpire(cmd: string): string {
  return `ERR invalid expire time in '${cmd}' command`;
}

export const INT64_MAX = 9223372036854775807n;
export const INT64_MIN = -9223372036854775808n;

// ---- integers -----------------------------------------------------------------------------

/**
 * string2ll: the value of s when it is the canonical text of an int64, else null. Values beyond
 * 2^53 come back as a BigInt-exact Number approximation: use parseInt64Big for exact math.
 */
export function parseInt64(s: string): number | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  if (n <= 15) {
    // Fast path: cannot overflow a double's exact integer range.
    let i = 0;
    let neg = false;
    if (s.charCodeAt(0) === 45) {
      if (n === 1) return null;
      neg = true;
      i = 1;
    }
    const first = s.charCodeAt(i);
    if (first === 48) return n === 1 ? 0 : null;
    if (first < 49 || first > 57) return null;
    let v = first - 48;
    for (i++; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) return null;
      v = v * 10 + (c - 48);
    }
    return neg ? -v : v;
  }
  const big = parseInt64Big(s);
  return big === null ? null : Number(big);
}

/** string2ll with an exact BigInt result: only the canonical form of an int64 is accepted. */
export function parseInt64Big(s: string): bigint | null {
  return isCanonicalInteger(s) ? BigInt(s) : null;
}

/** getLongLongFromObjectOrReply: replies the error and returns null on failure. */
export function intArg(reply: Reply, s: string, err = ERR_NOT_INTEGER): number | null {
  const v = parseInt64(s);
  if (v === null) reply.error(err);
  return v;
}

/**
 * getIntFromObjectOrReply: an int64 that must also fit a C int, with Redis's two error texts.
 */
export function int32Arg(reply: Reply, s: string, err = ERR_NOT_INTEGER): number | null {
  const v = parseInt64(s);
  if (v === null) { reply.error(err); return null; }
  if (v < -2147483648 || v > 2147483647) {
    reply.error('ERR value is out of range, value must between -2147483648 and 2147483647');
    return null;
  }
  return v;
}

/** getRangeLongFromObjectOrReply-like: an int64 within [min, max]. */
export function rangeArg(reply: Reply, s: string, min: number, max: number, err: string): number | null {
  const v = parseInt64(s);
  if (v === null || v < min || v > max) {
    reply.error(err);
    return null;
  }
  return v;
}

// ---- floats (strtod / strtold grammar) ----------------------------------------------------

const DEC_RE = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;
const HEX_RE = /^([+-]?)0[xX](?:([0-9a-fA-F]+)(?:\.([0-9a-fA-F]*))?|\.([0-9a-fA-F]+))(?:[pP]([+-]?\d+))?$/;
const INF_RE = /^([+-]?)(?:inf|infinity)$/i;

/**
 * s when string2d / string2ld may accept it, null when they reject it outright. They check
 * that strtod consumed exactly slen bytes, so a NUL byte anywhere (where the C conversion
 * stops) makes the text invalid (Redis: INCRBYFLOAT k "1\0" -> not a valid float).
 */
function cView(s: string, maxLen: number): string | null {
  if (s.length === 0 || s.length >= maxLen) return null;
  const c0 = s.charCodeAt(0);
  // isspace(buf[0]) is rejected: ' ', \t, \n, \v, \f, \r
  if (c0 === 32 || (c0 >= 9 && c0 <= 13)) return null;
  return s.indexOf('\0') < 0 ? s : null;
}

/** Exact parse of a strtod-style number into sign, BigInt digits and exponents. */
interface ParsedNumber {
  neg: boolean;
  /** 'inf' for infinity; otherwise value = digits * 10^exp10 * 2^exp2. */
  inf: boolean;
  digits: bigint;
  exp10: number;
  exp2: number;
  /** Rough decimal magnitude (number of integer digits), for overflow pre-checks. */
  magnitude: number;
}

function parseNumberText(t: string): ParsedNumber | null {
  let m = DEC_RE.exec(t);
  if (m) {
    const intPart = m[2] ?? '';
    const frac = m[3] ?? m[4] ?? '';
    const all = (intPart + frac).replace(/^0+/, '');
    const exp = m[5] === undefined ? 0 : Number(m[5]);
    const exp10 = exp - frac.length;
    return {
      neg: m[1] === '-', inf: false, digits: all === '' ? 0n : BigInt(all), exp10, exp2: 0,
      magnitude: all.length + exp10,
    };
  }
  m = HEX_RE.exec(t);
  if (m) {
    const intPart = m[2] ?? '';
    const frac = m[3] ?? m[4] ?? '';
    const all = (intPart + frac).replace(/^0+/, '');
    const exp = m[5] === undefined ? 0 : Number(m[5]);
    const exp2 = exp - 4 * frac.length;
    return {
      neg: m[1] === '-', inf: false, digits: all === '' ? 0n : BigInt('0x' + all), exp10: 0, exp2,
      magnitude: Math.ceil((all.length * 4 + exp2) * 0.30103),
    };
  }
  m = INF_RE.exec(t);
  if (m) return { neg: m[1] === '-', inf: true, digits: 0n, exp10: 0, exp2: 0, magnitude: 0 };
  return null;
}

/**
 * string2d / getDoubleFromObject: a double, or null when Redis says "not a valid float".
 * Infinity is allowed (callers decide); NaN never comes back.
 */
export function parseDouble(s: string): number | null {
  const t = cView(s, 5 * 1024);
  if (t === null) return null;
  // Common case first: plain decimal text, which Number() rounds exactly as strtod.
  const p = parseNumberText(t);
  if (p === null) return null;
  if (p.inf) return p.neg ? -Infinity : Infinity;
  let v: number;
  if (p.exp2 === 0) {
    v = Number(t.replace(/^\+/, '')) ;
    if (Number.isNaN(v)) {
      // Forms Number() rejects but strtod accepts ("1.", ".5e3" are fine; this is a fallback).
      v = Number(p.digits.toString() + 'e' + p.exp10);
      if (p.neg) v = -v;
    }
  } else {
    const ext = extFromParsed(p);
    v = ext === null ? (p.neg ? -Infinity : Infinity) : extToDouble(ext);
  }
  if (!Number.isFinite(v)) return null; // overflow (ERANGE, HUGE_VAL)
  if (v === 0 && p.digits !== 0n) return null; // underflow to zero (ERANGE)
  return v;
}

/** getDoubleFromObjectOrReply. */
export function doubleArg(reply: Reply, s: string, err = ERR_NOT_FLOAT): number | null {
  const v = parseDouble(s);
  if (v === null) reply.error(err);
  return v;
}

// ---- x87 long double emulation ------------------------------------------------------------

/** A finite extended-precision value: (neg ? -1 : 1) * mant * 2^exp, mant 0 or in [2^63, 2^64). */
export interface ExtFloat {
  neg: boolean;
  mant: bigint;
  exp: number;
}

const MANT_BITS = 64;
const EXT_MIN_EXP = -16445; // weight of the last bit of the smallest subnormal
const EXT_MAX_BINARY_EXP = 16384; // values >= 2^16384 overflow

function bitLength(v: bigint): number {
  return v === 0n ? 0 : v.toString(2).length;
}

/** num/den (positive) rounded half-even to 64 significant bits; null on overflow. */
function roundRational(neg: boolean, num: bigint, den: bigint): ExtFloat | null {
  if (num === 0n) return { neg, mant: 0n, exp: 0 };
  let e = bitLength(num) - bitLength(den) - MANT_BITS;
  const quotient = (ee: number): [bigint, bigint, bigint] => {
    const n = ee >= 0 ? num : num << BigInt(-ee);
    const d = ee >= 0 ? den << BigInt(ee) : den;
    return [n / d, n % d, d];
  };
  // The bit-length estimate is off by at most one either way.
  let [q, r, d] = quotient(e);
  if (q >= 1n << 64n) {
    e++;
    [q, r, d] = quotient(e);
  } else if (q < 1n << 63n) {
    e--;
    [q, r, d] = quotient(e);
  }
  if (e < EXT_MIN_EXP) {
    e = EXT_MIN_EXP;
    [q, r, d] = quotient(e);
  }
  const twice = r * 2n;
  if (twice > d || (twice === d && (q & 1n) === 1n)) q++;
  if (q === 1n << 64n) {
    q = 1n << 63n;
    e++;
  }
  if (q === 0n) return { neg, mant: 0n, exp: 0 };
  if (bitLength(q) + e > EXT_MAX_BINARY_EXP) return null;
  return { neg, mant: q, exp: e };
}

function extFromParsed(p: ParsedNumber): ExtFloat | null {
  if (p.digits === 0n) return { neg: p.neg, mant: 0n, exp: 0 };
  let num = p.digits;
  let den = 1n;
  if (p.exp10 >= 0) num *= 10n ** BigInt(p.exp10);
  else den = 10n ** BigInt(-p.exp10);
  if (p.exp2 >= 0) num <<= BigInt(p.exp2);
  else den <<= BigInt(-p.exp2);
  return roundRational(p.neg, num, den);
}

export type LongDouble = ExtFloat | 'inf' | '-inf';

/** string2ld: a long double, or null when Redis says "not a valid float". */
export function parseLongDouble(s: string): LongDouble | null {
  const t = cView(s, 5 * 1024);
  if (t === null) return null;
  const p = parseNumberText(t);
  if (p === null) return null;
  if (p.inf) return p.neg ? '-inf' : 'inf';
  if (p.digits === 0n) return { neg: p.neg, mant: 0n, exp: 0 };
  // Pre-checks so absurd exponents never build huge BigInts (ERANGE either way).
  if (p.magnitude > 4940) return null; // overflow
  if (p.magnitude < -4960) return null; // underflow to zero
  const ext = extFromParsed(p);
  if (ext === null || ext.mant === 0n) return null;
  return ext;
}

/** Exact sum of two finite long doubles, rounded to long double; null on overflow. */
export function addLongDouble(a: ExtFloat, b: ExtFloat): ExtFloat | null {
  if (a.mant === 0n) return b.mant === 0n ? { neg: a.neg && b.neg, mant: 0n, exp: 0 } : b;
  if (b.mant === 0n) return a;
  const e = Math.min(a.exp, b.exp);
  const av = (a.neg ? -a.mant : a.mant) << BigInt(a.exp - e);
  const bv = (b.neg ? -b.mant : b.mant) << BigInt(b.exp - e);
  const sum = av + bv;
  if (sum === 0n) return { neg: false, mant: 0n, exp: 0 };
  const neg = sum < 0n;
  const mag = neg ? -sum : sum;
  return e >= 0 ? roundRational(neg, mag << BigInt(e), 1n) : roundRational(neg, mag, 1n << BigInt(-e));
}

/** The long double nearest to a JS double (exact: every double is a long double). */
export function longDoubleFromNumber(d: number): LongDouble {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (d === 0) return { neg: Object.is(d, -0), mant: 0n, exp: 0 };
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, d);
  const hi = buf.getUint32(0), lo = buf.getUint32(4);
  const neg = (hi >>> 31) === 1;
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (bexp === 0) exp = -1074;
  else { mant |= 1n << 52n; exp = bexp - 1075; }
  return roundRational(neg, mant << BigInt(Math.max(0, exp)), exp < 0 ? 1n << BigInt(-exp) : 1n) ?? (neg ? '-inf' : 'inf');
}

function extToDouble(x: ExtFloat): number {
  if (x.mant === 0n) return x.neg ? -0 : 0;
  // Round to 53 bits via the string route: exact enough for hex-float arguments.
  const v = Number(x.mant) * Math.pow(2, x.exp);
  return x.neg ? -v : v;
}

/**
 * ld2string(..., LD_STR_HUMAN): "%.17Lf", trailing zeros (and a trailing '.') removed,
 * "-0" printed as "0".
 */
export function formatLongDoubleHuman(x: ExtFloat): string {
  const SCALE = 10n ** 17n;
  let fixed: bigint; // round(|x| * 10^17), half-even on the exact value
  if (x.exp >= 0) {
    fixed = (x.mant << BigInt(x.exp)) * SCALE;
  } else {
    const num = x.mant * SCALE;
    const sh = BigInt(-x.exp);
    let q = num >> sh;
    const r = num - (q << sh);
    const twice = r << 1n;
    const d = 1n << sh;
    if (twice > d || (twice === d && (q & 1n) === 1n)) q++;
    fixed = q;
  }
  let digits = fixed.toString();
  if (digits.length <= 17) digits = '0'.repeat(18 - digits.length) + digits;
  const intPart = digits.slice(0, digits.length - 17);
  const frac = digits.slice(digits.length - 17).replace(/0+$/, '');
  let out = frac === '' ? intPart : intPart + '.' + frac;
  if (x.neg) out = '-' + out;
  if (out === '-0') out = '0';
  return out;
}

// ---- small helpers for handlers -----------------------------------------------------------

/** Case-insensitive comparison of an argument with a lower-case keyword. */
export function isKeyword(arg: string, lower: string): boolean {
  return arg.length === lower.length && arg.toLowerCase() === lower;
}

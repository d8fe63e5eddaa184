// string.format: a byte-exact port of Lua 5.1.5's str_format over glibc's printf.
//
// Lua 5.1 hands each conversion to C sprintf with the spec as written (flags "-+ #0", at most
// two width digits, at most two precision digits), so the output here reproduces glibc:
//   %d %i      (long)x: truncation toward zero; outside [-2^63, 2^63) and NaN give LONG_MIN
//   %u %o %x %X (unsigned long)x as gcc on x86-64 converts it (see toUnsignedLong)
//   %c         (int)x, one byte; a NUL byte ends the item (Lua appends strlen(buff) bytes)
//   %e %E %f %g %G  correctly rounded from the exact binary value, ties to even (glibc);
//              inf/nan spelled inf, -inf, nan, -nan (INF/NAN for E and G), never zero-padded
//   %s         the string as a C string (stops at NUL) unless it is >= 100 bytes and no
//              precision is given, in which case Lua appends it whole
//   %q         Lua's quoting (", \, newline escaped; \r as \r; NUL as \000)
//
// JavaScript's toFixed/toExponential are exact but round ties away from zero; glibc rounds ties
// to even. A tie needs the exact binary value to end exactly on the digit after the last one
// kept, which we detect cheaply from the double's bits; ties and huge values go through an exact
// BigInt expansion of the double instead.

import type { LuaValue } from '../value';

/** What str_format needs from the host runtime (argument checks and errors, as lauxlib does). */
export interface FormatHost {
  /** luaL_checknumber: numbers, and strings convertible to numbers; raises otherwise. */
  checkNumber(v: LuaValue, arg: number): number;
  /** luaL_checklstring: strings, and numbers converted with %.14g; raises otherwise. */
  checkString(v: LuaValue, arg: number): string;
  /** luaL_argerror(arg, extramsg). */
  argError(arg: number, extramsg: string): never;
  /** luaL_error(msg). */
  error(msg: string): never;
}

// ---------------------------------------------------------------------------------------------
// Bits of a double

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer); // little-endian (every platform Node runs on)

/** The sign bit, which also tells -nan from nan (x86 produces a negative NaN for 0/0). */
export function signBit(x: number): boolean {
  f64[0] = x;
  return (u32[1] >>> 31) === 1;
}

function ctz32(v: number): number {
  return 31 - Math.clz32(v & -v);
}

/**
 * The number of binary digits after the point in a finite double's exact value (0 for integers).
 * Its exact decimal expansion has exactly that many digits after the decimal point, the last one
 * a 5, so this tells where a rounding tie can happen.
 */
function fractionBits(a: number): number {
  f64[0] = a;
  const hi = u32[1], lo = u32[0];
  const biased = (hi >>> 20) & 0x7ff;
  const e2 = biased === 0 ? -1074 : biased - 1075;
  const mhi = (hi & 0xfffff) | (biased === 0 ? 0 : 0x100000);
  if (lo === 0 && mhi === 0) return 0;
  const tz = lo !== 0 ? ctz32(lo) : 32 + ctz32(mhi);
  const k = -(e2 + tz);
  return k > 0 ? k : 0;
}

const pow5Cache: bigint[] = [1n];
function pow5(k: number): bigint {
  let p = pow5Cache[k];
  if (p === undefined) {
    let i = pow5Cache.length - 1;
    p = pow5Cache[i];
    while (i < k) { p *= 5n; i++; pow5Cache[i] = p; }
  }
  return p;
}

/**
 * The exact decimal expansion of a finite positive double: significant digits without leading
 * or trailing zeros, and `point` such that the value is 0.DIGITS x 10^point.
 */
let exactDigits = '';
let exactPoint = 0;
function expandExact(a: number): void {
  let s: string;
  let point: number;
  if (a < 9007199254740992 && Number.isInteger(a)) {
    s = String(a);
    point = s.length;
  } else {
    f64[0] = a;
    const hi = u32[1], lo = u32[0];
    const biased = (hi >>> 20) & 0x7ff;
    let e2 = biased === 0 ? -1074 : biased - 1075;
    const mhi = (hi & 0xfffff) | (biased === 0 ? 0 : 0x100000);
    let m = mhi * 4294967296 + lo; // exact: < 2^53
    while (e2 < 0 && m % 2 === 0) { m /= 2; e2++; }
    if (e2 >= 0) {
      s = (BigInt(m) << BigInt(e2)).toString();
      point = s.length;
    } else {
      s = (BigInt(m) * pow5(-e2)).toString();
      point = s.length + e2;
    }
  }
  let n = s.length;
  while (n > 1 && s.charCodeAt(n - 1) === 48) n--;
  exactDigits = n === s.length ? s : s.slice(0, n);
  exactPoint = point;
}

/** Adds one to a string of decimal digits ("199" -> "200", "99" -> "100"). */
function incrementDigits(d: string): string {
  let i = d.length - 1;
  while (i >= 0 && d.charCodeAt(i) === 57) i--;
  if (i < 0) return '1' + '0'.repeat(d.length);
  return d.slice(0, i) + String.fromCharCode(d.charCodeAt(i) + 1) + '0'.repeat(d.length - 1 - i);
}

/**
 * Rounds 0.DIGITS x 10^point (the current exact expansion) to `keep` digits counted from the
 * first significant one, ties to even. Returns the kept digits as an integer string, possibly
 * one digit longer after a carry ("99.6" kept 2 -> "100"); "0" or "" when nothing survives.
 */
function roundExact(keep: number): string {
  const d = exactDigits;
  const n = d.length;
  if (keep >= n) return keep === n ? d : d + '0'.repeat(keep - n);
  if (keep < 0) return '0';
  if (keep === 0) {
    const c = d.charCodeAt(0);
    return c > 53 || (c === 53 && n > 1) ? '1' : '0';
  }
  const head = d.slice(0, keep);
  const c = d.charCodeAt(keep);
  // Digits after `keep` exist only if nonzero (the expansion has no trailing zeros).
  const up = c > 53 || (c === 53 && (n > keep + 1 || (d.charCodeAt(keep - 1) & 1) === 1));
  return up ? incrementDigits(head) : head;
}

// ---------------------------------------------------------------------------------------------
// The three floating conversions on a finite non-negative value, without sign or padding

/** %.{prec}f of a >= 0. */
export function fixedDigits(a: number, prec: number): string {
  if (a < 1e21 && fractionBits(a) !== prec + 1) return a.toFixed(prec);
  if (a === 0) return prec > 0 ? '0.' + '0'.repeat(prec) : '0';
  expandExact(a);
  let r = roundExact(exactPoint + prec);
  if (r.length <= prec) r = '0'.repeat(prec + 1 - r.length) + r;
  const cut = r.length - prec;
  return prec > 0 ? r.slice(0, cut) + '.' + r.slice(cut) : r;
}

/**
 * Rounds a >= 0 to `sig` significant digits: sets sciDigits (exactly `sig` digits) and sciExp
 * (the decimal exponent of the first digit), as %e computes them.
 */
let sciDigits = '';
let sciExp = 0;
function roundSignificant(a: number, sig: number): void {
  if (a === 0) { sciDigits = '0'.repeat(sig); sciExp = 0; return; }
  const k = fractionBits(a);
  if (k > 0) {
    // Exact digits run from 10^X down to 10^-k: a tie at digit sig+1 needs X + k + 1 = sig + 1.
    const xEstimate = Math.floor(Math.log10(a));
    if (Math.abs(k - (sig - xEstimate)) > 1) {
      const s = a.toExponential(sig - 1);
      const e = s.indexOf('e');
      sciDigits = sig > 1 ? s[0] + s.slice(2, e) : s.slice(0, e);
      sciExp = +s.slice(e + 1);
      return;
    }
  }
  expandExact(a);
  const r = roundExact(sig);
  if (r.length > sig) { sciDigits = r.slice(0, sig); sciExp = exactPoint; }
  else { sciDigits = r; sciExp = exactPoint - 1; }
}

function exponentSuffix(e: number, upper: boolean): string {
  const sign = e < 0 ? '-' : '+';
  const m = e < 0 ? -e : e;
  return (upper ? 'E' : 'e') + sign + (m < 10 ? '0' + m : String(m));
}

/** %.{prec}e of a >= 0 (alt: '#' keeps the point). */
export function expDigits(a: number, prec: number, alt: boolean, upper: boolean): string {
  roundSignificant(a, prec + 1);
  const d = sciDigits;
  const mant = prec > 0 ? d[0] + '.' + d.slice(1) : alt ? d + '.' : d;
  return mant + exponentSuffix(sciExp, upper);
}

function stripFractionZeros(s: string): string {
  if (s.indexOf('.') < 0) return s;
  let n = s.length;
  while (s.charCodeAt(n - 1) === 48) n--;
  if (s.charCodeAt(n - 1) === 46) n--;
  return s.slice(0, n);
}

/** %.{prec}g of a >= 0. */
export function generalDigits(a: number, prec: number, alt: boolean, upper: boolean): string {
  const p = prec < 0 ? 6 : prec === 0 ? 1 : prec;
  roundSignificant(a, p);
  const d = sciDigits, x = sciExp;
  let s: string;
  if (x < p && x >= -4) {
    // Style f with precision p-1-x: the same p significant digits, point placed by x.
    if (x >= 0) {
      const intPart = d.slice(0, x + 1);
      const frac = d.slice(x + 1);
      s = frac.length > 0 || alt ? intPart + '.' + frac : intPart;
    } else {
      s = '0.' + '0'.repeat(-x - 1) + d;
    }
    return alt ? s : stripFractionZeros(s);
  }
  let mant = p > 1 || alt ? d[0] + '.' + d.slice(1) : d;
  if (!alt) mant = stripFractionZeros(mant);
  return mant + exponentSuffix(x, upper);
}

/** Lua's tostring of a number: "%.14g" as glibc prints it (so -0, inf, -inf, nan, -nan). */
export function numberToString14(x: number): string {
  if (Number.isInteger(x)) {
    if (x < 1e14 && x > -1e14) return x === 0 && 1 / x < 0 ? '-0' : String(x);
  } else if (x !== x) {
    return signBit(x) ? '-nan' : 'nan';
  }
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return x < 0 ? '-' + generalDigits(-x, 14, false, false) : generalDigits(x, 14, false, false);
}

// ---------------------------------------------------------------------------------------------
// Integer conversions

/**
 * luaL_checkint's conversion: (int)(lua_Integer)x on x86-64, i.e. truncate to a 64-bit long
 * (LONG_MIN when out of range or NaN), then keep the low 32 bits. So 2^32 + 5 gives 5 and
 * inf gives 0 (LONG_MIN's low half), not INT_MIN.
 */
export function toCInt(x: number): number {
  if (x >= -2147483648 && x < 2147483648) return x < 0 ? Math.ceil(x) | 0 : Math.floor(x);
  if (!(x >= -TWO63 && x < TWO63)) return 0;
  return Math.trunc(x) | 0; // ToInt32 is exactly "the low 32 bits"
}

const TWO63 = 9223372036854775808;
const TWO64 = 18446744073709551616;
const LONG_MIN = -9223372036854775808n;

/** (long)x on x86-64: truncation; out of range or NaN gives LONG_MIN ("integer indefinite"). */
function toLong(x: number): number | bigint {
  if (x >= -TWO63 && x < TWO63) {
    const t = Math.trunc(x);
    return t <= 9007199254740992 && t >= -9007199254740992 ? (t === 0 ? 0 : t) : BigInt(t);
  }
  return LONG_MIN;
}

/**
 * (unsigned long)x as gcc compiles it on x86-64: below 2^63 (or NaN) the signed conversion,
 * reinterpreted as unsigned; from 2^63 on, convert x - 2^63 and flip bit 63 (so 2^64 and
 * beyond, and inf, give 0).
 */
function toUnsignedLong(x: number): number | bigint {
  if (!(x >= TWO63)) {
    const v = toLong(x);
    if (typeof v === 'number') return v < 0 ? BigInt(v) + 18446744073709551616n : v;
    return v < 0n ? v + 18446744073709551616n : v;
  }
  return x < TWO64 ? BigInt(x) : 0;
}

/** Number formatting flags and sizes of one conversion. */
export interface Spec {
  minus: boolean;
  plus: boolean;
  space: boolean;
  alt: boolean;
  zero: boolean;
  width: number;
  /** -1 when no precision was written. */
  precision: number;
}

/** Pads `body` (digits, after sign and prefix) to the width, as printf does. */
function pad(sign: string, prefix: string, body: string, spec: Spec, zeroAllowed: boolean): string {
  const len = sign.length + prefix.length + body.length;
  if (len >= spec.width) return sign + prefix + body;
  const fill = spec.width - len;
  if (spec.minus) return sign + prefix + body + ' '.repeat(fill);
  if (spec.zero && zeroAllowed) return sign + prefix + '0'.repeat(fill) + body;
  return ' '.repeat(fill) + sign + prefix + body;
}

/** %d / %i. */
export function formatSigned(x: number, spec: Spec): string {
  const v = toLong(x);
  const negative = v < 0;
  let digits = typeof v === 'number' ? String(negative ? -v : v) : (negative ? -v : v).toString();
  if (spec.precision >= 0) {
    if (spec.precision === 0 && digits === '0') digits = '';
    else if (digits.length < spec.precision) digits = '0'.repeat(spec.precision - digits.length) + digits;
  }
  const sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  return pad(sign, '', digits, spec, spec.precision < 0);
}

/** %u %o %x %X. */
export function formatUnsigned(x: number, conv: number, spec: Spec): string {
  const v = toUnsignedLong(x);
  const radix = conv === 117 /* u */ ? 10 : conv === 111 /* o */ ? 8 : 16;
  let digits = v.toString(radix);
  if (conv === 88 /* X */) digits = digits.toUpperCase();
  const isZero = v === 0 || v === 0n;
  if (spec.precision >= 0) {
    if (spec.precision === 0 && isZero) digits = '';
    else if (digits.length < spec.precision) digits = '0'.repeat(spec.precision - digits.length) + digits;
  }
  let prefix = '';
  if (spec.alt) {
    if (conv === 111) { if (digits.charCodeAt(0) !== 48) digits = '0' + digits; }
    else if (radix === 16 && !isZero) prefix = conv === 88 ? '0X' : '0x';
  }
  return pad('', prefix, digits, spec, spec.precision < 0);
}

/** %e %E %f %g %G (conv is the char code). */
export function formatFloat(x: number, conv: number, spec: Spec): string {
  const negative = signBit(x);
  const sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  const upper = conv === 69 /* E */ || conv === 71 /* G */;
  if (x !== x || x === Infinity || x === -Infinity) {
    const word = x !== x ? (upper ? 'NAN' : 'nan') : upper ? 'INF' : 'inf';
    return pad(sign, '', word, spec, false);
  }
  const a = negative ? -x : x;
  let body: string;
  if (conv === 102 /* f */) {
    body = fixedDigits(a, spec.precision < 0 ? 6 : spec.precision);
    if (spec.alt && spec.precision === 0) body += '.';
  } else if (conv === 101 || conv === 69) {
    body = expDigits(a, spec.precision < 0 ? 6 : spec.precision, spec.alt, upper);
  } else {
    body = generalDigits(a, spec.precision, spec.alt, upper);
  }
  return pad(sign, '', body, spec, true);
}

/** %c: one byte; printf output is cut at a NUL byte (Lua appends strlen(buff)). */
export function formatChar(x: number, spec: Spec): string {
  const i = x > -2147483649 && x < 2147483648 ? Math.trunc(x) : -2147483648;
  const byte = i & 255;
  if (byte === 0) return spec.minus || spec.width <= 1 ? '' : ' '.repeat(spec.width - 1);
  return pad('', '', String.fromCharCode(byte), spec, false);
}

/** %s through sprintf: the C string (up to a NUL), precision cuts, width pads with spaces. */
export function formatStringItem(s: string, spec: Spec): string {
  const nul = s.indexOf('\0');
  let c = nul < 0 ? s : s.slice(0, nul);
  if (spec.precision >= 0 && c.length > spec.precision) c = c.slice(0, spec.precision);
  return pad('', '', c, spec, false);
}

/** %q: Lua 5.1's addquoted. */
export function quoteString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c === 34) rep = '\\"';
    else if (c === 92) rep = '\\\\';
    else if (c === 10) rep = '\\\n';
    else if (c === 13) rep = '\\r';
    else if (c === 0) rep = '\\000';
    if (rep !== undefined) {
      out += s.slice(start, i) + rep;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

// ---------------------------------------------------------------------------------------------
// str_format

const scratch: Spec = { minus: false, plus: false, space: false, alt: false, zero: false, width: 0, precision: -1 };

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * string.format(fmt, ...): `args[0]` is the format (already checked to be a string by the
 * caller, which passes it as `fmt`), values follow; `nargs` is the number of arguments given.
 * Argument numbers in errors count the format as #1, like Lua.
 */
export function luaFormat(fmt: string, args: ArrayLike<LuaValue>, nargs: number, host: FormatHost): string {
  let out = '';
  let arg = 1;
  const len = fmt.length;
  let i = 0;
  let literalStart = 0;
  while (i < len) {
    if (fmt.charCodeAt(i) !== 37 /* % */) { i++; continue; }
    out += fmt.slice(literalStart, i);
    i++;
    if (i < len && fmt.charCodeAt(i) === 37) { out += '%'; i++; literalStart = i; continue; }
    // A format item: the argument must exist before the spec is even looked at.
    if (++arg > nargs) host.argError(arg, 'no value');
    const spec = scratch;
    spec.minus = spec.plus = spec.space = spec.alt = spec.zero = false;
    spec.width = 0;
    spec.precision = -1;
    const flagsStart = i;
    for (;;) {
      const c = i < len ? fmt.charCodeAt(i) : 0;
      if (c === 45) spec.minus = true;
      else if (c === 43) spec.plus = true;
      else if (c === 32) spec.space = true;
      else if (c === 35) spec.alt = true;
      else if (c === 48) spec.zero = true;
      else break;
      i++;
    }
    if (i - flagsStart >= 6) host.error('invalid format (repeated flags)');
    if (i < len && isDigit(fmt.charCodeAt(i))) {
      spec.width = fmt.charCodeAt(i++) - 48;
      if (i < len && isDigit(fmt.charCodeAt(i))) spec.width = spec.width * 10 + fmt.charCodeAt(i++) - 48;
    }
    if (i < len && fmt.charCodeAt(i) === 46 /* . */) {
      i++;
      spec.precision = 0;
      if (i < len && isDigit(fmt.charCodeAt(i))) {
        spec.precision = fmt.charCodeAt(i++) - 48;
        if (i < len && isDigit(fmt.charCodeAt(i))) spec.precision = spec.precision * 10 + fmt.charCodeAt(i++) - 48;
      }
    }
    if (i < len && isDigit(fmt.charCodeAt(i))) host.error('invalid format (width or precision too long)');
    const conv = i < len ? fmt.charCodeAt(i) : 0;
    i++;
    literalStart = i;
    const v = args[arg - 1];
    switch (conv) {
      case 99: /* c */
        out += formatChar(host.checkNumber(v, arg), spec);
        break;
      case 100: case 105: /* d i */ {
        const x = host.checkNumber(v, arg);
        // The overwhelmingly common case: plain %d of a safe integer.
        if (spec.width === 0 && spec.precision < 0 && !spec.plus && !spec.space && Number.isInteger(x) &&
            x <= 9007199254740992 && x >= -9007199254740992) {
          out += x === 0 ? '0' : String(x);
        } else {
          out += formatSigned(x, spec);
        }
        break;
      }
      case 111: case 117: case 120: case 88: /* o u x X */
        out += formatUnsigned(host.checkNumber(v, arg), conv, spec);
        break;
      case 101: case 69: case 102: case 103: case 71: /* e E f g G */
        out += formatFloat(host.checkNumber(v, arg), conv, spec);
        break;
      case 113: /* q */
        out += quoteString(host.checkString(v, arg));
        break;
      case 115: /* s */ {
        const s = host.checkString(v, arg);
        if (spec.precision < 0 && (s.length >= 100 || (spec.width === 0 && s.indexOf('\0') < 0))) out += s;
        else out += formatStringItem(s, spec);
        break;
      }
      default:
        // lua_pushfstring's %c: a NUL (the format ended after '%...') prints as nothing.
        host.error("invalid option '%" + (conv === 0 ? '' : String.fromCharCode(conv)) + "' to 'format'");
    }
  }
  return literalStart === 0 ? fmt : out + fmt.slice(literalStart);
}

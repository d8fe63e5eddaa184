// Number <-> text conversions with C semantics, for the Redis Lua libraries.
//
//   formatG(x, p)   what glibc's snprintf("%.<p>g", x) prints (cjson's encoder; p = 1..17).
//   strtod(s, i)    what glibc's strtod() accepts at s[i..]: the value and where it stopped
//                   (cjson's decoder hands every number to strtod).
//
// glibc prints the exact binary value correctly rounded, with ties (values exactly halfway
// between two p-digit decimals, e.g. 123456789012345 at 14 digits) broken to EVEN. V8's
// toExponential() is also correctly rounded but breaks exact ties upward, so ties are
// detected (exactly, with BigInt, only when the digit after the last kept one is a 5) and
// fixed here.

/** snprintf(buf, n, "%.<precision>g", x) with glibc's output, precision 1..17. */
export function formatG(x: number, precision: number): string {
  if (x !== x) return isNegative(x) ? '-nan' : 'nan'; // glibc prints the NaN's sign
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return 1 / x < 0 ? '-0' : '0';
  // Fast path: integers with at most `precision` digits print as themselves.
  if (Number.isInteger(x) && x < POW10[precision] && x > -POW10[precision]) return String(x);

  const negative = x < 0;
  const a = negative ? -x : x;
  // Fast path: when the shortest round-trip text has at most `precision` significant digits
  // and is in %g's fixed-notation range, it IS the correctly rounded %g output (the double is
  // far closer to that decimal than half a step of the precision-digit grid, for p <= 15).
  if (precision <= 15 && a >= 1e-4 && a < POW10[precision]) {
    const s = String(a);
    if (s.indexOf('e') < 0) {
      let digits: number;
      if (a >= 1) {
        digits = s.length - 1; // "123.45": every digit is significant, minus the point
      } else {
        let z = 2;
        while (s.charCodeAt(z) === 48) z++;
        digits = s.length - z; // "0.000123": digits after the leading zeros
      }
      if (digits <= precision) return negative ? '-' + s : s;
    }
  }
  let exp = a.toExponential(precision - 1); // "d.ddde+X", p significant digits
  // Exact tie check: only possible when the (p+1)-digit expansion ends in 5 and is exact.
  const longer = a.toExponential(precision);
  const eLong = longer.indexOf('e');
  if (longer.charCodeAt(eLong - 1) === 53 /* '5' */ && isExactDecimal(a, longer)) {
    // Round half to even: V8 rounded up; go down instead when the kept digits end even.
    const keptLast = longer.charCodeAt(eLong - 2);
    const keptDigit = keptLast === 46 /* '.' */ ? longer.charCodeAt(eLong - 3) : keptLast;
    if ((keptDigit - 48) % 2 === 0) {
      let mant = longer.slice(0, eLong - 1); // drop the final 5
      if (mant.endsWith('.')) mant = mant.slice(0, -1);
      exp = mant + longer.slice(eLong);
    }
  }
  const e = exp.indexOf('e');
  const decExp = Number(exp.slice(e + 1));
  const digits = exp.charCodeAt(1) === 46 ? exp[0] + exp.slice(2, e) : exp.slice(0, e);
  let out: string;
  if (decExp < -4 || decExp >= precision) {
    const m = stripZeros(digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits);
    const ae = decExp < 0 ? -decExp : decExp;
    out = m + (decExp < 0 ? 'e-' : 'e+') + (ae < 10 ? '0' + ae : String(ae));
  } else if (decExp >= 0) {
    const intPart = digits.slice(0, decExp + 1);
    const frac = digits.slice(decExp + 1);
    out = frac.length > 0 ? stripZeros(intPart + '.' + frac) : intPart;
  } else {
    out = stripZeros('0.' + '0'.repeat(-decExp - 1) + digits);
  }
  return negative ? '-' + out : out;
}

const POW10: number[] = [];
for (let i = 0, p = 1; i <= 22; i++, p *= 10) POW10.push(p);

function stripZeros(s: string): string {
  if (s.indexOf('.') < 0) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  return s.slice(0, end);
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // high word index

/** The sign bit of a double; V8 keeps NaN bit patterns, so this tells -nan (0/0 on x86) from nan. */
export function isNegative(x: number): boolean {
  f64[0] = x;
  return (u32[HI] >>> 31) === 1;
}

/** The NaNs glibc's strtod returns for "nan" and "-nan". */
export const POSITIVE_NAN = new Float64Array(new Uint32Array(HI === 1 ? [0, 0x7ff80000] : [0x7ff80000, 0]).buffer)[0];
export const NEGATIVE_NAN = new Float64Array(new Uint32Array(HI === 1 ? [0, 0xfff80000] : [0xfff80000, 0]).buffer)[0];

/** Is the positive double `a` exactly equal to the decimal in exponential notation `dec`? */
function isExactDecimal(a: number, dec: string): boolean {
  const e = dec.indexOf('e');
  const mant = dec.slice(0, e).replace('.', '');
  const fracDigits = dec.indexOf('.') >= 0 ? e - dec.indexOf('.') - 1 : 0;
  const q = Number(dec.slice(e + 1)) - fracDigits; // value = mant * 10^q
  // a = m * 2^k exactly
  f64[0] = a;
  const lo = u32[0], hi = u32[1];
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let k: number;
  if (biased === 0) { k = -1074; } else { m |= 1n << 52n; k = biased - 1075; }
  let left = m, right = BigInt(mant);
  if (k >= 0) left <<= BigInt(k); else right <<= BigInt(-k);
  if (q >= 0) right *= 10n ** BigInt(q); else left *= 10n ** BigInt(-q);
  return left === right;
}

export interface StrtodResult { value: number; end: number }

function isDigit(c: number): boolean { return c >= 48 && c <= 57; }
function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}
function matchesCI(s: string, i: number, word: string): boolean {
  if (i + word.length > s.length) return false;
  for (let j = 0; j < word.length; j++) if ((s.charCodeAt(i + j) | 0x20) !== word.charCodeAt(j)) return false;
  return true;
}

/**
 * glibc strtod() at s[start..] (no leading whitespace skip: callers never need it).
 * Returns end === start when nothing could be parsed. A NUL byte ends the text as in C.
 */
export function strtod(s: string, start: number, out: StrtodResult): StrtodResult {
  let i = start;
  let negative = false;
  let c = s.charCodeAt(i);
  if (c === 43 /* + */ || c === 45 /* - */) { negative = c === 45; i++; c = s.charCodeAt(i); }
  if (isDigit(c) || (c === 46 && isDigit(s.charCodeAt(i + 1)))) {
    if (c === 48 && (s.charCodeAt(i + 1) | 0x20) === 120 /* x */) {
      const h = parseHex(s, i + 2);
      if (h !== undefined) { out.value = negative ? -h.value : h.value; out.end = h.end; return out; }
      // "0x" without hex digits: strtod reads just the "0".
      out.value = negative ? -0 : 0; out.end = i + 1; return out;
    }
    const numStart = i;
    while (isDigit(s.charCodeAt(i))) i++;
    if (s.charCodeAt(i) === 46) { i++; while (isDigit(s.charCodeAt(i))) i++; }
    if ((s.charCodeAt(i) | 0x20) === 101 /* e */) {
      let j = i + 1;
      const sc = s.charCodeAt(j);
      if (sc === 43 || sc === 45) j++;
      if (isDigit(s.charCodeAt(j))) { while (isDigit(s.charCodeAt(j))) j++; i = j; }
    }
    const v = Number(s.slice(numStart, i));
    out.value = negative ? -v : v; out.end = i; return out;
  }
  if (matchesCI(s, i, 'inf')) {
    out.value = negative ? -Infinity : Infinity;
    out.end = matchesCI(s, i, 'infinity') ? i + 8 : i + 3;
    return out;
  }
  if (matchesCI(s, i, 'nan')) {
    i += 3;
    if (s.charCodeAt(i) === 40 /* ( */) {
      let j = i + 1;
      for (;;) {
        const d = s.charCodeAt(j);
        if (isDigit(d) || ((d | 0x20) >= 97 && (d | 0x20) <= 122) || d === 95) { j++; continue; }
        if (d === 41 /* ) */) i = j + 1;
        break;
      }
    }
    out.value = negative ? NEGATIVE_NAN : POSITIVE_NAN; out.end = i; return out;
  }
  out.value = 0; out.end = start; return out;
}

/** Hexadecimal significand with optional fraction and binary exponent ("1.8p1"). */
function parseHex(s: string, i: number): StrtodResult | undefined {
  let mant = 0n;
  let any = false;
  let fracDigits = 0;
  while (hexVal(s.charCodeAt(i)) >= 0) { mant = (mant << 4n) | BigInt(hexVal(s.charCodeAt(i))); i++; any = true; }
  if (s.charCodeAt(i) === 46) {
    let j = i + 1;
    while (hexVal(s.charCodeAt(j)) >= 0) { mant = (mant << 4n) | BigInt(hexVal(s.charCodeAt(j))); j++; fracDigits++; any = true; }
    if (any) i = j;
  }
  if (!any) return undefined;
  let exp2 = -4 * fracDigits;
  if ((s.charCodeAt(i) | 0x20) === 112 /* p */) {
    let j = i + 1;
    let sign = 1;
    const sc = s.charCodeAt(j);
    if (sc === 43 || sc === 45) { sign = sc === 45 ? -1 : 1; j++; }
    if (isDigit(s.charCodeAt(j))) {
      let e = 0;
      while (isDigit(s.charCodeAt(j))) { if (e < 100000) e = e * 10 + s.charCodeAt(j) - 48; j++; }
      exp2 += sign * e;
      i = j;
    }
  }
  return { value: bigTimesPow2(mant, exp2), end: i };
}

/** mant * 2^exp2 correctly rounded to a double. */
function bigTimesPow2(mant: bigint, exp2: number): number {
  if (mant === 0n) return 0;
  const bits = mant.toString(2).length;
  // Keep 64 significant bits plus a sticky bit so Number() rounds once, correctly.
  if (bits > 64) {
    const drop = bits - 64;
    const sticky = (mant & ((1n << BigInt(drop)) - 1n)) !== 0n ? 1n : 0n;
    mant = (mant >> BigInt(drop)) | sticky;
    exp2 += drop;
  }
  let v = Number(mant); // rounds 64 bits to 53, correctly (sticky bit kept in the lowest bit)
  // Scale in steps to avoid premature overflow/underflow of 2^exp2.
  while (exp2 > 0) { const step = exp2 > 1000 ? 1000 : exp2; v *= 2 ** step; exp2 -= step; }
  while (exp2 < 0) { const step = exp2 < -1000 ? -1000 : exp2; v *= 2 ** step; exp2 -= step; }
  return v;
}

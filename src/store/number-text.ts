// Numbers as Redis prints them: doubles in replies (7.2+'s d2string), doubles in RDB listpack
// scores (7.0's %.17g), integers (integerText).

/**
 * Redis 7.0's d2string, "%.17g" with C's %g rules: still the text of scores in the listpacks
 * Ferrous writes to RDB payloads (docs/persistence.md). Replies use formatDouble.
 */
export function formatDouble17g(d: number): string {
  if (Number.isNaN(d)) return 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isInteger(d) && Math.abs(d) < 1e17) return Object.is(d, -0) ? '-0' : String(d);
  // %.17g: 17 significant digits, then drop trailing zeros as %g does.
  // %g switches to exponent form below 1e-4, toPrecision only below 1e-6.
  let s = Math.abs(d) < 1e-4 ? d.toExponential(16) : d.toPrecision(17);
  if (s.includes('e')) {
    let [mant, exp] = s.split('e');
    if (mant.includes('.')) mant = mant.replace(/0+$/, '').replace(/\.$/, '');
    const e = Number(exp);
    return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

const fromCharCode = String.fromCharCode;

/** The texts of 0..999, made once: most integers a server prints (counts, lengths, 0/1). */
const SMALL_INTEGER_TEXT: string[] = [];
for (let i = 0; i < 1000; i++) SMALL_INTEGER_TEXT.push(String(i));

/**
 * The decimal text of an integer, as String(n) gives it, built without V8's number-to-string
 * cache. That cache is a table in the old generation that keeps the last few thousand strings
 * it made alive: a run of fresh numbers (INCR results, growing list lengths) makes each one
 * survive the young-generation GCs and get copied and promoted, which cost an INCR more than
 * the conversion itself (pipelined INCR: 296 -> 180 ns in-process).
 */
export function integerText(n: number): string {
  if (n >= 0 && n < 1000 && (n | 0) === n) return SMALL_INTEGER_TEXT[n];
  // The same number is often printed twice in a row (INCR stores its result, then replies it).
  if (n === lastInteger) return lastIntegerText;
  if (!Number.isSafeInteger(n)) return String(n);
  const text = n < 0 ? '-' + positiveIntegerText(-n) : positiveIntegerText(n);
  lastInteger = n;
  lastIntegerText = text;
  return text;
}

let lastInteger = 0;
let lastIntegerText = '0';

/** 0 < n < 2^53: at most 16 digits, made of two int32-sized halves. */
function positiveIntegerText(n: number): string {
  if (n < 1e8) return digitsText(n, false);
  const high = Math.floor(n / 1e8);
  return digitsText(high, false) + digitsText(n - high * 1e8, true);
}

/** Character codes of "00".."99", two per number. */
const DIGIT_PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  DIGIT_PAIRS[2 * i] = 48 + Math.floor(i / 10);
  DIGIT_PAIRS[2 * i + 1] = 48 + (i % 10);
}

/**
 * x < 1e8 in decimal: without leading zeros, or as exactly eight digits (`padded`). Three
 * integer divisions split it into four two-digit pairs, looked up in DIGIT_PAIRS.
 */
function digitsText(x: number, padded: boolean): string {
  const a = (x / 1000000) | 0;
  let r = x - a * 1000000;
  const b = (r / 10000) | 0;
  r -= b * 10000;
  const c = (r / 100) | 0;
  const d = r - c * 100;
  const p = DIGIT_PAIRS;
  const b0 = p[2 * b], b1 = p[2 * b + 1], c0 = p[2 * c], c1 = p[2 * c + 1], d0 = p[2 * d], d1 = p[2 * d + 1];
  if (a >= 10 || padded) return fromCharCode(p[2 * a], p[2 * a + 1], b0, b1, c0, c1, d0, d1);
  if (a !== 0) return fromCharCode(p[2 * a + 1], b0, b1, c0, c1, d0, d1);
  if (b >= 10) return fromCharCode(b0, b1, c0, c1, d0, d1);
  if (b !== 0) return fromCharCode(b1, c0, c1, d0, d1);
  if (c >= 10) return fromCharCode(c0, c1, d0, d1);
  if (c !== 0) return fromCharCode(c1, d0, d1);
  return d >= 10 ? fromCharCode(d0, d1) : fromCharCode(d1);
}

/**
 * fpconv_dtoa (Grisu2 shortest digits) with Redis's emit_digits layout. V8's shortest
 * round-trip digits are what Grisu2 produces for practically every double.
 */
export function fpconvDtoa(d: number): string {
  if (d !== d) return 'nan';
  const neg = d < 0 || (d === 0 && 1 / d < 0);
  const sign = neg ? '-' : '';
  const a = neg ? -d : d;
  if (a === Infinity) return sign + 'inf';
  if (a === 0) return sign + '0';
  const exp = a.toExponential(); // shortest digits: "d.ddde+X"
  const e = exp.indexOf('e');
  const digits = exp.charCodeAt(1) === 46 ? exp[0] + exp.slice(2, e) : exp.slice(0, e);
  const decExp = Number(exp.slice(e + 1));
  let ndigits = digits.length;
  const K = decExp - (ndigits - 1);
  let absExp = Math.abs(K + ndigits - 1);
  if (K >= 0 && absExp < ndigits + 7) return sign + digits + '0'.repeat(K);
  if (K < 0 && (K > -7 || absExp < 4)) {
    const offset = ndigits + K;
    if (offset <= 0) return sign + '0.' + '0'.repeat(-offset) + digits;
    return sign + digits.slice(0, offset) + '.' + digits.slice(offset);
  }
  ndigits = Math.min(ndigits, 18 - (neg ? 1 : 0));
  let out = digits[0];
  if (ndigits > 1) out += '.' + digits.slice(1, ndigits);
  out += K + ndigits - 1 < 0 ? 'e-' : 'e+';
  let expText = '';
  let cent = 0;
  if (absExp > 99) { cent = Math.floor(absExp / 100); expText += cent; absExp -= cent * 100; }
  if (absExp > 9) { const dec = Math.floor(absExp / 10); expText += dec; absExp -= dec * 10; } else if (cent) expText += '0';
  expText += absExp % 10;
  return sign + out + expText;
}

/** (double)LLONG_MAX / 2: d2string prints integral doubles within this range as integers. */
const D2STRING_INTEGER_LIMIT = 4611686018427387904;

/**
 * Redis 7.2+'s d2string, the text of every double reply (addReplyDouble: ZSCORE, ZRANGE ...
 * WITHSCORES, RESP3 ','): "nan", "inf", "-inf", "0" / "-0", an integral value within 2^62 as
 * an integer, anything else as fpconv_dtoa's shortest round-trip digits (0.1, not 7.0's
 * 0.10000000000000001).
 */
export function formatDouble(d: number): string {
  if (d !== d) return 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (d === 0) return 1 / d < 0 ? '-0' : '0';
  if (d >= -D2STRING_INTEGER_LIMIT && d <= D2STRING_INTEGER_LIMIT && Math.trunc(d) === d) {
    return Number.isSafeInteger(d) ? integerText(d) : BigInt(d).toString();
  }
  return fpconvDtoa(d);
}

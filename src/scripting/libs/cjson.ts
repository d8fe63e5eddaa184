// lua-cjson 2.1.0 as Redis bundles it: the `cjson` table.
//
// Every observable rule of the C library is kept: number text ("%.14g" by default, see
// fpconv.ts), the escape table ("/" -> "\/", control bytes and 0x7F as \u00XX, bytes >= 0x80
// raw), array detection and the sparse-array rule, depth limits, the decoder's token rules
// (strtod numbers, NUL ends the text, UTF-16 detection) and every error text with its
// byte position. Lua stack accounting (LUAI_MAXCSTACK = 8000 slots per C call) is mirrored
// so raised depth limits fail where Redis fails.
//
// Object key order: C writes objects in next() order, which in Redis comes from Lua 5.1's
// node array. Ferrous tables keep insertion order, so string keys are put in Lua 5.1's order
// by replaying their insertion into a model of that node array (lua51-order.ts); other key
// types keep the table's own order. See docs/lua-libs.md for what is exact.

import { LuaTable, LuaUserdata, luaType, type LuaValue } from '../../lua/value';
import { formatG, strtod, type StrtodResult } from './fpconv';
import { toNumber } from './coerce';
import { libArgError, libError } from './errors';
import { redisKeyOrder, redisStringKeyOrder } from './lua51-order';
import { recentKey } from './recent-keys';
import { storeStringKey } from './table-fill';

/**
 * cjson.null: C's NULL lightuserdata, one value shared by every cjson instance. Lua prints a
 * NULL lightuserdata as "userdata: (nil)"; a __tostring metatable reproduces that (the one
 * visible difference: getmetatable(cjson.null) is this table instead of nil).
 */
export const CJSON_NULL = new LuaUserdata(null);
CJSON_NULL.metatable = new LuaTable();
CJSON_NULL.metatable.set('__tostring', (() => 'userdata: (nil)') as LuaValue);

const LUAI_MAXCSTACK = 8000;
const INT_MAX = 2147483647;

export interface Config {
  sparseConvert: boolean;
  sparseRatio: number;
  sparseSafe: number;
  encodeMaxDepth: number;
  decodeMaxDepth: number;
  encodeInvalidNumbers: number; // 0 off, 1 on, 2 "null"
  encodeNumberPrecision: number;
  encodeKeepBuffer: boolean;
  decodeInvalidNumbers: boolean;
}

export function defaultConfig(): Config {
  return {
    sparseConvert: false, sparseRatio: 2, sparseSafe: 10,
    encodeMaxDepth: 1000, decodeMaxDepth: 1000,
    encodeInvalidNumbers: 0, encodeNumberPrecision: 14, encodeKeepBuffer: true,
    decodeInvalidNumbers: true,
  };
}

// ---------------------------------------------------------------- encoding

/** char2escape[]: the escape text of each byte, or undefined when copied raw. */
const ESCAPES: (string | undefined)[] = new Array(256).fill(undefined);
for (let i = 0; i < 32; i++) ESCAPES[i] = '\\u' + i.toString(16).padStart(4, '0');
ESCAPES[8] = '\\b'; ESCAPES[9] = '\\t'; ESCAPES[10] = '\\n'; ESCAPES[12] = '\\f'; ESCAPES[13] = '\\r';
ESCAPES[34] = '\\"'; ESCAPES[47] = '\\/'; ESCAPES[92] = '\\\\'; ESCAPES[127] = '\\u007f';
const MUST_ESCAPE = new Uint8Array(256);
for (let i = 0; i < 256; i++) MUST_ESCAPE[i] = ESCAPES[i] === undefined ? 0 : 1;

// The output is built as bytes in one reusable buffer (encode never runs Lua code, so it is
// never re-entered), then turned into a latin1 string once: no intermediate strings.
let out = Buffer.allocUnsafe(1 << 16);
let len = 0;

function grow(n: number): void {
  let size = out.length * 2;
  while (size < len + n) size *= 2;
  const bigger = Buffer.allocUnsafe(size);
  out.copy(bigger, 0, 0, len);
  out = bigger;
}

function putAscii(s: string): void {
  const n = s.length;
  if (len + n > out.length) grow(n);
  for (let i = 0; i < n; i++) out[len++] = s.charCodeAt(i);
}

function putQuoted(s: string): void {
  const n = s.length;
  if (len + n * 6 + 2 > out.length) grow(n * 6 + 2);
  const o = out;
  let l = len;
  o[l++] = 34;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (MUST_ESCAPE[c] === 0) { o[l++] = c; continue; }
    const e = ESCAPES[c]!;
    for (let j = 0; j < e.length; j++) o[l++] = e.charCodeAt(j);
  }
  o[l++] = 34;
  len = l;
}

/**
 * Errors inside the (recursive) encoder are thrown as EncodeError and re-raised by
 * encodeTop(), where the JS stack is shallow again: the runtime finds the calling Lua line by
 * walking the JS stack, which a 1000-level recursion would hide.
 */
class EncodeError {
  constructor(readonly message: string) {}
}

function encodeFail(msg: string): never {
  throw new EncodeError(msg);
}

function serialiseError(what: string, reason: string): never {
  return encodeFail(`Cannot serialise ${what}: ${reason}`);
}

function putNumber(n: number, cfg: Config): void {
  if (cfg.encodeInvalidNumbers === 0) {
    if (n !== n || n === Infinity || n === -Infinity) serialiseError('number', 'must not be NaN or Inf');
  } else if (cfg.encodeInvalidNumbers === 1) {
    if (n !== n) { putAscii('nan'); return; }
  } else if (n !== n || n === Infinity || n === -Infinity) {
    putAscii('null');
    return;
  }
  // Small integers (the common case) without making a string.
  if (n >= 0 && n < 1e9 && (n | 0) === n && (n !== 0 || 1 / n > 0) && cfg.encodeNumberPrecision >= 9) {
    if (len + 10 > out.length) grow(10);
    if (n < 10) { out[len++] = 48 + n; return; }
    let digits = 1;
    for (let p = 10; p <= n; p *= 10) digits++;
    let v = n;
    for (let i = len + digits - 1; i >= len; i--) { out[i] = 48 + (v % 10); v = (v / 10) | 0; }
    len += digits;
    return;
  }
  if (putShortDecimal(n, cfg.encodeNumberPrecision)) return;
  putAscii(formatG(n, cfg.encodeNumberPrecision));
}

const DECIMAL_SCALES = [1, 10, 100, 1000, 10000, 100000, 1000000];

/**
 * Short decimals (prices, scores: 108.49, -0.5) written without making a string. When n is the
 * double nearest to r / 10^k (k = 1..6 decimals, the fewest; r an integer of at most
 * `precision` digits, so the decimal lies on %g's precision-digit grid), "%.<precision>g"
 * prints exactly that decimal: n is within half an ulp (2^-53 relative) of it, far inside half
 * a grid step (over 5*10^-15 relative for precision <= 14), so rounding n to the grid gives
 * it back. %g's fixed notation needs n >= 1e-4; integers and anything else return false.
 */
function putShortDecimal(n: number, precision: number): boolean {
  const negative = n < 0;
  const a = negative ? -n : n;
  if (!(a >= 1e-4 && a < 1e9) || Math.floor(a) === a) return false;
  for (let k = 1; k <= 6; k++) {
    const scale = DECIMAL_SCALES[k];
    const r = Math.round(a * scale);
    if (r / scale !== a) continue;
    let digits = 1;
    for (let p = 10; p <= r; p *= 10) digits++;
    if (digits > precision) return false;
    // "[-]int.frac", or "[-]0.00frac" when r has no more digits than decimals.
    const size = (negative ? 1 : 0) + (digits > k ? digits + 1 : k + 2);
    if (len + size > out.length) grow(size);
    let i = len + size - 1;
    let v = r;
    for (let j = 0; j < k; j++) { out[i--] = 48 + (v % 10); v = Math.floor(v / 10); }
    out[i--] = 46;
    if (v === 0) out[i--] = 48;
    while (v > 0) { out[i--] = 48 + (v % 10); v = Math.floor(v / 10); }
    if (negative) out[i] = 45;
    len += size;
    return true;
  }
  return false;
}

function putByte(b: number): void {
  if (len >= out.length) grow(1);
  out[len++] = b;
}

/**
 * lua_array_length(): -1 for an object, else the array length (max key). C keeps the max
 * key in an `int`, so keys >= 2^31 make it negative (x86 conversion) and the table an object.
 */
function arrayLength(t: LuaTable, cfg: Config, propKeys: string[] | undefined): number {
  if (propKeys !== undefined && propKeys.length > 0) return -1; // string keys: an object
  let max = 0;
  let items = 0;
  const arr = t.arr;
  for (let i = 0; i < arr.length; i++) {
    if (arr[i] !== undefined) { items++; if (i + 1 > max) max = i + 1; }
  }
  const hash = t.h;
  if (hash !== undefined && hash.size > 0) {
    for (const k of hash.keys()) {
      if (typeof k === 'number' && k >= 1 && Math.floor(k) === k) {
        if (k > max) max = k < 2147483648 ? k : -2147483648;
        items++;
        continue;
      }
      return -1;
    }
  }
  if (cfg.sparseRatio > 0 && max > Math.imul(items, cfg.sparseRatio) && max > cfg.sparseSafe) {
    if (!cfg.sparseConvert) serialiseError('table', 'excessively sparse array');
    return -1;
  }
  return max;
}

/** json_append_data(); `top` = Lua stack slots the C encoder holds at this point. */
function putValue(v: unknown, cfg: Config, depth: number, top: number): void {
  switch (typeof v) {
    case 'string': putQuoted(v); return;
    case 'number': putNumber(v, cfg); return;
    case 'boolean': putAscii(v ? 'true' : 'false'); return;
    case 'undefined': putAscii('null'); return;
    default:
      if (v instanceof LuaTable) { putTable(v, cfg, depth + 1, top); return; }
      if (v === CJSON_NULL) { putAscii('null'); return; }
      serialiseError(luaType(v), 'type not supported');
  }
}

/** Nesting handled by JS recursion; deeper tables (possible only with a raised
 * encode_max_depth) continue in the iterative encoder so the JS stack cannot run out. */
const RECURSION_LIMIT = 900;

function enterTable(t: LuaTable, cfg: Config, depth: number, top: number, propKeys: string[] | undefined): number {
  if (depth > cfg.encodeMaxDepth || top + 3 > LUAI_MAXCSTACK) {
    encodeFail(`Cannot serialise, excessive nesting (${depth})`);
  }
  return arrayLength(t, cfg, propKeys);
}

function putTable(t: LuaTable, cfg: Config, depth: number, top: number): void {
  if (depth > RECURSION_LIMIT) { putTableIterative(t, cfg, depth, top); return; }
  // A table keeps its string keys either as properties of `p` (read here directly, in
  // Object.keys order = insertion order) or in the Map `h` with its other keys; `p` and a
  // non-empty `h` never coexist. The encoder does not use `t.hash`, which would move `p`'s
  // keys into the Map for good.
  const props = t.p;
  const propKeys = props !== undefined ? Object.keys(props) : undefined;
  const n = enterTable(t, cfg, depth, top, propKeys);
  const arr = t.arr;
  if (n > 0) {
    putByte(91);
    for (let i = 0; i < n; i++) {
      if (i > 0) putByte(44);
      const v = i < arr.length ? arr[i] : t.get(i + 1);
      if (v instanceof LuaTable) putTable(v, cfg, depth + 1, top + 1); else putValue(v, cfg, depth, top + 1);
    }
    putByte(93);
    return;
  }
  putByte(123);
  let comma = false;
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (v === undefined) continue;
    if (comma) putByte(44); else comma = true;
    putNumberKey(i + 1, cfg);
    if (v instanceof LuaTable) putTable(v, cfg, depth + 1, top + 2); else putValue(v, cfg, depth, top + 2);
  }
  if (propKeys !== undefined) {
    // Hash parts come out in Redis's order (see lua51-order.ts).
    const order = propKeys.length < 2 ? propKeys : redisStringKeyOrder(propKeys, t.sizeHint)!;
    for (let i = 0; i < order.length; i++) {
      const k = order[i] as string;
      const v = props![k];
      if (v === undefined) continue;
      if (comma) putByte(44); else comma = true;
      putQuoted(k);
      putByte(58);
      if (v instanceof LuaTable) putTable(v, cfg, depth + 1, top + 2); else putValue(v, cfg, depth, top + 2);
    }
  }
  const hash = t.h;
  if (hash !== undefined && hash.size > 0) {
    const order = hash.size < 2 ? undefined : redisKeyOrder(hash, t.sizeHint);
    if (order !== undefined) {
      for (let i = 0; i < order.length; i++) {
        const k = order[i];
        const v = hash.get(k);
        if (comma) putByte(44); else comma = true;
        putKey(k, cfg);
        if (v instanceof LuaTable) putTable(v, cfg, depth + 1, top + 2); else putValue(v, cfg, depth, top + 2);
      }
    } else {
      for (const [k, v] of hash) {
        if (comma) putByte(44); else comma = true;
        putKey(k, cfg);
        if (v instanceof LuaTable) putTable(v, cfg, depth + 1, top + 2); else putValue(v, cfg, depth, top + 2);
      }
    }
  }
  putByte(125);
}

function putNumberKey(k: number, cfg: Config): void {
  putByte(34);
  putNumber(k, cfg);
  putByte(34);
  putByte(58);
}

function putKey(k: unknown, cfg: Config): void {
  if (typeof k === 'string') {
    putQuoted(k);
    putByte(58);
  } else if (typeof k === 'number') {
    putNumberKey(k, cfg);
  } else {
    serialiseError(luaType(k), 'table key must be a number or string');
  }
}

interface EncodeFrame {
  t: LuaTable;
  depth: number;
  top: number;
  /** Array length, or 0 for an object. */
  n: number;
  /** Next array index (0-based) or next array-part slot of an object. */
  i: number;
  it: Iterator<[unknown, LuaValue]> | undefined;
  comma: boolean;
}

/** The hash part's entries in the order putTable writes them. */
function* orderedEntries(t: LuaTable): Iterator<[unknown, LuaValue]> {
  const hash = t.hash;
  if (hash === undefined) return;
  const order = hash.size < 2 ? undefined : redisKeyOrder(hash, t.sizeHint);
  if (order === undefined) { yield* hash; return; }
  for (const k of order) yield [k, hash.get(k)];
}

/** The same output as putTable, with an explicit stack instead of recursion. */
function putTableIterative(root: LuaTable, cfg: Config, rootDepth: number, rootTop: number): void {
  const stack: EncodeFrame[] = [];
  const open = (t: LuaTable, depth: number, top: number): void => {
    const n = enterTable(t, cfg, depth, top, t.p !== undefined ? Object.keys(t.p) : undefined);
    putByte(n > 0 ? 91 : 123);
    stack.push({ t, depth, top, n, i: 0, it: undefined, comma: false });
  };
  open(root, rootDepth, rootTop);
  while (stack.length > 0) {
    const f = stack[stack.length - 1];
    let v: LuaValue;
    let childTop: number;
    if (f.n > 0) {
      if (f.i >= f.n) { putByte(93); stack.pop(); continue; }
      if (f.i > 0) putByte(44);
      v = f.i < f.t.arr.length ? f.t.arr[f.i] : f.t.get(f.i + 1);
      f.i++;
      childTop = f.top + 1;
    } else {
      const arr = f.t.arr;
      while (f.i < arr.length && arr[f.i] === undefined) f.i++;
      if (f.i < arr.length) {
        if (f.comma) putByte(44); else f.comma = true;
        putNumberKey(f.i + 1, cfg);
        v = arr[f.i++];
      } else {
        if (f.it === undefined) f.it = orderedEntries(f.t);
        const r = f.it.next();
        if (r.done) { putByte(125); stack.pop(); continue; }
        if (f.comma) putByte(44); else f.comma = true;
        putKey(r.value[0], cfg);
        v = r.value[1];
      }
      childTop = f.top + 2;
    }
    if (v instanceof LuaTable) open(v, f.depth + 1, childTop); else putValue(v, cfg, f.depth, childTop);
  }
}

function encodeTop(v: unknown, cfg: Config): string {
  len = 0;
  try {
    putValue(v, cfg, 0, 1);
  } catch (e) {
    if (e instanceof EncodeError) libError(e.message);
    throw e;
  }
  const s = out.toString('latin1', 0, len);
  if (out.length > 1 << 22) out = Buffer.allocUnsafe(1 << 16); // do not pin a huge buffer
  return s;
}

// ---------------------------------------------------------------- decoding

const enum Tok {
  OBJ_BEGIN, OBJ_END, ARR_BEGIN, ARR_END, STRING, NUMBER, BOOLEAN, NULL, COLON, COMMA, END,
  WHITESPACE, ERROR, UNKNOWN,
}
const TOKEN_NAMES = [
  'T_OBJ_BEGIN', 'T_OBJ_END', 'T_ARR_BEGIN', 'T_ARR_END', 'T_STRING', 'T_NUMBER', 'T_BOOLEAN',
  'T_NULL', 'T_COLON', 'T_COMMA', 'T_END', 'T_WHITESPACE', 'T_ERROR', 'T_UNKNOWN',
];

/** ch2token[] */
const CH2TOKEN = new Uint8Array(256).fill(Tok.ERROR);
CH2TOKEN[123] = Tok.OBJ_BEGIN; CH2TOKEN[125] = Tok.OBJ_END;
CH2TOKEN[91] = Tok.ARR_BEGIN; CH2TOKEN[93] = Tok.ARR_END;
CH2TOKEN[44] = Tok.COMMA; CH2TOKEN[58] = Tok.COLON; CH2TOKEN[0] = Tok.END;
for (const c of [32, 9, 10, 13]) CH2TOKEN[c] = Tok.WHITESPACE;
for (const c of 'fiInNt"+-0123456789') CH2TOKEN[c.charCodeAt(0)] = Tok.UNKNOWN;

/** escape2char[]: the byte a single-character escape stands for (0 = invalid). */
const ESCAPE2CHAR = new Uint8Array(256);
ESCAPE2CHAR[34] = 34; ESCAPE2CHAR[92] = 92; ESCAPE2CHAR[47] = 47;
ESCAPE2CHAR[98] = 8; ESCAPE2CHAR[116] = 9; ESCAPE2CHAR[110] = 10; ESCAPE2CHAR[102] = 12; ESCAPE2CHAR[114] = 13;
ESCAPE2CHAR[117] = 117; // 'u': unicode escape

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

const numberScratch: StrtodResult = { value: 0, end: 0 };

// scanString() results besides the string: where the scan ended (after the closing quote, or
// at the bad byte) and, when it failed, the error text.
let scanEnd = 0;
let scanError = '';

/**
 * json_next_string() for the quote at `quote`: the string's bytes with escapes decoded, or
 * undefined (scanEnd, scanError say where and why). An embedded NUL or the end of the text
 * (charCodeAt gives NaN there) ends the string with an error, as C's NUL terminator does.
 */
function scanString(s: string, quote: number): string | undefined {
  let q = quote + 1;
  let c = s.charCodeAt(q);
  while (c !== 34 && c !== 92 && c > 0) c = s.charCodeAt(++q);
  if (c === 34) { scanEnd = q + 1; return s.slice(quote + 1, q); }
  return scanEscapedString(s, quote + 1, q);
}

/**
 * scanString() for an object key of the fast decoder: a key without escapes is looked up among
 * the recent keys by a hash taken during the scan, so a repeated key is one string.
 */
function scanKey(s: string, quote: number): string | undefined {
  let q = quote + 1;
  let hash = 0;
  let c = s.charCodeAt(q);
  while (c !== 34 && c !== 92 && c > 0) { hash = (hash * 31 + c) | 0; c = s.charCodeAt(++q); }
  if (c === 34) { scanEnd = q + 1; return recentKey(s, quote + 1, q, hash); }
  return scanEscapedString(s, quote + 1, q);
}

/** The rest of a string from `q` (a backslash or the end) on; s[start..q) are plain bytes. */
function scanEscapedString(s: string, start: number, q: number): string | undefined {
  let out = s.slice(start, q);
  let p = q;
  for (;;) {
    let c = s.charCodeAt(p);
    if (c === 34) break;
    if (!(c > 0)) return stringFail(p, 'unexpected end of string');
    if (c === 92) {
      const ec = s.charCodeAt(p + 1);
      const e = ec === ec ? ESCAPE2CHAR[ec] : 0;
      if (e === 117) {
        const r = unicodeEscape(s, p);
        if (r < 0) return stringFail(p, 'invalid unicode escape code');
        out += utf8;
        p += r;
        continue;
      }
      if (e === 0) return stringFail(p, 'invalid escape code');
      out += String.fromCharCode(e);
      p += 2;
      continue;
    }
    // Copy a run of plain bytes at once.
    q = p + 1;
    c = s.charCodeAt(q);
    while (c !== 34 && c !== 92 && c > 0) c = s.charCodeAt(++q);
    out += s.slice(p, q);
    p = q;
  }
  scanEnd = p + 1;
  return out;
}

/** scanNumber()'s value (its end is in scanEnd). */
let scanValue = 0;

/**
 * The number strtod reads at p (false when it reads none): sets scanValue and scanEnd.
 * Fast path: [-]digits[.digits] with at most 15 digits in all and no exponent. The digits form
 * an integer below 2^53, exact in a double, and dividing it by an exact power of ten rounds
 * once, correctly: the same double strtod returns (Clinger's fast path). Anything else
 * (exponents, hex, long mantissas, inf/nan) goes to the exact strtod.
 */
function scanNumber(s: string, p: number): boolean {
  const start = p;
  let c = s.charCodeAt(p);
  const negative = c === 45;
  if (negative) c = s.charCodeAt(++p);
  if (c >= 48 && c <= 57) {
    const first = p;
    let m = 0;
    do { m = m * 10 + (c - 48); c = s.charCodeAt(++p); } while (c >= 48 && c <= 57);
    let digits = p - first;
    let scale = 1;
    if (c === 46) {
      c = s.charCodeAt(++p);
      while (c >= 48 && c <= 57) { m = m * 10 + (c - 48); scale *= 10; c = s.charCodeAt(++p); digits++; }
    }
    // 'e'/'E' (exponent) and 'x'/'X' (hex, after a lone 0) go to strtod.
    if (digits <= 15 && (c | 0x20) !== 101 && (c | 0x20) !== 120) {
      const v = scale === 1 ? m : m / scale;
      scanValue = negative ? -v : v;
      scanEnd = p;
      return true;
    }
  }
  const r = strtod(s, start, numberScratch);
  if (r.end === start) return false;
  scanValue = r.value;
  scanEnd = r.end;
  return true;
}

function stringFail(p: number, msg: string): undefined {
  scanEnd = p;
  scanError = msg;
  return undefined;
}

/** unicodeEscape()'s UTF-8 bytes. */
let utf8 = '';

/** \uXXXX (and a surrogate pair) at p: sets utf8, returns the escape length or -1. */
function unicodeEscape(s: string, p: number): number {
  let cp = hex4(s, p + 2);
  if (cp < 0) return -1;
  let len = 6;
  if ((cp & 0xf800) === 0xd800) {
    if (cp & 0x400) return -1; // a low surrogate first
    if (s.charCodeAt(p + 6) !== 92 || s.charCodeAt(p + 7) !== 117) return -1;
    const low = hex4(s, p + 8);
    if (low < 0 || (low & 0xfc00) !== 0xdc00) return -1;
    cp = (((cp & 0x3ff) << 10) | (low & 0x3ff)) + 0x10000;
    len = 12;
  }
  if (cp <= 0x7f) utf8 = String.fromCharCode(cp);
  else if (cp <= 0x7ff) utf8 = String.fromCharCode((cp >> 6) | 0xc0, (cp & 0x3f) | 0x80);
  else if (cp <= 0xffff) {
    utf8 = String.fromCharCode((cp >> 12) | 0xe0, ((cp >> 6) & 0x3f) | 0x80, (cp & 0x3f) | 0x80);
  } else {
    utf8 = String.fromCharCode((cp >> 18) | 0xf0, ((cp >> 12) & 0x3f) | 0x80, ((cp >> 6) & 0x3f) | 0x80, (cp & 0x3f) | 0x80);
  }
  return len;
}

function hex4(s: string, p: number): number {
  let v = 0;
  for (let i = 0; i < 4; i++) {
    const d = hexDigit(s.charCodeAt(p + i)); // NaN past the end is not a digit
    if (d < 0) return -1;
    v = (v << 4) | d;
  }
  return v;
}

class Parser {
  /**
   * The text. C reads a terminating NUL where the string ends; here charCodeAt past the end
   * gives NaN, which every test below treats like that NUL (an embedded NUL byte ends the text
   * too). No sentinel is appended and no copy made: a concatenated (cons) input is flattened
   * by V8 on the first read, which measured as fast as copying it through a Buffer.
   */
  readonly s: string;
  pos = 0;
  depth = 0;
  // The current token
  type: Tok = Tok.END;
  index = 0;
  str = '';
  num = 0;
  bool = false;
  err = '';

  constructor(text: string, readonly cfg: Config) { this.s = text; }

  /** The current token type (a method so TypeScript does not narrow across next()). */
  tok(): Tok { return this.type; }

  setError(msg: string): void {
    this.type = Tok.ERROR;
    this.index = this.pos;
    this.err = msg;
  }

  /** json_next_token() */
  next(): void {
    const s = this.s;
    let ch = s.charCodeAt(this.pos);
    let type: Tok = ch === ch ? CH2TOKEN[ch] : Tok.END;
    while (type === Tok.WHITESPACE) { ch = s.charCodeAt(++this.pos); type = ch === ch ? CH2TOKEN[ch] : Tok.END; }
    this.index = this.pos;
    this.type = type;
    if (type === Tok.ERROR) { this.setError('invalid token'); return; }
    if (type === Tok.END) return;
    if (type !== Tok.UNKNOWN) { this.pos++; return; }
    if (ch === 34) { this.stringToken(); return; }
    if (ch === 45 || (ch >= 48 && ch <= 57)) {
      if (!this.cfg.decodeInvalidNumbers && this.isInvalidNumber()) { this.setError('invalid number'); return; }
      this.numberToken();
      return;
    }
    if (s.startsWith('true', this.pos)) { this.type = Tok.BOOLEAN; this.bool = true; this.pos += 4; return; }
    if (s.startsWith('false', this.pos)) { this.type = Tok.BOOLEAN; this.bool = false; this.pos += 5; return; }
    if (s.startsWith('null', this.pos)) { this.type = Tok.NULL; this.pos += 4; return; }
    if (this.cfg.decodeInvalidNumbers && this.isInvalidNumber()) { this.numberToken(); return; }
    this.setError('invalid token');
  }

  /** json_is_invalid_number(): forms strtod accepts but strict JSON does not. */
  isInvalidNumber(): boolean {
    const s = this.s;
    let p = this.pos;
    let c = s.charCodeAt(p);
    if (c === 43) return true;
    if (c === 45) c = s.charCodeAt(++p);
    if (c === 48) {
      const c2 = s.charCodeAt(p + 1);
      return (c2 | 0x20) === 120 || (c2 >= 48 && c2 <= 57);
    }
    if (c <= 57) return false;
    const w = s.slice(p, p + 3).toLowerCase();
    return w === 'inf' || w === 'nan';
  }

  numberToken(): void {
    if (!scanNumber(this.s, this.pos)) { this.setError('invalid number'); return; }
    this.type = Tok.NUMBER;
    this.num = scanValue;
    this.pos = scanEnd;
  }

  stringToken(): void {
    const str = scanString(this.s, this.pos);
    if (str === undefined) { this.pos = scanEnd; this.setError(scanError); return; }
    this.str = str;
    this.pos = scanEnd;
    this.type = Tok.STRING;
  }

  fail(expected: string): never {
    const found = this.type === Tok.ERROR ? this.err : TOKEN_NAMES[this.type];
    return libError(`Expected ${expected} but found ${found} at character ${this.index + 1}`);
  }

  descend(top: number, slots: number): void {
    this.depth++;
    if (this.depth > this.cfg.decodeMaxDepth || top + slots > LUAI_MAXCSTACK) {
      libError(`Found too many nested data structures (${this.depth}) at character ${this.pos}`);
    }
  }

  /**
   * json_process_value() for the current token; `top` = C stack slots in use. Containers being
   * filled are kept on an explicit stack (no JS recursion), so depth is limited only by
   * decode_max_depth and the C stack accounting, as in Redis.
   */
  value(top: number): LuaValue {
    const frames: DecodeFrame[] = [];
    for (;;) {
      let v: LuaValue;
      switch (this.tok()) {
        case Tok.STRING: v = this.str; break;
        case Tok.NUMBER: v = this.num; break;
        case Tok.BOOLEAN: v = this.bool; break;
        case Tok.NULL: v = CJSON_NULL; break;
        case Tok.OBJ_BEGIN: {
          this.descend(top, 3);
          const t = new LuaTable();
          this.next();
          if (this.tok() === Tok.OBJ_END) { this.depth--; v = t; break; }
          const map = new Map<unknown, LuaValue>();
          t.hash = map;
          const f: DecodeFrame = { t, map, arr: t.arr, key: '', top };
          frames.push(f);
          this.key(f);
          top = f.top + 2; // table + key while the value decodes
          continue;
        }
        case Tok.ARR_BEGIN: {
          this.descend(top, 2);
          const t = new LuaTable();
          this.next();
          if (this.tok() === Tok.ARR_END) { this.depth--; v = t; break; }
          frames.push({ t, map: undefined, arr: t.arr, key: '', top });
          top = top + 1; // the table while the element decodes
          continue;
        }
        default: return this.fail('value');
      }
      // A complete value: store it and close finished containers.
      for (;;) {
        const f = frames.length > 0 ? frames[frames.length - 1] : undefined;
        if (f === undefined) return v;
        // The separator usually follows the value directly: a comma or closing bracket read
        // here skips next()'s dispatch; anything else (whitespace, errors) takes next().
        const c = this.s.charCodeAt(this.pos);
        if (f.map !== undefined) {
          f.map.set(f.key, v);
          if (c === 44) this.pos++;
          else if (c === 125) { this.pos++; this.depth--; frames.pop(); v = f.t; continue; }
          else {
            this.next();
            if (this.tok() === Tok.OBJ_END) { this.depth--; frames.pop(); v = f.t; continue; }
            if (this.tok() !== Tok.COMMA) this.fail('comma or object end');
          }
          this.next();
          this.key(f);
          top = f.top + 2;
        } else {
          f.arr.push(v);
          if (c === 44) this.pos++;
          else if (c === 93) { this.pos++; this.depth--; frames.pop(); v = f.t; continue; }
          else {
            this.next();
            if (this.tok() === Tok.ARR_END) { this.depth--; frames.pop(); v = f.t; continue; }
            if (this.tok() !== Tok.COMMA) this.fail('comma or array end');
          }
          this.next();
          top = f.top + 1;
        }
        break;
      }
    }
  }

  /** An object member's `"key" :` then the first token of its value. */
  key(f: DecodeFrame): void {
    if (this.tok() !== Tok.STRING) this.fail('object key string');
    f.key = this.str;
    if (this.s.charCodeAt(this.pos) === 58) this.pos++; // the usual `":` without whitespace
    else {
      this.next();
      if (this.tok() !== Tok.COLON) this.fail('colon');
    }
    this.next();
  }
}

/** A container being filled: an object (map set) or an array (arr, the table's array part). */
interface DecodeFrame { t: LuaTable; map: Map<unknown, LuaValue> | undefined; arr: LuaValue[]; key: string; top: number }

// ---------------------------------------------------------------- the fast decoder

/** decodeFast()'s answer when the text needs the complete tokenizer. */
const USE_PARSER: unique symbol = Symbol('use the parser');

/**
 * Strict JSON in one pass with everything in locals: the common case of cjson.decode.
 * It accepts only well-formed text in forms whose result is certain (no error, no depth or C
 * stack limit near, numbers starting with a digit or '-' other than 0x.. and 0<digit>) and
 * returns USE_PARSER at the first byte outside them, before any visible effect; decodeJson then
 * runs the Parser above, which has every rule and error text. So this function needs to be
 * right only about what it accepts, and it returns the same value the Parser would.
 */
function decodeFast(s: string, cfg: Config): LuaValue | typeof USE_PARSER {
  // Below this many open containers neither decode_max_depth nor the C stack accounting
  // (at most 3 slots a level, LUAI_MAXCSTACK 8000) can fail.
  const maxOpen = cfg.decodeMaxDepth < 2600 ? cfg.decodeMaxDepth : 2600;
  // Open containers: the table, whether it is an object, the pending key (objects).
  const tables: LuaTable[] = [];
  const objects: boolean[] = [];
  const keys: string[] = [];
  const members: number[] = []; // keys stored so far (objects)
  let open = 0;
  let pos = 0;
  let c = s.charCodeAt(0);
  while (c <= 32 && (c === 32 || c === 10 || c === 13 || c === 9)) c = s.charCodeAt(++pos);
  for (;;) {
    // A value starts at pos (c is its first byte).
    let v: LuaValue;
    if (c === 34) {
      let q = pos + 1;
      c = s.charCodeAt(q);
      while (c !== 34 && c !== 92 && c > 0) c = s.charCodeAt(++q);
      if (c === 34) { v = s.slice(pos + 1, q); pos = q + 1; } else {
        const str = scanEscapedString(s, pos + 1, q);
        if (str === undefined) return USE_PARSER;
        v = str;
        pos = scanEnd;
      }
    } else if (c === 123 || c === 91) {
      if (open >= maxOpen) return USE_PARSER;
      const t = new LuaTable();
      const opening = c;
      c = s.charCodeAt(++pos);
      while (c <= 32 && (c === 32 || c === 10 || c === 13 || c === 9)) c = s.charCodeAt(++pos);
      if (opening === 91) {
        if (c === 93) { pos++; v = t; } else {
          tables[open] = t; objects[open] = false; open++;
          continue;
        }
      } else if (c === 125) { pos++; v = t; } else {
        if (c !== 34) return USE_PARSER;
        tables[open] = t; objects[open] = true; members[open] = 0;
        const key = scanKey(s, pos);
        if (key === undefined) return USE_PARSER;
        pos = scanEnd;
        keys[open] = key;
        open++;
        c = s.charCodeAt(pos);
        while (c <= 32 && (c === 32 || c === 10 || c === 13 || c === 9)) c = s.charCodeAt(++pos);
        if (c !== 58) return USE_PARSER;
        c = s.charCodeAt(++pos);
        while (c <= 32 && (c === 32 || c === 10 || c === 13 || c === 9)) c = s.charCodeAt(++pos);
        continue;
      }
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      if (c === 48 || c === 45) {
        // 0x.. and 0<digit> (strtod forms strict JSON rejects), '-' before a non-digit.
        const c1 = s.charCodeAt(pos + 1);
        if (c === 45 ? !(c1 >= 48 && c1 <= 57) || (c1 === 48 && isHexOrDigit(s.charCodeAt(pos + 2))) : isHexOrDigit(c1)) {
          return USE_PARSER;
        }
      }
      if (!scanNumber(s, pos)) return USE_PARSER;
      v = scanValue;
      pos = scanEnd;
    } else if (c === 116) {
      if (s.charCodeAt(pos + 1) !== 114 || s.charCodeAt(pos + 2) !== 117 || s.charCodeAt(pos + 3) !== 101) return USE_PARSER;
      v = true;
      pos += 4;
    } else if (c === 102) {
      if (s.charCodeAt(pos + 1) !== 97 || s.charCodeAt(pos + 2) !== 108 || s.charCodeAt(pos + 3) !== 115 || s.charCodeAt(pos + 4) !== 101) {
        return USE_PARSER;
      }
      v = false;
      pos += 5;
    } else if (c === 110) {
      if (s.charCodeAt(pos + 1) !== 117 || s.charCodeAt(pos + 2) !== 108 || s.charCodeAt(pos + 3) !== 108) return USE_PARSER;
      v = CJSON_NULL;
      pos += 4;
    } else {
      return USE_PARSER;
    }
    // A complete value: store it in its container, closing the containers it completes.
    for (;;) {
      c = s.charCodeAt(pos);
      while (c <= 32 && (c === 32 || c === 10 || c === 13 || c === 9)) c = s.charCodeAt(++pos);
      if (open === 0) return c === 0 || c !== c ? v : USE_PARSER; // NUL or the end ends the text
      const t = tables[open - 1];
      if (!objects[open - 1]) {
        t.arr.push(v);
        if (c === 44) break;
        if (c !== 93) return USE_PARSER;
      } else {
        storeStringKey(t, keys[open - 1], v, ++members[open - 1]);
        if (c === 44) {
          // The next member's key and colon.
          c = s.charCodeAt(++pos);
          while (c <= 32 && (c === 32 || c === 10 || c === 13 || c === 9)) c = s.charCodeAt(++pos);
          if (c !== 34) return USE_PARSER;
          const key = scanKey(s, pos);
          if (key === undefined) return USE_PARSER;
          pos = scanEnd;
          keys[open - 1] = key;
          c = s.charCodeAt(pos);
          while (c <= 32 && (c === 32 || c === 10 || c === 13 || c === 9)) c = s.charCodeAt(++pos);
          if (c !== 58) return USE_PARSER;
          break;
        }
        if (c !== 125) return USE_PARSER;
      }
      // The closing bracket: the container is the value completed next.
      pos++;
      open--;
      v = tables[open];
    }
    // After a comma (arrays) or colon (objects): skip to the next value.
    c = s.charCodeAt(++pos);
    while (c <= 32 && (c === 32 || c === 10 || c === 13 || c === 9)) c = s.charCodeAt(++pos);
  }
}

/** After a leading 0: x/X (hex) or a digit, forms the fast decoder leaves to the Parser. */
function isHexOrDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c | 0x20) === 120;
}

/** cjson.decode on a byte string with a configuration (no argument checks). */
export function decodeJson(text: string, cfg: Config = DEFAULTS): LuaValue {
  if (text.length >= 2 && (text.charCodeAt(0) === 0 || text.charCodeAt(1) === 0)) {
    libError('JSON parser does not support UTF-16 or UTF-32');
  }
  const fast = decodeFast(text, cfg);
  return fast !== USE_PARSER ? fast : decodeWithParser(text, cfg);
}

/** cjson.decode by the complete tokenizer alone (tests compare decodeFast with it). */
export function decodeWithParser(text: string, cfg: Config = DEFAULTS): LuaValue {
  if (text.length >= 2 && (text.charCodeAt(0) === 0 || text.charCodeAt(1) === 0)) {
    libError('JSON parser does not support UTF-16 or UTF-32');
  }
  const p = new Parser(text, cfg);
  p.next();
  const v = p.value(1);
  p.next();
  if (p.type !== Tok.END) p.fail('the end');
  return v;
}

/** cjson.encode of one value with a configuration (no argument checks). */
export function encodeJson(v: unknown, cfg: Config = DEFAULTS): string {
  return encodeTop(v, cfg);
}

const DEFAULTS = defaultConfig();

// ---------------------------------------------------------------- configuration functions

/** json_arg_init(): at most `n` arguments. */
function argInit(argc: number, n: number, fname: string): void {
  if (argc > n) libArgError(n + 1, fname, 'found too many arguments');
}

/** luaL_checkinteger as C's `int value = luaL_checkinteger(...)` (64-bit, then low 32 bits). */
function checkInt(v: unknown, n: number, fname: string): number {
  const d = toNumber(v);
  if (d === undefined) libArgError(n, fname, `number expected, got ${luaType(v)}`);
  if (!(d > -9223372036854775808 && d < 9223372036854775808)) return 0; // INT64_MIN: low word 0
  const t = d < 0 ? Math.ceil(d) : Math.floor(d);
  return Number(BigInt.asIntN(32, BigInt(t)));
}

function integerOption(v: unknown, argn: number, fname: string, current: number, min: number, max: number): number {
  if (v === undefined) return current;
  const value = checkInt(v, argn, fname);
  // The C code reports argument #1 whichever option is out of range.
  if (!(min <= value && value <= max)) libArgError(1, fname, `expected integer between ${min} and ${max}`);
  return value;
}

/** json_enum_option(): booleans, or one of the option names (luaL_checkoption). */
function enumOption(v: unknown, argn: number, fname: string, current: number, options: string[]): number {
  if (v === undefined) return current;
  if (typeof v === 'boolean') return v ? 1 : 0;
  let name: string;
  if (typeof v === 'string') name = v;
  else if (typeof v === 'number') name = formatG(v, 14);
  else return libArgError(argn, fname, `string expected, got ${luaType(v)}`);
  const i = options.indexOf(name);
  // luaL_checkoption's message is a C string: the name ends at a NUL.
  if (i < 0) libArgError(argn, fname, `invalid option '${name.split('\0', 1)[0]}'`);
  return i;
}

function enumResult(setting: number, options: string[]): LuaValue {
  return setting === 0 || setting === 1 ? setting === 1 : options[setting];
}

const BOOL_OPTIONS = ['off', 'on'];
const INVALID_NUMBER_OPTIONS = ['off', 'on', 'null'];

type HostFn = ((...args: any[]) => any) & { luaName?: string };

/** A cjson module table with its own configuration (cjson.new() makes another). */
export function createCjsonModule(): LuaTable {
  const cfg = defaultConfig();
  const t = new LuaTable();
  const fns: Record<string, HostFn> = {
    encode(v: unknown): string {
      if (arguments.length !== 1) libArgError(1, 'encode', 'expected 1 argument');
      return encodeTop(v, cfg);
    },
    decode(s: unknown): LuaValue {
      if (arguments.length !== 1) libArgError(1, 'decode', 'expected 1 argument');
      let text: string;
      if (typeof s === 'string') text = s;
      else if (typeof s === 'number') text = formatG(s, 14);
      else return libArgError(1, 'decode', `string expected, got ${luaType(s)}`);
      return decodeJson(text, cfg);
    },
    encode_sparse_array(convert: unknown, ratio: unknown, safe: unknown): LuaValue[] {
      argInit(arguments.length, 3, 'encode_sparse_array');
      cfg.sparseConvert = enumOption(convert, 1, 'encode_sparse_array', cfg.sparseConvert ? 1 : 0, BOOL_OPTIONS) === 1;
      cfg.sparseRatio = integerOption(ratio, 2, 'encode_sparse_array', cfg.sparseRatio, 0, INT_MAX);
      cfg.sparseSafe = integerOption(safe, 3, 'encode_sparse_array', cfg.sparseSafe, 0, INT_MAX);
      return [cfg.sparseConvert, cfg.sparseRatio, cfg.sparseSafe];
    },
    encode_max_depth(n: unknown): number {
      argInit(arguments.length, 1, 'encode_max_depth');
      return (cfg.encodeMaxDepth = integerOption(n, 1, 'encode_max_depth', cfg.encodeMaxDepth, 1, INT_MAX));
    },
    decode_max_depth(n: unknown): number {
      argInit(arguments.length, 1, 'decode_max_depth');
      return (cfg.decodeMaxDepth = integerOption(n, 1, 'decode_max_depth', cfg.decodeMaxDepth, 1, INT_MAX));
    },
    encode_number_precision(n: unknown): number {
      argInit(arguments.length, 1, 'encode_number_precision');
      return (cfg.encodeNumberPrecision = integerOption(n, 1, 'encode_number_precision', cfg.encodeNumberPrecision, 1, 14));
    },
    encode_keep_buffer(v: unknown): LuaValue {
      argInit(arguments.length, 1, 'encode_keep_buffer');
      const s = enumOption(v, 1, 'encode_keep_buffer', cfg.encodeKeepBuffer ? 1 : 0, BOOL_OPTIONS);
      cfg.encodeKeepBuffer = s === 1;
      return enumResult(s, BOOL_OPTIONS);
    },
    encode_invalid_numbers(v: unknown): LuaValue {
      argInit(arguments.length, 1, 'encode_invalid_numbers');
      cfg.encodeInvalidNumbers = enumOption(v, 1, 'encode_invalid_numbers', cfg.encodeInvalidNumbers, INVALID_NUMBER_OPTIONS);
      return enumResult(cfg.encodeInvalidNumbers, INVALID_NUMBER_OPTIONS);
    },
    decode_invalid_numbers(v: unknown): LuaValue {
      argInit(arguments.length, 1, 'decode_invalid_numbers');
      const s = enumOption(v, 1, 'decode_invalid_numbers', cfg.decodeInvalidNumbers ? 1 : 0, BOOL_OPTIONS);
      cfg.decodeInvalidNumbers = s === 1;
      return enumResult(s, BOOL_OPTIONS);
    },
    new(): LuaTable {
      return createCjsonModule();
    },
  };
  for (const name of Object.keys(fns)) {
    const f = fns[name];
    f.luaName = name;
    t.set(name, f);
  }
  t.set('null', CJSON_NULL);
  t.set('_NAME', 'cjson');
  t.set('_VERSION', '2.1.0');
  return t;
}


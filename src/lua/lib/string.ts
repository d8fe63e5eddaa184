// The string library of Lua 5.1.5 (lstrlib.c): byte char dump find format gfind gmatch gsub len
// lower match rep reverse sub upper, and the string metatable's __index.
//
// Host functions follow the engine's calling convention (positional arguments, one result as
// is, several in an array). `arguments.length` is read only on error paths, to tell "got nil"
// (an explicit nil) from "got no value" as luaL_typerror does.

import { LuaTable, LuaError, EMPTY, luaType, type LuaFunction, type LuaValue } from '../value';
import {
  argError, call, checkNumber, checkString, index, isLuaClosure, luaError, typeError,
} from '../runtime';
import type { LuaState } from '../state';
import { FormatHost, luaFormat, numberToString14 as numberToString, toCInt } from './sformat';
import { MatchState, expandReplacement, findAux, gsubLoop, hasSpecials, posRelative, prepare, type Replacer } from './lpattern';

const TWO63 = 9223372036854775808;

/** lua_Integer (long) conversion as x86-64 C does it: truncation, LONG_MIN when out of range. */
export function toInteger(n: number): number {
  if (n >= -TWO63 && n < TWO63) return Math.trunc(n);
  return -TWO63;
}

/** luaL_checkinteger (long, not int: string.sub(s, 1, 1e10) keeps the whole string). */
export function checkInteger(v: unknown, arg: number, fname: string, nargs: number): number {
  return toInteger(typeof v === 'number' ? v : checkNumber(v, arg, fname, nargs));
}

/** luaL_checkint. */
export function checkIntArg(v: unknown, arg: number, fname: string, nargs: number): number {
  return toCInt(typeof v === 'number' ? v : checkNumber(v, arg, fname, nargs));
}

/**
 * luaL_checklstring. Numbers are converted here with the exact %.14g (glibc rounds ties to
 * even, which JS's toPrecision does not).
 */
export function str(v: unknown, arg: number, fname: string, nargs: number): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  return checkString(v, arg, fname, nargs);
}

/** The largest string V8 can build; beyond it C Lua would fail to allocate. */
const MAX_STRING = (1 << 29) - 24;

function notEnoughMemory(): never {
  throw new LuaError('not enough memory');
}

// ---------------------------------------------------------------------------------------------
// Simple functions

function str_len(s: unknown): number {
  return (typeof s === 'string' ? s : str(s, 1, 'len', arguments.length)).length;
}

function str_sub(s: unknown, i: unknown, j: unknown): string {
  const nargs = arguments.length;
  const src = str(s, 1, 'sub', nargs);
  const l = src.length;
  let start = posRelative(checkInteger(i, 2, 'sub', nargs), l);
  let end = posRelative(j === undefined ? -1 : checkInteger(j, 3, 'sub', nargs), l);
  if (start < 1) start = 1;
  if (end > l) end = l;
  if (start <= end) return start === 1 && end === l ? src : src.slice(start - 1, end);
  return '';
}

function str_reverse(s: unknown): string {
  const src = str(s, 1, 'reverse', arguments.length);
  let out = '';
  for (let i = src.length - 1; i >= 0; i--) out += src[i];
  return out;
}

function hasHighBytes(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 128) return true;
  return false;
}

/** tolower/toupper in the C locale: ASCII letters only (JS would also map Latin-1 letters). */
function mapAscii(s: string, from: number, to: number, delta: number): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= from && c <= to) {
      out += s.slice(start, i) + String.fromCharCode(c + delta);
      start = i + 1;
    }
  }
  return start === 0 ? s : out + s.slice(start);
}

function str_lower(s: unknown): string {
  const src = str(s, 1, 'lower', arguments.length);
  return hasHighBytes(src) ? mapAscii(src, 65, 90, 32) : src.toLowerCase();
}

function str_upper(s: unknown): string {
  const src = str(s, 1, 'upper', arguments.length);
  return hasHighBytes(src) ? mapAscii(src, 97, 122, -32) : src.toUpperCase();
}

function str_rep(s: unknown, n: unknown): string {
  const nargs = arguments.length;
  const src = str(s, 1, 'rep', nargs);
  const count = checkIntArg(n, 2, 'rep', nargs);
  if (count <= 0 || src.length === 0) return '';
  if (src.length * count > MAX_STRING) notEnoughMemory();
  return src.repeat(count);
}

/** LUAI_MAXCSTACK: how many values a C function may push (string.byte's "string slice too long"). */
const MAXCSTACK = 8000;

function str_byte(s: unknown, i: unknown, j: unknown): LuaValue | LuaValue[] {
  const nargs = arguments.length;
  const src = str(s, 1, 'byte', nargs);
  const l = src.length;
  let posi = posRelative(i === undefined ? 1 : checkInteger(i, 2, 'byte', nargs), l);
  let pose = posRelative(j === undefined ? posi : checkInteger(j, 3, 'byte', nargs), l);
  if (posi <= 0) posi = 1;
  if (pose > l) pose = l;
  if (posi > pose) return EMPTY;
  const n = pose - posi + 1;
  if (n === 1) return src.charCodeAt(posi - 1);
  if (n + (nargs < 1 ? 1 : nargs) > MAXCSTACK) luaError('stack overflow (string slice too long)');
  const out: number[] = new Array(n);
  for (let k = 0; k < n; k++) out[k] = src.charCodeAt(posi - 1 + k);
  return out;
}

function str_char(): string {
  const n = arguments.length;
  let out = '';
  for (let i = 0; i < n; i++) {
    const v = arguments[i];
    const c = toCInt(typeof v === 'number' ? v : checkNumber(v, i + 1, 'char', n));
    if ((c & 255) !== c) argError(i + 1, 'char', 'invalid value');
    out += String.fromCharCode(c);
  }
  return out;
}

/**
 * string.dump. The engine has no bytecode: a Lua function is dumped as Lua 5.1's binary chunk
 * header followed by a registry token, which a host loader may map back to the function
 * (`dumpedFunctions`). Redis never loads binary chunks, so there the text parser rejects it on
 * the ESC byte exactly as Redis does.
 */
export const dumpedFunctions = new Map<string, LuaFunction>();
let dumpCounter = 0;
const DUMP_HEADER = '\x1bLuaQ\x00\x01\x04\x08\x04\x08\x00';

function str_dump(f: unknown): string {
  if (typeof f !== 'function') typeError(1, 'dump', 'function', f, arguments.length);
  if (!isLuaClosure(f)) luaError('unable to dump given function');
  for (const [k, g] of dumpedFunctions) if (g === f) return k;
  const key = DUMP_HEADER + 'ferrous-function-' + (++dumpCounter);
  dumpedFunctions.set(key, f as LuaFunction);
  return key;
}

// ---------------------------------------------------------------------------------------------
// Patterns

function failPattern(msg: string): never {
  return luaError(msg);
}

/** find/match/gmatch and gsub with a string replacement never call back into Lua: one state. */
const sharedMatch = new MatchState(failPattern);

function str_find(s: unknown, p: unknown, init: unknown, plain: unknown): unknown {
  const nargs = arguments.length;
  const src = str(s, 1, 'find', nargs);
  const pat = str(p, 2, 'find', nargs);
  const i = init === undefined ? 1 : checkInteger(init, 3, 'find', nargs);
  return findAux(sharedMatch, src, pat, i, plain !== undefined && plain !== false, true);
}

function str_match(s: unknown, p: unknown, init: unknown): unknown {
  const nargs = arguments.length;
  const src = str(s, 1, 'match', nargs);
  const pat = str(p, 2, 'match', nargs);
  const i = init === undefined ? 1 : checkInteger(init, 3, 'match', nargs);
  return findAux(sharedMatch, src, pat, i, false, false);
}

function str_gmatch(s: unknown, p: unknown): LuaFunction {
  const nargs = arguments.length;
  const src = str(s, 1, 'gmatch', nargs);
  const pat = str(p, 2, 'gmatch', nargs);
  const prep = prepare(pat);
  let pos = 0;
  return function gmatch_aux(): unknown {
    const ms = sharedMatch;
    ms.resetPrepared(src, prep);
    const skip = prep.skipChar >= 0 || prep.skipSet !== null;
    for (let from = pos; from <= ms.end; from++) {
      if (skip) {
        from = ms.nextCandidate(prep, from);
        if (from < 0) break;
      }
      ms.level = 0;
      const e = ms.match(from, 0);
      if (e !== -1) {
        pos = e === from ? e + 1 : e; // empty match? go at least one position
        return ms.captures(from, e, true);
      }
    }
    pos = ms.end + 1;
    return EMPTY;
  };
}

function replacementText(v: LuaValue): string | undefined {
  if (v === undefined || v === false) return undefined; // keep the original text
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  return luaError('invalid replacement value (a ' + luaType(v) + ')');
}

function str_gsub(s: unknown, p: unknown, repl: unknown, n: unknown): LuaValue[] {
  const nargs = arguments.length;
  const src = str(s, 1, 'gsub', nargs);
  const pat = str(p, 2, 'gsub', nargs);
  const maxN = n === undefined ? src.length + 1 : checkIntArg(n, 4, 'gsub', nargs);
  let replace: Replacer;
  let ms = sharedMatch;
  if (typeof repl === 'string' || typeof repl === 'number') {
    const text = typeof repl === 'string' ? repl : numberToString(repl);
    // A plain pattern (no special character, no ')' which the matcher treats as a capture end,
    // no NUL) replaced by a plain text, without a
    // limit: every occurrence, left to right, without overlap, is exactly what split finds.
    if (n === undefined && pat.length > 0 && !hasSpecials(pat) && pat.indexOf(')') < 0 && pat.indexOf('\0') < 0 && text.indexOf('%') < 0) {
      const parts = src.split(pat);
      return parts.length === 1 ? [src, 0] : [parts.join(text), parts.length - 1];
    }
    replace = text.indexOf('%') < 0 ? () => text : (m, a, b) => expandReplacement(m, text, a, b, numberToString);
  } else if (repl instanceof LuaTable) {
    ms = new MatchState(failPattern); // __index may run Lua code that matches too
    replace = (m, a, b) => replacementText(index(repl, m.capture(0, a, b)));
  } else if (typeof repl === 'function') {
    ms = new MatchState(failPattern);
    replace = (m, a, b) => {
      const caps = m.captures(a, b, true);
      const r = caps instanceof Array ? call(repl, ...caps) : call(repl, caps);
      return replacementText(r instanceof Array ? r[0] : r);
    };
  } else {
    return argError(3, 'gsub', 'string/function/table expected');
  }
  const [result, count] = gsubLoop(ms, src, pat, maxN, replace);
  return [result, count];
}

// ---------------------------------------------------------------------------------------------
// format

const formatHost: FormatHost = {
  // Missing arguments were reported as "no value" before these run: undefined here is a nil.
  checkNumber: (v, arg) => checkNumber(v, arg, 'format', arg),
  checkString: (v, arg) => str(v, arg, 'format', arg),
  argError: (arg, msg) => argError(arg, 'format', msg),
  error: (msg) => luaError(msg),
};

function str_format(fmt: unknown): string {
  const nargs = arguments.length;
  const f = typeof fmt === 'string' ? fmt : str(fmt, 1, 'format', nargs);
  return luaFormat(f, arguments, nargs, formatHost);
}

// ---------------------------------------------------------------------------------------------

/** The library's functions by name (gfind is gmatch: LUA_COMPAT_GFIND). */
export function makeStringLibrary(): LuaTable {
  const lib = new LuaTable();
  const fns: [string, LuaFunction][] = [
    ['byte', str_byte], ['char', str_char], ['dump', str_dump], ['find', str_find], ['format', str_format],
    ['gmatch', str_gmatch], ['gsub', str_gsub], ['len', str_len], ['lower', str_lower], ['match', str_match],
    ['rep', str_rep], ['reverse', str_reverse], ['sub', str_sub], ['upper', str_upper],
  ];
  for (const [name, fn] of fns) {
    fn.luaName = name;
    lib.set(name, fn);
  }
  lib.set('gfind', str_gmatch);
  return lib;
}

/** Opens `string` in L.globals and makes it the __index of the string metatable. */
export function openString(L: LuaState): LuaTable {
  const lib = makeStringLibrary();
  L.globals.set('string', lib);
  L.stringMetatable.set('__index', lib);
  return lib;
}

export {
  str_byte, str_char, str_dump, str_find, str_format, str_gmatch, str_gsub, str_len, str_lower, str_match,
  str_rep, str_reverse, str_sub, str_upper,
};

// The base library (lbaselib.c of Lua 5.1), except the coroutine table (lib/coroutine.ts).

import { LuaTable, LuaError, LuaUserdata, EMPTY, luaType, protectedCalls, type LuaValue, type LuaFunction, type LuaResult } from '../value';
import {
  rt, luaError, argError, typeError, checkTable, checkInt, checkString, optInt, checkAny,
  tostringValue, tonumber as toNumberCoerce, numberToString, getMetatable, rawSet, where,
  caughtValue, PAUSE, magicCall, MagicOp, isLuaClosure, luaFunctionAt, getMetafield, callMeta,
  takeWhereHint,
} from '../runtime';
import { gtw, arr, iterFns } from '../ops';
import type { LuaState } from '../state';

/** LUAI_MAXCSTACK: lua_checkstack refuses to grow a C function's stack past this many slots. */
const MAX_C_STACK = 8000;

function setFn(t: LuaTable, name: string, f: LuaFunction): void {
  t.set(name, f);
}

export function luaB_next(t: unknown, k?: unknown): LuaResult {
  // An explicit nil is "got nil", an absent argument "got no value" (pcall(next, nil)).
  const tt = t instanceof LuaTable ? t : checkTable(t, 1, 'next', arguments.length);
  const r = tt.next(k);
  if (r === undefined) return undefined;
  return [r[0] as LuaValue, r[1]];
}

function ipairsAux(t: unknown, i: unknown): LuaResult {
  const n = (i as number) + 1;
  const v = (t as LuaTable).get(n);
  return v === undefined ? undefined : [n, v];
}

/** pcall: catches Lua errors (not host kill errors). */
function luaB_pcall(this: unknown, ...args: unknown[]): LuaResult {
  if (args.length === 0) argError(1, 'pcall', 'value expected');
  const f = args[0];
  const depth = rt.cdepth;
  const pdepth = protectedCalls.depth;
  try {
    if (++rt.cdepth >= 200) throw new LuaError(where(1) + 'C stack overflow');
    protectedCalls.depth++;
    // f is called from a host function: error(msg) called directly gets no position.
    rt.hintFn = f;
    rt.hintChunk = null;
    const r = typeof f === 'function' ? f(...args.slice(1)) : callFallback(f, args.slice(1));
    if (Array.isArray(r)) return [true, ...r];
    return [true, r];
  } catch (e) {
    return [false, caughtValue(e)];
  } finally {
    rt.cdepth = depth;
    protectedCalls.depth = pdepth;
  }
}

function callFallback(f: unknown, args: unknown[]): LuaResult {
  return callMeta(f, undefined, args);
}

const YIELD_ACROSS = 'attempt to yield across metamethod/C-call boundary';

/**
 * Drives a generator-form call inside a C-call boundary (pcall in the resumable form): host
 * pauses pass through, coroutine yields are refused at the yield point, as in Lua 5.1.
 */
export function* driveBoundary(it: Generator<unknown, LuaResult, unknown>): Generator<unknown, LuaResult, unknown> {
  const pdepth = protectedCalls.depth;
  protectedCalls.depth++;
  try {
    let r = it.next();
    for (;;) {
      if (r.done) return r.value;
      if (r.value === PAUSE) {
        const saved = rt.co;
        protectedCalls.depth = pdepth;
        yield PAUSE;
        protectedCalls.depth = pdepth + 1;
        rt.co = saved;
        r = it.next();
      } else {
        r = it.throw(new LuaError(YIELD_ACROSS));
      }
    }
  } finally {
    protectedCalls.depth = pdepth;
  }
}

/** What pcall(f) returns at once when f cannot be called (the error comes from C: no position). */
function notCallable(f: unknown): LuaValue[] | undefined {
  if (typeof f === 'function' || typeof getMetafield(f, '__call') === 'function') return undefined;
  return [false, `attempt to call a ${luaType(f)} value`];
}

function* luaB_pcall_gen(...args: unknown[]): Generator<unknown, LuaResult, unknown> {
  if (args.length === 0) argError(1, 'pcall', 'value expected');
  const bad = notCallable(args[0]);
  if (bad !== undefined) return bad;
  try {
    const r = yield* driveBoundary(gtw(args[0])(...args.slice(1)));
    if (Array.isArray(r)) return [true, ...r];
    return [true, r];
  } catch (e) {
    return [false, caughtValue(e)];
  }
}

function luaB_xpcall(f?: unknown, handler?: unknown, ...rest: unknown[]): LuaResult {
  if (arguments.length < 2) argError(2, 'xpcall', 'value expected');
  void rest;
  // Errors under xpcall keep their JS stack (no protectedCalls count): the handler may want a
  // traceback of it.
  const pdepth = protectedCalls.depth;
  protectedCalls.depth = 0;
  try {
    const r = typeof f === 'function' ? f() : callFallback(f, []);
    if (Array.isArray(r)) return [true, ...r];
    return [true, r];
  } catch (e) {
    protectedCalls.depth = pdepth;
    const v = caughtValue(e);
    return [false, xpcallHandle(handler, v, e)];
  } finally {
    protectedCalls.depth = pdepth;
  }
}

/**
 * Runs xpcall's handler. C Lua runs it where the error happened; here the stack has unwound,
 * so debug.traceback called by the handler reads the stack the error captured (rt.handling).
 */
function xpcallHandle(handler: unknown, v: LuaValue, e?: unknown): LuaValue {
  const saved = rt.handling;
  rt.handling = e;
  try {
    const r = typeof handler === 'function' ? handler(v) : callFallback(handler, [v]);
    return Array.isArray(r) ? r[0] : r;
  } catch (e2) {
    // An error in the error handler: C Lua reports LUA_ERRERR.
    caughtValue(e2);
    return 'error in error handling';
  } finally {
    rt.handling = saved;
  }
}

function* luaB_xpcall_gen(f?: unknown, handler?: unknown): Generator<unknown, LuaResult, unknown> {
  if (handler === undefined && arguments.length < 2) argError(2, 'xpcall', 'value expected');
  if (notCallable(f) !== undefined) return [false, xpcallHandle(handler, `attempt to call a ${luaType(f)} value`)];
  try {
    const r = yield* driveBoundary(gtw(f)());
    if (Array.isArray(r)) return [true, ...r];
    return [true, r];
  } catch (e) {
    const v = caughtValue(e);
    return [false, xpcallHandle(handler, v, e)];
  }
}

function luaB_error(msg?: unknown, level?: unknown): LuaResult {
  const hint = takeWhereHint(luaB_error);
  const lv = optInt(level, 2, 'error', 1);
  if ((typeof msg === 'string' || typeof msg === 'number') && lv > 0) {
    const pos = lv === 1 && hint !== undefined ? hint : where(lv);
    throw new LuaError(pos + (typeof msg === 'number' ? numberToString(msg) : msg));
  }
  throw new LuaError(msg as LuaValue);
}

function luaB_assert(...args: unknown[]): LuaResult {
  const hint = takeWhereHint(luaB_assert);
  if (args.length === 0) argError(1, 'assert', 'value expected');
  const v = args[0];
  if (v === undefined || v === false) {
    const m = args[1];
    // luaL_error(L, "%s", msg): the message is a C string, it ends at a NUL.
    const msg = m === undefined ? 'assertion failed!' : checkString(m, 2, 'assert').split('\0', 1)[0];
    if (hint !== undefined) throw new LuaError(hint + msg);
    return luaError(msg);
  }
  return args.length === 1 ? (v as LuaValue) : (args as LuaValue[]);
}

function luaB_select(n?: unknown, ...args: unknown[]): LuaResult {
  if (n === '#') return args.length;
  let i = checkInt(n, 1, 'select', arguments.length);
  if (i < 0) i = args.length + i;
  else if (i > args.length) i = args.length;
  else i = i - 1;
  if (i < 0) argError(1, 'select', 'index out of range');
  if (i === 0) return args.length === 1 ? (args[0] as LuaValue) : (args as LuaValue[]);
  const r = args.slice(i) as LuaValue[];
  return r.length === 1 ? r[0] : r;
}

function luaB_type(...args: unknown[]): LuaResult {
  if (args.length === 0) argError(1, 'type', 'value expected');
  return luaType(args[0]);
}

function luaB_tostring(...args: unknown[]): LuaResult {
  if (args.length === 0) argError(1, 'tostring', 'value expected');
  return tostringValue(args[0]);
}

function strtoul(s: string, base: number): number | undefined {
  // C strtoul: leading space, optional sign, optional 0x for base 16; then digits; trailing
  // space allowed (checked by the caller as Lua does).
  let i = 0;
  while (i < s.length && /[ \t\n\v\f\r]/.test(s[i])) i++;
  let neg = false;
  if (s[i] === '-' || s[i] === '+') { neg = s[i] === '-'; i++; }
  if (base === 16 && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) i += 2;
  const start = i;
  let v = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 122) d = c - 87;
    else if (c >= 65 && c <= 90) d = c - 55;
    else break;
    if (d >= base) break;
    v = v * base + d;
  }
  if (i === start) return undefined;
  while (i < s.length && /[ \t\n\v\f\r]/.test(s[i])) i++;
  if (i !== s.length) return undefined;
  if (v > 18446744073709551615) v = 18446744073709551615;
  return neg && v !== 0 ? 18446744073709551616 - v : v;
}

function luaB_tonumber(e?: unknown, base?: unknown): LuaResult {
  const b = optInt(base, 2, 'tonumber', 10);
  if (b === 10) {
    checkAny(e, 1, 'tonumber', arguments.length);
    return toNumberCoerce(e);
  }
  const s = checkString(e, 1, 'tonumber', arguments.length);
  if (b < 2 || b > 36) argError(2, 'tonumber', 'base out of range');
  return strtoul(s, b);
}

function luaB_rawequal(a?: unknown, b?: unknown): LuaResult {
  checkAny(a, 1, 'rawequal', arguments.length);
  checkAny(b, 2, 'rawequal', arguments.length);
  return a === b;
}

function luaB_rawget(t?: unknown, k?: unknown): LuaResult {
  const tt = checkTable(t, 1, 'rawget', arguments.length);
  checkAny(k, 2, 'rawget', arguments.length);
  return tt.get(k);
}

function luaB_rawset(t?: unknown, k?: unknown, v?: unknown): LuaResult {
  const tt = checkTable(t, 1, 'rawset', arguments.length);
  checkAny(k, 2, 'rawset', arguments.length);
  checkAny(v, 3, 'rawset', arguments.length);
  rawSet(tt, k, v as LuaValue);
  return tt;
}

function luaB_getmetatable(...args: unknown[]): LuaResult {
  if (args.length === 0) argError(1, 'getmetatable', 'value expected');
  const mt = getMetatable(args[0]);
  if (mt === undefined) return undefined;
  const protectedMt = mt.getStr('__metatable');
  return protectedMt !== undefined ? protectedMt : mt;
}

function luaB_setmetatable(t?: unknown, mt?: unknown): LuaResult {
  if (!(t instanceof LuaTable)) typeError(1, 'setmetatable', 'table', t, arguments.length);
  if ((mt === undefined && arguments.length < 2) || (mt !== undefined && !(mt instanceof LuaTable))) {
    argError(2, 'setmetatable', 'nil or table expected');
  }
  const tt = t as LuaTable;
  if (tt.metatable !== undefined && tt.metatable.getStr('__metatable') !== undefined) {
    luaError('cannot change a protected metatable');
  }
  if (tt.readonly) throw new LuaError('Attempt to modify a readonly table');
  tt.metatable = mt as LuaTable | undefined;
  return tt;
}

/** The generator pairs returns: next, but a distinct function (an upvalue in C Lua). */
function pairsNext(t: unknown, k?: unknown): LuaResult {
  return luaB_next(t, k);
}

function luaB_pairs(t?: unknown): LuaResult {
  checkTable(t, 1, 'pairs', arguments.length);
  return [pairsNext as LuaValue, t as LuaTable, undefined];
}

function luaB_ipairs(t?: unknown): LuaResult {
  checkTable(t, 1, 'ipairs', arguments.length);
  return [ipairsAux as LuaValue, t as LuaTable, 0];
}

function luaB_unpack(t?: unknown, i?: unknown, j?: unknown): LuaResult {
  const tt = checkTable(t, 1, 'unpack', arguments.length);
  const from = optInt(i, 2, 'unpack', 1);
  const to = j === undefined ? tt.length() : checkInt(j, 3, 'unpack');
  if (from > to) return EMPTY;
  const n = to - from + 1;
  // lua_checkstack(L, n) with unpack's own arguments already on its stack.
  if (n <= 0 || n + arguments.length > MAX_C_STACK) luaError('too many results to unpack');
  if (n === 1) return tt.get(from);
  const out: LuaValue[] = new Array(n);
  const a = tt.arr;
  for (let k = 0; k < n; k++) {
    const idx = from + k;
    out[k] = idx >= 1 && idx <= a.length ? a[idx - 1] : tt.get(idx);
  }
  return out;
}

function luaB_collectgarbage(opt?: unknown, arg?: unknown): LuaResult {
  const o = opt === undefined ? 'collect' : checkString(opt, 1, 'collectgarbage');
  // luaL_checkoption, then luaL_optint(L, 2, 0) for every option: collectgarbage('count', {})
  // is an error about argument #2, collectgarbage('x', {}) one about the option.
  if (!GC_OPTIONS.includes(o)) return argError(1, 'collectgarbage', `invalid option '${o.split('\0', 1)[0]}'`); // a C string
  const ex = optInt(arg, 2, 'collectgarbage', 0);
  switch (o) {
    case 'stop': case 'restart': case 'collect': return 0;
    case 'count': return process.memoryUsage().heapUsed / 1024;
    case 'step': return false;
    case 'setpause': case 'setstepmul': {
      const prev = o === 'setpause' ? gcPause : gcStepMul;
      if (o === 'setpause') gcPause = ex; else gcStepMul = ex;
      return prev;
    }
    default:
      return argError(1, 'collectgarbage', `invalid option '${o}'`);
  }
}
const GC_OPTIONS = ['stop', 'restart', 'collect', 'count', 'step', 'setpause', 'setstepmul'];
let gcPause = 200;
let gcStepMul = 200;

function luaB_gcinfo(): LuaResult {
  return Math.floor(process.memoryUsage().heapUsed / 1024);
}

function luaB_newproxy(arg?: unknown): LuaResult {
  const u = new LuaUserdata();
  if (arg === undefined || arg === false) return u;
  if (arg === true) {
    u.metatable = new LuaTable();
    return u;
  }
  if (arg instanceof LuaUserdata && arg.metatable !== undefined && validProxies.has(arg.metatable)) {
    u.metatable = arg.metatable;
    return u;
  }
  return argError(1, 'newproxy', 'boolean or proxy expected');
}
const validProxies = new WeakSet<LuaTable>();

/** getfenv/setfenv's first argument: a function, 0 (the thread), or a stack level's function. */
function fenvTarget(f: unknown, fname: string, nargs: number, from: Function): unknown {
  if (typeof f === 'function') return f;
  const level = f === undefined && nargs === 0 ? 1 : checkInt(f, 1, fname);
  if (level < 0) argError(1, fname, 'level must be non-negative');
  if (level === 0) return 0;
  const fn = luaFunctionAt(level, from);
  if (fn === null) argError(1, fname, 'invalid level');
  return fn;
}

export function openBase(L: LuaState): void {
  const G = L.globals;
  G.set('_G', G);
  G.set('_VERSION', 'Lua 5.1');
  setFn(G, 'assert', luaB_assert);
  setFn(G, 'collectgarbage', luaB_collectgarbage);
  setFn(G, 'error', luaB_error);
  setFn(G, 'gcinfo', luaB_gcinfo);
  setFn(G, 'getmetatable', luaB_getmetatable);
  setFn(G, 'setmetatable', luaB_setmetatable);
  setFn(G, 'ipairs', luaB_ipairs);
  setFn(G, 'pairs', luaB_pairs);
  setFn(G, 'next', luaB_next);
  iterFns.next = pairsNext;
  iterFns.next2 = luaB_next;
  iterFns.inext = ipairsAux;
  (luaB_pcall as any).$g = luaB_pcall_gen;
  (luaB_xpcall as any).$g = luaB_xpcall_gen;
  setFn(G, 'pcall', luaB_pcall);
  setFn(G, 'xpcall', luaB_xpcall);
  setFn(G, 'rawequal', luaB_rawequal);
  setFn(G, 'rawget', luaB_rawget);
  setFn(G, 'rawset', luaB_rawset);
  setFn(G, 'select', luaB_select);
  setFn(G, 'tonumber', luaB_tonumber);
  setFn(G, 'tostring', luaB_tostring);
  setFn(G, 'type', luaB_type);
  setFn(G, 'unpack', luaB_unpack);
  setFn(G, 'newproxy', (arg?: unknown) => {
    const u = luaB_newproxy(arg);
    if (arg === true) validProxies.add((u as LuaUserdata).metatable!);
    return u;
  });

  setFn(G, 'print', function print(...args: unknown[]): LuaResult {
    const ts = G.get('tostring');
    let out = '';
    for (let i = 0; i < args.length; i++) {
      let s: LuaValue;
      if (ts === luaB_tostring) {
        s = tostringValue(args[i]);
      } else {
        const r = typeof ts === 'function' ? ts(args[i]) : callFallback(ts, [args[i]]);
        s = Array.isArray(r) ? r[0] : r;
      }
      if (typeof s === 'number') s = numberToString(s);
      else if (typeof s !== 'string') luaError("'tostring' must return a string to 'print'");
      if (i > 0) out += '\t';
      // C Lua writes each value with fputs, which stops at an embedded NUL.
      const nul = (s as string).indexOf('\0');
      out += nul < 0 ? s : (s as string).slice(0, nul);
    }
    L.stdout(out + '\n');
    return EMPTY;
  });

  const loadChunk = (source: string, chunkName: string, reader?: () => string | undefined): LuaResult => {
    // string.dump's "binary chunks" load back only where the host allows it (the CLI); else
    // the text parser rejects the ESC byte, as Redis does.
    if (L.loadDumped && source.startsWith('\x1bLua')) {
      const { dumpedFunctions } = require('./string') as { dumpedFunctions: Map<string, LuaFunction> };
      const f = dumpedFunctions.get(source);
      if (f !== undefined) return f;
    }
    try {
      return L.load(source, chunkName, undefined, reader);
    } catch (e) {
      if (e instanceof LuaError) return [undefined, e.value];
      throw e;
    }
  };

  setFn(G, 'loadstring', function loadstring(s?: unknown, name?: unknown): LuaResult {
    const src = checkString(s, 1, 'loadstring', arguments.length);
    const chunkName = name === undefined ? src : checkString(name, 2, 'loadstring');
    return loadChunk(src, chunkName);
  });

  setFn(G, 'load', function load(f?: unknown, name?: unknown): LuaResult {
    const chunkName = name === undefined ? '=(load)' : checkString(name, 2, 'load');
    if (typeof f !== 'function') typeError(1, 'load', 'function', f, arguments.length);
    // The reader is called as the lexer needs more input (so a parse error stops reading).
    const reader = (): string | undefined => {
      const r = (f as LuaFunction)();
      const piece = Array.isArray(r) ? r[0] : r;
      if (piece === undefined) return undefined;
      if (typeof piece === 'number') return numberToString(piece);
      if (typeof piece !== 'string') throw new LuaError('reader function must return a string');
      return piece.length === 0 ? undefined : piece;
    };
    return loadChunk('', chunkName, reader);
  });

  setFn(G, 'getfenv', function getfenv(f?: unknown): LuaResult {
    const target = fenvTarget(f, 'getfenv', arguments.length, getfenv);
    if (typeof target === 'function') {
      return isLuaClosure(target) ? (magicCall(target as LuaFunction, MagicOp.GetEnv) as LuaValue) : G;
    }
    return G;
  });

  setFn(G, 'setfenv', function setfenv(f?: unknown, t?: unknown): LuaResult {
    checkTable(t, 2, 'setfenv', arguments.length);
    const target = fenvTarget(f, 'setfenv', arguments.length, setfenv);
    if (target === 0) {
      L.globals = t as LuaTable;
      return EMPTY;
    }
    if (typeof target === 'function' && isLuaClosure(target)) {
      magicCall(target as LuaFunction, MagicOp.SetEnv, t);
      return target as LuaFunction;
    }
    return luaError("'setfenv' cannot change environment of given object");
  });

  void arr;
  void rt;
}

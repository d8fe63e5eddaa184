// The Lua runtime: coercions, metamethod dispatch, errors with positions, calls.
//
// Compiled code (see compiler.ts) inlines the fast paths (number arithmetic, plain table reads
// and writes) and calls the helpers here for everything else. Host functions (the libraries)
// use the exported checkers and luaError/argError, which add "chunk:line:" like luaL_error.
//
// Positions are not tracked at run time: a Lua error finds the line of the Lua code that raised
// it from the JavaScript stack (each compiled chunk has a sourceURL and a JS-line -> Lua-line
// map), so the common path costs nothing.

import {
  LuaTable, LuaError, LuaUserdata, LuaThreadLike, EMPTY, luaType, first,
  type LuaValue, type LuaFunction, type LuaResult,
} from './value';
import { numberToString14, toCInt } from './lib/sformat';

// ---------------------------------------------------------------------------------------------
// Shared mutable runtime state (one per process; a LuaState installs itself on entry).

export interface RuntimeState {
  /** Budget counter: compiled code does `if (--R.budget < 0) R.tick()`. */
  budget: number;
  /** Called when the counter runs out; returns true when a resumable run should pause. */
  tick: () => boolean;
  /** The string metatable of the state currently running. */
  stringMeta: LuaTable | undefined;
  /** Metatables of other basic types (debug.setmetatable): number, boolean, nil, function, thread. */
  typeMeta: { [type: string]: LuaTable | undefined };
  /** The running coroutine (undefined on the main thread). */
  co: any;
  /** The LuaState currently running (typed loosely to avoid an import cycle). */
  state: any;
  /**
   * In chunks that track locals (Compiler.recordLocals): per Lua function on the stack, its
   * active locals at the call it is making, as [chunk, function id, names, values], innermost
   * last. Records of functions that have returned may linger above: readers check them.
   */
  ls: [ChunkInfo, number, string[], unknown[]][];
  /**
   * In chunks that track closures: the closures of the generator-form Lua frames running,
   * innermost last (records of returned ones may linger above: readers check them). Each
   * coroutine has its own (and its own `ls`), swapped in while it runs.
   */
  gcl: LuaFunction[];
  /**
   * "The next call of hintFn comes from chunk hintChunk, line hintLine" (null chunk: from a
   * host function): set just before the call by compiled calls of the globals error and
   * assert and by pcall, so error positions (luaL_where(1)) need no look at the JS stack,
   * which costs microseconds. Taken (and cleared) by takeWhereHint.
   */
  hintFn: unknown;
  hintChunk: ChunkInfo | null;
  hintLine: number;
  /** Nesting of calls made from host code and metamethods (C Lua's nCcalls). */
  cdepth: number;
  /** The error an xpcall handler is handling (its stack is the traceback to show). */
  handling: unknown;
}

/**
 * Ticks between two calls of tick() when no hook or deadline asks for fewer: in effect never,
 * so V8 never sees tick() called and compiles each check's call as a deoptimisation exit
 * (no call in optimised code). Loops keep their checks' calls outside the loop body (see
 * Compiler.loopStat); making tick() fire every 2^16 ticks instead gave every check a real call
 * and cost 10-70% on most benchmarks (n-body, spectral-norm, closures).
 */
export const NO_HOOK_BUDGET = 0x3fffffff;

export const rt: RuntimeState = {
  budget: NO_HOOK_BUDGET,
  tick: () => { rt.budget = NO_HOOK_BUDGET; return false; },
  stringMeta: undefined,
  typeMeta: Object.create(null),
  co: undefined,
  state: undefined,
  ls: [],
  gcl: [],
  hintFn: undefined,
  hintChunk: null,
  hintLine: 0,
  cdepth: 0,
  handling: undefined,
};

/** The value a generator-form function yields to ask the host for a pause (never a Lua value). */
export const PAUSE: unique symbol = Symbol('lua-pause') as any;

/** A "kill" or other uncatchable error: pcall and coroutine.resume let it pass through. */
export class LuaUncatchableError extends Error {
  readonly uncatchable = true;
  constructor(message: string) {
    super(message);
    this.name = 'LuaUncatchableError';
  }
}

// ---------------------------------------------------------------------------------------------
// Chunks and positions

export interface ProtoInfo {
  chunk: ChunkInfo;
  id: number;
  lineDefined: number;
  lastLineDefined: number;
  numParams: number;
  isVararg: boolean;
  nups: number;
  upvalueNames: string[];
  /** Name the compiler could give it (for tracebacks): "function 'f'" style hint. */
  name: string | undefined;
}

export interface ChunkInfo {
  /** The sourceURL of the generated code. */
  url: string;
  chunkName: string;
  shortSrc: string;
  /** Lua line for each line of the generated JavaScript (index = JS line, 1-based). */
  lineMap: Int32Array;
  protos: ProtoInfo[];
  /** Call sites by JS position (line * 100000 + column): the called value's name and kind. */
  calls: Map<number, { name: string | undefined; what: string | undefined; tail?: boolean }>;
}

/**
 * Chunk information by sourceURL. Held weakly: the compiled code of a chunk holds its info, so
 * the info lives exactly as long as some function of the chunk does (loadstring in a loop
 * does not leak); dead entries are swept now and then.
 */
const chunkRefs = new Map<string, WeakRef<ChunkInfo>>();
let registrationsSinceSweep = 0;

const chunksByUrl = {
  get(url: string): ChunkInfo | undefined {
    return chunkRefs.get(url)?.deref();
  },
  has(url: string): boolean {
    return chunkRefs.get(url)?.deref() !== undefined;
  },
  set(url: string, info: ChunkInfo): void {
    if (++registrationsSinceSweep >= 1000) {
      registrationsSinceSweep = 0;
      for (const [k, ref] of chunkRefs) if (ref.deref() === undefined) chunkRefs.delete(k);
    }
    chunkRefs.set(url, new WeakRef(info));
  },
};
let chunkCounter = 0;

export function newChunkUrl(): string {
  return `lua-chunk-${++chunkCounter}`;
}

export function registerChunk(info: ChunkInfo): void {
  chunksByUrl.set(info.url, info);
}

/** luaO_chunkid: the short source used in messages. */
export function chunkId(source: string, bufflen = 60): string {
  // The chunk name is a C string: it ends at a NUL (loadstring of a binary chunk names it
  // [string "\27LuaQ"]).
  const nul = source.indexOf('\0');
  if (nul >= 0) source = source.slice(0, nul);
  if (source.startsWith('=')) return source.slice(1, bufflen);
  if (source.startsWith('@')) {
    const s = source.slice(1);
    const max = bufflen - 8;
    return s.length > max ? '...' + s.slice(s.length - max) : s;
  }
  let len = source.search(/[\n\r]/);
  if (len < 0) len = source.length;
  const max = bufflen - 17;
  let truncated = len < source.length;
  if (len > max) { len = max; truncated = true; }
  return '[string "' + source.slice(0, len) + (truncated ? '..."]' : '"]');
}

export interface LuaFrame {
  chunk: ChunkInfo;
  line: number;
  jsLine: number;
  /** The JS function's name: $L<proto id> (fast form) or $G<proto id> (generator form). */
  functionName: string | null;
}

/** Frames of the runtime itself (never a Lua-visible function). */
const INTERNAL_FILE = /[\\/]lua[\\/](?:runtime|ops|value|coroutine|state)\.[jt]s$/;

/** Frames that drive a coroutine: stack levels do not reach past them (another thread). */
const THREAD_BOUNDARY = new Set(['coStart', 'resume', 'resumeGen']);

function isThreadBoundary(cs: NodeJS.CallSite): boolean {
  const f = cs.getFileName();
  return f !== undefined && f !== null && /[\\/]lua[\\/]coroutine\.[jt]s$/.test(f) && THREAD_BOUNDARY.has(cs.getFunctionName() ?? '');
}

function isInternal(cs: NodeJS.CallSite): boolean {
  const f = cs.getFileName();
  return f !== undefined && f !== null && INTERNAL_FILE.test(f);
}

/** Host frames that are C-call boundaries for position purposes (luaL_where gives ""). */
const BOUNDARY_FUNCTIONS = new Set(['luaB_pcall', 'luaB_xpcall', 'luaB_pcall_gen', 'luaB_xpcall_gen']);

type RawFrame = { kind: 'lua'; frame: LuaFrame } | { kind: 'boundary' } | { kind: 'other' };

function siteName(cs: NodeJS.CallSite): string | undefined {
  return (cs as any).getScriptNameOrSourceURL?.() ?? cs.getFileName() ?? undefined;
}

function classify(cs: NodeJS.CallSite): RawFrame {
  const file = siteName(cs);
  if (file !== undefined && file !== null) {
    const info = chunksByUrl.get(file);
    if (info !== undefined) {
      const jsLine = cs.getLineNumber() ?? 0;
      const line = jsLine < info.lineMap.length ? info.lineMap[jsLine] : 0;
      return { kind: 'lua', frame: { chunk: info, line, jsLine, functionName: cs.getFunctionName() } };
    }
  }
  const fn = cs.getFunctionName();
  if (fn !== null && BOUNDARY_FUNCTIONS.has(fn)) return { kind: 'boundary' };
  return { kind: 'other' };
}

function callSites(limit: number, from: Function): NodeJS.CallSite[] {
  const oldLimit = Error.stackTraceLimit;
  const oldPrepare = Error.prepareStackTrace;
  Error.stackTraceLimit = limit;
  Error.prepareStackTrace = (_e, cs) => cs;
  try {
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder, from);
    return holder.stack ?? [];
  } finally {
    Error.stackTraceLimit = oldLimit;
    Error.prepareStackTrace = oldPrepare;
  }
}

/** The Lua frames currently on the stack, innermost first. */
export function luaFrames(limit = 200): LuaFrame[] {
  const out: LuaFrame[] = [];
  for (const cs of callSites(limit, luaFrames)) {
    const c = classify(cs);
    if (c.kind === 'lua') out.push(c.frame);
  }
  return out;
}

/**
 * luaL_where(level): "chunk:line: " of the level-th Lua function on the stack (1 = innermost
 * Lua function, normally the one that called the running host function), or "" when there is
 * none or a C boundary (pcall, resume) stands between.
 */
export function where(level: number, from?: Function): string {
  if (level <= 0) return '';
  // Most answers are within a few frames: look there first (capturing a stack costs).
  const n = 8 + level * 4;
  const sites = callSites(n, from ?? where);
  const r = whereIn(sites, level, from);
  if (r !== undefined || sites.length < n) return r ?? '';
  return whereIn(callSites(60 + level * 8, from ?? where), level, from) ?? '';
}

/** where() over captured frames; undefined when they end before an answer. */
function whereIn(sites: NodeJS.CallSite[], level: number, from?: Function): string | undefined {
  let seen = 0;
  // Unless the caller says which host function is running, the first host frame is it.
  let self = from === undefined;
  for (const cs of sites) {
    const c = classify(cs);
    if (c.kind !== 'lua' && isThreadBoundary(cs)) return '';
    if (c.kind !== 'lua' && isInternal(cs)) continue;
    if (self && c.kind !== 'lua') { self = false; continue; }
    self = false;
    // pcall and xpcall are levels of their own (C functions: no position).
    if (c.kind === 'boundary' && ++seen === level) return '';
    if (c.kind === 'lua') {
      seen++;
      if (seen === level) return c.frame.line > 0 ? `${c.frame.chunk.shortSrc}:${c.frame.line}: ` : '';
    }
  }
  return undefined;
}

/** The V8 call sites of an error's stack (an array), read once with a temporary prepareStackTrace. */
function callSitesOf(e: Error): unknown {
  const oldPrepare = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_e, cs) => cs;
    return e.stack;
  } finally {
    Error.prepareStackTrace = oldPrepare;
  }
}

/** Positions of a JS error thrown earlier (for stack overflows): the innermost Lua frame. */
export function whereOfError(e: unknown): string {
  if (!(e instanceof Error)) return '';
  const stack = callSitesOf(e);
  if (Array.isArray(stack)) {
    for (const cs of stack as NodeJS.CallSite[]) {
      const c = classify(cs);
      if (c.kind === 'lua' && c.frame.line > 0) return `${c.frame.chunk.shortSrc}:${c.frame.line}: `;
    }
    return '';
  }
  if (typeof stack === 'string') {
    const re = /\((lua-chunk-\d+):(\d+):\d+\)|at (lua-chunk-\d+):(\d+):\d+/g;
    for (let m = re.exec(stack); m !== null; m = re.exec(stack)) {
      const info = chunksByUrl.get(m[1] ?? m[3]);
      const jsLine = Number(m[2] ?? m[4]);
      if (info !== undefined && jsLine < info.lineMap.length && info.lineMap[jsLine] > 0) {
        return `${info.shortSrc}:${info.lineMap[jsLine]}: `;
      }
    }
  }
  return '';
}

// ---------------------------------------------------------------------------------------------
// Errors

/** luaL_error: raise msg with the position of the Lua code at `level` (1 = caller). */
/**
 * where(1) for host function fn from the hint its caller left (see RuntimeState.hintFn), or
 * undefined when the hint is not for this call. Clears the hint either way: call it first
 * thing in fn, so a hint never outlives the call it was meant for.
 */
export function takeWhereHint(fn: Function): string | undefined {
  const f = rt.hintFn;
  if (f === undefined) return undefined;
  rt.hintFn = undefined;
  if (f !== fn) return undefined;
  const c = rt.hintChunk;
  return c === null || rt.hintLine <= 0 ? '' : `${c.shortSrc}:${rt.hintLine}: `;
}

export function luaError(msg: string, level = 1): never {
  throw new LuaError(where(level) + msg);
}

/** A runtime error of the running Lua code (luaG_runerror): position of the innermost Lua frame. */
export function runError(msg: string): never {
  throw new LuaError(where(1) + msg);
}

interface CallerInfo {
  /** "chunk:line: " of the calling Lua code, or "". */
  pos: string;
  /** Called from a C boundary (pcall...) rather than from Lua code. */
  fromC: boolean;
  /** The call site in the calling Lua code, when known. */
  call: { name: string | undefined; what: string | undefined } | undefined;
}

/** Who called the running host function: the calling Lua code and its call site, if any. */
function callerInfo(): CallerInfo {
  return callerInfoIn(callSites(10, callerInfo)) ?? callerInfoIn(callSites(60, callerInfo)) ?? { pos: '', fromC: false, call: undefined };
}

function callerInfoIn(sites: NodeJS.CallSite[]): CallerInfo | undefined {
  let self = true; // the first host frame is the running host function itself
  for (const cs of sites) {
    const file = siteName(cs);
    const info = file === undefined ? undefined : chunksByUrl.get(file);
    if (info !== undefined) {
      const jsLine = cs.getLineNumber() ?? 0;
      const line = jsLine < info.lineMap.length ? info.lineMap[jsLine] : 0;
      const call = info.calls.get(jsLine * 100000 + (cs.getColumnNumber() ?? 0));
      return { pos: line > 0 ? `${info.shortSrc}:${line}: ` : '', fromC: false, call };
    }
    if (isInternal(cs)) continue;
    if (self) { self = false; continue; }
    const fn = cs.getFunctionName();
    if (fn !== null && BOUNDARY_FUNCTIONS.has(fn)) return { pos: '', fromC: true, call: undefined };
  }
  return sites.length < 10 ? { pos: '', fromC: false, call: undefined } : undefined;
}

/**
 * luaL_argerror: "bad argument #<n> to '<name>' (<extramsg>)". As in C Lua, the name is the
 * one the calling Lua code used for the function ('?' when called from pcall and the like),
 * and a method call does not count self ("calling 'f' on bad self (...)" for self itself).
 */
export function argError(argIndex: number, fname: string, extramsg: string): never {
  const ci = callerInfo();
  if (ci.fromC) throw new LuaError(`bad argument #${argIndex} to '?' (${extramsg})`);
  let name = fname;
  if (ci.call !== undefined) {
    if (ci.call.what === 'method') {
      argIndex--;
      if (argIndex === 0) throw new LuaError(`${ci.pos}calling '${ci.call.name}' on bad self (${extramsg})`);
    }
    name = ci.call.name ?? '?';
  }
  throw new LuaError(`${ci.pos}bad argument #${argIndex} to '${name}' (${extramsg})`);
}

/**
 * The Lua function running at stack level `level` (1 = the innermost Lua function below the
 * host function `from`), or null if there is none. Used by getfenv/setfenv with levels.
 */
export function luaFunctionAt(level: number, from: Function): LuaFunction | null {
  let seen = 0;
  let gens = 0;
  for (const cs of callSites(level * 8 + 40, from)) {
    const file = siteName(cs);
    const info = file === undefined ? undefined : chunksByUrl.get(file);
    if (info === undefined) continue;
    seen++;
    // A generator-form frame shows its prototype's generator function: the closure is the
    // matching record of rt.gcl (kept by chunks that mention fenv), counted from the top.
    const m = /^\$G(\d+)$/.exec(cs.getFunctionName() ?? '');
    const rec = m === null ? undefined : rt.gcl[rt.gcl.length - 1 - gens++];
    if (seen === level) {
      if (m !== null) {
        return rec !== undefined && isLuaClosure(rec) && protoOf(rec) === info.protos[Number(m[1])] ? rec : null;
      }
      let f = cs.getFunction() as any;
      if (f !== undefined && f.$f !== undefined) f = f.$f;
      return typeof f === 'function' ? f : null;
    }
  }
  return null;
}

/** Marks an absent argument for typeError (C Lua says "no value" instead of "nil"). */
export const NONE: unique symbol = Symbol('no value') as any;

/**
 * luaL_typerror: "bad argument #1 to 'rep' (number expected, got no value)".
 * `got` is the argument; pass NONE for an absent argument. When `nargs` (the number of
 * arguments actually passed) is given, an undefined argument past it is "no value", otherwise
 * "nil"; when `nargs` is not given, undefined is reported as "no value" (the common case of a
 * missing argument).
 */
export function typeError(argIndex: number, fname: string, expected: string, got: unknown, nargs?: number): never {
  let tname: string;
  if (got === NONE) tname = 'no value';
  else if (got === undefined) tname = nargs === undefined || argIndex > nargs ? 'no value' : 'nil';
  else tname = luaType(got);
  return argError(argIndex, fname, `${expected} expected, got ${tname}`);
}

// ---------------------------------------------------------------------------------------------
// Numbers and strings

/** "%.14g" exactly as glibc's printf formats it (what Lua 5.1 uses for tostring and concat). */
export const numberToString: (n: number) => string = numberToString14;

/** luaO_str2d: Lua's string -> number conversion (strtod plus hex), or undefined. */
export function str2number(s: string): number | undefined {
  // Fast path for plain decimal integers/decimals.
  const m = /^[ \t\n\v\f\r]*([-+]?)(?:(0[xX])([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([-+]?[0-9]+))?|([0-9]*)(?:\.([0-9]*))?(?:[eE]([-+]?[0-9]+))?|([iI][nN][fF](?:[iI][nN][iI][tT][yY])?)|([nN][aA][nN](?:\([0-9A-Za-z_]*\))?))[ \t\n\v\f\r]*$/.exec(s);
  if (m === null) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  if (m[2] !== undefined) {
    const ip = m[3] ?? '';
    const fp = m[4] ?? '';
    if (ip.length === 0 && fp.length === 0) return undefined;
    let v = 0;
    for (let i = 0; i < ip.length; i++) v = v * 16 + parseInt(ip[i], 16);
    let scale = 1 / 16;
    for (let i = 0; i < fp.length; i++) { v += parseInt(fp[i], 16) * scale; scale /= 16; }
    if (m[5] !== undefined) v = v * Math.pow(2, Number(m[5]));
    return sign * v;
  }
  if (m[9] !== undefined) return sign * Infinity;
  if (m[10] !== undefined) return NaN;
  const ip = m[6] ?? '';
  const fp = m[7];
  if (ip.length === 0 && (fp === undefined || fp.length === 0)) return undefined;
  // The regex accepted exactly strtod's decimal syntax; JS Number() converts it the same way
  // (it trims the same whitespace and rounds correctly).
  return Number(s);
}

/** Lua's tonumber coercion (numbers as is, numeric strings converted), or undefined. */
export function tonumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return str2number(v);
  return undefined;
}

/** lua_tostring coercion for strings and numbers; undefined for anything else. */
export function tostr(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  return undefined;
}

// Fake but stable addresses for tostring(table) etc.
const addresses = new WeakMap<object, number>();
let nextAddress = 0;
export function addressOf(o: object): string {
  let a = addresses.get(o);
  if (a === undefined) {
    a = ++nextAddress;
    addresses.set(o, a);
  }
  return '0x' + (0x55550000 * 0x10000 + a * 0x28).toString(16).padStart(12, '0');
}

/** tostring without __tostring: "nil", "true", "12", "table: 0x...". */
export function rawToString(v: unknown): string {
  switch (typeof v) {
    case 'undefined': return 'nil';
    case 'boolean': return v ? 'true' : 'false';
    case 'number': return numberToString(v);
    case 'string': return v;
    case 'function': return 'function: ' + addressOf(v);
    default:
      return luaType(v) + ': ' + addressOf(v as object);
  }
}

/** The base library's tostring: honours __tostring (whose result is returned as is). */
export function tostringValue(v: unknown): LuaValue {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  const mm = getMetafield(v, '__tostring');
  if (mm !== undefined) return first(call(mm, v));
  return rawToString(v);
}

/** tostring(v) as a JS string (print's conversion): __tostring must give a string or number. */
export function tostring(v: unknown): string {
  if (typeof v === 'string') return v;
  const r = tostringValue(v);
  if (typeof r === 'string') return r;
  if (typeof r === 'number') return numberToString(r);
  return luaError("'tostring' must return a string to 'print'");
}

// ---------------------------------------------------------------------------------------------
// Argument checkers for host functions (luaL_check*). `nargs`, when given, lets an undefined
// argument be told apart: past nargs it is "no value", otherwise "nil".

export function checkNumber(v: unknown, argIndex: number, fname: string, nargs?: number): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = str2number(v);
    if (n !== undefined) return n;
  }
  return typeError(argIndex, fname, 'number', v, nargs);
}

/** luaL_checkint: the number converted as C does ((int)(long)x on x86-64). */
export function checkInt(v: unknown, argIndex: number, fname: string, nargs?: number): number {
  return toCInt(checkNumber(v, argIndex, fname, nargs));
}


export function checkString(v: unknown, argIndex: number, fname: string, nargs?: number): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  return typeError(argIndex, fname, 'string', v, nargs);
}

export function checkTable(v: unknown, argIndex: number, fname: string, nargs?: number): LuaTable {
  if (v instanceof LuaTable) return v;
  return typeError(argIndex, fname, 'table', v, nargs);
}

export function checkFunction(v: unknown, argIndex: number, fname: string, nargs?: number): LuaFunction {
  if (typeof v === 'function') return v as LuaFunction;
  return typeError(argIndex, fname, 'function', v, nargs);
}

/** luaL_checkany: "bad argument #1 to 'f' (value expected)". */
export function checkAny(v: unknown, argIndex: number, fname: string, nargs?: number): void {
  if (v === undefined && (nargs === undefined || argIndex > nargs)) argError(argIndex, fname, 'value expected');
}

export function optNumber(v: unknown, argIndex: number, fname: string, dflt: number): number {
  return v === undefined ? dflt : checkNumber(v, argIndex, fname);
}

export function optInt(v: unknown, argIndex: number, fname: string, dflt: number): number {
  return v === undefined ? dflt : checkInt(v, argIndex, fname);
}

export function optString(v: unknown, argIndex: number, fname: string, dflt: string): string {
  return v === undefined ? dflt : checkString(v, argIndex, fname);
}

// ---------------------------------------------------------------------------------------------
// Metatables

export function getMetatable(v: unknown): LuaTable | undefined {
  if (v instanceof LuaTable) return v.metatable;
  if (typeof v === 'string') return rt.stringMeta;
  if (v instanceof LuaUserdata) return v.metatable;
  const tm = rt.typeMeta;
  switch (typeof v) {
    case 'number': return tm.number;
    case 'boolean': return tm.boolean;
    case 'undefined': return tm.nil;
    case 'function': return tm.function;
    default: return v instanceof LuaThreadLike ? tm.thread : undefined;
  }
}

export function getMetafield(v: unknown, event: string): LuaValue {
  const mt = getMetatable(v);
  return mt === undefined ? undefined : mt.getStr(event);
}

// ---------------------------------------------------------------------------------------------
// Calls

/** Calls f(...args) honouring __call; "attempt to call a nil value" otherwise. */
export function call(f: unknown, ...args: unknown[]): LuaResult {
  // A call from host code or a metamethod: C Lua counts these (nCcalls) and stops at 200.
  if (++rt.cdepth >= LUAI_MAXCCALLS) cStackOverflow();
  try {
    if (typeof f === 'function') return f(...args);
    return callMeta(f, undefined, args);
  } finally {
    rt.cdepth--;
  }
}

const LUAI_MAXCCALLS = 200;

function cStackOverflow(): never {
  rt.cdepth--;
  return runError('C stack overflow');
}

/** Calls a metamethod handler (counted like C Lua's luaD_call). */
function callHandler(h: LuaFunction, a: unknown, b: unknown, c?: unknown): LuaResult {
  if (++rt.cdepth >= LUAI_MAXCCALLS) cStackOverflow();
  try {
    return c === undefined ? h(a, b) : h(a, b, c);
  } finally {
    rt.cdepth--;
  }
}

/** Slow path of a call: f is not a function. desc names it ("global 'f'") for the message. */
export function callMeta(f: unknown, desc: string | undefined, args: unknown[]): LuaResult {
  const h = getMetafield(f, '__call');
  if (typeof h === 'function') return h(f, ...args);
  return typeErrorOp(f, desc, 'call');
}

/** luaG_typeerror: "attempt to <op> local 'x' (a nil value)" or "attempt to <op> a nil value". */
export function typeErrorOp(v: unknown, desc: string | undefined, op: string): never {
  const t = luaType(v);
  // The name is formatted with %s: a field name ends at a NUL ("field 'a'" for t['a\0b']).
  const nul = desc === undefined ? -1 : desc.indexOf('\0');
  if (nul >= 0) desc = desc!.slice(0, nul) + "'";
  return runError(desc !== undefined ? `attempt to ${op} ${desc} (a ${t} value)` : `attempt to ${op} a ${t} value`);
}

// ---------------------------------------------------------------------------------------------
// Indexing

const MAXTAGLOOP = 100;

/** o[k] with __index (luaV_gettable). desc names o for the error message. */
export function index(o: unknown, k: unknown, desc?: string): LuaValue {
  for (let loop = 0; loop < MAXTAGLOOP; loop++) {
    let h: LuaValue;
    if (o instanceof LuaTable) {
      const v = o.get(k);
      if (v !== undefined) return v;
      const mt = o.metatable;
      if (mt === undefined) return undefined;
      h = mt.getStr('__index');
      if (h === undefined) return undefined;
    } else {
      h = getMetafield(o, '__index');
      if (h === undefined) return typeErrorOp(o, desc, 'index');
    }
    if (typeof h === 'function') return first(callHandler(h, o, k));
    o = h;
    desc = undefined;
  }
  return runError('loop in gettable');
}

/** o[k] = v with __newindex and the readonly check (luaV_settable). */
export function setIndex(o: unknown, k: unknown, v: unknown, desc?: string): void {
  for (let loop = 0; loop < MAXTAGLOOP; loop++) {
    let h: LuaValue;
    if (o instanceof LuaTable) {
      if (o.readonly) runError('Attempt to modify a readonly table');
      const mt = o.metatable;
      if (mt === undefined || (h = mt.getStr('__newindex')) === undefined || o.get(k) !== undefined) {
        rawSetChecked(o, k, v as LuaValue);
        return;
      }
    } else {
      h = getMetafield(o, '__newindex');
      if (h === undefined) typeErrorOp(o, desc, 'index');
    }
    if (typeof h === 'function') {
      callHandler(h, o, k, v);
      return;
    }
    o = h;
    desc = undefined;
  }
  runError('loop in settable');
}

/** Raw set with Lua's key errors carrying a position (of the running Lua code, if pos). */
export function rawSetChecked(t: LuaTable, k: unknown, v: LuaValue, pos = true): void {
  if (k === undefined) throw new LuaError((pos ? where(1) : '') + 'table index is nil');
  if (typeof k === 'number' && k !== k) throw new LuaError((pos ? where(1) : '') + 'table index is NaN');
  t.set(k, v);
}

/**
 * The base library's rawset (lua_rawset): checks readonly, raises key errors without a
 * position (they come from a C function in C Lua).
 */
export function rawSet(t: LuaTable, k: unknown, v: LuaValue): void {
  if (t.readonly) throw new LuaError('Attempt to modify a readonly table');
  rawSetChecked(t, k, v, false);
}

/** Converts JS errors that can come out of Lua code (stack overflow, out of memory) to LuaErrors. */
export function normalizeError(e: unknown): unknown {
  if (e instanceof RangeError) {
    const msg = /call stack/i.test(e.message) ? 'stack overflow' : 'not enough memory';
    return new LuaError(whereOfError(e) + msg);
  }
  return e;
}

/**
 * What pcall catches: the Lua value of a LuaError (RangeErrors become "stack overflow").
 * Anything else (a host's kill error, an internal bug) is rethrown.
 */
export function caughtValue(e: unknown): LuaValue {
  if (e instanceof LuaError && !(e as any).uncatchable) return e.value;
  if (e instanceof RangeError) return (normalizeError(e) as LuaError).value;
  throw e;
}

// ---------------------------------------------------------------------------------------------
// Arithmetic

export const ARITH_EVENTS = ['__add', '__sub', '__mul', '__div', '__mod', '__pow', '__unm'];

export function luaMod(a: number, b: number): number {
  return a - Math.floor(a / b) * b;
}

/**
 * C's pow() as glibc computes it: correctly rounded. V8's Math.pow is not (123456789^2 comes
 * out one unit low), so integer exponents are computed exactly enough in double-double
 * arithmetic and x^0.5 is sqrt; other exponents use Math.pow.
 */
export function luaPow(a: number, b: number): number {
  if (Number.isInteger(b) && b !== 0 && b >= -0x7fffffff && b <= 0x7fffffff && a === a && a !== 0 && a !== Infinity && a !== -Infinity) {
    const r = powInt(a, b);
    if (r !== undefined) return r;
  }
  if (b === 0.5 && a !== -Infinity && !(a === 0 && 1 / a < 0)) return Math.sqrt(a);
  if (a > 0 && a < Infinity && b === b && b !== Infinity && b !== -Infinity) {
    const r = powDD(a, b);
    if (r !== undefined) return r;
  }
  const r = Math.pow(a, b);
  if (r !== r && (a === 1 || (a === -1 && (b === Infinity || b === -Infinity)))) return 1;
  return r;
}

// Double-double arithmetic (Dekker/Knuth): a value is hi + lo with |lo| <= ulp(hi)/2.
// Results of the double-double operations (a typed array: module-level `let` doubles would be
// boxed at every store).
const DD = new Float64Array(2);

function ddMul(ah: number, al: number, bh: number, bl: number): void {
  const p = ah * bh;
  const c1 = 134217729 * ah; const a1 = c1 - (c1 - ah); const a2 = ah - a1;
  const c2 = 134217729 * bh; const b1 = c2 - (c2 - bh); const b2 = bh - b1;
  let e = ((a1 * b1 - p) + a1 * b2 + a2 * b1) + a2 * b2;
  e += ah * bl + al * bh;
  const s = p + e;
  DD[1] = e - (s - p);
  DD[0] = s;
}

// exp(b * log(a)) in double-double arithmetic (about 100 bits), then rounded once: the correctly
// rounded result in all but the hardest cases, which is what glibc's pow gives too.

function twoSumHi(a: number, b: number): void {
  const s = a + b;
  const bb = s - a;
  DD[1] = (a - (s - bb)) + (b - bb);
  DD[0] = s;
}

function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  twoSumHi(ah, bh);
  const sh = DD[0];
  const e = DD[1] + al + bl;
  const s = sh + e;
  DD[1] = e - (s - sh);
  DD[0] = s;
}

function ddDiv(ah: number, al: number, bh: number, bl: number): void {
  const q1 = ah / bh;
  ddMul(q1, 0, bh, bl); // q1 * b
  ddAdd(ah, al, -DD[0], -DD[1]); // r = a - q1 * b
  const q2 = DD[0] / bh;
  const s = q1 + q2;
  DD[1] = q2 - (s - q1);
  DD[0] = s;
}

const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;
const SQRT2 = Math.SQRT2;

/** log(m) for m near 1 by the atanh series with `terms` terms, as DD[0] + DD[1]. */
function ddLogSeries(mh: number, ml: number, terms: number): void {
  // s = (m - 1) / (m + 1); log(m) = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...)
  ddAdd(mh, ml, 1, 0);
  const dh = DD[0], dl = DD[1];
  ddAdd(mh, ml, -1, 0);
  ddDiv(DD[0], DD[1], dh, dl);
  const sh = DD[0], sl = DD[1];
  ddMul(sh, sl, sh, sl);
  const zh = DD[0], zl = DD[1];
  let ph = LOG_COEF[2 * terms], pl = LOG_COEF[2 * terms + 1];
  for (let j = terms - 1; j >= 0; j--) {
    ddMul(ph, pl, zh, zl);
    ddAdd(DD[0], DD[1], LOG_COEF[2 * j], LOG_COEF[2 * j + 1]);
    ph = DD[0]; pl = DD[1];
  }
  ddMul(ph, pl, sh, sl);
  DD[0] *= 2;
  DD[1] *= 2;
}

// 1/(2j+1) as double-doubles (the atanh series), 1/n! (the exponential series).
const LOG_COEF: number[] = [];
for (let j = 0; j <= 22; j++) {
  ddDiv(1, 0, 2 * j + 1, 0);
  LOG_COEF.push(DD[0], DD[1]);
}
const EXP_COEF: number[] = [1, 0];
for (let n = 1, fh = 1, fl = 0; n <= 10; n++) {
  ddMul(fh, fl, n, 0);
  fh = DD[0]; fl = DD[1];
  ddDiv(1, 0, fh, fl);
  EXP_COEF.push(DD[0], DD[1]);
}
// log(1 + i/64) for i = 0..64, so that log only needs the series near 1 (8 terms).
const LOG_TABLE: number[] = [];
for (let i = 0; i <= 64; i++) {
  ddLogSeries(1 + i / 64, 0, 22);
  LOG_TABLE.push(DD[0], DD[1]);
}

const powBuf = new Float64Array(1);
const powBits = new Uint32Array(powBuf.buffer);

/** log(a) for a normal positive double, as DD[0] + DD[1] (false if a is not normal). */
function ddLog(a: number): boolean {
  powBuf[0] = a;
  const e = (powBits[1] >>> 20) & 0x7ff;
  if (e === 0 || e === 0x7ff) return false;
  let k = e - 1023;
  powBits[1] = (powBits[1] & 0x800fffff) | (1023 << 20);
  let m = powBuf[0]; // in [1, 2)
  if (m > SQRT2) { m /= 2; k++; } // now in [0.707, 1.414]
  // m = c (1 + u) with c = 1 + i/64 from the table (or c = 1 below 1), |u| < 1/128.
  let i = 0;
  if (m > 1) i = Math.round((m - 1) * 64);
  const c = 1 + i / 64;
  ddDiv(m, 0, c, 0);
  ddLogSeries(DD[0], DD[1], m < 1 ? 22 : 8);
  ddAdd(DD[0], DD[1], LOG_TABLE[2 * i], LOG_TABLE[2 * i + 1]);
  const lh = DD[0], ll = DD[1];
  ddMul(k, 0, LN2_HI, LN2_LO);
  ddAdd(DD[0], DD[1], lh, ll);
  return true;
}

/** exp(th + tl) as a double, or undefined outside the normal range. */
function ddExp(th: number, tl: number): number | undefined {
  if (!(th < 709 && th > -708)) return undefined;
  const k = Math.round(th / LN2_HI);
  if (k < -1020 || k > 1020) return undefined; // scaling a subnormal would round twice
  ddMul(k, 0, LN2_HI, LN2_LO);
  ddAdd(th, tl, -DD[0], -DD[1]);
  // exp(r) = (exp(r / 256))^256, the small exponential by its series (|r/256| < 0.0014).
  const rh = DD[0] / 256, rl = DD[1] / 256;
  let eh = EXP_COEF[20], el = EXP_COEF[21];
  for (let n = 9; n >= 0; n--) {
    ddMul(eh, el, rh, rl);
    ddAdd(DD[0], DD[1], EXP_COEF[2 * n], EXP_COEF[2 * n + 1]);
    eh = DD[0]; el = DD[1];
  }
  for (let i = 0; i < 8; i++) {
    ddMul(eh, el, eh, el);
    eh = DD[0]; el = DD[1];
  }
  return (eh + el) * Math.pow(2, k);
}

function powDD(a: number, b: number): number | undefined {
  if (!ddLog(a)) return undefined;
  ddMul(DD[0], DD[1], b, 0);
  return ddExp(DD[0], DD[1]);
}

const ulpBuf = new Float64Array(1);
const ulpBits = new Uint32Array(ulpBuf.buffer);

/** The spacing of doubles at x (x normal and not a power-of-two boundary case). */
function ulpOf(x: number): number {
  ulpBuf[0] = x;
  const e = (ulpBits[1] >>> 20) & 0x7ff;
  return e > 52 ? Math.pow(2, e - 1075) : Number.MIN_VALUE;
}

/** a^n for an integer n != 0, or undefined when double-double cannot keep the precision. */
function powInt(a: number, n: number): number | undefined {
  let e = n < 0 ? -n : n;
  let rh = 1, rl = 0;
  let bh = a, bl = 0;
  for (;;) {
    if (e & 1) { ddMul(rh, rl, bh, bl); rh = DD[0]; rl = DD[1]; }
    e = Math.floor(e / 2);
    if (e === 0) break;
    ddMul(bh, bl, bh, bl); bh = DD[0]; bl = DD[1];
    const m = Math.abs(bh);
    if (m > 1e300 || m < 1e-290) return undefined;
  }
  const m = Math.abs(rh);
  if (!(m < 1e300 && m > 1e-290)) return undefined;
  if (n > 0) {
    // An exact tie between two doubles: glibc's pow lands on the larger magnitude (10^23,
    // 123456789^2), where round-half-even would not.
    if (rl !== 0) {
      const u = ulpOf(rh);
      if (rl === u / 2 || rl === -u / 2) {
        const other = rh + 2 * rl;
        return Math.abs(other) > m ? other : rh;
      }
    }
    return rh + rl;
  }
  // 1 / (rh + rl): q = 1/rh, then one Newton correction with the exact residual.
  const q = 1 / rh;
  ddMul(q, 0, rh, rl);
  const resid = (1 - DD[0]) - DD[1];
  return q + q * resid;
}

function arithRaw(op: number, a: number, b: number): number {
  switch (op) {
    case 0: return a + b;
    case 1: return a - b;
    case 2: return a * b;
    case 3: return a / b;
    case 4: return luaMod(a, b);
    case 5: return luaPow(a, b);
    default: return -a;
  }
}

/** Slow path of a binary arithmetic operator (coercion, metamethods, error). */
export function arith(op: number, a: unknown, b: unknown, da?: string, db?: string): LuaValue {
  const na = tonumber(a);
  const nb = tonumber(b);
  if (na !== undefined && nb !== undefined) return arithRaw(op, na, nb);
  const ev = ARITH_EVENTS[op];
  let h = getMetafield(a, ev);
  if (h === undefined) h = getMetafield(b, ev);
  if (h !== undefined) return first(call(h, a, b));
  if (na === undefined) return typeErrorOp(a, da, 'perform arithmetic on');
  return typeErrorOp(b, db, 'perform arithmetic on');
}

export function add(a: unknown, b: unknown, da?: string, db?: string): LuaValue {
  return typeof a === 'number' && typeof b === 'number' ? a + b : arith(0, a, b, da, db);
}
export function sub(a: unknown, b: unknown, da?: string, db?: string): LuaValue {
  return typeof a === 'number' && typeof b === 'number' ? a - b : arith(1, a, b, da, db);
}
export function mul(a: unknown, b: unknown, da?: string, db?: string): LuaValue {
  return typeof a === 'number' && typeof b === 'number' ? a * b : arith(2, a, b, da, db);
}
export function div(a: unknown, b: unknown, da?: string, db?: string): LuaValue {
  return typeof a === 'number' && typeof b === 'number' ? a / b : arith(3, a, b, da, db);
}
export function mod(a: unknown, b: unknown, da?: string, db?: string): LuaValue {
  return typeof a === 'number' && typeof b === 'number' ? a - Math.floor(a / b) * b : arith(4, a, b, da, db);
}
export function pow(a: unknown, b: unknown, da?: string, db?: string): LuaValue {
  return typeof a === 'number' && typeof b === 'number' ? luaPow(a, b) : arith(5, a, b, da, db);
}
export function unm(a: unknown, da?: string): LuaValue {
  if (typeof a === 'number') return -a;
  const na = tonumber(a);
  if (na !== undefined) return -na;
  const h = getMetafield(a, '__unm');
  if (h !== undefined) return first(call(h, a, a));
  return typeErrorOp(a, da, 'perform arithmetic on');
}

/** The length operator: strings, tables (raw border in 5.1), userdata with __len. */
export function len(v: unknown, desc?: string): LuaValue {
  if (typeof v === 'string') return v.length;
  if (v instanceof LuaTable) return v.length();
  const h = getMetafield(v, '__len');
  if (h !== undefined) return first(call(h, v));
  return typeErrorOp(v, desc, 'get length of');
}

// ---------------------------------------------------------------------------------------------
// Concatenation

export function concat(a: unknown, b: unknown, da?: string, db?: string): LuaValue {
  const ta = typeof a;
  const tb = typeof b;
  if ((ta === 'string' || ta === 'number') && (tb === 'string' || tb === 'number')) {
    return (ta === 'number' ? numberToString(a as number) : a as string) + (tb === 'number' ? numberToString(b as number) : b as string);
  }
  let h = getMetafield(a, '__concat');
  if (h === undefined) h = getMetafield(b, '__concat');
  if (h !== undefined) return first(call(h, a, b));
  if (ta === 'string' || ta === 'number') return typeErrorOp(b, db, 'concatenate');
  return typeErrorOp(a, da, 'concatenate');
}

// ---------------------------------------------------------------------------------------------
// Comparison

function getComparisonHandler(a: unknown, b: unknown, event: string): LuaValue {
  const h1 = getMetafield(a, event);
  if (h1 === undefined) return undefined;
  const h2 = getMetafield(b, event);
  return rawEquals(h1, h2) ? h1 : undefined;
}

function orderError(a: unknown, b: unknown): never {
  const t1 = luaType(a);
  const t2 = luaType(b);
  if (t1 === t2) return runError(`attempt to compare two ${t1} values`);
  return runError(`attempt to compare ${t1} with ${t2}`);
}

function truthy(v: unknown): boolean {
  return v !== undefined && v !== false;
}

/** a < b with __lt. */
export function lessThan(a: unknown, b: unknown): boolean {
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === 'number') return (a as number) < (b as number);
    if (ta === 'string') return (a as string) < (b as string);
    if (luaType(a) === luaType(b)) {
      const h = getComparisonHandler(a, b, '__lt');
      if (h !== undefined) return truthy(first(call(h, a, b)));
    }
  }
  return orderError(a, b);
}

/** a <= b with __le, falling back to not (b < a) with __lt. */
export function lessEqual(a: unknown, b: unknown): boolean {
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === 'number') return (a as number) <= (b as number);
    if (ta === 'string') return (a as string) <= (b as string);
    if (luaType(a) === luaType(b)) {
      const h = getComparisonHandler(a, b, '__le');
      if (h !== undefined) return truthy(first(call(h, a, b)));
      const h2 = getComparisonHandler(b, a, '__lt');
      if (h2 !== undefined) return !truthy(first(call(h2, b, a)));
    }
  }
  return orderError(a, b);
}

export function rawEquals(a: unknown, b: unknown): boolean {
  return a === b;
}

/** a == b with __eq (only between two tables or two userdata with the same handler). */
export function equals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  return eqMeta(a, b);
}

/** Slow path of == for two distinct objects. */
export function eqMeta(a: unknown, b: unknown): boolean {
  let mt1: LuaTable | undefined, mt2: LuaTable | undefined;
  if (a instanceof LuaTable && b instanceof LuaTable) { mt1 = a.metatable; mt2 = b.metatable; }
  else if (a instanceof LuaUserdata && b instanceof LuaUserdata) { mt1 = a.metatable; mt2 = b.metatable; }
  else return false;
  if (mt1 === undefined) return false;
  const h1 = mt1.getStr('__eq');
  if (h1 === undefined) return false;
  if (mt1 !== mt2) {
    if (mt2 === undefined) return false;
    if (!rawEquals(h1, mt2.getStr('__eq'))) return false;
  }
  return truthy(first(call(h1, a, b)));
}


// ---------------------------------------------------------------------------------------------
// Generator twins (the resumable form used by coroutines and resumable runs).
//
// Every compiled Lua closure is a JS function named "$L". Called with MAGIC as its first
// argument it answers a meta request (rt.magicOp): its generator twin (sharing its upvalues),
// its environment, or static information. Host functions may carry a generator twin in a
// `$g` property (pcall, coroutine.resume, ...): the generator form of compiled code calls it
// with yield* so that a pause can pass through.

export const MAGIC: object = Object.freeze({ magic: 'lua' });

export const enum MagicOp {
  Twin = 1,
  GetEnv = 2,
  SetEnv = 3,
  Info = 4,
  GetUpvalue = 5,
  SetUpvalue = 6,
}

export const magic = { op: 0 as number, arg: undefined as unknown, arg2: undefined as unknown };

export type GenFunction = (...args: any[]) => Generator<unknown, LuaResult, unknown>;

/** Compiled Lua closures are named $L<proto id> (and their twins $G<proto id>). */
export function isLuaClosure(f: unknown): f is LuaFunction {
  if (typeof f !== 'function') return false;
  const n = f.name;
  return n.length > 2 && n.charCodeAt(0) === 36 && n.charCodeAt(1) === 76 && n.charCodeAt(2) < 58;
}

/** The generator twin of f, or null for a host function without one. */
export function twinOf(f: Function): GenFunction | null {
  const g = (f as any).$g;
  if (g !== undefined) return g;
  if (isLuaClosure(f)) {
    magic.op = MagicOp.Twin;
    return (f as any)(MAGIC);
  }
  return null;
}

/** Magic request to a Lua closure. */
export function magicCall(f: LuaFunction, op: MagicOp, arg?: unknown, arg2?: unknown): any {
  magic.op = op;
  magic.arg = arg;
  magic.arg2 = arg2;
  try {
    return f(MAGIC);
  } finally {
    magic.arg = undefined;
    magic.arg2 = undefined;
  }
}

/** Static information on a compiled Lua function. */
export function protoOf(f: LuaFunction): ProtoInfo {
  return magicCall(f, MagicOp.Info) as ProtoInfo;
}

/** A Lua frame with its function's prototype (for debug.getinfo by level). */
export interface FrameInfo {
  chunk: ChunkInfo;
  line: number;
  proto: ProtoInfo | undefined;
  func: LuaFunction | undefined;
  call: { name: string | undefined; what: string | undefined } | undefined;
}

/** The Lua frames below host function `from`, innermost first (with what each was calling). */
export function frameInfos(from: Function, limit = 100): FrameInfo[] {
  const out: FrameInfo[] = [];
  for (const cs of callSites(limit, from)) {
    const file = siteName(cs);
    const info = file === undefined ? undefined : chunksByUrl.get(file);
    if (info === undefined) continue;
    const jsLine = cs.getLineNumber() ?? 0;
    const m = /^\$[LG](\d+)$/.exec(cs.getFunctionName() ?? '');
    let func = cs.getFunction() as any;
    if (func !== undefined && func.$f !== undefined) func = func.$f;
    out.push({
      chunk: info,
      line: jsLine < info.lineMap.length ? info.lineMap[jsLine] : 0,
      proto: m === null ? undefined : info.protos[Number(m[1])],
      func: typeof func === 'function' ? func : undefined,
      call: info.calls.get(jsLine * 100000 + (cs.getColumnNumber() ?? 0)),
    });
  }
  return out;
}

/**
 * The stack below host function `from` as C Lua's levels count it, innermost first: the
 * prototype of each Lua frame, null for a host (library) function ("[C]"; one for a run of
 * them, as tracebacks show).
 */
export function stackLevels(from: Function, limit = 100): (ProtoInfo | null)[] {
  const out: (ProtoInfo | null)[] = [];
  for (const cs of callSites(limit, from)) {
    const file = siteName(cs) ?? '';
    const info = chunksByUrl.get(file);
    if (info !== undefined) {
      const m = /^\$[LG](\d+)$/.exec(cs.getFunctionName() ?? '');
      const p = m === null ? undefined : info.protos[Number(m[1])];
      if (p !== undefined) out.push(p);
    } else if (/[\\/]lua[\\/]lib[\\/]/.test(file) && out.length > 0 && out[out.length - 1] !== null) {
      out.push(null);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tracebacks (the stand-alone interpreter's "stack traceback:")

function formatTraceback(sites: NodeJS.CallSite[]): string {
  // The stack as Lua sees it, innermost first: Lua frames (with the call each is making) and
  // host functions ("[C]"), the runtime's own frames left out.
  interface Call { name: string | undefined; what: string | undefined; tail?: boolean }
  type F = { lua: true; info: ChunkInfo; line: number; fn: string | null; call: Call | undefined } | { lua: false };
  const frames: F[] = [];
  for (const cs of sites) {
    const file = siteName(cs) ?? '';
    const info = chunksByUrl.get(file);
    if (info !== undefined) {
      const jsLine = cs.getLineNumber() ?? 0;
      frames.push({
        lua: true,
        info,
        line: jsLine < info.lineMap.length ? info.lineMap[jsLine] : 0,
        fn: cs.getFunctionName(),
        call: info.calls.get(jsLine * 100000 + (cs.getColumnNumber() ?? 0)),
      });
    } else if (/[\\/]lua[\\/]lib[\\/]/.test(file) && (frames.length === 0 || frames[frames.length - 1].lua)) {
      frames.push({ lua: false });
    }
  }
  const lines: string[] = ['stack traceback:'];
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i];
    const caller = frames[i + 1];
    // A Lua function reached by a tail call has no name, and the frame that made the call is
    // "(tail call)" (C functions are not tail-called).
    const name = caller !== undefined && caller.lua && !(caller.call?.tail === true && f.lua) ? caller.call?.name : undefined;
    if (f.lua && f.call?.tail === true && i > 0 && frames[i - 1].lua) {
      lines.push('\t(tail call): ?');
      continue;
    }
    if (!f.lua) {
      lines.push(name !== undefined ? `\t[C]: in function '${name}'` : '\t[C]: ?');
      continue;
    }
    const m = f.fn === null ? null : /^\$[LG](\d+)$/.exec(f.fn);
    const id = m === null ? -1 : Number(m[1]);
    let desc: string;
    if (id === 0) {
      desc = 'in main chunk';
    } else {
      const p = id >= 0 ? f.info.protos[id] : undefined;
      desc = name !== undefined ? `in function '${name}'` : `in function <${f.info.shortSrc}:${p !== undefined ? p.lineDefined : 0}>`;
    }
    lines.push(`\t${f.info.shortSrc}:${f.line}: ${desc}`);
  }
  lines.push('\t[C]: ?');
  return lines.join('\n');
}

/** A traceback of where error e was raised (for the CLI), or "" if unknown. */
export function luaTraceback(e: unknown): string {
  if (!(e instanceof Error)) return '';
  const stack = callSitesOf(e);
  if (!Array.isArray(stack)) return 'stack traceback:\n\t[C]: ?';
  return formatTraceback(stack as NodeJS.CallSite[]);
}

/** debug.traceback's text for the current stack. */
export function currentTraceback(skip = 0): string {
  const sites = callSites(200, currentTraceback);
  return formatTraceback(sites.slice(skip));
}

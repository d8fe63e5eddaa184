// The Redis Lua sandbox (spec §2.2-2.5): which globals exist, math.random, loadstring,
// pcall's 6.x compatibility wrapper, the error handler, and read-only globals.
//
// Setup order mirrors Redis: libraries are opened, the globals that Redis does not allow are
// dropped, Redis's own functions are added, then _G gets the metatable whose __index raises
// the nonexistent-global error, and _G plus everything reachable from it (and the basic-type
// metatables) are marked read-only.

import { LuaError, LuaTable, type LuaFunction, type LuaValue } from '../lua/value';
import * as runtime from '../lua/runtime';
import { lrand48, srand48 } from './prng';
import { wrapHostCall, type LuaVM } from './lua-host';
import { positionOf } from './position';

/** Globals a script may see (Redis 7.4 allow lists; getfenv/setfenv/newproxy left out as in 7.4.6+). */
const ALLOWED_GLOBALS = new Set([
  'string', 'cjson', 'bit', 'cmsgpack', 'math', 'table', 'struct', 'os', 'coroutine',
  'redis', '__redis__err__handler',
  'xpcall', 'tostring', 'setmetatable', 'next', 'assert', 'tonumber', 'rawequal',
  'collectgarbage', 'getmetatable', 'rawset', 'pcall', 'type', '_G', 'select', 'unpack',
  'gcinfo', 'pairs', 'rawget', 'loadstring', 'ipairs', '_VERSION', 'load', 'error',
]);

/** math.random with Redis's lrand48 (spec §2.8). */
function mathRandom(...args: unknown[]): number {
  const r = (lrand48() % 2147483647) / 2147483647;
  switch (args.length) {
    case 0:
      return r;
    case 1: {
      const u = cInt(runtime.checkNumber(args[0], 1, 'random', 1));
      if (!(1 <= u)) runtime.argError(1, 'random', 'interval is empty');
      return Math.floor(r * u) + 1;
    }
    case 2: {
      const l = cInt(runtime.checkNumber(args[0], 1, 'random', 2));
      const u = cInt(runtime.checkNumber(args[1], 2, 'random', 2));
      if (!(l <= u)) runtime.argError(2, 'random', 'interval is empty');
      return Math.floor(r * (u - l + 1)) + l;
    }
    default:
      return runtime.luaError('wrong number of arguments');
  }
}

function mathRandomseed(seed: unknown): LuaValue[] {
  srand48(cInt(runtime.checkNumber(seed, 1, 'randomseed')));
  return [];
}

/** luaL_checkint on x86-64: (int)(ptrdiff_t)d — truncate, then keep the low 32 bits. */
function cInt(d: number): number {
  if (d !== d || d >= 9223372036854775808 || d < -9223372036854775808) return 0;
  const t = Math.trunc(d);
  if (t >= -2147483648 && t <= 2147483647) return t;
  return Number(BigInt.asIntN(32, BigInt(t)));
}

/**
 * Marks t and every table reachable from it (values, keys and metatables) read-only.
 * KEYS and ARGV are replaced per run, so they are never marked.
 */
export function markReadonlyDeep(root: LuaTable): void {
  const seen = new Set<LuaTable>();
  const stack: LuaTable[] = [root];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    t.readonly = true;
    t.compactProps();
    if (t.metatable !== undefined) stack.push(t.metatable);
    for (let e = t.next(undefined); e !== undefined; e = t.next(e[0])) {
      if (e[0] instanceof LuaTable) stack.push(e[0]);
      if (e[1] instanceof LuaTable) stack.push(e[1]);
    }
  }
}

export interface SandboxHooks {
  /** The `redis` table, built by the caller. */
  redis: LuaTable;
  /** Opens cjson, struct, cmsgpack, bit into the globals. */
  openLibraries(globals: LuaTable): void;
  /** The largest string a script may build (string.rep), in bytes. */
  maxStringBytes(): number;
}

/** Builds the sandboxed globals of an EVAL VM. */
export function setupSandbox(vm: LuaVM, hooks: SandboxHooks): void {
  const G = vm.globals;
  hooks.openLibraries(G);

  // math.random / randomseed: Redis's process-wide generator.
  const math = G.get('math');
  if (math instanceof LuaTable) {
    math.set('random', mathRandom as LuaFunction);
    math.set('randomseed', mathRandomseed as LuaFunction);
  }

  // string.rep: refuse results no JS string can hold (or above lua-maxmemory) with Lua's
  // out-of-memory error instead of building them.
  const string = G.get('string');
  const rep = string instanceof LuaTable ? string.get('rep') : undefined;
  if (string instanceof LuaTable && typeof rep === 'function') {
    const cappedRep = (...args: unknown[]): unknown => {
      const s = args[0];
      const n = args[1];
      // The count as luaL_checkint converts it ((int)(long)n: 2^53 and 1/0 are 0 -> '').
      const count = typeof n === 'number' ? cInt(n) : 0;
      if ((typeof s === 'string' || typeof s === 'number') && count > 1) {
        if (String(s).length * count > hooks.maxStringBytes()) throw new LuaError('not enough memory');
      }
      return rep(...args);
    };
    string.set('rep', cappedRep as LuaFunction);
  }

  // os: only os.clock (7.4).
  const os = new LuaTable();
  const oldOs = G.get('os');
  const clock = oldOs instanceof LuaTable ? oldOs.get('clock') : undefined;
  os.set('clock', typeof clock === 'function' ? clock : (() => process.cpuUsage().user / 1e6) as LuaFunction);
  G.set('os', os);

  // loadstring never loads binary chunks (the text parser sees the ESC byte).
  const loadstring = G.get('loadstring');
  if (typeof loadstring === 'function') {
    // The arguments go through as given: loadstring() says "got no value", loadstring(nil) "got nil".
    const textOnly = (...args: unknown[]): unknown => {
      const s = args[0];
      if (typeof s === 'string' && s.charCodeAt(0) === 27) {
        const name = args[1];
        const chunkName = typeof name === 'string' ? name : s;
        return [undefined, `${runtime.chunkId(chunkName)}:1: unexpected symbol near 'char(27)'`];
      }
      return loadstring(...args);
    };
    G.set('loadstring', textOnly as LuaFunction);
  }

  // pcall: an error table with a string `err` comes back as that string (6.x compatibility).
  const pcall = G.get('pcall');
  if (typeof pcall === 'function') {
    const redisPcall = wrapHostCall(
      pcall,
      // Redis's C wrapper calls the placeholder `true` when given nothing to call.
      (args) => (args.length === 0 ? [false, 'attempt to call a boolean value'] : undefined),
      (r) => {
        if (r instanceof Array && r[0] === false && r[1] instanceof LuaTable) {
          const err = r[1].get('err');
          if (typeof err === 'string') return [false, err];
        }
        return r;
      },
    );
    G.set('pcall', redisPcall);
  }

  G.set('redis', hooks.redis);
  G.set('__redis__err__handler', errHandler as LuaFunction);

  // Drop everything Redis does not allow (print, dofile, loadfile, getfenv, setfenv, newproxy,
  // module, require, package, io, debug, ...).
  const drop: unknown[] = [];
  for (let e = G.next(undefined); e !== undefined; e = G.next(e[0])) {
    if (typeof e[0] !== 'string' || !ALLOWED_GLOBALS.has(e[0])) drop.push(e[0]);
  }
  for (const k of drop) G.set(k, undefined);

  // Reading an undefined global is an error; writing any global hits the read-only flag.
  const meta = new LuaTable();
  meta.set('__index', nonexistentGlobal as LuaFunction);
  G.metatable = meta;
  markReadonlyDeep(G);
  for (const t of vm.typeMetatables()) markReadonlyDeep(t);
}

/** __index of protected globals: reading an undefined global is an error (also used by functions.ts). */
export function nonexistentGlobal(_t: unknown, name: unknown): never {
  return runtime.luaError(`Script attempted to access nonexistent global variable '${runtime.tostring(name)}'`);
}

/**
 * __redis__err__handler: normalises an error to a table {err=..., source=..., line=...}.
 * Called by a script directly (or as an xpcall handler) it reports the calling Lua line.
 */
function errHandler(err: unknown): LuaTable {
  let t: LuaTable;
  if (err instanceof LuaTable) {
    t = err;
  } else {
    t = new LuaTable();
    t.set('err', 'ERR ' + runtime.tostring(err));
  }
  // The raising frame: recorded when the table was raised by redis.call & co; else the
  // innermost Lua frame (as xpcall's handler this is the frame that called xpcall).
  let at = err instanceof LuaTable ? raisedAt.get(err) : undefined;
  if (at === undefined) {
    let pos = runtime.where(1);
    if (pos === '') {
      const f = runtime.luaFrames(60)[0];
      if (f !== undefined && f.line > 0) pos = `${f.chunk.shortSrc}:${f.line}: `;
    }
    at = positionOf(pos) ?? undefined;
  }
  if (at !== undefined) {
    t.set('source', at.source);
    t.set('line', at.line);
  }
  return t;
}

/** Where each raised error table was raised (for __redis__err__handler). */
const raisedAt = new WeakMap<LuaTable, { source: string; line: number }>();

/** Throws an error table raised by Redis's API, remembering the calling Lua line. */
export function raiseTable(t: LuaTable): never {
  const at = positionOf(runtime.where(1));
  if (at !== null) raisedAt.set(t, at);
  throw new LuaError(t);
}

/** Throws a Redis error table ({err=text}) as a Lua error. */
export function raiseErrorTable(text: string): never {
  const t = new LuaTable();
  t.set('err', text);
  return raiseTable(t);
}

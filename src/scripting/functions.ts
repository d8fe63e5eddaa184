// The Redis Functions engine (spec §1, §2.5-2.6, §5.7-5.9): its own Lua VM (a ScriptingEngine
// of kind 'function', which runs FCALLs with the same checks, conversions, error texts and
// busy machinery as EVAL), the library registry, FUNCTION LOAD with the `#!lua name=<lib>`
// metadata line, redis.register_function, and the restricted environment of library code.
//
// Globals, as Redis 7 arranges them (function_lua.c): library chunks run with an empty
// read-only "proxy" table as their environment, whose metatable's __index is either
//   - the library API ({redis = {register_function, log, LOG_*, REDIS_VERSION*}}) while
//     FUNCTION LOAD runs the chunk's top level, or
//   - the VM's real, sandboxed globals the rest of the time (FCALL).
// Every function defined in a chunk inherits the proxy, so the same closures see the small API
// at load time and the full one when called. Both tables raise the nonexistent-global error
// for missing names (also for missing redis.X fields at load time, as in Redis).

import type { ClientState, Reply } from '../commands/types';
import { LuaError, LuaTable, type LuaFunction } from '../lua/value';
import * as runtime from '../lua/runtime';
import type { CachedScript } from './cache';
import { sanitizeLine, trimCrLf } from './convert';
import { markReadonlyDeep, nonexistentGlobal, raiseErrorTable } from './sandbox';
import { ScriptingEngine, SCRIPT_REDIS_VERSION, SCRIPT_REDIS_VERSION_NUM, type ScriptHost } from './scripting';
import {
  SCRIPT_FLAG_ALLOW_CROSS_SLOT, SCRIPT_FLAG_ALLOW_OOM, SCRIPT_FLAG_ALLOW_STALE, SCRIPT_FLAG_NO_CLUSTER,
  SCRIPT_FLAG_NO_WRITES,
} from './shebang';
import { dumpFunctions, RDB_OPCODE_FUNCTION2, RDB_OPCODE_FUNCTION_PRE_GA, verifyPayload } from './rdb';
import { RdbReader } from '../store/rdb';
import { splitArgs } from '../commands/split-args';

/** FUNCTION LOAD's time limit for running the library's top level (LOAD_TIMEOUT_MS). */
export const LOAD_TIMEOUT_MS = 500;

/** Function flags in Redis's scripts_flags_def order (FUNCTION LIST shows them so). */
export const FUNCTION_FLAGS: ReadonlyArray<[string, number]> = [
  ['no-writes', SCRIPT_FLAG_NO_WRITES],
  ['allow-oom', SCRIPT_FLAG_ALLOW_OOM],
  ['allow-stale', SCRIPT_FLAG_ALLOW_STALE],
  ['no-cluster', SCRIPT_FLAG_NO_CLUSTER],
  ['allow-cross-slot-keys', SCRIPT_FLAG_ALLOW_CROSS_SLOT],
];

const BAD_NAME = 'Library names can only contain letters, numbers, or underscores(_) and must be at least one character long';
const NAME_RE = /^[A-Za-z0-9_]+$/;

export interface FunctionInfo {
  /** As registered (FCALL finds it case-insensitively). */
  name: string;
  description: string | null;
  /** SCRIPT_FLAG_* bits. */
  flags: number;
  library: LibraryInfo;
  /** What the scripting engine runs: fn is the callback, sha the function name (error texts). */
  script: CachedScript;
}

export interface LibraryInfo {
  name: string;
  /** The full code as loaded, metadata line included (FUNCTION LIST WITHCODE, DUMP). */
  code: string;
  /**
   * Name -> function, in registration order. Case-sensitive, as Redis's per-library dict: 'f'
   * and 'F' may both be registered; the library set's index (case-insensitive) keeps the first.
   */
  functions: Map<string, FunctionInfo>;
}

/** A set of libraries and the index of their functions (Redis's functionsLibCtx). */
class LibraryContext {
  readonly libraries = new Map<string, LibraryInfo>();
  /** Lower-case function name -> function (FCALL's case-insensitive lookup). */
  readonly functions = new Map<string, FunctionInfo>();

  link(lib: LibraryInfo): void {
    this.libraries.set(lib.name, lib);
    for (const name of lib.functions.keys()) {
      const key = name.toLowerCase();
      // dictAdd: a case variant from the same library does not replace the first one.
      if (!this.functions.has(key)) this.functions.set(key, lib.functions.get(name)!);
    }
  }

  unlink(lib: LibraryInfo): void {
    this.libraries.delete(lib.name);
    for (const name of lib.functions.keys()) this.functions.delete(name.toLowerCase());
  }
}

/** A failed FUNCTION command; the message is the reply text without the ERR code. */
export class FunctionError extends Error {}

/** Thrown by the load hook when the library's top level runs past LOAD_TIMEOUT_MS. */
class LoadTimeoutError extends runtime.LuaUncatchableError {
  constructor() { super('FUNCTION LOAD timeout'); }
}

/** Parsed `#!<engine> name=<lib>` line (functionExtractLibMetaData). */
interface LibraryMetadata {
  engine: string;
  name: string;
  /** The code to compile: from the metadata line's newline on (line numbers stay right). */
  code: string;
}

function parseMetadata(payload: string): LibraryMetadata {
  if (!payload.startsWith('#!')) throw new FunctionError('Missing library metadata');
  // Redis finds the line end with strchr(), which stops at a NUL byte: a NUL before the first
  // newline means no metadata line at all.
  const nl = payload.indexOf('\n');
  const nul = payload.indexOf('\0');
  if (nl < 0 || (nul >= 0 && nul < nl)) throw new FunctionError('Invalid library metadata');
  const parts = splitArgs(payload.slice(0, nl));
  if (parts === null || parts.length === 0) throw new FunctionError('Invalid library metadata');
  const engine = parts[0].slice(2);
  let name: string | undefined;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i];
    if (part.slice(0, 5).toLowerCase() === 'name=') {
      if (name !== undefined) throw new FunctionError('Invalid metadata value, name argument was given multiple times');
      name = part.slice(5);
      continue;
    }
    throw new FunctionError(`Invalid metadata value given: ${part}`);
  }
  if (name === undefined) throw new FunctionError('Library name was not given');
  return { engine, name, code: payload.slice(nl) };
}

/** The message of an error raised while a library's top level ran (luaExtractErrorInformation). */
function loadErrorMessage(e: unknown): string {
  if (e instanceof LoadTimeoutError) return 'ERR FUNCTION LOAD timeout';
  if (e instanceof LuaError) {
    const v = e.value;
    if (v instanceof LuaTable) {
      const err = v.get('err');
      return typeof err === 'string' ? err : 'ERR unknown error';
    }
    if (typeof v === 'string' || typeof v === 'number') return 'ERR ' + runtime.tostring(v);
    return 'ERR unknown error';
  }
  if (e instanceof RangeError) return 'ERR ' + runtime.whereOfError(e) + 'stack overflow';
  return 'ERR ' + String((e as Error)?.message ?? e);
}

export type RestorePolicy = 'append' | 'replace' | 'flush';

export class FunctionsEngine {
  /** The VM and the run machinery (FCALL = a script run of the callback). */
  readonly scripting: ScriptingEngine;
  private current = new LibraryContext();
  /** The environment of every library chunk; its metatable's __index is switched. */
  private proxy!: LuaTable;
  private proxyMeta!: LuaTable;
  /** {redis = {...}}: what a library's top level sees. */
  private libraryApi!: LuaTable;
  /** The library whose top level is running (register_function adds to it). */
  private loading: LibraryInfo | null = null;
  /** The argv of the FCALL in progress (FUNCTION STATS). */
  runningArgv: string[] | null = null;

  constructor(private readonly host: ScriptHost) {
    this.scripting = new ScriptingEngine(host, 'function');
    this.setupGlobals();
  }

  // ---- the VM's globals ----------------------------------------------------------------------

  private setupGlobals(): void {
    const vm = this.scripting.luaVM;
    const errorMeta = () => {
      const m = new LuaTable();
      m.set('__index', nonexistentGlobal as LuaFunction);
      return m;
    };
    // The library API: redis.register_function, log, LOG_* and the version fields only.
    const full = vm.globals.get('redis');
    const redis = new LuaTable();
    const register = (...args: unknown[]) => this.registerFunction(args);
    (register as LuaFunction).luaName = 'register_function';
    redis.set('register_function', register as LuaFunction);
    if (full instanceof LuaTable) redis.set('log', full.get('log'));
    redis.set('LOG_DEBUG', 0);
    redis.set('LOG_VERBOSE', 1);
    redis.set('LOG_NOTICE', 2);
    redis.set('LOG_WARNING', 3);
    redis.set('REDIS_VERSION', SCRIPT_REDIS_VERSION);
    redis.set('REDIS_VERSION_NUM', SCRIPT_REDIS_VERSION_NUM);
    redis.metatable = errorMeta();
    const api = new LuaTable();
    api.set('redis', redis);
    api.metatable = errorMeta();
    markReadonlyDeep(api);
    this.libraryApi = api;

    this.proxyMeta = new LuaTable();
    this.proxyMeta.set('__index', vm.globals);
    this.proxy = new LuaTable();
    this.proxy.metatable = this.proxyMeta;
    this.proxy.readonly = true;
    this.proxyMeta.readonly = true;
  }

  // ---- registry --------------------------------------------------------------------------------

  /** FCALL's lookup (case-insensitive across all libraries). */
  lookup(name: string): FunctionInfo | undefined {
    return this.current.functions.get(name.toLowerCase()) ?? undefined;
  }

  libraries(): IterableIterator<LibraryInfo> {
    return this.current.libraries.values();
  }

  get librariesCount(): number {
    return this.current.libraries.size;
  }

  get functionsCount(): number {
    return this.current.functions.size;
  }

  /** FUNCTION DELETE. */
  deleteLibrary(name: string): boolean {
    const lib = this.current.libraries.get(name);
    if (lib === undefined) return false;
    this.current.unlink(lib);
    return true;
  }

  /** FUNCTION FLUSH: drop every library and recreate the VM (Redis 7.4; the PRNG is kept). */
  flush(): void {
    this.current = new LibraryContext();
    this.scripting.flush();
    this.setupGlobals();
  }

  // ---- FUNCTION LOAD ---------------------------------------------------------------------------

  /**
   * functionsCreateWithLibraryCtx: creates (or with replace, replaces) a library from its code
   * in ctx and returns its name; throws FunctionError with the reply text (minus "ERR ").
   */
  load(code: string, replace: boolean, timeoutMs = LOAD_TIMEOUT_MS, ctx: LibraryContext = this.current): string {
    const md = parseMetadata(code);
    if (!NAME_RE.test(md.name)) throw new FunctionError(BAD_NAME);
    if (md.engine.toLowerCase() !== 'lua') throw new FunctionError(`Engine '${md.engine}' not found`);
    const old = ctx.libraries.get(md.name);
    if (old !== undefined && !replace) throw new FunctionError(`Library '${md.name}' already exists`);
    if (old !== undefined) ctx.unlink(old);
    try {
      const lib: LibraryInfo = { name: md.name, code, functions: new Map() };
      this.runLibraryCode(lib, md.code, timeoutMs);
      if (lib.functions.size === 0) throw new FunctionError('No functions registered');
      for (const fi of lib.functions.values()) {
        if (ctx.functions.has(fi.name.toLowerCase())) throw new FunctionError(`Function ${fi.name} already exists`);
      }
      ctx.link(lib);
      return lib.name;
    } catch (e) {
      if (old !== undefined) ctx.link(old);
      throw e;
    }
  }

  /** Compiles the library code and runs its top level with the library API as globals. */
  private runLibraryCode(lib: LibraryInfo, code: string, timeoutMs: number): void {
    const vm = this.scripting.luaVM;
    let chunk: LuaFunction;
    try {
      chunk = vm.load(code, '@user_function', this.proxy);
    } catch (e) {
      const msg = e instanceof LuaError ? runtime.tostring(e.value) : String((e as Error)?.message ?? e);
      throw new FunctionError(`Error compiling function: ${sanitizeLine(trimCrLf(msg))}`);
    }
    const start = Date.now();
    this.proxyMeta.set('__index', this.libraryApi);
    this.loading = lib;
    if (timeoutMs > 0) {
      vm.setHook(10000, () => {
        if (Date.now() - start > timeoutMs) throw new LoadTimeoutError();
      });
    }
    try {
      vm.call(chunk, []);
    } catch (e) {
      throw new FunctionError(sanitizeLine(trimCrLf(`Error registering functions: ${loadErrorMessage(e)}`)));
    } finally {
      vm.setHook(0, null);
      this.loading = null;
      this.proxyMeta.set('__index', vm.globals);
    }
  }

  /** redis.register_function(name, callback) / redis.register_function{...}. */
  private registerFunction(args: unknown[]): void {
    const lib = this.loading;
    if (lib === null) raiseErrorTable('ERR redis.register_function can only be called on FUNCTION LOAD command');
    if (args.length < 1 || args.length > 2) raiseErrorTable('ERR wrong number of arguments to redis.register_function');
    let name: string | undefined;
    let callback: LuaFunction | undefined;
    let description: string | null = null;
    let flags = 0;
    if (args.length === 1) {
      const t = args[0];
      if (!(t instanceof LuaTable)) {
        raiseErrorTable('ERR calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).');
      }
      for (let e = t.next(undefined); e !== undefined; e = t.next(e[0])) {
        const [k, v] = e;
        if (typeof k !== 'string' && typeof k !== 'number') raiseErrorTable('ERR named argument key given to redis.register_function is not a string');
        const key = (runtime.tostr(k) ?? '').toLowerCase();
        if (key === 'function_name') {
          if (typeof v !== 'string' && typeof v !== 'number') raiseErrorTable('ERR function_name argument given to redis.register_function must be a string');
          name = runtime.tostr(v);
        } else if (key === 'description') {
          if (typeof v !== 'string' && typeof v !== 'number') raiseErrorTable('ERR description argument given to redis.register_function must be a string');
          description = runtime.tostr(v) ?? null;
        } else if (key === 'callback') {
          if (typeof v !== 'function') raiseErrorTable('ERR callback argument given to redis.register_function must be a function');
          callback = v as LuaFunction;
        } else if (key === 'flags') {
          if (!(v instanceof LuaTable)) raiseErrorTable('ERR flags argument to redis.register_function must be a table representing function flags');
          const f = readFlags(v);
          if (f === null) raiseErrorTable('ERR unknown flag given');
          flags = f;
        } else {
          raiseErrorTable('ERR unknown argument given to redis.register_function');
        }
      }
      if (name === undefined) raiseErrorTable('ERR redis.register_function must get a function name argument');
      if (callback === undefined) raiseErrorTable('ERR redis.register_function must get a callback argument');
    } else {
      const [n, f] = args;
      if (typeof n !== 'string' && typeof n !== 'number') raiseErrorTable('ERR first argument to redis.register_function must be a string');
      if (typeof f !== 'function') raiseErrorTable('ERR second argument to redis.register_function must be a function');
      name = runtime.tostr(n)!;
      callback = f as LuaFunction;
    }
    if (!NAME_RE.test(name!)) raiseErrorTable('ERR ' + BAD_NAME);
    if (lib.functions.has(name!)) raiseErrorTable('ERR Function already exists in the library');
    const script: CachedScript = { sha: name!, body: '', fn: callback!, flags, evalCreated: false };
    lib.functions.set(name!, { name: name!, description, flags, library: lib, script });
  }

  // ---- FCALL -----------------------------------------------------------------------------------

  /** Runs a function for a client (after numkeys parsing); ro for FCALL_RO. */
  call(fi: FunctionInfo, argv: string[], caller: ClientState, numkeys: number, ro: boolean, reply: Reply): void {
    this.runningArgv = argv;
    this.scripting.run(fi.script, caller, argv, numkeys, ro, reply);
  }

  // ---- DUMP / RESTORE --------------------------------------------------------------------------

  /** FUNCTION DUMP's payload. */
  dump(): string {
    const codes: string[] = [];
    for (const lib of this.current.libraries.values()) codes.push(lib.code);
    return dumpFunctions(codes);
  }

  /** FUNCTION RESTORE; throws FunctionError with the reply text (minus "ERR "). */
  restore(payload: string, policy: RestorePolicy): void {
    if (verifyPayload(payload) === null) throw new FunctionError('DUMP payload version or checksum are wrong');
    const incoming = new LibraryContext();
    const reader = new RdbReader(payload);
    while (payload.length - reader.pos > 10) {
      const type = reader.byte();
      if (type === RDB_OPCODE_FUNCTION_PRE_GA) throw new FunctionError('Pre-GA function format not supported');
      if (type !== RDB_OPCODE_FUNCTION2) throw new FunctionError('given type is not a function');
      let code: string;
      try {
        code = reader.string();
      } catch {
        throw new FunctionError('Failed loading library payload');
      }
      // Restored code runs without the load timeout (as Redis: timeout 0 for RDB/restore).
      this.load(code, false, 0, incoming);
    }
    if (policy === 'flush') {
      this.current = incoming;
      return;
    }
    this.join(incoming, policy === 'replace');
  }

  /** libraryJoin: moves src's libraries into the current set, all or nothing. */
  private join(src: LibraryContext, replace: boolean): void {
    const dst = this.current;
    const replaced: LibraryInfo[] = [];
    try {
      for (const lib of src.libraries.values()) {
        const old = dst.libraries.get(lib.name);
        if (old === undefined) continue;
        if (!replace) throw new FunctionError(`Library ${lib.name} already exists`);
        dst.unlink(old);
        replaced.push(old);
      }
      for (const [key, fi] of src.functions) {
        if (dst.functions.has(key)) throw new FunctionError(`Function ${fi.name} already exists`);
      }
    } catch (e) {
      for (const old of replaced) dst.link(old);
      throw e;
    }
    for (const lib of src.libraries.values()) dst.link(lib);
  }

  // ---- INFO ------------------------------------------------------------------------------------

  /**
   * used_memory_vm_functions / used_memory_functions: estimates shaped like redis-server
   * 7.0.15's figures (fresh: 33792 and 200; one small library of two functions: 34816 and
   * 576). Ferrous has no Lua allocator to ask.
   */
  memory(): { vm: number; overhead: number } {
    let code = 0;
    for (const lib of this.current.libraries.values()) code += lib.code.length;
    return {
      vm: 33792 + Math.ceil((code * 4) / 1024) * 1024,
      overhead: 200 + code + this.current.libraries.size * 72 + this.current.functions.size * 96,
    };
  }
}

/** luaRegisterFunctionReadFlags: flags[1..n] until nil, each a known name (any case). */
function readFlags(t: LuaTable): number | null {
  let flags = 0;
  for (let i = 1; ; i++) {
    const v = t.get(i);
    if (v === undefined) return flags;
    if (typeof v !== 'string' && typeof v !== 'number') return null;
    const s = (runtime.tostr(v) ?? '').toLowerCase();
    const found = FUNCTION_FLAGS.find(([n]) => n === s);
    if (found === undefined) return null;
    flags |= found[1];
  }
}

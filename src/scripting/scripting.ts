// The EVAL scripting engine: one Lua VM (recreated by SCRIPT FLUSH), the script cache, the
// `redis` API and the run context of the script currently executing (spec §1-§6).
//
// A run: KEYS/ARGV are set, the compiled chunk is called, its result is converted straight
// into calls on the caller's Reply sink; an error becomes Redis's error text with the
// " script: <sha>, on @user_script:<line>." suffix. redis.call() goes to the command table
// with no RESP in between (convert.ts's LuaReplyBuilder is the commands' Reply sink).

import type { ClientState, CommandSpec, Reply } from '../commands/types';
import type { Database } from '../store/keyspace';
import { LuaError, LuaTable, first, type LuaFunction, type LuaValue } from '../lua/value';
import * as runtime from '../lua/runtime';
import { ScriptCache, sha1hex, type CachedScript } from './cache';
import {
  LuaReplyBuilder, errorTable, formatArgNumber, luaToReply, sanitizeLine, trimCrLf,
} from './convert';
import { createLuaVM, type LuaVM } from './lua-host';
import { raiseErrorTable, raiseTable, setupSandbox } from './sandbox';
import { positionOf } from './position';
import {
  parseShebang, ShebangError, SCRIPT_FLAG_ALLOW_OOM, SCRIPT_FLAG_EVAL_COMPAT_MODE,
  SCRIPT_FLAG_NO_CLUSTER, SCRIPT_FLAG_NO_WRITES,
} from './shebang';
import { randStateHigh, randStateLow, restoreRandHalves, restoreRandState } from './prng';
import { UndoJournal } from './undo';

export const SCRIPT_REDIS_VERSION = '7.4.0';
export const SCRIPT_REDIS_VERSION_NUM = 0x00070400;

/** What the scripting engine needs from the server engine (an adapter implements it). */
export interface ScriptHost {
  /** The engine's time of the current command (ms): the script's frozen time. */
  now(): number;
  lookupCommand(argv: readonly string[]): CommandSpec | undefined;
  /** Runs a command for the script's client (Redis's call(): stats, slowlog, monitor). */
  callCommand(client: ClientState, cmd: CommandSpec, argv: string[], reply: Reply, now: number): void;
  /** A call-time rejection: rejected_calls of cmd and the error statistics. */
  rejectCommand(cmd: CommandSpec | undefined, text: string): void;
  /** Counts an error reply in errorstats (errors produced by commands inside scripts). */
  countError(text: string): void;
  /** True when maxmemory is set and used memory is above it (checked at EVAL start). */
  isOverMaxmemory(): boolean;
  /** True when maxmemory > 0 (OOM rules apply at all). */
  hasMaxmemory(): boolean;
  /** True when min-replicas-to-write cannot be met (writes get NOREPLICAS). */
  lacksGoodReplicas(): boolean;
  /** Writes to the server log at a Redis log level (0 debug .. 3 warning), if enabled. */
  log(level: number, message: string): void;
  /** Opens cjson, struct, cmsgpack and bit (src/scripting/libs). */
  openLibraries(globals: LuaTable): void;
  /** busy-reply-threshold in ms (0 = no hook). */
  busyReplyThreshold(): number;
  /** script-pause-threshold in ms: when a script that has not written is re-run in slices. */
  pauseThreshold(): number;
  /** Marks the engine busy (a sliced script runs) or not busy (null). */
  setBusy(busy: { caller: ClientState; pastThreshold(): boolean; busyError: string } | null): void;
  /** Wakes the connections waiting for the busy script. */
  wakeWaiters(): void;
  /**
   * A sliced script has ended and its reply is written: what the server does after a command
   * (clients blocked on keys the script pushed to are served now, not between slices).
   */
  afterScript?(): void;
  /** lua-maxmemory in bytes (0 = no limit): a best-effort cap on what one run may allocate. */
  luaMaxmemory(): number;
  /** The next error reply was already counted in errorstats (ignore_error_stats_update). */
  skipNextErrorStats(): void;
  /** DEBUG SET-DISABLE-DENY-SCRIPTS is on: noscript commands are allowed in scripts. */
  denyScriptsDisabled(): boolean;
  /** A database of the keyspace (for the undo journal). */
  database(index: number): Database;
  /** The argv positions of the keys a command touches (the command table's key specs). */
  keyPositions(cmd: CommandSpec, argv: readonly string[]): number[];
  /**
   * ACL check of a redis.call for the script client's user (its `user` field, when it has one
   * that is restricted): null if allowed, else the NOPERM text (logged as context 'lua').
   * `logDenial` false: only ask (redis.acl_check_cmd).
   */
  aclCheck?(client: ClientState, cmd: CommandSpec, argv: readonly string[], logDenial: boolean): string | null;
}

/** Thrown by the budget hook to abandon a fast run that will be redone in slices. */
class AbandonRunError extends runtime.LuaUncatchableError {
  constructor() { super('script run abandoned for a sliced re-run'); }
}

/** V8's longest string (2^29 - 24 one-byte chars). */
const MAX_JS_STRING = 536870888;

/** Milliseconds of Lua per slice of a busy script (the event loop runs in between). */
const SLICE_MS = 10;
const BUSY_ERROR = 'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.';
/** The -BUSY text while a Redis Function runs (functions.ts uses an engine of kind 'function'). */
export const BUSY_FUNCTION_ERROR = 'BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.';

/**
 * 'eval': the EVAL VM (KEYS/ARGV globals). 'function': the Functions VM (spec §1, §2.5, §2.6):
 * the callback is called as callback(keys, args), no breakpoint/debug/replicate_commands,
 * FUNCTION KILL in the BUSY and slow-script texts. The library registry is functions.ts's.
 */
export type ScriptEngineKind = 'eval' | 'function';

/** Flags of the command table rows, looked up once per command. */
function hasFlag(cmd: CommandSpec, flag: string): boolean {
  return (cmd.flags as readonly string[]).includes(flag);
}

interface CommandBits { cmd: CommandSpec; noscript: boolean; write: boolean; mayReplicate: boolean; denyoom: boolean; undo: number }

/** At most this many command-name spellings are remembered by redis.call's name cache. */
const NAME_CACHE_MAX = 256;

/** How the undo journal records a write (or may-replicate) command's keys. */
const UNDO_NONE = 0;
const UNDO_ONE_KEY = 1;
const UNDO_KEY_POSITIONS = 2;

/** Write commands whose effects reach beyond their declared keys (or the dataset). */
const IRREVERSIBLE = new Set(['move', 'copy', 'swapdb', 'flushdb', 'flushall', 'migrate', 'restore-asking', 'publish', 'spublish']);

function undoKindOf(cmd: CommandSpec): number {
  // May-replicate commands that do not write (PUBLISH, EVAL's kin) have effects outside the keys.
  if (!hasFlag(cmd, 'write') || IRREVERSIBLE.has(cmd.name) || (cmd.firstKey === 0 && cmd.getKeys === undefined)) return UNDO_NONE;
  // A one-key command (firstKey === lastKey, no key function) needs no key-position array.
  if (cmd.getKeys === undefined && cmd.firstKey > 0 && cmd.firstKey === cmd.lastKey) return UNDO_ONE_KEY;
  return UNDO_KEY_POSITIONS;
}

/** The run context of the script being executed. */
export interface RunContext {
  sha: string;
  caller: ClientState;
  scriptClient: ClientState;
  flags: number;
  readOnly: boolean;
  allowOom: boolean;
  /** OOM detected when the EVAL started. */
  oomAtStart: boolean;
  /** A write (or may-replicate) command ran: SCRIPT KILL refuses, the run cannot be redone. */
  dirty: boolean;
  resp: 2 | 3;
  startTime: number;
  timedOut: boolean;
  killed: boolean;
}

/** Thrown through a run by the budget hook on SCRIPT KILL (pcall cannot catch it). */
export class ScriptKilledError extends runtime.LuaUncatchableError {
  constructor() { super('ERR Script killed by user with SCRIPT KILL...'); }
}

/** The (never modified) argument list of an EVAL script's main function. */
const NO_ARGS: LuaValue[] = [];

/** EVAL, EVALSHA, FCALL...: argv[2] is numkeys, the keys start at argv[3]. */
const FIRST_KEY = 3;

/** Makes arr hold argv[from..to) (a reused KEYS/ARGV table's array: no new array). */
function copyInto(arr: LuaValue[], argv: readonly string[], from: number, to: number): void {
  const n = to - from;
  if (arr.length > n) arr.length = n;
  const kept = arr.length;
  for (let i = 0; i < kept; i++) arr[i] = argv[from + i];
  for (let i = kept; i < n; i++) arr.push(argv[from + i]);
}

/** A table as `new LuaTable(array)` makes it: only an array part (any content). */
function isPlainArray(t: LuaTable): boolean {
  return t.p === undefined && t.h === undefined && t.metatable === undefined && !t.readonly && t.sizeHint === 0;
}

export class ScriptingEngine {
  readonly cache = new ScriptCache();
  private vm!: LuaVM;
  private readonly builder = new LuaReplyBuilder();
  private readonly commandBits = new Map<CommandSpec, CommandBits>();
  /**
   * redis.call's command names as scripts spell them ('INCR', 'incr') -> the command and its
   * bits, for top-level commands without subcommands (whose lookup depends on the name only):
   * one Map lookup instead of the command table's two and the bits'.
   */
  private readonly byCallName = new Map<string, CommandBits>();
  /**
   * The last name found in byCallName and its entry: a script calling one command again (a
   * loop, every run of a one-command script) passes the same constant string, and comparing
   * it costs less than hashing into the Map.
   */
  private lastCallName: string | null = null;
  private lastCallBits: CommandBits | undefined = undefined;
  /**
   * The undo journal of the fast run in progress (active only for a run that may be abandoned
   * and redone in slices), so a run that wrote can still be redone.
   */
  private readonly undo = new UndoJournal();
  /** The run in progress, if any. */
  running: RunContext | null = null;
  /** The fake client redis.call runs commands for. */
  private readonly scriptClient: ClientState & Record<string, unknown> = {
    id: 0, name: '', resp: 2, dbIndex: 0, authenticated: true, isScript: true,
    // Fields the engine's call() bookkeeping touches on real clients.
    addr: '', commandsProcessed: 0, lastCommand: 'NULL',
  };
  /** Number of EVAL-family runs (GC pacing, stats). */
  runs = 0;

  constructor(private readonly host: ScriptHost, readonly kind: ScriptEngineKind = 'eval') {
    this.builder.onError = (text) => host.countError(text);
    this.createVM();
  }

  // ---- the VM ------------------------------------------------------------------------------

  private createVM(): void {
    this.vm = createLuaVM();
    this.keysTable = null;
    this.argvTable = null;
    setupSandbox(this.vm, {
      redis: this.buildRedisTable(),
      openLibraries: (g) => this.host.openLibraries(g),
      maxStringBytes: () => {
        const limit = this.host.luaMaxmemory();
        return limit > 0 && limit < MAX_JS_STRING ? limit : MAX_JS_STRING;
      },
    });
  }

  /** The Lua VM (functions.ts loads library code into it with its own environment). */
  get luaVM(): LuaVM {
    return this.vm;
  }

  /**
   * The arguments the script's main function is called with, from the command's argv (keys
   * from argv[FIRST_KEY], numkeys of them, then the arguments): EVAL sets the globals KEYS
   * and ARGV, a function gets them as its two arguments.
   */
  private callArgs(argv: readonly string[], numkeys: number): LuaValue[] {
    const argsFrom = FIRST_KEY + numkeys;
    if (this.kind === 'function') {
      return [new LuaTable(argv.slice(FIRST_KEY, argsFrom)), new LuaTable(argv.slice(argsFrom))];
    }
    let t = this.keysTable;
    if (t !== null && isPlainArray(t)) copyInto(t.arr, argv, FIRST_KEY, argsFrom);
    else this.vm.globals.set('KEYS', this.keysTable = new LuaTable(argv.slice(FIRST_KEY, argsFrom)));
    t = this.argvTable;
    if (t !== null && isPlainArray(t)) copyInto(t.arr, argv, argsFrom, argv.length);
    else this.vm.globals.set('ARGV', this.argvTable = new LuaTable(argv.slice(argsFrom)));
    return NO_ARGS;
  }

  /**
   * The KEYS and ARGV tables of the last run. The next run gives them its own arrays instead
   * of making two new tables: an EVAL script has nowhere to keep a reference from one run to
   * the next (read-only globals and libraries, no setfenv, no debug), so a reused table is
   * indistinguishable from a new one as long as the last run left it a plain array (no
   * string or hash keys, metatable or flags); otherwise a new one is made. Not for functions,
   * whose library code can keep the tables it is given in upvalues.
   */
  private keysTable: LuaTable | null = null;
  private argvTable: LuaTable | null = null;

  /** SCRIPT FLUSH: drop every script and recreate the VM (cjson settings reset; PRNG kept). */
  flush(): void {
    this.cache.clear();
    this.createVM();
  }

  // ---- compile -----------------------------------------------------------------------------

  /**
   * Returns the cached script for body, compiling and caching it if needed. Throws a
   * ScriptCompileError whose message is the full reply text on failure.
   */
  compile(body: string, fromEval: boolean, knownSha?: string): CachedScript {
    const known = this.cache.getByBody(body);
    if (known !== undefined) return known;
    const sha = knownSha ?? sha1hex(body);
    const cached = this.cache.get(sha);
    if (cached !== undefined) return cached;
    let parsed;
    try {
      parsed = parseShebang(body);
    } catch (e) {
      if (e instanceof ShebangError) throw new ScriptCompileError(e.message);
      throw e;
    }
    let fn: LuaFunction;
    try {
      fn = this.vm.load(parsed.code, '@user_script');
    } catch (e) {
      const msg = e instanceof LuaError ? runtime.tostring(e.value) : String((e as Error)?.message ?? e);
      throw new ScriptCompileError(`ERR Error compiling script (new function): ${sanitizeLine(trimCrLf(msg))}`);
    }
    const script: CachedScript = { sha, body, fn, flags: parsed.flags, evalCreated: fromEval };
    this.cache.add(script);
    return script;
  }

  // ---- run ---------------------------------------------------------------------------------

  /**
   * Runs a script for a client (after numkeys parsing): pre-run flag checks, then the run,
   * then the reply. argv is the EVAL/EVALSHA/FCALL command (numkeys keys from argv[3], then
   * the arguments); `ro` is true for EVAL_RO / EVALSHA_RO / FCALL_RO.
   */
  run(script: CachedScript, caller: ClientState, argv: readonly string[], numkeys: number, ro: boolean, reply: Reply): void {
    const flags = script.flags;
    const declared = (flags & SCRIPT_FLAG_EVAL_COMPAT_MODE) === 0;
    const oom = this.host.hasMaxmemory() && this.host.isOverMaxmemory();
    if (declared) {
      if ((flags & SCRIPT_FLAG_NO_CLUSTER) !== 0 && false) {
        reply.error("ERR Can not run script on cluster, 'no-cluster' flag is set.");
        return;
      }
      if ((flags & SCRIPT_FLAG_NO_WRITES) === 0) {
        // A declared writing script is a deny-oom command for the dispatcher (Redis's
        // evalGetCommandFlags), which answers with its generic OOM text before the command runs.
        if (oom && (flags & SCRIPT_FLAG_ALLOW_OOM) === 0) {
          reply.error("OOM command not allowed when used memory > 'maxmemory'.");
          return;
        }
        if (this.host.lacksGoodReplicas()) {
          reply.error('NOREPLICAS Not enough good replicas to write.');
          return;
        }
        if (ro) {
          reply.error('ERR Can not execute a script with write flag using *_ro command.');
          return;
        }
      }
    }
    this.cache.touch(script);

    // One fake client per engine (only one script runs at a time): the caller's database,
    // RESP2, at every run start.
    const scriptClient = this.scriptClient;
    scriptClient.dbIndex = caller.dbIndex;
    scriptClient.resp = 2;
    // redis.call runs as the caller's ACL user (scriptPrepareForRun).
    scriptClient.user = (caller as { user?: unknown }).user;
    const readOnly = ro || (declared && (flags & SCRIPT_FLAG_NO_WRITES) !== 0);
    const allowOom = (flags & SCRIPT_FLAG_ALLOW_OOM) !== 0;
    const startTime = this.host.now();
    let ctx = this.spareContext;
    if (ctx === null) {
      ctx = {
        sha: script.sha, caller, scriptClient, flags, readOnly, allowOom, oomAtStart: oom,
        dirty: false, resp: 2, startTime, timedOut: false, killed: false,
      };
    } else {
      this.spareContext = null;
      ctx.sha = script.sha;
      ctx.caller = caller;
      ctx.flags = flags;
      ctx.readOnly = readOnly;
      ctx.allowOom = allowOom;
      ctx.oomAtStart = oom;
      ctx.dirty = false;
      ctx.resp = 2;
      ctx.startTime = startTime;
      ctx.timedOut = false;
      ctx.killed = false;
    }

    let callArgs = this.callArgs(argv, numkeys);
    this.running = ctx;
    this.runs++;
    const threshold = this.host.busyReplyThreshold();
    // A script may be abandoned and redone in slices only for a client whose connection can
    // wait for the reply (not inside MULTI/EXEC or from the embedding API).
    const c = caller as { canSuspend?: boolean; multiCount?: number };
    const canSuspend = threshold > 0 && c.canSuspend === true && !(typeof c.multiCount === 'number' && c.multiCount >= 0);
    if (canSuspend) this.undo.start();
    const randHigh = randStateHigh();
    const randLow = randStateLow();
    this.installHook(ctx, threshold, canSuspend ? this.host.pauseThreshold() : -1);
    let result: LuaValue;
    try {
      result = this.vm.callFirst(script.fn, callArgs);
    } catch (e) {
      // The budget hook stays installed between runs (reinstalling it costs a little at every
      // run); with no run to watch it returns at once.
      this.hookState.ctx = null;
      if (e instanceof AbandonRunError) {
        // Undo what the partial run changed (its writes, from the journal) and start again, sliced.
        if (this.undo.active) this.undo.rollback();
        ctx.dirty = false;
        restoreRandHalves(randHigh, randLow);
        ctx.resp = 2;
        scriptClient.dbIndex = caller.dbIndex;
        // Fresh KEYS/ARGV from argv: the abandoned run may have changed them.
        callArgs = this.callArgs(argv, numkeys);
        this.runSliced(script, ctx, threshold, reply, callArgs);
        return;
      }
      if (this.undo.active) this.undo.stop();
      this.running = null;
      this.replyError(reply, e, script.sha);
      this.keepContext(ctx);
      return;
    }
    this.hookState.ctx = null;
    if (this.undo.active) this.undo.stop();
    this.running = null;
    this.replyResult(reply, result, ctx.resp);
    this.keepContext(ctx);
  }

  /**
   * The context of the last fast run, reused by the next run (one object less per run). Only
   * a context nothing else can refer to any more is kept: not one of a run that went on in
   * slices (its closures hold it) or that passed busy-reply-threshold (a wake-up scheduled
   * then checks `running === ctx`).
   */
  private spareContext: RunContext | null = null;

  private keepContext(ctx: RunContext): void {
    if (ctx.timedOut) return;
    // The caller's client is not kept alive by the spare context.
    ctx.caller = this.scriptClient;
    this.spareContext = ctx;
  }

  /**
   * Runs a busy script in the engine's resumable form, SLICE_MS at a time, the event loop
   * running in between: other clients wait until busy-reply-threshold, then get -BUSY (or
   * run allow-busy commands such as SCRIPT KILL). The caller's reply comes at the end.
   */
  private runSliced(script: CachedScript, ctx: RunContext, threshold: number, reply: Reply, callArgs: LuaValue[] = []): void {
    const caller = ctx.caller as ClientState & { suspended?: boolean };
    caller.suspended = true;
    this.host.setBusy({ caller, pastThreshold: () => ctx.timedOut, busyError: this.kind === 'function' ? BUSY_FUNCTION_ERROR : BUSY_ERROR });
    let run: ReturnType<LuaVM['resumable']>;
    const finish = (error: unknown, value: LuaValue) => {
      this.vm.setHook(0, null);
      this.running = null;
      this.host.setBusy(null);
      caller.suspended = false;
      if (error !== undefined) this.replyError(reply, error, script.sha);
      else this.replyResult(reply, value, ctx.resp);
      this.host.afterScript?.();
      this.host.wakeWaiters();
    };
    const slice = () => {
      // A script that has not written and whose caller went away has no effect left to
      // produce: stop it (otherwise an endless loop would outlive a closed server).
      if ((caller as { closed?: boolean }).closed === true && !ctx.dirty) {
        finish(new ScriptKilledError(), undefined);
        return;
      }
      this.installHook(ctx, threshold, -1);
      let done: boolean;
      try {
        done = run.step(SLICE_MS);
      } catch (e) {
        finish(e ?? new Error('script failed'), undefined);
        return;
      }
      this.vm.setHook(0, null);
      if (done) finish(undefined, run.result()[0]);
      else setImmediate(slice);
    };
    try {
      run = this.vm.resumable(script.fn, callArgs);
    } catch (e) {
      finish(e, undefined);
      return;
    }
    setImmediate(slice);
  }

  /**
   * The budget hook: SCRIPT KILL, the slow-script log and -BUSY from busy-reply-threshold on,
   * and (pauseAfter >= 0) abandoning a fast run that has not written after pauseAfter ms.
   */
  private installHook(ctx: RunContext, threshold: number, pauseAfter: number): void {
    const memLimit = this.host.luaMaxmemory();
    if (threshold <= 0 && memLimit <= 0) { this.vm.setHook(0, null); return; }
    const h = this.hookState;
    h.ctx = ctx;
    h.threshold = threshold;
    h.pauseAfter = pauseAfter;
    h.memLimit = memLimit;
    h.heapAtStart = memLimit > 0 ? process.memoryUsage().heapUsed : 0;
    this.vm.setHook(10000, this.hook);
  }

  /** What the budget hook checks for the current run (one closure per engine, not per run). */
  private readonly hookState = { ctx: null as RunContext | null, threshold: 0, pauseAfter: -1, memLimit: 0, heapAtStart: 0 };

  private readonly hook = (): void => {
    const h = this.hookState;
    const ctx = h.ctx;
    if (ctx === null || this.running !== ctx) return;
    if (ctx.killed) throw new ScriptKilledError();
    // lua-maxmemory (best effort): heap growth since the run started.
    if (h.memLimit > 0 && process.memoryUsage().heapUsed - h.heapAtStart > h.memLimit) throw new LuaError('not enough memory');
    const threshold = h.threshold;
    if (threshold <= 0) return;
    const elapsed = Date.now() - ctx.startTime;
    if (h.pauseAfter >= 0 && elapsed >= h.pauseAfter && (!ctx.dirty || this.undo.active)) throw new AbandonRunError();
    if (!ctx.timedOut && elapsed >= threshold) {
      ctx.timedOut = true;
      this.host.log(3, `Slow script detected: still in execution after ${elapsed} milliseconds. You can try killing the script using the ${this.kind === 'function' ? 'FUNCTION' : 'SCRIPT'} KILL command. Script name is: ${ctx.sha}.`);
      // Waiting clients may now get -BUSY (or run SCRIPT KILL): wake them between slices.
      setImmediate(() => { if (this.running === ctx) this.host.wakeWaiters(); });
    }
  };


  /** Writes the error that ended a run; errors already counted inside are not counted again. */
  private replyError(reply: Reply, e: unknown, sha: string): void {
    if (e instanceof LuaError && e.value instanceof LuaTable && e.value.get('ignore_error_stats_update') === true) {
      this.host.skipNextErrorStats();
    }
    reply.error(this.errorText(e, sha));
  }

  /** Writes a run's result; a returned redis.pcall error table is not counted twice. */
  private replyResult(reply: Reply, value: LuaValue, resp: 2 | 3): void {
    if (value instanceof LuaTable && value.get('ignore_error_stats_update') === true && typeof value.get('err') === 'string') {
      this.host.skipNextErrorStats();
    }
    luaToReply(value, reply, resp);
  }

  /** The reply text for an error that ended a run (spec §4.4). */
  errorText(e: unknown, sha: string): string {
    let msg: string;
    let pos = '';
    if (e instanceof ScriptKilledError) {
      msg = e.message;
      pos = runtime.whereOfError(e);
    } else if (e instanceof LuaError) {
      const v = e.value;
      if (v instanceof LuaTable) {
        // luaExtractErrorInformation: err is taken when lua_isstring (a number counts, as
        // its Lua text), as a C string.
        const err = v.get('err');
        msg = typeof err === 'string' ? err : typeof err === 'number' ? runtime.rawToString(err) : 'ERR unknown error';
      } else {
        msg = 'ERR ' + (v === undefined ? 'nil' : runtime.rawToString(v));
      }
      pos = runtime.whereOfError(e);
      // Errors made after the fact (a stack overflow converted from a JS RangeError) carry
      // their position only in the message.
      if (pos === '' && typeof v === 'string') pos = /^([^\n]*?:\d+: )/.exec(v)?.[1] ?? '';
    } else if (e instanceof RangeError) {
      pos = runtime.whereOfError(e);
      msg = 'ERR ' + pos + 'stack overflow';
    } else {
      const m = String((e as Error)?.message ?? e);
      return sanitizeLine(`ERR Error running script ${sha}, ${m.slice(0, 100)}`);
    }
    // As a C string; its CR and LF become spaces below (not trimmed).
    let text = cutAtNul(msg);
    const at = positionOf(pos);
    if (at !== null) text += ` script: ${sha}, on ${at.source}:${at.line}.`;
    return sanitizeLine(text);
  }

  // ---- SCRIPT KILL -------------------------------------------------------------------------

  /** SCRIPT KILL: the reply text ('OK' handled by the caller when null is returned). */
  kill(): string | null {
    const ctx = this.running;
    if (ctx === null) return 'NOTBUSY No scripts in execution right now.';
    if (!ctx.timedOut) return 'NOTBUSY No scripts in execution right now.';
    if (ctx.dirty) {
      return 'UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.';
    }
    ctx.killed = true;
    this.host.log(3, 'Lua script killed by user with SCRIPT KILL.');
    return null;
  }

  /**
   * The server is going away (SHUTDOWN NOSAVE, or the embedding closing the engine): a script
   * running in slices stops at its next budget check, whether or not it wrote, as the Redis
   * process it would have been part of exits.
   */
  stopForShutdown(): void {
    const ctx = this.running;
    if (ctx !== null) ctx.killed = true;
  }

  // ---- the redis table ---------------------------------------------------------------------

  private bitsOf(cmd: CommandSpec): CommandBits {
    let b = this.commandBits.get(cmd);
    if (b === undefined) {
      b = {
        cmd,
        noscript: hasFlag(cmd, 'noscript'),
        write: hasFlag(cmd, 'write'),
        mayReplicate: hasFlag(cmd, 'may_replicate'),
        denyoom: hasFlag(cmd, 'denyoom'),
        undo: undoKindOf(cmd),
      };
      this.commandBits.set(cmd, b);
    }
    return b;
  }

  /**
   * redis.call / redis.pcall (luaRedisGenericCommand). Returns the converted reply, or an
   * error table; `raise` makes errors Lua errors instead.
   */
  private genericCommand(raise: boolean, args: unknown[]): LuaValue {
    const ctx = this.running;
    if (ctx === null) return this.fail(raise, 'ERR redis.call() can only be called from a running script', false);
    const argc = args.length;
    if (argc === 0) return this.fail(raise, 'ERR Please specify at least one argument for this redis lib call', false);
    // args is the host function's own rest array (fresh per call): it becomes argv in place.
    for (let i = 0; i < argc; i++) {
      const a = args[i];
      if (typeof a === 'string') continue;
      if (typeof a === 'number') args[i] = formatArgNumber(a);
      else return this.fail(raise, 'ERR Lua redis lib command arguments must be strings or integers', false);
    }
    const argv = args as string[];
    const name = argv[0];
    let bits: CommandBits | undefined;
    if (name === this.lastCallName) {
      bits = this.lastCallBits!;
    } else {
      bits = this.byCallName.get(name);
      let cached = bits !== undefined;
      if (bits === undefined) {
        const found = this.host.lookupCommand(argv);
        if (found === undefined) return this.reject(raise, undefined, 'ERR Unknown Redis command called from script');
        bits = this.bitsOf(found);
        if (found.subcommands === undefined && found.name.indexOf('|') < 0 && this.byCallName.size < NAME_CACHE_MAX) {
          this.byCallName.set(name, bits);
          cached = true;
        }
      }
      if (cached) {
        this.lastCallName = name;
        this.lastCallBits = bits;
      }
    }
    const cmd = bits.cmd;
    const arity = cmd.arity;
    if ((arity > 0 && argc !== arity) || argc < -arity) {
      return this.reject(raise, cmd, 'ERR Wrong number of args calling Redis command from script');
    }
    if (bits.noscript && !this.host.denyScriptsDisabled()) return this.reject(raise, cmd, 'ERR This Redis command is not allowed from script');
    const user = (ctx.scriptClient as { user?: { unrestricted: boolean } }).user;
    if (user !== undefined && !user.unrestricted && this.host.aclCheck !== undefined) {
      const denied = this.host.aclCheck(ctx.scriptClient, cmd, argv, true);
      if (denied !== null) return this.reject(raise, cmd, 'ERR ACL failure in script: ' + denied);
    }
    const writes = bits.write || bits.mayReplicate;
    if (writes && ctx.readOnly) {
      return this.reject(raise, cmd, 'ERR Write commands are not allowed from read-only scripts.');
    }
    // Server-state checks for a write before the script's first one (scriptVerifyWriteCommandAllow).
    if (bits.write && !ctx.dirty && this.host.lacksGoodReplicas()) {
      return this.reject(raise, cmd, 'NOREPLICAS Not enough good replicas to write.');
    }
    if (!ctx.allowOom && !ctx.dirty && ctx.oomAtStart && bits.denyoom) {
      return this.reject(raise, cmd, "OOM command not allowed when used memory > 'maxmemory'.");
    }
    if (writes) {
      if (this.undo.active) this.journal(cmd, argv, bits.undo);
      ctx.dirty = true;
    }
    const builder = this.builder;
    builder.reset(ctx.resp);
    this.host.callCommand(ctx.scriptClient, cmd, argv, builder, ctx.startTime);
    const value = builder.value;
    if (raise && builder.topLevelError) raiseTable(value as LuaTable);
    return value;
  }

  /**
   * Records the state of the keys a write command is about to change (first touch only).
   * Commands whose effects cannot be undone from their keys alone (no declared keys, other
   * databases, side effects outside the dataset) or values too big to copy cheaply stop the
   * journal: that run can then no longer be redone (the known limit).
   */
  private journal(cmd: CommandSpec, argv: string[], undoKind: number): void {
    const undo = this.undo;
    if (undoKind === UNDO_NONE) { undo.stop(); return; }
    const db = this.host.database(this.scriptClient.dbIndex);
    if (undoKind === UNDO_ONE_KEY) {
      if (cmd.firstKey < argv.length) undo.record(db, argv[cmd.firstKey]);
      return;
    }
    const positions = this.host.keyPositions(cmd, argv);
    for (let i = 0; i < positions.length && undo.active; i++) undo.record(db, argv[positions[i]]);
  }

  private reject(raise: boolean, cmd: CommandSpec | undefined, text: string): LuaValue {
    this.host.rejectCommand(cmd, text);
    return this.fail(raise, text, true);
  }

  private fail(raise: boolean, text: string, ignoreStats: boolean): LuaValue {
    const t = errorTable(text, ignoreStats);
    if (raise) raiseTable(t);
    return t;
  }

  private buildRedisTable(): LuaTable {
    const redis = new LuaTable();
    const fn = (name: string, f: (...args: any[]) => unknown) => {
      (f as LuaFunction).luaName = name;
      redis.set(name, f as LuaFunction);
    };
    fn('call', (...args: unknown[]) => this.genericCommand(true, args));
    fn('pcall', (...args: unknown[]) => this.genericCommand(false, args));
    fn('sha1hex', (...args: unknown[]) => {
      if (args.length !== 1) raiseErrorTable('ERR wrong number of arguments');
      const s = runtime.tostr(args[0]);
      return sha1hex(s ?? '');
    });
    const wrongArgs = () => errorTable('ERR wrong number or type of arguments', false);
    fn('error_reply', (...args: unknown[]) => {
      if (args.length !== 1 || typeof args[0] !== 'string') return wrongArgs();
      // The text reaches C as a C string: it ends at a NUL byte.
      let s = cutAtNul(args[0]);
      if (!s.startsWith('-')) s = '-' + s;
      return errorTable(errorCodeSplit(s), false);
    });
    fn('status_reply', (...args: unknown[]) => {
      if (args.length !== 1 || typeof args[0] !== 'string') return wrongArgs();
      const t = new LuaTable();
      t.set('ok', args[0]);
      return t;
    });
    fn('log', (...args: unknown[]) => {
      if (args.length < 2) raiseErrorTable('ERR redis.log() requires two arguments or more.');
      const level = runtime.tonumber(args[0]);
      if (level === undefined) raiseErrorTable('ERR First argument must be a number (log level).');
      const lvl = Math.trunc(level);
      if (!(lvl >= 0 && lvl <= 3)) raiseErrorTable('ERR Invalid log level.');
      let msg = '';
      for (let i = 1; i < args.length; i++) {
        const a = args[i];
        if (typeof a !== 'string' && typeof a !== 'number') continue;
        const s = runtime.tostr(a) ?? '';
        msg = msg === '' && i === 1 ? s : msg + ' ' + s;
      }
      this.host.log(lvl, msg);
      return [];
    });
    redis.set('LOG_DEBUG', 0);
    redis.set('LOG_VERBOSE', 1);
    redis.set('LOG_NOTICE', 2);
    redis.set('LOG_WARNING', 3);
    fn('setresp', (...args: unknown[]) => {
      if (args.length !== 1) raiseErrorTable('ERR redis.setresp() requires one argument.');
      const n = Math.trunc(runtime.tonumber(args[0]) ?? 0);
      if (n !== 2 && n !== 3) raiseErrorTable('ERR RESP version must be 2 or 3.');
      if (this.running !== null) this.running.resp = n as 2 | 3;
      return [];
    });
    fn('set_repl', (...args: unknown[]) => {
      if (args.length !== 1) raiseErrorTable('ERR redis.set_repl() requires two arguments.');
      const n = Math.trunc(runtime.tonumber(args[0]) ?? 0);
      if (!(n >= 0 && n <= 3)) raiseErrorTable('ERR Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.');
      return [];
    });
    redis.set('REPL_NONE', 0);
    redis.set('REPL_AOF', 1);
    redis.set('REPL_SLAVE', 2);
    redis.set('REPL_REPLICA', 2);
    redis.set('REPL_ALL', 3);
    if (this.kind === 'eval') {
      fn('replicate_commands', () => true);
      fn('breakpoint', () => false);
      fn('debug', () => []);
    }
    fn('acl_check_cmd', (...args: unknown[]) => {
      if (args.length === 0) raiseErrorTable('ERR Please specify at least one argument for this redis lib call');
      const argv: string[] = [];
      for (const a of args) {
        if (typeof a === 'string') argv.push(a);
        else if (typeof a === 'number') argv.push(formatArgNumber(a));
        else raiseErrorTable('ERR Lua redis lib command arguments must be strings or integers');
      }
      const cmd = this.host.lookupCommand(argv);
      if (cmd === undefined) raiseErrorTable('ERR Invalid command passed to redis.acl_check_cmd()');
      const user = this.scriptClient.user as { unrestricted: boolean } | undefined;
      if (user === undefined || user.unrestricted || this.host.aclCheck === undefined) return true;
      return this.host.aclCheck(this.scriptClient, cmd, argv, false) === null;
    });
    redis.set('REDIS_VERSION', SCRIPT_REDIS_VERSION);
    redis.set('REDIS_VERSION_NUM', SCRIPT_REDIS_VERSION_NUM);
    return redis;
  }

  // ---- memory (INFO) -----------------------------------------------------------------------

  /** INFO fields of the EVAL engine. */
  infoFields(): Record<string, number> {
    // An estimate shaped on Redis's Lua heap: 32 KB empty, then about 300 bytes per compiled
    // script plus its source (redis-server 7.0.15: 1,000 small scripts 360 KB; 7.4's test
    // suite expects 50,000 loaded scripts under 17.5 MB). Not a measurement of the JS heap.
    const vmBytes = 32768 + this.cache.size * 300 + this.cache.bodyBytes;
    return {
      used_memory_lua: vmBytes,
      used_memory_vm_eval: vmBytes,
      used_memory_scripts_eval: this.cache.memoryEstimate(),
      number_of_cached_scripts: this.cache.size,
      evicted_scripts: this.cache.evictedScripts,
    };
  }

  /** Restores the PRNG when an abandoned run is redone (busy scripts). */
  static restoreRandom(state: number): void {
    restoreRandState(state);
  }
}

/**
 * luaPushErrorBuff's rule for redis.error_reply: "-CODE msg" keeps its code, without a space
 * the code is ERR; CR and LF at both ends of the message are trimmed (sdstrim).
 */
function errorCodeSplit(s: string): string {
  const space = s.indexOf(' ');
  const code = space < 0 ? 'ERR' : s.slice(1, space);
  const msg = (space < 0 ? s.slice(1) : s.slice(space + 1)).replace(/^[\r\n]+|[\r\n]+$/g, '');
  return code + ' ' + msg;
}

/** The part of a string C code sees: up to its first NUL byte. */
function cutAtNul(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

export class ScriptCompileError extends Error {}

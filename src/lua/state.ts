// LuaState: the stand-alone API of the engine.
//
//   const L = new LuaState();                 // all standard libraries
//   const f = L.load('return 1 + ...', '=example');
//   L.call(f, 41);                            // -> [42]
//
// See README ("The Lua engine") for the budget hook and resumable runs.

import { LuaTable, toArray, type LuaValue, type LuaFunction, type LuaResult } from './value';
import {
  rt, NO_HOOK_BUDGET, PAUSE, twinOf, normalizeError, magicCall, MagicOp, isLuaClosure, call,
} from './runtime';
import { compileChunk } from './compiler';
import { openBase } from './lib/base';
import { openCoroutine } from './lib/coroutine';
import { openDebug } from './lib/debug';
import { openStandardLibraries } from './lib/index';
import * as v8 from 'node:v8';

// Lua programs allocate many small short-lived tables from a few allocation sites shared by
// all Lua code. Two V8 settings matter (binary-trees: 1.8 s -> 0.22 s CPU):
//  - a larger young generation, so the scavenger runs far less often;
//  - no allocation-site pretenuring: once one program kept many tables alive, V8 would
//    allocate every later table of every script directly in the old generation.
// Set FERROUS_LUA_NO_HEAP_TUNING=1 to keep V8's defaults.
if (process.env.FERROUS_LUA_NO_HEAP_TUNING === undefined) {
  try {
    v8.setFlagsFromString('--max-semi-space-size=32');
    v8.setFlagsFromString('--no-allocation-site-pretenuring');
  } catch { /* not fatal */ }
}

export interface LuaStateOptions {
  /** 'all' = base, coroutine, string, table, math, os, io, debug; 'none' = no library at all. */
  libs?: 'all' | 'none';
  /** Where print and io.write go (bytes as a latin1 string). Default: process.stdout. */
  stdout?: (bytes: string) => void;
  stderr?: (bytes: string) => void;
  /** loadstring/load accept string.dump's output (the CLI); otherwise it is a syntax error. */
  loadDumped?: boolean;
}

export type StepResult = { done: false } | { done: true; values: LuaValue[] };

export interface ResumableRun {
  /** Runs for about sliceMs milliseconds; throws the Lua error if the script fails. */
  step(sliceMs: number): StepResult;
  /** True once the run has finished (returned or failed). */
  readonly finished: boolean;
}

function defaultWriter(stream: NodeJS.WriteStream): (s: string) => void {
  return (s: string) => { stream.write(Buffer.from(s, 'latin1')); };
}

function now(): number {
  return performance.now();
}


export class LuaState {
  globals: LuaTable = new LuaTable();
  stringMetatable: LuaTable = new LuaTable();
  readonly stdout: (bytes: string) => void;
  readonly stderr: (bytes: string) => void;
  readonly loadDumped: boolean;
  /** Registry-like slot for libraries (e.g. loaded modules); free for host use. */
  readonly registry: LuaTable = new LuaTable();

  private hook: (() => void) | undefined = undefined;
  private hookEvery = 0;
  /** Set while a resumable step runs: the time at which it should pause. */
  private deadline: number | undefined = undefined;
  private static readonly RESUMABLE_EVERY = 1000;

  constructor(opts: LuaStateOptions = {}) {
    this.stdout = opts.stdout ?? defaultWriter(process.stdout);
    this.stderr = opts.stderr ?? defaultWriter(process.stderr);
    this.loadDumped = opts.loadDumped === true;
    if (opts.libs !== 'none') {
      const saved = this.enter();
      try {
        // Loaded lazily so that the core does not depend on the library modules at import time.
        /* eslint-disable @typescript-eslint/no-var-requires */
        require('./lib/base').openBase(this);
        require('./lib/coroutine').openCoroutine(this);
        try {
          require('./lib/index').openStandardLibraries(this, opts);
        } catch (e) {
          if (!(e instanceof Error && /Cannot find module/.test(e.message))) throw e;
        }
        require('./lib/debug').openDebug(this);
      } finally {
        this.leave(saved);
      }
    }
  }

  // ---- entering and leaving the state (the runtime keeps a pointer to the running state)

  /** Makes this state the running one; returns what leave() restores. */
  enter(): unknown {
    const saved = [rt.state, rt.stringMeta, rt.tick, rt.budget];
    rt.state = this;
    rt.stringMeta = this.stringMetatable;
    rt.tick = this.onTick;
    const every = this.tickInterval();
    if (rt.budget > every) rt.budget = every;
    return saved;
  }

  leave(saved: unknown): void {
    const s = saved as [unknown, LuaTable | undefined, () => boolean, number];
    rt.state = s[0];
    rt.stringMeta = s[1];
    rt.tick = s[2];
    if (s[0] === undefined) rt.budget = NO_HOOK_BUDGET;
  }

  private tickInterval(): number {
    let n = NO_HOOK_BUDGET;
    if (this.hook !== undefined && this.hookEvery > 0) n = this.hookEvery;
    if (this.deadline !== undefined && LuaState.RESUMABLE_EVERY < n) n = LuaState.RESUMABLE_EVERY;
    return n;
  }

  private readonly onTick = (): boolean => {
    rt.budget = this.tickInterval();
    if (this.hook !== undefined) this.hook();
    return this.deadline !== undefined && now() >= this.deadline;
  };

  // ---- loading and calling

  /**
   * Compiles a chunk. chunkName as in C Lua: '@file.lua' -> "file.lua:1:", '=stdin' ->
   * "stdin:1:", anything else (default: the source) -> '[string "first line..."]:1:'.
   * Syntax errors throw LuaError with the message lua5.1 prints.
   */
  load(source: string, chunkName?: string, env?: LuaTable, reader?: () => string | undefined): LuaFunction {
    const make = compileChunk(source, chunkName ?? source, reader);
    return make(env ?? this.globals);
  }

  /** Calls f (honouring __call) and returns all its results. Throws LuaError on error. */
  call(f: unknown, ...args: unknown[]): LuaValue[] {
    return toArray(this.invoke(f, args));
  }

  /**
   * Calls f(...args) (honouring __call) and returns only its first result (undefined for
   * none): the embedding's hot path (one script run per command), with no result array.
   */
  callFirst(f: unknown, args: readonly unknown[]): LuaValue {
    const r = this.invoke(f, args);
    return r instanceof Array ? r[0] : r;
  }

  /**
   * call()'s body: enter() and leave() written out with the saved runtime fields in locals
   * (no saved-state array per call), the results in the runtime's packed convention.
   */
  private invoke(f: unknown, args: readonly unknown[]): LuaResult {
    const savedState = rt.state;
    const savedMeta = rt.stringMeta;
    const savedTick = rt.tick;
    rt.state = this;
    rt.stringMeta = this.stringMetatable;
    rt.tick = this.onTick;
    const every = this.tickInterval();
    if (rt.budget > every) rt.budget = every;
    try {
      return args.length === 0 ? call(f) : call(f, ...args);
    } catch (e) {
      throw normalizeError(e);
    } finally {
      rt.state = savedState;
      rt.stringMeta = savedMeta;
      rt.tick = savedTick;
      if (savedState === undefined) rt.budget = NO_HOOK_BUDGET;
    }
  }

  /** load + call. */
  execute(source: string, chunkName?: string): LuaValue[] {
    return this.call(this.load(source, chunkName));
  }

  getGlobal(name: string): LuaValue {
    return this.globals.get(name);
  }

  setGlobal(name: string, v: unknown): void {
    this.globals.set(name, v as LuaValue);
  }

  /** Registers a host function as a global. */
  register(name: string, fn: LuaFunction): void {
    this.globals.set(name, fn);
  }

  /**
   * Installs (or removes, with hook undefined) the budget hook: compiled code counts ticks at
   * loop back-edges and function entries and calls hook() about every everyN ticks. The hook
   * may throw; throw a LuaUncatchableError (or any non-LuaError) to stop the script in a way
   * pcall cannot catch.
   */
  setBudgetHook(everyN: number, hook: (() => void) | undefined): void {
    this.hook = hook;
    this.hookEvery = hook === undefined ? 0 : Math.max(1, Math.floor(everyN));
    if (rt.state === this) rt.budget = Math.min(rt.budget, this.tickInterval());
  }

  /** The environment of a Lua function (getfenv), or the globals for host functions. */
  getFunctionEnv(f: LuaFunction): LuaTable {
    if (isLuaClosure(f)) return magicCall(f, MagicOp.GetEnv) as LuaTable;
    return this.globals;
  }

  /**
   * Runs f(...args) in the resumable (generator) form. step(sliceMs) runs until about sliceMs
   * have passed (checked at budget ticks) and returns {done:false}, or {done:true, values}
   * when f returned, or throws the Lua error. Results are the same as with call().
   */
  runResumable(f: LuaFunction, args: unknown[]): ResumableRun {
    let it: Generator<unknown, unknown, unknown> | undefined;
    let finished = false;
    let started = false;
    const self = this;
    return {
      get finished() { return finished; },
      step(sliceMs: number): StepResult {
        if (finished) throw new Error('resumable run already finished');
        const saved = self.enter();
        const savedCo = rt.co;
        const savedDeadline = self.deadline;
        rt.co = undefined;
        self.deadline = now() + sliceMs;
        rt.budget = Math.min(rt.budget, self.tickInterval());
        try {
          if (!started) {
            started = true;
            const g = typeof f === 'function' ? twinOf(f) : null;
            if (g === null) {
              finished = true;
              return { done: true, values: toArray(call(f, ...args)) };
            }
            it = g(...args);
          }
          for (;;) {
            const r = it!.next();
            if (r.done) {
              finished = true;
              return { done: true, values: toArray(r.value as any) };
            }
            if (r.value === PAUSE) return { done: false };
            // Anything else would be a coroutine yield escaping to the top, which the yield
            // function prevents; keep running.
          }
        } catch (e) {
          finished = true;
          throw normalizeError(e);
        } finally {
          self.deadline = savedDeadline;
          rt.co = savedCo;
          self.leave(saved);
        }
      },
    };
  }
}

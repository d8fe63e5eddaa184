// The one place that knows the Lua engine's host API (src/lua). Everything else in
// src/scripting talks to the small LuaVM interface below, so an engine API change is
// absorbed here.

import { LuaTable, type LuaFunction, type LuaResult, type LuaValue } from '../lua/value';
import * as runtime from '../lua/runtime';
import { LuaState } from '../lua/state';
import { gtw } from '../lua/ops';

export interface ResumableRun {
  /** Runs for about sliceMs; returns true when the run has finished (result() is then valid). */
  step(sliceMs: number): boolean;
  result(): LuaValue[];
}

export interface LuaVM {
  readonly globals: LuaTable;
  /** Compiles a chunk; throws a LuaError whose value is the message ("user_script:1: ..."). */
  /** env: the chunk's global environment (default: the globals; functions.ts passes its own). */
  load(source: string, chunkName: string, env?: LuaTable): LuaFunction;
  /** Calls a Lua function in the fast form. */
  call(fn: LuaFunction, args: LuaValue[]): LuaValue[];
  /** call() returning only the first result (a script run's reply value; no result array). */
  callFirst(fn: LuaFunction, args: readonly LuaValue[]): LuaValue;
  /** Starts a resumable run of fn (for busy scripts), or null if the engine cannot. */
  resumable(fn: LuaFunction, args: LuaValue[]): ResumableRun;
  /**
   * Installs the budget hook: called about every `everyN` budget units (loop iterations and
   * function entries). The hook returns true to pause a resumable run; it may throw
   * (LuaUncatchableError for kills). Installing the hook already installed costs nothing.
   */
  setHook(everyN: number, hook: (() => void) | null): void;
  /** The string metatable (and other basic-type metatables), for readonly marking. */
  typeMetatables(): LuaTable[];
}

/** Creates a Lua state with the standard libraries; the sandbox then removes what Redis hides. */
export function createLuaVM(): LuaVM {
  const L = new LuaState({ libs: 'all', stdout: () => {}, stderr: () => {} });
  // What setHook last installed (L's own hook fields are private).
  let installedHook: (() => void) | null = null;
  let installedEvery = 0;
  return {
    globals: L.globals,
    load(source, chunkName, env) {
      return L.load(source, chunkName, env);
    },
    call(fn, args) {
      // EVAL scripts get no arguments (KEYS/ARGV are globals): no spread for them.
      return args.length === 0 ? L.call(fn) : L.call(fn, ...args);
    },
    callFirst(fn, args) {
      return L.callFirst(fn, args);
    },
    resumable(fn, args) {
      const run = L.runResumable(fn, args);
      let value: LuaValue[] = [];
      return {
        step(sliceMs: number): boolean {
          const r = run.step(sliceMs);
          if (r.done) value = r.values;
          return r.done;
        },
        result: () => value,
      };
    },
    setHook(everyN, hook) {
      // The engine asks for its hook at every run start: the same hook stays installed.
      if (hook === installedHook && (hook === null || everyN === installedEvery)) return;
      installedHook = hook;
      installedEvery = everyN;
      // The hook itself (no wrapper closure).
      L.setBudgetHook(everyN, hook === null ? undefined : hook);
    },
    typeMetatables() {
      const out: LuaTable[] = [L.stringMetatable];
      const tm = runtime.rt.typeMeta;
      for (const k of Object.keys(tm)) { const t = tm[k]; if (t instanceof LuaTable) out.push(t); }
      return out;
    },
  };
}

/**
 * A host function that calls `fn` (unless `pre` answers first) and passes its results through
 * `post`. It has a generator twin, so a resumable run (a busy script, in slices) can pause
 * inside `fn`: without it the engine would call `fn` in the fast form, and a script looping
 * inside it would never give the event loop back (SCRIPT KILL could not arrive).
 */
export function wrapHostCall(
  fn: LuaFunction,
  pre: (args: unknown[]) => LuaResult | undefined,
  post: (r: LuaResult) => LuaResult,
): LuaFunction {
  const fast = (...args: unknown[]): LuaResult => {
    const early = pre(args);
    return early !== undefined ? early : post((fn as (...a: unknown[]) => LuaResult)(...args));
  };
  (fast as unknown as { $g: unknown }).$g = function* (...args: unknown[]): Generator<unknown, LuaResult, unknown> {
    const early = pre(args);
    if (early !== undefined) return early;
    return post(yield* gtw(fn)(...args));
  };
  return fast as unknown as LuaFunction;
}

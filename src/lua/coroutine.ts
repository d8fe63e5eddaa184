// Coroutines: a coroutine runs the generator twin of its function. A yield is a JS `yield` of
// the array of yielded values; a host pause (resumable runs) is a `yield PAUSE`, which a
// resume in the generator form passes up to its own caller and a resume in the fast form
// ignores (the pause then happens at the next opportunity).

import { LuaThreadLike, LuaError, protectedCalls, type LuaValue, type LuaFunction, type LuaResult } from './value';
import { rt, PAUSE, caughtValue } from './runtime';
import { gtw } from './ops';

export type CoStatus = 'suspended' | 'running' | 'normal' | 'dead';

export class LuaThread extends LuaThreadLike {
  status: CoStatus = 'suspended';
  it: Generator<unknown, LuaResult, unknown> | undefined = undefined;
  /** This coroutine's rt.gcl and rt.ls (records of its own frames), and the resumer's. */
  gcl: LuaFunction[] = [];
  ls: typeof rt.ls = [];
  private outer: [LuaFunction[], typeof rt.ls] | undefined = undefined;
  enter(): void {
    this.outer = [rt.gcl, rt.ls];
    rt.gcl = this.gcl;
    rt.ls = this.ls;
  }
  leave(): void {
    if (this.outer !== undefined) [rt.gcl, rt.ls] = this.outer;
    this.outer = undefined;
  }
  constructor(readonly fn: LuaFunction) {
    super();
  }
}

type Step = IteratorResult<unknown, LuaResult>;

function check(co: LuaThread): string | undefined {
  return co.status === 'suspended' ? undefined : `cannot resume ${co.status} coroutine`;
}

function begin(co: LuaThread): LuaThread | undefined {
  const prev = rt.co as LuaThread | undefined;
  if (prev !== undefined) prev.status = 'normal';
  co.status = 'running';
  rt.co = co;
  co.enter();
  return prev;
}

function end(co: LuaThread, prev: LuaThread | undefined): void {
  co.leave();
  rt.co = prev;
  if (prev !== undefined) prev.status = 'running';
}

function coStart(co: LuaThread, args: unknown[]): Step {
  if (co.it === undefined) {
    co.it = gtw(co.fn)(...args);
    return co.it.next();
  }
  return co.it.next(args);
}

/** Result of a finished step: [true, values...] or [false, error]. */
function finish(co: LuaThread, r: Step): LuaValue[] {
  if (r.done) {
    co.status = 'dead';
    const v = r.value;
    return Array.isArray(v) ? [true, ...v] : [true, v];
  }
  co.status = 'suspended';
  return [true, ...(r.value as LuaValue[])];
}

/** coroutine.resume in the fast form. */
export function resume(co: LuaThread, args: unknown[]): LuaValue[] {
  const bad = check(co);
  if (bad !== undefined) return [false, bad];
  const prev = begin(co);
  const pdepth = protectedCalls.depth;
  protectedCalls.depth++;
  try {
    let r = coStart(co, args);
    while (!r.done && r.value === PAUSE) r = co.it!.next();
    return finish(co, r);
  } catch (e) {
    co.status = 'dead';
    return [false, caughtValue(e)];
  } finally {
    protectedCalls.depth = pdepth;
    end(co, prev);
  }
}

/** coroutine.resume in the generator form: host pauses pass through. */
export function* resumeGen(co: LuaThread, args: unknown[]): Generator<unknown, LuaValue[], unknown> {
  const bad = check(co);
  if (bad !== undefined) return [false, bad];
  let prev = begin(co);
  const pdepth = protectedCalls.depth;
  protectedCalls.depth++;
  try {
    let r = coStart(co, args);
    while (!r.done && r.value === PAUSE) {
      end(co, prev);
      co.status = 'normal';
      protectedCalls.depth = pdepth;
      yield PAUSE;
      protectedCalls.depth = pdepth + 1;
      prev = begin(co);
      r = co.it!.next();
    }
    return finish(co, r);
  } catch (e) {
    co.status = 'dead';
    return [false, caughtValue(e)];
  } finally {
    protectedCalls.depth = pdepth;
    end(co, prev);
  }
}

/** coroutine.yield in the fast form: only reachable across a C boundary (or outside). */
export function yieldFast(): never {
  throw new LuaError('attempt to yield across metamethod/C-call boundary');
}

/** coroutine.yield in the generator form. */
export function* yieldGen(...args: unknown[]): Generator<unknown, LuaResult, unknown> {
  // Lua 5.1 reports a yield from the main thread as a yield across the C boundary of lua.c.
  if (rt.co === undefined) throw new LuaError('attempt to yield across metamethod/C-call boundary');
  const back = (yield args) as LuaValue[];
  return back.length === 1 ? back[0] : back;
}

// The coroutine library (lbaselib.c's co_funcs in Lua 5.1).

import { LuaTable, LuaError, type LuaValue, type LuaResult } from '../value';
import { rt, argError, where, isLuaClosure } from '../runtime';
import { LuaThread, resume, resumeGen, yieldFast, yieldGen } from '../coroutine';
import type { LuaState } from '../state';

function checkCo(co: unknown, fname: string): LuaThread {
  if (co instanceof LuaThread) return co;
  return argError(1, fname, 'coroutine expected');
}

function luaB_cocreate(f?: unknown): LuaResult {
  if (!isLuaClosure(f)) argError(1, 'create', 'Lua function expected');
  return new LuaThread(f as any);
}

function luaB_coresume(co?: unknown, ...args: unknown[]): LuaResult {
  return resume(checkCo(co, 'resume'), args);
}

function* luaB_coresume_gen(co?: unknown, ...args: unknown[]): Generator<unknown, LuaResult, unknown> {
  return yield* resumeGen(checkCo(co, 'resume'), args);
}

function wrapResult(r: LuaValue[], from: Function): LuaResult {
  if (r[0] === true) return r.length === 2 ? r[1] : r.slice(1);
  let e = r[1];
  if (typeof e === 'string' || typeof e === 'number') e = where(1, from) + e;
  throw new LuaError(e);
}

function luaB_cowrap(f?: unknown): LuaResult {
  const co = luaB_cocreate(f) as LuaThread;
  const luaB_auxwrap = (...args: unknown[]): LuaResult => wrapResult(resume(co, args), luaB_auxwrap);
  const luaB_auxwrap_gen = function* (...args: unknown[]): Generator<unknown, LuaResult, unknown> {
    return wrapResult(yield* resumeGen(co, args), luaB_auxwrap_gen);
  };
  (luaB_auxwrap as any).$g = luaB_auxwrap_gen;
  return luaB_auxwrap;
}

function luaB_costatus(co?: unknown): LuaResult {
  const c = checkCo(co, 'status');
  return c.status;
}

function luaB_corunning(): LuaResult {
  return rt.co;
}

function luaB_yield(): LuaResult {
  return yieldFast();
}
(luaB_yield as any).$g = yieldGen;
(luaB_coresume as any).$g = luaB_coresume_gen;

export function openCoroutine(L: LuaState): void {
  const co = new LuaTable();
  co.set('create', luaB_cocreate);
  co.set('resume', luaB_coresume);
  co.set('yield', luaB_yield);
  co.set('status', luaB_costatus);
  co.set('wrap', luaB_cowrap);
  co.set('running', luaB_corunning);
  L.globals.set('coroutine', co);
}

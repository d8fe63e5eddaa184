// The debug library (CLI only; the Redis sandbox leaves it out). What the compiled form allows:
// traceback, getinfo (by function or level), getmetatable/setmetatable (any type), getupvalue/
// setupvalue, getfenv/setfenv, sethook/gethook with a count hook (on the budget counter),
// getregistry, getlocal (the named locals of a Lua function at any level, at the call it is
// making, in chunks that mention getlocal: their calls record them). setlocal gives nil:
// locals live in JS variables.

import { LuaTable, LuaUserdata, LuaThreadLike, EMPTY, type LuaValue, type LuaFunction, type LuaResult } from '../value';
import {
  rt, argError, typeError, checkInt, currentTraceback, isLuaClosure, protoOf, frameInfos, stackLevels,
  magicCall, MagicOp, call, tostr, getMetatable, luaTraceback, type ProtoInfo, type FrameInfo,
} from '../runtime';
import type { LuaState } from '../state';

function infoTable(p: ProtoInfo | undefined, func: LuaFunction | undefined, frame: FrameWithCaller | undefined, what: string): LuaTable {
  const t = new LuaTable();
  const has = (c: string) => what.includes(c);
  if (p === undefined) {
    if (has('S')) {
      t.set('source', '=[C]');
      t.set('short_src', '[C]');
      t.set('linedefined', -1);
      t.set('lastlinedefined', -1);
      t.set('what', 'C');
    }
    if (has('l')) t.set('currentline', -1);
    if (has('u')) t.set('nups', 0);
  } else {
    const main = p.id === 0;
    if (has('S')) {
      t.set('source', p.chunk.chunkName);
      t.set('short_src', p.chunk.shortSrc);
      t.set('linedefined', main ? 0 : p.lineDefined);
      t.set('lastlinedefined', main ? -1 : p.lastLineDefined);
      t.set('what', main ? 'main' : 'Lua');
    }
    if (has('l')) t.set('currentline', frame !== undefined ? frame.line : -1);
    if (has('u')) t.set('nups', p.nups);
  }
  if (has('n') && frame !== undefined) {
    // The name comes from the caller's call site, which is the next frame's current call.
    const call = frame.callerCall;
    if (call !== undefined && call.name !== undefined) {
      t.set('name', call.name);
      t.set('namewhat', call.what ?? '');
    } else {
      t.set('namewhat', '');
    }
  } else if (has('n')) {
    t.set('namewhat', '');
  }
  if (has('f') && func !== undefined) t.set('func', func);
  return t;
}

type FrameWithCaller = FrameInfo & { callerCall?: FrameInfo['call'] };

/**
 * The locals of the Lua function at stack level `level` (1 = the one calling host function
 * `from`; host functions count as levels, as C functions do) at the call it is making, from
 * the records the compiled code keeps in chunks that mention getlocal (Compiler.recordLocals):
 * the top record belongs to the innermost Lua frame, the next to the next Lua frame, and so
 * on, as long as each matches the function the JS stack shows there. Undefined for a host
 * function's level, or when the records do not match (code of a chunk that keeps none).
 */
function localsAt(level: number, from: Function): [unknown, number, string[], unknown[]] | undefined {
  const ls = rt.ls;
  if (level < 1) return undefined;
  const levels = stackLevels(from, level * 2 + 20);
  if (level > levels.length || levels[level - 1] === null) return undefined;
  let k = 0;
  for (let j = 0; j < level; j++) {
    const p = levels[j];
    if (p === null) continue;
    const rec = ls[ls.length - 1 - k++];
    if (rec === undefined || rec[0] !== p.chunk || rec[1] !== p.id) return undefined;
  }
  return ls[ls.length - k];
}

export function openDebug(L: LuaState): void {
  const D = new LuaTable();
  let hookFn: LuaValue = undefined;
  let hookMask = '';
  let hookCount = 0;

  D.set('traceback', function traceback(...args: unknown[]): LuaResult {
    let thread = false;
    if (args[0] instanceof LuaThreadLike) { thread = true; args.shift(); }
    const msg = args[0];
    if (msg instanceof LuaTable || (msg !== undefined && tostr(msg) === undefined)) return msg as LuaValue;
    const head = msg === undefined ? '' : tostr(msg) + '\n';
    // Another coroutine's stack is not visible from here: only the header.
    if (thread) return head + 'stack traceback:';
    // Inside an xpcall handler, the stack of the error being handled (C Lua's handler runs
    // where the error happened).
    if (rt.handling instanceof Error) return head + luaTraceback(rt.handling);
    return head + currentTraceback();
  });

  D.set('getinfo', function getinfo(f?: unknown, what?: unknown): LuaResult {
    const opts = what === undefined ? 'flnSu' : String(what);
    if (typeof f === 'function') {
      if (isLuaClosure(f)) return infoTable(protoOf(f as LuaFunction), f as LuaFunction, undefined, opts.replace('l', ''));
      return infoTable(undefined, f as LuaFunction, undefined, opts);
    }
    const level = checkInt(f, 1, 'getinfo');
    if (level < 0) return undefined;
    if (level === 0) return infoTable(undefined, getinfo as any, undefined, opts);
    const frames = frameInfos(getinfo) as FrameWithCaller[];
    const fr = frames[level - 1];
    if (fr === undefined) return undefined;
    fr.callerCall = frames[level]?.call;
    return infoTable(fr.proto, fr.func, fr, opts);
  });

  D.set('getmetatable', function getmetatable(v?: unknown): LuaResult {
    if (v instanceof LuaTable || v instanceof LuaUserdata) return v.metatable;
    return getMetatable(v);
  });

  D.set('setmetatable', function setmetatable(v?: unknown, mt?: unknown): LuaResult {
    if (mt !== undefined && !(mt instanceof LuaTable)) argError(2, 'setmetatable', 'nil or table expected');
    const m = mt as LuaTable | undefined;
    if (v instanceof LuaTable || v instanceof LuaUserdata) v.metatable = m;
    else if (typeof v === 'string') { if (m !== undefined) L.stringMetatable = m; rt.stringMeta = m; }
    else {
      const key = v === undefined ? 'nil' : typeof v === 'object' ? 'thread' : typeof v;
      rt.typeMeta[key] = m;
    }
    return true;
  });

  D.set('getupvalue', function getupvalue(f?: unknown, n?: unknown): LuaResult {
    const i = checkInt(n, 2, 'getupvalue');
    if (typeof f !== 'function') typeError(1, 'getupvalue', 'function', f);
    if (!isLuaClosure(f)) return EMPTY;
    const p = protoOf(f as LuaFunction);
    if (i < 1 || i > p.nups) return EMPTY;
    return [p.upvalueNames[i - 1], magicCall(f as LuaFunction, MagicOp.GetUpvalue, i)];
  });

  D.set('setupvalue', function setupvalue(f?: unknown, n?: unknown, v?: unknown): LuaResult {
    const i = checkInt(n, 2, 'setupvalue');
    if (typeof f !== 'function') typeError(1, 'setupvalue', 'function', f);
    if (!isLuaClosure(f)) return EMPTY;
    const p = protoOf(f as LuaFunction);
    if (i < 1 || i > p.nups) return EMPTY;
    magicCall(f as LuaFunction, MagicOp.SetUpvalue, i, v);
    return p.upvalueNames[i - 1];
  });

  D.set('getfenv', function getfenv(o?: unknown): LuaResult {
    if (isLuaClosure(o)) return magicCall(o as LuaFunction, MagicOp.GetEnv) as LuaValue;
    return L.globals;
  });

  D.set('setfenv', function setfenv(o?: unknown, t?: unknown): LuaResult {
    if (!(t instanceof LuaTable)) typeError(2, 'setfenv', 'table', t);
    if (isLuaClosure(o)) magicCall(o as LuaFunction, MagicOp.SetEnv, t);
    return o as LuaValue;
  });

  D.set('getlocal', function getlocal(level?: unknown, n?: unknown): LuaResult {
    const lv = checkInt(level, 1, 'getlocal');
    const i = checkInt(n, 2, 'getlocal');
    const rec = localsAt(lv, getlocal);
    if (rec === undefined || i < 1 || i > rec[2].length) return undefined;
    return [rec[2][i - 1], rec[3][i - 1] as LuaValue];
  });

  D.set('setlocal', function setlocal(): LuaResult { return undefined; });
  D.set('getregistry', function getregistry(): LuaResult { return L.registry; });

  D.set('sethook', function sethook(f?: unknown, mask?: unknown, count?: unknown): LuaResult {
    if (f === undefined) {
      hookFn = undefined; hookMask = ''; hookCount = 0;
      L.setBudgetHook(0, undefined);
      return EMPTY;
    }
    hookFn = f as LuaValue;
    hookMask = mask === undefined ? '' : String(mask);
    hookCount = count === undefined ? 0 : checkInt(count, 3, 'sethook');
    if (hookCount > 0) {
      const fn = f;
      L.setBudgetHook(hookCount, () => { call(fn, 'count'); });
    } else {
      L.setBudgetHook(0, undefined);
    }
    return EMPTY;
  });

  D.set('gethook', function gethook(): LuaResult {
    return [hookFn, hookMask, hookCount];
  });

  L.globals.set('debug', D);
}

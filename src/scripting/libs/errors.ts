// How the Redis Lua libraries raise errors: one place, so the libraries do not care how the
// engine finds positions. C's luaL_error prefixes "chunk:line: " of the calling Lua function
// (nothing when the caller is a C function such as pcall); the engine's runtime
// (src/lua/runtime.ts) finds that position.
//
// The messages passed in are exactly the C texts, without any prefix.

import { LuaError } from '../../lua/value';
import { luaError, where } from '../../lua/runtime';

/** luaL_error(L, msg): a runtime error raised by a host function. */
export function libError(msg: string): never {
  return luaError(msg, 1);
}

/**
 * luaL_argerror(L, n, msg): "bad argument #n to 'fname' (msg)". Like C, the function is
 * named '?' when its caller is not Lua code (pcall(cjson.decode, {}) in Redis gives
 * "bad argument #1 to '?' (string expected, got table)").
 */
export function libArgError(n: number, fname: string, msg: string): never {
  const position = where(1);
  throw new LuaError(`${position}bad argument #${n} to '${position === '' ? '?' : fname}' (${msg})`);
}

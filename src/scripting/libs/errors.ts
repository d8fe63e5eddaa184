// How the Redis Lua libraries raise errors: one place, so the libraries do not care how the
// engine finds positions and names. C's luaL_error prefixes "chunk:line: " of the calling Lua
// function (nothing when the caller is a C function such as pcall); luaL_argerror names the
// function as the calling Lua code spelled it ('?' when called from pcall). The engine's
// runtime (src/lua/runtime.ts) does both.
//
// The messages passed in are exactly the C texts, without any prefix.

import { luaError, argError } from '../../lua/runtime';

/** luaL_error(L, msg): a runtime error raised by a host function. */
export function libError(msg: string): never {
  return luaError(msg, 1);
}

/** luaL_argerror(L, n, msg): "bad argument #n to 'fname' (msg)". */
export function libArgError(n: number, fname: string, msg: string): never {
  return argError(n, fname, msg);
}

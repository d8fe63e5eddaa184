// Runs a Lua program in PUC Lua 5.1.5 compiled to WebAssembly (npm lua-wasm-bindings), the
// oracle of the property test: real Lua 5.1 without needing lua5.1 installed.
//
// The bindings only expose a handful of C API calls, and strings cross the boundary as UTF-8
// C strings. So print and io.write are replaced in Lua by collectors, and the collected bytes
// are escaped inside Lua before they cross (NUL, backslash and bytes >= 128 become \xHH),
// then unescaped here into a latin1 string: the exact bytes Lua printed.
// The program itself must be ASCII (it is passed in as a C string).

import { LUA_OK } from 'lua-wasm-bindings/dist/lua';
import { lauxlib, lua, lualib } from 'lua-wasm-bindings/dist/lua.51';

const PRELUDE = `
local out, n = {}, 0
local tostring, select, concat, format, gsub, type = tostring, select, table.concat, string.format, string.gsub, type
function print(...)
  local parts = {}
  for i = 1, select('#', ...) do parts[i] = tostring((select(i, ...))) end
  n = n + 1; out[n] = concat(parts, '\\t', 1, select('#', ...)) .. '\\n'
end
io.write = function(...)
  for i = 1, select('#', ...) do
    local v = select(i, ...)
    if type(v) == 'number' then v = format('%.14g', v) end
    n = n + 1; out[n] = v
  end
end
function __wasm_collect_output()
  local s = concat(out)
  return (gsub(s, '[%z\\\\\\128-\\255]', function(c) return format('\\\\x%02X', c:byte()) end))
end
`;

export interface WasmRun {
  /** Everything print/io.write produced, as a latin1 byte string. */
  stdout: string;
  /** The error message if the program raised an error (or failed to compile). */
  error: string | undefined;
}

export function runInWasmLua(program: string, chunkName = '=prog'): WasmRun {
  if (!/^[\x00-\x7f]*$/.test(program)) throw new Error('runInWasmLua: the program must be ASCII');
  const L = lauxlib.luaL_newstate();
  try {
    lualib.luaL_openlibs(L);
    if (lauxlib.luaL_dostring(L, PRELUDE) !== LUA_OK) throw new Error('wasm prelude failed: ' + lua.lua_tostring(L, -1));
    lua.lua_settop(L, 0);
    let error: string | undefined;
    let status: number = lauxlib.luaL_loadbuffer(L, program, program.length, chunkName);
    if (status === LUA_OK) status = lua.lua_pcall(L, 0, 0, 0);
    if (status !== LUA_OK) {
      const msg = lua.lua_tostring(L, -1);
      error = msg === null || msg === undefined ? '(error object is not a string)' : msg;
    }
    lua.lua_settop(L, 0);
    lua.lua_getglobal(L, '__wasm_collect_output');
    if (lua.lua_pcall(L, 0, 1, 0) !== LUA_OK) throw new Error('wasm output collection failed: ' + lua.lua_tostring(L, -1));
    const escaped = lua.lua_tostring(L, -1);
    const stdout = escaped.replace(/\\x([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return { stdout, error };
  } finally {
    lua.lua_close(L);
  }
}

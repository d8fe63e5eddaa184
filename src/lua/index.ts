// The Lua 5.1 engine: public entry point. Imports nothing from the rest of the project.
export { LuaState } from './state';
export { normalizeError } from './runtime';
export type { LuaStateOptions, ResumableRun, StepResult } from './state';
export {
  LuaTable, LuaError, LuaUserdata, LuaThreadLike, EMPTY, first, toArray, ret, luaType,
} from './value';
export type { LuaValue, LuaFunction, LuaResult } from './value';
export * as runtime from './runtime';
export { LuaUncatchableError } from './runtime';

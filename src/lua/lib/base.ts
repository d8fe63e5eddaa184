import type { LuaState } from '../state';
export function openBase(L: LuaState): void {
  L.globals.set('_G', L.globals);
  L.globals.set('_VERSION', 'Lua 5.1');
}

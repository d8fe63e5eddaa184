import type { LuaState } from '../state';
export function openDebug(L: LuaState): void { void L; }

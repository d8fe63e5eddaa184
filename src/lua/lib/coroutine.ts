import type { LuaState } from '../state';
export function openCoroutine(L: LuaState): void { void L; }

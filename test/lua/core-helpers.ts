// Helpers for the core engine tests: run a chunk and capture what it printed.
import { LuaState } from '../../src/lua/state';
import { LuaError } from '../../src/lua/value';

export function newState(): { L: LuaState; out: () => string } {
  const chunks: string[] = [];
  const L = new LuaState({ stdout: (s) => chunks.push(s), stderr: () => {} });
  return { L, out: () => chunks.join('') };
}

/** Runs src; returns stdout, or "ERR: <message>" appended when it raised an error. */
export function run(src: string, chunkName = '=t'): string {
  const { L, out } = newState();
  try {
    L.call(L.load(src, chunkName));
    return out();
  } catch (e) {
    if (e instanceof LuaError) return out() + 'ERR: ' + String(e.value);
    throw e;
  }
}

/** The error message a chunk raises (syntax or run time). */
export function errorOf(src: string, chunkName = '=t'): string {
  const { L } = newState();
  try {
    L.call(L.load(src, chunkName));
  } catch (e) {
    if (e instanceof LuaError) return String(e.value);
    throw e;
  }
  return '(no error)';
}

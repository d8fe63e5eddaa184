// Runs a Lua program on our engine (src/lua) in-process and captures what it printed.
// Shared by the golden test, the property test and the benchmark.
//
// The engine is loaded at run time from the compiled tree next to this file
// (dist/src/lua/state.js), through the small interface below, so the test files compile
// and report a clear failure while the engine is still being written.

import * as path from 'node:path';

interface EngineState {
  load(source: string, chunkName: string): unknown;
  call(fn: unknown, ...args: unknown[]): unknown;
}
interface EngineModule {
  LuaState: new (options: { libs: 'all'; stdout: (s: string) => void; stderr: (s: string) => void }) => EngineState;
}

let engine: EngineModule | undefined;
export function loadEngine(): EngineModule {
  if (engine === undefined) {
    // require, not import: the path is resolved at run time (see above).
    engine = require(path.join(__dirname, '..', '..', 'src', 'lua', 'state')) as EngineModule;
    if (typeof engine.LuaState !== 'function') throw new Error('src/lua/state does not export LuaState');
  }
  return engine;
}

export interface EngineRun {
  stdout: string;
  /** What the program wrote to io.stderr (not compared: lua5.1's stderr is the CLI's). */
  stderr: string;
  /** True when load or call threw. */
  threw: boolean;
  /** The Lua error value (LuaError.value) when it threw; a JS error that is not a LuaError is rethrown. */
  errorValue: unknown;
}

export function runInEngine(source: string, chunkName: string): EngineRun {
  const { LuaState } = loadEngine();
  const out: string[] = [];
  const err: string[] = [];
  const L = new LuaState({ libs: 'all', stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  try {
    const fn = L.load(source, chunkName);
    L.call(fn);
    return { stdout: out.join(''), stderr: err.join(''), threw: false, errorValue: undefined };
  } catch (e) {
    if (e !== null && typeof e === 'object' && 'value' in e && (e as { name?: unknown }).name === 'LuaError') {
      return { stdout: out.join(''), stderr: err.join(''), threw: true, errorValue: (e as { value: unknown }).value };
    }
    throw e;
  }
}

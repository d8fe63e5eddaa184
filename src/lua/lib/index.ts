// Opens the standard libraries that live in src/lua/lib (string, table, math, os, io).
// base, coroutine and debug are opened by the core (see state.ts).
//
// Every option defaults to "on, in full" so that `new LuaState()` gets the CLI set; the Redis
// scripting layer asks for { os: 'clock', io: false } (Redis 7.4 exposes only os.clock).

import type { LuaState } from '../state';
import { openString } from './string';
import { openTable } from './table';
import { openMath } from './math';
import { openOs } from './os';
import { openIo } from './io';

export interface StandardLibraryOptions {
  string?: boolean;
  table?: boolean;
  math?: boolean;
  /** 'full' (CLI), 'clock' (a table with only os.clock, as Redis 7.4), false (no os). */
  os?: 'full' | 'clock' | false;
  io?: boolean;
}

export function openStandardLibraries(L: LuaState, opts: StandardLibraryOptions = {}): void {
  if (opts.table !== false) openTable(L);
  if (opts.string !== false) openString(L);
  if (opts.math !== false) openMath(L);
  if (opts.os !== false) openOs(L, opts.os === 'clock' ? 'clock' : 'full');
  if (opts.io !== false) openIo(L);
}

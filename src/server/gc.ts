// A full garbage collection on demand (MEMORY PURGE): V8's heap is Ferrous's allocator, and a
// full GC with compaction is what a jemalloc purge is to Redis. Node exposes gc() only with
// --expose-gc; v8.setFlagsFromString can turn the flag on at run time, and a new context then
// gets the gc function (the flag only affects contexts created after it is set).

import * as v8 from 'node:v8';
import * as vm from 'node:vm';

let gcFunction: (() => void) | null | undefined;

/** Runs a full GC; false if this Node offers no way to ask for one. */
export function fullGc(): boolean {
  if (gcFunction === undefined) {
    const global = (globalThis as { gc?: () => void }).gc;
    if (typeof global === 'function') {
      gcFunction = global;
    } else {
      try {
        v8.setFlagsFromString('--expose-gc');
        const fromContext = vm.runInNewContext('gc') as unknown;
        gcFunction = typeof fromContext === 'function' ? fromContext as () => void : null;
      } catch {
        gcFunction = null;
      }
    }
  }
  if (gcFunction === null) return false;
  gcFunction();
  return true;
}

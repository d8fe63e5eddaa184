// Redis's bundled Lua libraries for the Ferrous engine: cjson, cmsgpack, bit, struct.
// openRedisLibraries(L) creates the four global tables, as Redis's scriptingInit does
// (after base, table, string, math).

import type { LuaTable } from '../../lua/value';
import { createBitModule } from './bit';
import { createCjsonModule } from './cjson';
import { createCmsgpackModule } from './cmsgpack';
import { createStructModule } from './struct';

export { CJSON_NULL, createCjsonModule, decodeJson, encodeJson } from './cjson';
export { createCmsgpackModule, packValue, unpackAll } from './cmsgpack';
export { createBitModule } from './bit';
export { createStructModule } from './struct';

/** Anything with a globals table (the engine's LuaState). */
export interface HasGlobals { globals: LuaTable }

/** Creates the global tables cjson, struct, cmsgpack and bit (Redis's loading order). */
export function openRedisLibraries(L: HasGlobals): void {
  const g = L.globals;
  g.set('cjson', createCjsonModule());
  g.set('struct', createStructModule());
  g.set('cmsgpack', createCmsgpackModule());
  g.set('bit', createBitModule());
}

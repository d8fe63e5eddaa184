// Lua AST -> JavaScript source -> new Function. (Being written; see parser.ts.)
import type { LuaTable, LuaFunction } from './value';

export function compileChunk(source: string, chunkName: string): (env: LuaTable) => LuaFunction {
  void source; void chunkName;
  throw new Error('compiler not implemented yet');
}

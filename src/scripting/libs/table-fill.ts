// How the decoders (cjson.decode, cmsgpack.unpack) store a string key into a table they build.
//
// LuaTable keeps string keys either as properties of `p` (its fast representation: compiled
// Lua reads `p[k]` directly) or in the Map `h` with its other keys, never both. Properties won:
// with the key strings reused (recent-keys.ts), records of one shape share V8's hidden
// classes, which measured faster to build than a Map. Two exceptions go to the Map: a key JS
// treats as an array index ("0", "17"; it cannot be a property) and keys past the 64th of one
// object (a wide object builds faster as a Map). `hash` moves any properties to the Map first.

import { LuaTable, newProps, type LuaValue } from '../../lua/value';

const MAX_PROPERTIES = 64;

/** t[key] = v (raw) for a table being filled by a decoder; `nth` = this key's 1-based rank. */
export function storeStringKey(t: LuaTable, key: string, v: LuaValue, nth: number): void {
  if (v === undefined) { t.setStr(key, v); return; } // nil: no entry (removes an earlier one)
  const c0 = key.charCodeAt(0);
  const plain = nth <= MAX_PROPERTIES && !(c0 >= 48 && c0 <= 57);
  const props = t.p;
  if (props !== undefined) {
    if (plain) props[key] = v;
    else t.hash!.set(key, v);
  } else if (t.h !== undefined) {
    t.h.set(key, v);
  } else if (plain) {
    (t.p = newProps())[key] = v;
  } else {
    (t.h = new Map()).set(key, v);
  }
}

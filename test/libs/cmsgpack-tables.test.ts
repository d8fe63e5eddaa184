// cmsgpack.unpack builds tables with string keys as properties or in a Map (table-fill.ts):
// whichever, a table must hold exactly the map's entries, as lua_settable leaves them: the last
// value of a repeated key, no entry for a nil value (and a later nil removes an earlier key),
// keys that look like numbers ("17") kept as strings apart from the number 17.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LuaTable, type LuaValue } from '../../src/lua/value';
import { packValue, unpackAll } from '../../src/scripting/libs/cmsgpack';
import { mulberry32 } from '../support/prng';

function fixstr(s: string): string {
  return String.fromCharCode(0xa0 | s.length) + s;
}

/** A msgpack map of [key, value] pairs; a value of null stands for nil (0xc0). */
function mapBytes(pairs: [string | number, number | null][]): string {
  let out = pairs.length < 16 ? String.fromCharCode(0x80 | pairs.length) : '\xde' + String.fromCharCode(pairs.length >> 8, pairs.length & 0xff);
  for (const [k, v] of pairs) {
    out += typeof k === 'string' ? fixstr(k) : String.fromCharCode(k); // numbers: positive fixint
    out += v === null ? '\xc0' : String.fromCharCode(v);
  }
  return out;
}

/** What lua_settable leaves after storing the pairs in order into an empty table. */
function expected(pairs: [string | number, number | null][]): Map<string | number, number> {
  const m = new Map<string | number, number>();
  for (const [k, v] of pairs) {
    if (v === null) m.delete(k); else m.set(k, v);
  }
  return m;
}

function entries(t: LuaTable): Map<unknown, LuaValue> {
  const m = new Map<unknown, LuaValue>();
  for (let k = t.next(undefined); k !== undefined; k = t.next(k[0])) m.set(k[0], k[1]);
  return m;
}

test('unpacked maps hold exactly the entries lua_settable would leave', () => {
  const rnd = mulberry32(5);
  const names = ['a', 'b', 'name', '17', '0', '1x', '__proto__', 'constructor', ''];
  for (let i = 0; i < 500; i++) {
    const n = Math.floor(rnd() * (i % 10 === 0 ? 120 : 12));
    const pairs: [string | number, number | null][] = [];
    for (let j = 0; j < n; j++) {
      const r = rnd();
      const k = r < 0.5 ? names[Math.floor(rnd() * names.length)] : r < 0.9 ? `k${Math.floor(rnd() * 200)}` : 1 + Math.floor(rnd() * 5);
      pairs.push([k, rnd() < 0.15 ? null : Math.floor(rnd() * 100)]);
    }
    const t = unpackAll(mapBytes(pairs))[0] as LuaTable;
    const want = expected(pairs);
    const got = entries(t);
    assert.equal(got.size, want.size, JSON.stringify(pairs));
    for (const [k, v] of want) assert.equal(got.get(k), v, `key ${String(k)} of ${JSON.stringify(pairs)}`);
    // Packing it again gives the same entries back.
    const again = entries(unpackAll(packValue(t))[0] as LuaTable);
    assert.deepEqual([...again].sort(), [...got].sort());
  }
});

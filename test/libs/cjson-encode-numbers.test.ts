// cjson.encode writes some numbers without going through formatG (small integers digit by
// digit, short decimals such as 108.49 from their integer digits). Whatever the path, the text
// must be formatG's "%.<precision>g", which test/scripting/libs-numbers.test.ts checks against
// C's printf as recorded from lua5.1. This test compares the two for every precision on
// numbers made to hit the shortcuts and their edges: decimals with 1..8 places, values near
// the 1e-4 and 1e9 bounds, long mantissas, negative values, -0, integers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LuaTable } from '../../src/lua/value';
import { defaultConfig, encodeJson } from '../../src/scripting/libs/cjson';
import { formatG } from '../../src/scripting/libs/fpconv';
import { mulberry32 } from '../support/prng';

function numbers(): number[] {
  const rnd = mulberry32(99);
  const out: number[] = [0, -0, 1, -1, 0.1, 0.5, 1e-4, 1.5e-4, 0.0001234, 9.9999e-5, 999999999.5, 1e9 - 0.001, 1e9 + 0.5,
    123456789.123456, 0.000123456, 108.49, 1.005, 2.675, 0.3, 0.1 + 0.2, 1 / 3, 2 / 3, 1e-7, 123.456789012345678];
  for (let i = 0; i < 20000; i++) {
    const r = rnd();
    const places = Math.floor(rnd() * 9);
    const magnitude = 10 ** Math.floor(rnd() * 13 - 5);
    let n: number;
    if (r < 0.6) n = Math.round(rnd() * magnitude * 10 ** places) / 10 ** places;
    else if (r < 0.8) n = Math.round(rnd() * 1e9 * 10 ** places) / 10 ** places;
    else n = rnd() * magnitude;
    out.push(rnd() < 0.3 ? -n : n);
  }
  return out;
}

test('cjson.encode writes every number as formatG at every precision', () => {
  const list = numbers();
  for (let precision = 1; precision <= 14; precision++) {
    const cfg = { ...defaultConfig(), encodeNumberPrecision: precision };
    for (const n of list) {
      const expected = formatG(n, precision);
      assert.equal(encodeJson(n, cfg), expected, `${n} at precision ${precision}`);
    }
    // Inside a table too (the buffer already holds bytes before the number).
    assert.equal(encodeJson(new LuaTable([list[30], list[31]]), cfg),
      `[${formatG(list[30], precision)},${formatG(list[31], precision)}]`);
  }
});

// integerText must print exactly what String(n) prints (it only avoids V8's number-string cache).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { integerText } from '../../src/store/number-text';

test('integerText equals String(n) around every power of ten and at the edges', () => {
  const cases: number[] = [0, -0, 1, -1, 999, 1000, -999, -1000, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, 2 ** 63, 1e21, 0.5, -2.5, NaN, Infinity, -Infinity];
  for (let p = 1; p < 1e17; p *= 10) for (const d of [-2, -1, 0, 1, 2]) cases.push(p + d, -(p + d));
  for (const n of cases) assert.equal(integerText(n), String(n), `n = ${n}`);
});

test('integerText equals String(n) for random integers of every length', () => {
  let seed = 12345;
  const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  for (let i = 0; i < 200_000; i++) {
    const digits = 1 + Math.floor(random() * 16);
    const n = Math.floor(random() * 10 ** digits) * (random() < 0.5 ? -1 : 1);
    assert.equal(integerText(n), String(n));
  }
});

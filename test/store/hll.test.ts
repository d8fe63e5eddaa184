// HyperLogLog structure tests (src/store/hll.ts): encode/decode round trips of both layouts,
// sparse -> dense promotion, and estimates within Redis's documented error (0.81% standard
// error; we allow 4 sigma). Exact agreement with Redis's counts is checked by the goldens
// (test/golden/redis/hyperloglog.txt).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  emptyHll, hllAdd, hllCount, encodeHll, decodeHll, isHllString, mergeInto, HLL_REGISTERS,
  HLL_DENSE_SIZE, murmurHash64A,
} from '../../src/store/hll';

test('MurmurHash64A is deterministic, 64-bit and seed dependent', () => {
  const a = murmurHash64A('hello', 0xadc83b19);
  assert.equal(a, murmurHash64A('hello', 0xadc83b19));
  assert.notEqual(a, murmurHash64A('hello', 1));
  assert.notEqual(a, murmurHash64A('hellp', 0xadc83b19));
  assert.ok(a >= 0n && a < 1n << 64n);
  // Every tail length (len & 7) and a multi-block key hash to distinct values.
  const seen = new Set<bigint>();
  for (let n = 0; n < 24; n++) seen.add(murmurHash64A('x'.repeat(n), 0xadc83b19));
  assert.equal(seen.size, 24);
});

test('sparse and dense encodings round-trip, sparse promotes to dense when it grows', () => {
  const h = emptyHll();
  const empty = encodeHll(h);
  assert.ok(isHllString(empty));
  assert.equal(empty.charCodeAt(4), 1); // sparse
  assert.equal(empty.length, 16 + 2); // one XZERO opcode covers all 16384 registers
  for (let i = 0; i < 50; i++) hllAdd(h, 'e' + i);
  const sparse = encodeHll(h);
  assert.equal(sparse.charCodeAt(4), 1);
  assert.deepEqual(decodeHll(sparse)!.registers, h.registers);
  for (let i = 0; i < 5000; i++) hllAdd(h, 'f' + i);
  const dense = encodeHll(h);
  assert.equal(dense.charCodeAt(4), 0);
  assert.equal(dense.length, HLL_DENSE_SIZE);
  const back = decodeHll(dense)!;
  assert.deepEqual(back.registers, h.registers);
  assert.equal(hllCount(back.registers), hllCount(h.registers));
  assert.equal(decodeHll('HYLL\x01\x00\x00\x00' + '\x00'.repeat(8) + '\x10'), null); // 17 registers only
});

test('estimates stay within Redis error bounds; merge is a union', () => {
  const a = emptyHll(), b = emptyHll();
  const n = 100000;
  for (let i = 0; i < n; i++) hllAdd(i % 2 === 0 ? a : b, 'item:' + i);
  const max = new Uint8Array(HLL_REGISTERS);
  mergeInto(max, a.registers);
  mergeInto(max, b.registers);
  const est = hllCount(max);
  assert.ok(Math.abs(est - n) / n < 4 * 0.0081, `estimate ${est} for ${n}`);
  const half = hllCount(a.registers);
  assert.ok(Math.abs(half - n / 2) / (n / 2) < 4 * 0.0081, `estimate ${half} for ${n / 2}`);
  assert.equal(hllCount(emptyHll().registers), 0);
  const small = emptyHll();
  for (let i = 0; i < 10; i++) hllAdd(small, String(i));
  assert.equal(hllCount(small.registers), 10);
});

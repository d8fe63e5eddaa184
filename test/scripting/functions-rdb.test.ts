// The RDB string encodings of src/scripting/rdb.ts that the recorded payloads do not reach
// (library code always starts with "#!", so Redis never integer-encodes it, and no library is
// 4 GB): integer encodings and 32/64-bit lengths, as the RDB format defines them
// (rdbSaveLen / rdbEncodeInteger / rdbLoadLenByRef in Redis's rdb.c).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { RdbReader, RdbReadError, rdbLen, rdbString } from '../../src/store/rdb';

const bytes = (...b: number[]) => String.fromCharCode(...b);

test('lengths: 6-bit, 14-bit (big-endian), 32-bit, 64-bit', () => {
  assert.equal(rdbLen(0), bytes(0x00));
  assert.equal(rdbLen(63), bytes(0x3f));
  assert.equal(rdbLen(64), bytes(0x40, 0x40));
  assert.equal(rdbLen(16383), bytes(0x7f, 0xff));
  assert.equal(rdbLen(16384), bytes(0x80, 0x00, 0x00, 0x40, 0x00));
  assert.equal(rdbLen(2 ** 32), bytes(0x81, 0, 0, 0, 1, 0, 0, 0, 0));
  for (const n of [0, 63, 64, 16383, 16384, 70000, 2 ** 32]) {
    assert.deepEqual(new RdbReader(rdbLen(n)).len(), [n, false]);
  }
});

test('integer-encoded strings (rdbTryIntegerEncoding): canonical decimals within 32 bits', () => {
  assert.equal(rdbString('0'), bytes(0xc0, 0x00));
  assert.equal(rdbString('-1'), bytes(0xc0, 0xff));
  assert.equal(rdbString('127'), bytes(0xc0, 0x7f));
  assert.equal(rdbString('128'), bytes(0xc1, 0x80, 0x00));
  assert.equal(rdbString('-32768'), bytes(0xc1, 0x00, 0x80));
  assert.equal(rdbString('32768'), bytes(0xc2, 0x00, 0x80, 0x00, 0x00));
  assert.equal(rdbString('-2147483648'), bytes(0xc2, 0x00, 0x00, 0x00, 0x80));
  // Not canonical or too big: stored as plain strings.
  assert.equal(rdbString('2147483648'), bytes(10) + '2147483648');
  assert.equal(rdbString('007'), bytes(3) + '007');
  assert.equal(rdbString('-0'), bytes(2) + '-0');
  for (const s of ['0', '-1', '127', '128', '-32768', '32768', '-2147483648', '2147483648', '007']) {
    assert.equal(new RdbReader(rdbString(s)).string(), s);
  }
});

test('short or corrupt input is a read error, not a crash', () => {
  assert.throws(() => new RdbReader(bytes(0x45)).string(), RdbReadError);
  assert.throws(() => new RdbReader(bytes(0x82)).len(), RdbReadError);
  assert.throws(() => new RdbReader(bytes(0xc4)).string(), RdbReadError);
  assert.throws(() => new RdbReader(bytes(0xc3, 0x02, 0x05, 0xff, 0xff)).string(), RdbReadError);
});

// Randomized model tests of the container data structures (src/store/t_*.ts): long seeded
// sequences of operations run against our structure and against a plain JS model (array,
// Map, Set, sorted array); after every step the observable state must agree, and the
// skiplist's spans must give the right rank for every node.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ListObject } from '../../src/store/t_list';
import { HashObject } from '../../src/store/t_hash';
import { SetObject } from '../../src/store/t_set';
import { ZSetObject } from '../../src/store/t_zset';
import { mulberry32 } from '../support/prng';

test('ListObject behaves as an array under random deque and middle operations', () => {
  const rnd = mulberry32(1);
  const int = (n: number) => Math.floor(rnd() * n);
  const list = new ListObject();
  let model: string[] = [];
  for (let step = 0; step < 20000; step++) {
    const op = int(10);
    const v = 'v' + int(50);
    if (op === 0) { list.pushHead(v); model.unshift(v); }
    else if (op === 1) { list.pushTail(v); model.push(v); }
    else if (op === 2) assert.equal(list.popHead(), model.shift());
    else if (op === 3) assert.equal(list.popTail(), model.pop());
    else if (op === 4 && model.length > 0) {
      const i = int(model.length);
      list.set(i, v);
      model[i] = v;
    } else if (op === 5) {
      const i = int(model.length + 1);
      list.insertAt(i, v);
      model.splice(i, 0, v);
    } else if (op === 6 && model.length > 0) {
      const i = int(model.length);
      assert.equal(list.removeAt(i), model[i]);
      model.splice(i, 1);
    } else if (op === 7) {
      const limit = int(3) === 0 ? Infinity : 1 + int(3);
      const fromTail = int(2) === 0;
      const removed = list.removeWhere((s) => s !== v, limit, fromTail);
      let count = 0;
      const idx: number[] = [];
      const order = model.map((_, i) => i);
      if (fromTail) order.reverse();
      for (const i of order) if (model[i] === v && count < limit) { idx.push(i); count++; }
      model = model.filter((_, i) => !idx.includes(i));
      assert.equal(removed, count);
    } else if (op === 8 && model.length > 0 && int(20) === 0) {
      const a = int(model.length), b = int(model.length);
      list.trim(Math.min(a, b), Math.max(a, b));
      model = model.slice(Math.min(a, b), Math.max(a, b) + 1);
    } else if (op === 9 && model.length > 0) {
      const i = int(model.length);
      assert.equal(list.get(i), model[i]);
    }
    assert.equal(list.length, model.length);
    if (step % 97 === 0) assert.deepEqual(list.toArray(), model);
  }
  assert.deepEqual(list.toArray(), model);
  assert.deepEqual(list.dup().toArray(), model);
});

test('ListObject encoding: listpack until 8 KB packed, quicklist above, back at half', () => {
  const list = new ListObject();
  const push = (s: string) => { list.beforeAppend(s.length); list.pushTail(s); };
  for (let i = 0; i < 100; i++) push('x'.repeat(10));
  assert.equal(list.encoding(), 'listpack');
  for (let i = 0; i < 1000; i++) push('x'.repeat(10));
  assert.equal(list.encoding(), 'quicklist');
  while (list.length > 100) list.popTail();
  assert.equal(list.encoding(), 'listpack');
  // One element that would cross the limit converts before it is added (raw length counted).
  const big = new ListObject();
  big.beforeAppend(8200);
  assert.equal(big.encoding(), 'quicklist');
  const built = new ListObject();
  for (let i = 0; i < 10; i++) built.pushTail('y');
  built.settleEncoding();
  assert.equal(built.encoding(), 'listpack');
});

test('HashObject keeps insertion order, sizes and encoding thresholds', () => {
  const rnd = mulberry32(2);
  const int = (n: number) => Math.floor(rnd() * n);
  const h = new HashObject();
  const model = new Map<string, string>();
  for (let step = 0; step < 10000; step++) {
    const f = 'f' + int(60);
    if (int(3) === 0) assert.equal(h.delete(f), model.delete(f));
    else {
      const v = 'v' + int(1000);
      assert.equal(h.set(f, v), !model.has(f));
      model.set(f, v);
    }
    assert.equal(h.size, model.size);
  }
  assert.deepEqual(h.entries(), [...model]);
  assert.equal(h.encoding(), 'listpack');
  h.set('long', 'x'.repeat(65));
  assert.equal(h.encoding(), 'hashtable');
  const big = new HashObject();
  // hash-max-listpack-entries: 512 by default (redis-server 7.0.15 CONFIG GET), not zsets' 128.
  for (let i = 0; i < 512; i++) big.set('f' + i, 'v');
  assert.equal(big.encoding(), 'listpack');
  big.set('f512', 'v');
  assert.equal(big.encoding(), 'hashtable');
});

test('SetObject: membership model, intset order, encodings, random members', () => {
  const rnd = mulberry32(3);
  const int = (n: number) => Math.floor(rnd() * n);
  const s = new SetObject();
  const model = new Set<string>();
  for (let step = 0; step < 20000; step++) {
    const m = int(4) === 0 ? 'm' + int(300) : String(int(600) - 300);
    if (int(3) === 0) assert.equal(s.delete(m), model.delete(m));
    else assert.equal(s.add(m), !model.has(m) && (model.add(m), true));
    assert.equal(s.size, model.size);
    if (step % 101 === 0) {
      assert.deepEqual([...s.members].sort(), [...model].sort());
      for (const x of model) assert.ok(s.has(x));
    }
  }
  assert.equal(s.encoding(), 'hashtable');
  const r = s.random();
  assert.ok(r !== undefined && model.has(r));

  const ints = new SetObject();
  for (const v of ['5', '-3', '10', '0', '-9223372036854775808', '9223372036854775807', '7']) ints.add(v);
  assert.equal(ints.encoding(), 'intset');
  assert.deepEqual(ints.members, ['-9223372036854775808', '-3', '0', '5', '7', '10', '9223372036854775807']);
  ints.add('abc');
  assert.equal(ints.encoding(), 'listpack');
  assert.deepEqual(ints.members.slice(-2), ['9223372036854775807', 'abc']);
  ints.delete('0');
  assert.deepEqual(ints.members, ['-9223372036854775808', '-3', '5', '7', '10', '9223372036854775807', 'abc']);
  const copy = s.dup();
  assert.equal(copy.encoding(), s.encoding());
  assert.deepEqual(copy.members, s.members);
  copy.delete(copy.members[0]);
  assert.equal(copy.size, s.size - 1); // a deep copy: the original is untouched
  const many = new SetObject();
  for (let i = 0; i < 512; i++) many.add(String(i));
  assert.equal(many.encoding(), 'intset');
  many.add('512');
  assert.equal(many.encoding(), 'hashtable');
});

/** Checks every node's rank, byRank, backward links and the length of the skiplist. */
function checkSkiplist(z: ZSetObject, sorted: Array<[number, string]>): void {
  assert.equal(z.zsl.length, sorted.length);
  let i = 0;
  let prev = null;
  for (let n = z.zsl.first(); n !== null; n = n.next, i++) {
    assert.equal(n.score, sorted[i][0]);
    assert.equal(n.member, sorted[i][1]);
    assert.equal(n.backward, prev);
    assert.equal(z.rank(n.member), i);
    assert.equal(z.at(i), n);
    prev = n;
  }
  assert.equal(z.zsl.tail, prev);
  assert.equal(i, sorted.length);
}

test('ZSetObject: skiplist order, spans and ranks against a sorted array', () => {
  const rnd = mulberry32(4);
  const int = (n: number) => Math.floor(rnd() * n);
  const z = new ZSetObject();
  const model = new Map<string, number>();
  const sortedModel = () => [...model].map(([m, s]) => [s, m] as [number, string])
    .sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  for (let step = 0; step < 20000; step++) {
    const m = 'm' + int(400);
    const op = int(4);
    if (op === 0) assert.equal(z.delete(m), model.delete(m));
    else {
      const score = int(5) === 0 ? int(3) : int(200) / 4 - 10;
      assert.equal(z.add(m, score), !model.has(m));
      model.set(m, score);
    }
    assert.equal(z.size, model.size);
    if (step % 211 === 0) checkSkiplist(z, sortedModel());
  }
  const sorted = sortedModel();
  checkSkiplist(z, sorted);
  // Range searches agree with a linear filter.
  for (let k = 0; k < 200; k++) {
    const a = int(200) / 4 - 10, b = int(200) / 4 - 10;
    const r = { min: Math.min(a, b), max: Math.max(a, b), minex: int(2) === 0, maxex: int(2) === 0 };
    const inRange = sorted.filter(([s]) => (r.minex ? s > r.min : s >= r.min) && (r.maxex ? s < r.max : s <= r.max));
    const first = z.zsl.firstInRange(r), last = z.zsl.lastInRange(r);
    assert.equal(first?.member ?? null, inRange.length ? inRange[0][1] : null);
    assert.equal(last?.member ?? null, inRange.length ? inRange[inRange.length - 1][1] : null);
  }
  checkSkiplist(z.dup(), sorted);
});

test('ZSetObject encoding thresholds', () => {
  const z = new ZSetObject();
  for (let i = 0; i < 128; i++) z.add('m' + i, i);
  assert.equal(z.encoding(), 'listpack');
  z.add('m128', 1);
  assert.equal(z.encoding(), 'skiplist');
  const w = new ZSetObject();
  w.add('x'.repeat(65), 1);
  assert.equal(w.encoding(), 'skiplist');
});

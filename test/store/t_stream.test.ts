// The stream structure (src/store/t_stream.ts) against a plain sorted-array model: long seeded
// random sequences of appends, deletions, exact and approximate trims and range reads. The
// model is written from Redis's documented semantics, not from the implementation:
// - exact MAXLEN n keeps the newest n entries, exact MINID id drops every entry below id;
// - approximate trims only drop a prefix, never below the exact target, and never drop
//   anything when fewer than a whole node (stream-node-max-entries) could go;
// - XDEL removes one id; ranges return live entries in id order.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  StreamObject, compareId, idToString, incrId, decrId, TRIM_MAXLEN, TRIM_MINID, MIN_ID, MAX_ID,
  type StreamID, type TrimArgs,
} from '../../src/store/t_stream';
import { mulberry32 } from '../support/prng';

const id = (ms: number, seq = 0): StreamID => ({ ms: BigInt(ms), seq: BigInt(seq) });
const ids = (list: readonly StreamID[]) => list.map(idToString);

function trimArgs(over: Partial<TrimArgs>): TrimArgs {
  return { strategy: TRIM_MAXLEN, approx: false, limit: 0, maxlen: 0, minid: MIN_ID, ...over };
}

test('id helpers: order, successor and predecessor at the 64-bit edges', () => {
  assert.equal(compareId(id(1, 2), id(1, 3)), -1);
  assert.equal(compareId(id(2, 0), id(1, 99)), 1);
  assert.equal(compareId(MAX_ID, MAX_ID), 0);
  assert.equal(idToString(MAX_ID), '18446744073709551615-18446744073709551615');
  assert.equal(incrId(MAX_ID), null);
  assert.equal(decrId(MIN_ID), null);
  assert.equal(idToString(incrId({ ms: 5n, seq: 0xffffffffffffffffn })!), '6-0');
  assert.equal(idToString(decrId(id(6, 0))!), '5-18446744073709551615');
});

test('nextId: auto ids never go back, ms-* continues the sequence, explicit ids must grow', () => {
  const s = new StreamObject();
  assert.deepEqual(s.nextId(id(0, 0), true, 0), 'edom');
  const a = s.nextId(null, true, 1000) as StreamID;
  assert.equal(idToString(a), '1000-0');
  s.append(a, ['f', 'v']);
  // The clock went backwards: the sequence continues.
  assert.equal(idToString(s.nextId(null, true, 900) as StreamID), '1000-1');
  assert.equal(idToString(s.nextId(id(1000), false, 0) as StreamID), '1000-1');
  assert.equal(idToString(s.nextId(id(2000), false, 0) as StreamID), '2000-0');
  assert.equal(s.nextId(id(1000, 0), true, 0), 'edom');
  assert.equal(s.nextId(id(999), false, 0), 'edom');
});

test('random appends, deletions, trims and ranges agree with an array model', () => {
  for (const seed of [1, 2, 3]) {
    const rnd = mulberry32(seed);
    const int = (n: number) => Math.floor(rnd() * n);
    const s = new StreamObject();
    // Small nodes so whole-node trimming happens often.
    const limits = { maxBytes: 4096, maxEntries: 1 + int(8) };
    let model: { id: StreamID; fields: string[] }[] = [];
    let nextMs = 1;
    for (let step = 0; step < 4000; step++) {
      const op = int(10);
      if (op < 5) {
        nextMs += int(3);
        const want = s.nextId(id(nextMs), false, 0);
        assert.notEqual(want, 'edom');
        const fields = int(2) === 0 ? ['f', String(step)] : ['g', String(step), 'h', 'x'];
        assert.equal(s.append(want as StreamID, fields, limits), null);
        model.push({ id: want as StreamID, fields });
      } else if (op === 5 && model.length > 0) {
        const victim = int(3) === 0 ? id(nextMs + 1) : model[int(model.length)].id;
        const expected = model.some((e) => compareId(e.id, victim) === 0);
        assert.equal(s.deleteId(victim), expected);
        model = model.filter((e) => compareId(e.id, victim) !== 0);
      } else if (op === 6) {
        const maxlen = int(model.length + 2);
        const approx = int(2) === 0;
        const before = model.length;
        const removed = s.trim(trimArgs({ strategy: TRIM_MAXLEN, maxlen, approx }));
        if (!approx) {
          assert.equal(removed, Math.max(0, before - maxlen));
        } else {
          assert.ok(before - removed >= Math.min(before, maxlen), 'approximate MAXLEN never goes below the target');
        }
        model = model.slice(removed);
      } else if (op === 7 && model.length > 0) {
        const pivot = model[int(model.length)].id;
        const approx = int(2) === 0;
        const removed = s.trim(trimArgs({ strategy: TRIM_MINID, minid: pivot, approx }));
        const below = model.filter((e) => compareId(e.id, pivot) < 0).length;
        if (!approx) assert.equal(removed, below);
        else assert.ok(removed <= below, 'approximate MINID only drops ids below the minimum');
        model = model.slice(removed);
      } else {
        // Range read with random bounds, both directions.
        const lo = id(int(nextMs + 2), int(2));
        const hi = id(int(nextMs + 2), int(3));
        const count = int(4);
        const rev = int(2) === 0;
        let expected = model.filter((e) => compareId(e.id, lo) >= 0 && compareId(e.id, hi) <= 0);
        if (rev) expected = expected.reverse();
        if (count !== 0) expected = expected.slice(0, count);
        const got = s.range(lo, hi, count, rev);
        assert.deepEqual(ids(got), ids(expected.map((e) => e.id)), `range step ${step}`);
        assert.deepEqual(got.map((e) => e.fields), expected.map((e) => e.fields));
      }
      assert.equal(s.length, model.length, `length at step ${step} (seed ${seed})`);
      if (model.length > 0) {
        assert.equal(idToString(s.firstId), idToString(model[0].id), `first id at step ${step}`);
        assert.equal(idToString(s.lastEntry()!), idToString(model[model.length - 1].id));
      }
    }
    assert.deepEqual(ids(s.range(MIN_ID, MAX_ID, 0, false)), ids(model.map((e) => e.id)));
  }
});

test('approximate trimming removes whole nodes only', () => {
  const s = new StreamObject();
  const limits = { maxBytes: 4096, maxEntries: 10 };
  for (let i = 1; i <= 35; i++) s.append(id(i), ['f', 'v'], limits);
  assert.equal(s.nodeCount(), 4);
  // 35 entries in nodes of 10, 10, 10, 5: MAXLEN ~ 20 can drop only the first node.
  assert.equal(s.trim(trimArgs({ maxlen: 20, approx: true })), 10);
  assert.equal(s.trim(trimArgs({ maxlen: 20, approx: true })), 0);
  // LIMIT caps the work: a node of 10 does not fit in a limit of 5.
  assert.equal(s.trim(trimArgs({ maxlen: 0, approx: true, limit: 5 })), 0);
  // MINID ~ drops a node only when its last id (tombstones included) is below the minimum.
  s.deleteId(id(20));
  assert.equal(s.trim(trimArgs({ strategy: TRIM_MINID, minid: id(20), approx: true })), 0);
  assert.equal(s.trim(trimArgs({ strategy: TRIM_MINID, minid: id(21), approx: true })), 9);
  assert.equal(s.length, 15);
  // Deleting every live entry of a node frees the node.
  for (let i = 21; i <= 30; i++) s.deleteId(id(i));
  assert.equal(s.nodeCount(), 1);
  assert.equal(idToString(s.firstId), '31-0');
});

test('dup is deep: groups, PELs and entries are independent copies', () => {
  const s = new StreamObject();
  s.append(id(1), ['a', '1']);
  s.append(id(2), ['b', '2']);
  const g = s.createGroup('g', MIN_ID, -1)!;
  assert.equal(s.createGroup('g', MIN_ID, -1), undefined);
  const copy = s.dup();
  s.deleteId(id(1));
  g.lastId = id(2);
  assert.equal(copy.length, 2);
  assert.equal(idToString(copy.getGroup('g')!.lastId), '0-0');
  assert.equal(copy.memoryUsage() > 0, true);
});

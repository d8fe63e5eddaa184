// Randomized model tests of the list, hash, set and sorted-set commands: long seeded random
// command sequences run through the engine (engine.command, RESP3 values) and against a
// simple reference model written from the Redis documentation (arrays, Maps, sorted
// arrays). Every reply must match the model's answer. Bounded: a fixed number of steps.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createEngine } from '../../src/index';
import { mulberry32 } from '../support/prng';

type Engine = ReturnType<typeof createEngine>;

function run(engine: Engine, argv: string[]): unknown {
  try {
    return engine.command(...argv);
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Redis index normalisation for LRANGE/ZRANGE-style [start, end]; null when empty. */
function normRange(start: number, end: number, len: number): [number, number] | null {
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (start > end || start >= len) return null;
  if (end >= len) end = len - 1;
  return [start, end];
}

test('list commands agree with an array model', () => {
  const engine = createEngine();
  try {
    const rnd = mulberry32(11);
    const int = (n: number) => Math.floor(rnd() * n);
    const keys = ['l1', 'l2'];
    const model = new Map<string, string[]>();
    const get = (k: string) => model.get(k) ?? [];
    const put = (k: string, l: string[]) => { if (l.length) model.set(k, l); else model.delete(k); };
    for (let step = 0; step < 6000; step++) {
      const k = keys[int(2)];
      const l = get(k).slice();
      const v = 'e' + int(8);
      const op = int(12);
      let argv: string[];
      let expected: unknown;
      if (op === 0 || op === 1) {
        const vals = Array.from({ length: 1 + int(3) }, () => 'e' + int(8));
        argv = [op === 0 ? 'LPUSH' : 'RPUSH', k, ...vals];
        for (const x of vals) if (op === 0) l.unshift(x); else l.push(x);
        put(k, l);
        expected = l.length;
      } else if (op === 2 || op === 3) {
        const withCount = int(2) === 0;
        const count = int(4);
        argv = [op === 2 ? 'LPOP' : 'RPOP', k, ...(withCount ? [String(count)] : [])];
        if (!model.has(k)) expected = null;
        else if (!withCount) { expected = op === 2 ? l.shift() : l.pop(); put(k, l); }
        else {
          const out: string[] = [];
          for (let i = 0; i < count && l.length; i++) out.push((op === 2 ? l.shift() : l.pop())!);
          put(k, l);
          expected = out;
        }
      } else if (op === 4) {
        const a = int(12) - 6, b = int(12) - 6;
        argv = ['LRANGE', k, String(a), String(b)];
        const r = normRange(a, b, l.length);
        expected = r === null ? [] : l.slice(r[0], r[1] + 1);
      } else if (op === 5) {
        const i = int(10) - 5;
        argv = ['LINDEX', k, String(i)];
        const j = i < 0 ? l.length + i : i;
        expected = j >= 0 && j < l.length ? l[j] : null;
      } else if (op === 6) {
        const i = int(8) - 4;
        argv = ['LSET', k, String(i), v];
        const j = i < 0 ? l.length + i : i;
        if (!model.has(k)) expected = { error: 'ERR no such key' };
        else if (j < 0 || j >= l.length) expected = { error: 'ERR index out of range' };
        else { l[j] = v; put(k, l); expected = 'OK'; }
      } else if (op === 7) {
        const after = int(2) === 0;
        const pivot = 'e' + int(8);
        argv = ['LINSERT', k, after ? 'AFTER' : 'BEFORE', pivot, v];
        const at = l.indexOf(pivot);
        if (!model.has(k)) expected = 0;
        else if (at < 0) expected = -1;
        else { l.splice(after ? at + 1 : at, 0, v); put(k, l); expected = l.length; }
      } else if (op === 8) {
        const count = int(5) - 2;
        argv = ['LREM', k, String(count), v];
        const limit = count === 0 ? Infinity : Math.abs(count);
        const idx = l.map((_, i) => i);
        if (count < 0) idx.reverse();
        const drop = new Set<number>();
        for (const i of idx) if (l[i] === v && drop.size < limit) drop.add(i);
        put(k, l.filter((_, i) => !drop.has(i)));
        expected = drop.size;
      } else if (op === 9) {
        const a = int(10) - 3, b = int(10) - 3;
        argv = ['LTRIM', k, String(a), String(b)];
        const r = normRange(a, b, l.length);
        put(k, r === null ? [] : l.slice(r[0], r[1] + 1));
        expected = 'OK';
      } else if (op === 10) {
        const from = int(2) === 0 ? 'LEFT' : 'RIGHT', to = int(2) === 0 ? 'LEFT' : 'RIGHT';
        const dst = keys[int(2)];
        argv = ['LMOVE', k, dst, from, to];
        if (!model.has(k)) expected = null;
        else {
          const x = (from === 'LEFT' ? l.shift() : l.pop())!;
          put(k, l);
          const d = get(dst).slice();
          if (to === 'LEFT') d.unshift(x); else d.push(x);
          put(dst, d);
          expected = x;
        }
      } else {
        const rank = [1, 2, -1, -2][int(4)];
        argv = ['LPOS', k, v, 'RANK', String(rank), 'COUNT', String(int(3))];
        const count = Number(argv[6]);
        const idx = l.map((_, i) => i);
        if (rank < 0) idx.reverse();
        const matches = idx.filter((i) => l[i] === v).slice(Math.abs(rank) - 1);
        expected = count === 0 ? matches : matches.slice(0, count);
      }
      assert.deepEqual(run(engine, argv), expected, `step ${step}: ${argv.join(' ')}`);
      if (step % 50 === 0) {
        for (const kk of keys) {
          assert.deepEqual(run(engine, ['LRANGE', kk, '0', '-1']), get(kk), `step ${step} state of ${kk}`);
          assert.equal(run(engine, ['EXISTS', kk]), model.has(kk) ? 1 : 0);
        }
      }
    }
  } finally {
    engine.close();
  }
});

test('hash commands agree with a Map model', () => {
  const engine = createEngine();
  try {
    const rnd = mulberry32(12);
    const int = (n: number) => Math.floor(rnd() * n);
    const model = new Map<string, string>();
    for (let step = 0; step < 5000; step++) {
      const f = 'f' + int(20);
      const op = int(6);
      let argv: string[];
      let expected: unknown;
      if (op === 0) {
        const v = 'v' + int(100);
        argv = ['HSET', 'h', f, v];
        expected = model.has(f) ? 0 : 1;
        model.set(f, v);
      } else if (op === 1) {
        argv = ['HDEL', 'h', f];
        expected = model.delete(f) ? 1 : 0;
      } else if (op === 2) {
        const by = int(21) - 10;
        argv = ['HINCRBY', 'h', f, String(by)];
        const cur = model.get(f);
        if (cur !== undefined && !/^-?\d+$/.test(cur)) expected = { error: 'ERR hash value is not an integer' };
        else { const n = Number(cur ?? 0) + by; model.set(f, String(n)); expected = n; }
      } else if (op === 3) {
        argv = ['HGET', 'h', f];
        expected = model.get(f) ?? null;
      } else if (op === 4) {
        argv = ['HLEN', 'h'];
        expected = model.size;
      } else {
        argv = ['HSETNX', 'h', f, 'x'];
        expected = model.has(f) ? 0 : 1;
        if (!model.has(f)) model.set(f, 'x');
      }
      assert.deepEqual(run(engine, argv), expected, `step ${step}: ${argv.join(' ')}`);
      if (step % 100 === 0) {
        // A small hash is a listpack: HGETALL is in insertion order, as the Map's.
        assert.deepEqual(run(engine, ['HGETALL', 'h']), new Map(model));
        assert.equal(run(engine, ['EXISTS', 'h']), model.size > 0 ? 1 : 0);
      }
    }
  } finally {
    engine.close();
  }
});

test('set commands agree with a Set model', () => {
  const engine = createEngine();
  try {
    const rnd = mulberry32(13);
    const int = (n: number) => Math.floor(rnd() * n);
    const keys = ['s1', 's2', 's3'];
    const model = new Map<string, Set<string>>();
    const get = (k: string) => model.get(k) ?? new Set<string>();
    const sorted = (it: Iterable<string>) => [...it].sort();
    for (let step = 0; step < 5000; step++) {
      const k = keys[int(3)];
      const m = int(3) === 0 ? 'x' + int(10) : String(int(30));
      const op = int(8);
      let argv: string[];
      let expected: unknown;
      let unordered = false;
      if (op === 0 || op === 1) {
        const ms = Array.from({ length: 1 + int(3) }, () => (int(3) === 0 ? 'x' + int(10) : String(int(30))));
        argv = ['SADD', k, ...ms];
        const s = new Set(get(k));
        let added = 0;
        for (const x of ms) if (!s.has(x)) { s.add(x); added++; }
        model.set(k, s);
        expected = added;
      } else if (op === 2) {
        argv = ['SREM', k, m];
        const s = new Set(get(k));
        expected = s.delete(m) ? 1 : 0;
        if (s.size) model.set(k, s); else model.delete(k);
      } else if (op === 3) {
        argv = ['SISMEMBER', k, m];
        expected = get(k).has(m) ? 1 : 0;
      } else if (op === 4) {
        argv = ['SINTER', keys[0], keys[1]];
        expected = sorted([...get(keys[0])].filter((x) => get(keys[1]).has(x)));
        unordered = true;
      } else if (op === 5) {
        argv = ['SUNION', ...keys];
        expected = sorted(new Set([...get(keys[0]), ...get(keys[1]), ...get(keys[2])]));
        unordered = true;
      } else if (op === 6) {
        argv = ['SDIFF', k, ...keys.filter((x) => x !== k)];
        expected = sorted([...get(k)].filter((x) => !keys.some((o) => o !== k && get(o).has(x))));
        unordered = true;
      } else {
        argv = ['SMOVE', k, keys[int(3)], m];
        const dst = argv[2];
        if (!get(k).has(m)) expected = 0;
        else {
          expected = 1;
          if (dst !== k) {
            const s = new Set(get(k)); s.delete(m);
            if (s.size) model.set(k, s); else model.delete(k);
            const d = new Set(get(dst)); d.add(m); model.set(dst, d);
          }
        }
      }
      let actual = run(engine, argv);
      if (unordered && Array.isArray(actual)) actual = sorted(actual as string[]);
      assert.deepEqual(actual, expected, `step ${step}: ${argv.join(' ')}`);
      if (step % 100 === 0) {
        for (const kk of keys) {
          assert.deepEqual(sorted(run(engine, ['SMEMBERS', kk]) as string[]), sorted(get(kk)));
          assert.equal(run(engine, ['SCARD', kk]), get(kk).size);
        }
      }
    }
    // SPOP with a count removes exactly that many distinct members of the set.
    engine.command('DEL', 's1');
    for (let i = 0; i < 300; i++) engine.command('SADD', 's1', 'm' + i);
    const popped = engine.command('SPOP', 's1', '50') as string[];
    assert.equal(new Set(popped).size, 50);
    assert.equal(engine.command('SCARD', 's1'), 250);
    for (const p of popped) assert.equal(engine.command('SISMEMBER', 's1', p), 0);
    const rand = engine.command('SRANDMEMBER', 's1', '100') as string[];
    assert.equal(new Set(rand).size, 100);
    for (const p of rand) assert.equal(engine.command('SISMEMBER', 's1', p), 1);
    assert.equal((engine.command('SRANDMEMBER', 's1', '-400') as string[]).length, 400);
  } finally {
    engine.close();
  }
});

test('sorted set commands agree with a sorted-array model', () => {
  const engine = createEngine();
  try {
    const rnd = mulberry32(14);
    const int = (n: number) => Math.floor(rnd() * n);
    const scores = new Map<string, number>();
    const ordered = () => [...scores].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (let step = 0; step < 5000; step++) {
      const m = 'm' + int(200);
      const op = int(10);
      let argv: string[];
      let expected: unknown;
      if (op <= 2) {
        const s = int(40) / 2 - 5;
        argv = ['ZADD', 'z', String(s), m];
        expected = scores.has(m) ? 0 : 1;
        scores.set(m, s);
      } else if (op === 3) {
        argv = ['ZREM', 'z', m];
        expected = scores.delete(m) ? 1 : 0;
      } else if (op === 4) {
        const by = int(9) - 4;
        argv = ['ZINCRBY', 'z', String(by), m];
        const s = (scores.get(m) ?? 0) + by;
        scores.set(m, s);
        expected = s;
      } else if (op === 5) {
        argv = ['ZRANK', 'z', m];
        const i = ordered().findIndex(([x]) => x === m);
        expected = i < 0 ? null : i;
      } else if (op === 6) {
        const a = int(20) - 10, b = int(20) - 10;
        argv = ['ZRANGE', 'z', String(a), String(b)];
        const o = ordered();
        const r = normRange(a, b, o.length);
        expected = r === null ? [] : o.slice(r[0], r[1] + 1).map(([x]) => x);
      } else if (op === 7) {
        const lo = int(30) / 2 - 6, hi = lo + int(10);
        const off = int(5), cnt = int(6);
        argv = ['ZRANGEBYSCORE', 'z', '(' + lo, String(hi), 'LIMIT', String(off), String(cnt)];
        expected = ordered().filter(([, s]) => s > lo && s <= hi).slice(off, off + cnt).map(([x]) => x);
      } else if (op === 8) {
        const lo = int(30) / 2 - 6, hi = lo + int(10);
        argv = ['ZCOUNT', 'z', String(lo), '(' + hi];
        expected = ordered().filter(([, s]) => s >= lo && s < hi).length;
      } else {
        const a = int(6), b = a + int(4);
        argv = ['ZREMRANGEBYRANK', 'z', String(a), String(b)];
        const o = ordered();
        const r = normRange(a, b, o.length);
        const drop = r === null ? [] : o.slice(r[0], r[1] + 1);
        for (const [x] of drop) scores.delete(x);
        expected = drop.length;
      }
      assert.deepEqual(run(engine, argv), expected, `step ${step}: ${argv.join(' ')}`);
      if (step % 100 === 0) {
        const all = engine.command('ZRANGE', 'z', '0', '-1', 'WITHSCORES') as Array<[string, number]>;
        assert.deepEqual(all, ordered());
        assert.equal(engine.command('ZCARD', 'z'), scores.size);
      }
    }
    // ZPOPMIN/ZPOPMAX take from the ends of the order.
    const o = ordered();
    if (o.length >= 2) {
      assert.deepEqual(engine.command('ZPOPMIN', 'z'), [o[0][0], o[0][1]]);
      assert.deepEqual(engine.command('ZPOPMAX', 'z'), [o[o.length - 1][0], o[o.length - 1][1]]);
    }
  } finally {
    engine.close();
  }
});

test('SSCAN/HSCAN/ZSCAN return every member present for the whole scan', () => {
  const engine = createEngine();
  try {
    const rnd = mulberry32(15);
    const int = (n: number) => Math.floor(rnd() * n);
    for (let i = 0; i < 2000; i++) engine.command('SADD', 's', 'm' + i);
    assert.equal(engine.command('OBJECT', 'ENCODING', 's'), 'hashtable');
    // Members m0..m999 stay; m1000..m1999 are removed and new ones added while scanning.
    const seen = new Set<string>();
    let cursor = '0';
    let rounds = 0;
    do {
      const [next, batch] = engine.command('SSCAN', 's', cursor, 'COUNT', String(1 + int(20))) as [string, string[]];
      for (const m of batch) seen.add(m);
      for (let k = 0; k < 5; k++) engine.command('SREM', 's', 'm' + (1000 + int(1000)));
      engine.command('SADD', 's', 'new' + rounds);
      cursor = next;
      rounds++;
    } while (cursor !== '0' && rounds < 10000);
    assert.equal(cursor, '0');
    for (let i = 0; i < 1000; i++) assert.ok(seen.has('m' + i), `m${i} missing from SSCAN`);
    for (let i = 0; i < 300; i++) engine.command('HSET', 'h', 'f' + i, 'v' + i);
    const [hc, hb] = engine.command('HSCAN', 'h', '0', 'MATCH', 'f1*') as [string, string[]];
    assert.equal(hc, '0');
    assert.equal(hb.length, 2 * 111); // f1, f10-f19, f100-f199
    for (let i = 0; i < 300; i++) engine.command('ZADD', 'z', String(i), 'z' + i);
    const [zc, zb] = engine.command('ZSCAN', 'z', '0', 'COUNT', '5') as [string, string[]];
    assert.equal(zc, '0');
    assert.equal(zb.length, 600);
    assert.deepEqual(zb.slice(0, 4), ['z0', '0', 'z1', '1']);
  } finally {
    engine.close();
  }
});

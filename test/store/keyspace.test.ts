// The keyspace (src/store): lazy and active expiry under a fake clock, SCAN's guarantee under
// concurrent inserts and deletes (property test), random sampling, SWAPDB, the memory
// estimate, and the maxmemory eviction policies.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Keyspace, type Database } from '../../src/store/keyspace';
import { activeExpireCycle } from '../../src/store/expire';
import { performEvictions, memoryUsage, BASELINE_BYTES, type EvictionPolicy } from '../../src/store/eviction';
import { mulberry32 } from '../support/prng';

/** A keyspace whose clock only moves when the test says so. */
function fakeKeyspace(start = 1_700_000_000_000): { ks: Keyspace; clock: { now: number } } {
  const clock = { now: start };
  const ks = new Keyspace({ clock: () => clock.now });
  return { ks, clock };
}

test('lazy expiry: a key is gone at its expire time, not before', () => {
  const { ks, clock } = fakeKeyspace();
  const db = ks.db(0)!;
  db.set('k', 'v');
  db.setExpire('k', clock.now + 1000);
  clock.now += 999;
  assert.equal(db.lookupRead('k'), 'v');
  assert.equal(db.size, 1);
  clock.now += 1;
  assert.equal(db.lookupRead('k'), undefined);
  assert.equal(db.size, 0);
  assert.equal(ks.stats.expiredKeys, 1);
  assert.equal(db.expires.size, 0);
  // Overwriting with set() drops the TTL; keepTtl keeps it.
  db.set('a', '1');
  db.setExpire('a', clock.now + 10);
  db.set('a', '2', true);
  assert.equal(db.getExpire('a'), clock.now + 10);
  db.set('a', '3');
  assert.equal(db.getExpire('a'), -1);
});

test('expired keys are invisible to exists/scan/randomKey and deleted by them', () => {
  const { ks, clock } = fakeKeyspace();
  const db = ks.db(0)!;
  for (let i = 0; i < 100; i++) {
    db.set(`k${i}`, 'v');
    if (i % 2 === 0) db.setExpire(`k${i}`, clock.now + 5);
  }
  clock.now += 10;
  assert.equal(db.exists('k0'), false);
  assert.equal(db.exists('k1'), true);
  const seen: string[] = [];
  let cursor = 0;
  do { cursor = db.scan(cursor, 7, (k) => { seen.push(k); }); } while (cursor !== 0);
  assert.deepEqual(new Set(seen), new Set(Array.from({ length: 50 }, (_, i) => `k${2 * i + 1}`)));
  assert.equal(db.size, 50);
  for (let i = 0; i < 20; i++) assert.match(db.randomKey()!, /^k\d*[13579]$/);
});

test('active expiry removes expired keys without any access, within its time budget', () => {
  const { ks, clock } = fakeKeyspace();
  const db = ks.db(3)!;
  for (let i = 0; i < 10000; i++) {
    db.set(`v${i}`, 'x');
    db.setExpire(`v${i}`, clock.now + (i < 9000 ? 100 : 1_000_000));
  }
  for (let i = 0; i < 1000; i++) db.set(`p${i}`, 'x');
  clock.now += 200;
  let expired = 0;
  for (let round = 0; round < 100 && db.size > 2000; round++) expired += activeExpireCycle(ks, 25);
  assert.equal(expired, 9000);
  assert.equal(db.size, 2000);
  assert.equal(db.expires.size, 1000);
  assert.equal(ks.stats.expiredKeys, 9000);
  // Nothing more to do: a cycle over keys that are not expired stops quickly.
  const start = Date.now();
  assert.equal(activeExpireCycle(ks, 25), 0);
  assert.ok(Date.now() - start < 200);
});

test('SCAN returns every key present for the whole scan, under random inserts and deletes', () => {
  const random = mulberry32(42);
  for (let trial = 0; trial < 30; trial++) {
    const { ks } = fakeKeyspace();
    const db = ks.db(0)!;
    const initial = 50 + Math.floor(random() * 500);
    for (let i = 0; i < initial; i++) db.set(`key:${i}`, 'v');
    const stable = new Set<string>();
    for (let i = 0; i < initial; i++) if (random() < 0.5) stable.add(`key:${i}`);
    const seen = new Set<string>();
    let cursor = 0;
    let next = initial;
    let calls = 0;
    do {
      cursor = db.scan(cursor, 1 + Math.floor(random() * 20), (k) => { seen.add(k); });
      calls++;
      // Between calls: delete some keys not in the stable set, add new ones.
      for (let j = 0; j < 10; j++) {
        const r = random();
        if (r < 0.5) {
          db.set(`key:${next++}`, 'v');
        } else {
          const victim = `key:${Math.floor(random() * next)}`;
          if (!stable.has(victim)) db.delete(victim);
        }
      }
    } while (cursor !== 0 && calls < 100000);
    assert.notEqual(calls, 100000, 'scan did not terminate');
    for (const k of stable) assert.ok(seen.has(k), `trial ${trial}: ${k} never returned`);
  }
});

test('SWAPDB swaps contents, database objects keep their identity', () => {
  const { ks } = fakeKeyspace();
  const a = ks.db(0)!, b = ks.db(1)!;
  a.set('x', 'in0');
  b.set('x', 'in1');
  b.set('y', 'only1');
  b.setExpire('y', Date.now() * 2);
  assert.equal(ks.swap(0, 1), true);
  assert.equal(ks.db(0), a);
  assert.equal(a.lookupRead('x'), 'in1');
  assert.equal(a.getExpire('y') > 0, true);
  assert.equal(b.lookupRead('x'), 'in0');
  assert.equal(b.size, 1);
  assert.equal(ks.swap(0, 16), false);
});

test('memory estimate follows inserts, overwrites and deletes exactly back to zero', () => {
  const { ks } = fakeKeyspace();
  const db = ks.db(0)!;
  assert.equal(ks.usedBytes(), 0);
  assert.equal(memoryUsage(ks), BASELINE_BYTES);
  for (let i = 0; i < 1000; i++) db.set(`k${i}`, 'x'.repeat(i % 100));
  const full = ks.usedBytes();
  assert.ok(full > 1000 * 50, `estimate ${full} too small`);
  for (let i = 0; i < 1000; i++) { db.set(`k${i}`, 'y'); db.setExpire(`k${i}`, Date.now() * 2); }
  assert.ok(ks.usedBytes() < full);
  for (let i = 0; i < 1000; i++) db.delete(`k${i}`);
  assert.equal(ks.usedBytes(), 0);
});

function fill(db: Database, n: number, prefix: string): void {
  for (let i = 0; i < n; i++) db.set(`${prefix}${i}`, 'v'.repeat(100));
}

test('noeviction: over the limit means OOM, nothing is deleted', () => {
  const { ks } = fakeKeyspace();
  const db = ks.db(0)!;
  fill(db, 1000, 'k');
  const limit = BASELINE_BYTES + Math.floor(ks.usedBytes() / 2);
  assert.equal(performEvictions(ks, { maxmemory: limit, policy: 'noeviction', samples: 5 }), true);
  assert.equal(db.size, 1000);
  assert.equal(performEvictions(ks, { maxmemory: 0, policy: 'noeviction', samples: 5 }), false);
});

for (const policy of ['allkeys-lru', 'allkeys-random', 'allkeys-lfu'] as EvictionPolicy[]) {
  test(`${policy}: evicts until under maxmemory`, () => {
    const { ks } = fakeKeyspace();
    const db = ks.db(0)!;
    fill(db, 2000, 'k');
    const limit = BASELINE_BYTES + Math.floor(ks.usedBytes() / 2);
    assert.equal(performEvictions(ks, { maxmemory: limit, policy, samples: 5 }), false);
    assert.ok(memoryUsage(ks) <= limit);
    assert.ok(db.size < 2000 && db.size > 800, `size ${db.size}`);
    assert.equal(ks.stats.evictedKeys, 2000 - db.size);
  });
}

test('allkeys-lru prefers keys not accessed recently', () => {
  const { ks, clock } = fakeKeyspace();
  const db = ks.db(0)!;
  fill(db, 1000, 'old');
  clock.now += 100_000; // 100 s later the "hot" keys are written and read
  fill(db, 1000, 'hot');
  for (let i = 0; i < 1000; i++) db.lookupRead(`hot${i}`);
  const limit = BASELINE_BYTES + Math.floor(ks.usedBytes() * 0.6);
  performEvictions(ks, { maxmemory: limit, policy: 'allkeys-lru', samples: 10 });
  let hot = 0, old = 0;
  for (const k of db.allKeys()) (k.startsWith('hot') ? hot++ : old++);
  assert.ok(hot > 900, `hot survivors ${hot}, old survivors ${old}`);
  assert.ok(old < 400, `old survivors ${old}`);
});

test('volatile policies only evict keys with a TTL; volatile-ttl picks the nearest expiry', () => {
  for (const policy of ['volatile-lru', 'volatile-random', 'volatile-ttl', 'volatile-lfu'] as EvictionPolicy[]) {
    const { ks, clock } = fakeKeyspace();
    const db = ks.db(0)!;
    fill(db, 500, 'persistent');
    fill(db, 500, 'volatile');
    for (let i = 0; i < 500; i++) db.setExpire(`volatile${i}`, clock.now + 1000 + i * 1000);
    const all = ks.usedBytes();
    // Asking for more than the volatile keys can free: they all go, then OOM.
    assert.equal(performEvictions(ks, { maxmemory: BASELINE_BYTES + Math.floor(all * 0.3), policy, samples: 5 }), true, policy);
    assert.equal(db.expires.size, 0, policy);
    assert.equal(db.size, 500, policy);
  }
  const { ks, clock } = fakeKeyspace();
  const db = ks.db(0)!;
  fill(db, 60, 'v');
  for (let i = 0; i < 60; i++) db.setExpire(`v${i}`, clock.now + 1000 + i * 1000);
  // maxmemory-samples is at most 64 (as in Redis): with 60 volatile keys every sample sees
  // them all, so exactly the nearest expiries go first.
  performEvictions(ks, { maxmemory: BASELINE_BYTES + Math.floor(ks.usedBytes() * 0.5), policy: 'volatile-ttl', samples: 64 });
  for (let i = 0; i < 25; i++) assert.equal(db.exists(`v${i}`), false, `v${i} should be evicted`);
  for (let i = 35; i < 60; i++) assert.equal(db.exists(`v${i}`), true, `v${i} should survive`);
});

test('LFU counters grow logarithmically with accesses and decay with time', () => {
  const { ks, clock } = fakeKeyspace();
  ks.lfuMode = true;
  const db = ks.db(0)!;
  db.set('hot', 'v');
  db.set('cold', 'v');
  // Redis's table for lfu-log-factor 10: about 18 after 1000 hits.
  for (let i = 0; i < 1000; i++) db.lookupRead('hot');
  const hot = db.lfuFrequency('hot');
  assert.ok(hot >= 13 && hot <= 24, `hot counter ${hot}`);
  assert.equal(db.lfuFrequency('cold'), 5);
  clock.now += 10 * 60_000; // ten minutes: -10 with lfu-decay-time 1
  assert.equal(db.lfuFrequency('hot'), hot - 10);
  assert.equal(db.lfuFrequency('cold'), 0);
});

test('keyspace hits and misses are counted by reads, not by writes', () => {
  const { ks } = fakeKeyspace();
  const db = ks.db(0)!;
  db.set('k', 'v');
  db.lookupRead('k');
  db.lookupRead('nope');
  db.exists('k');
  db.lookupNoTouch('nope');
  db.lookupWrite('k');
  db.lookupWrite('nope');
  assert.equal(ks.stats.keyspaceHits, 2);
  assert.equal(ks.stats.keyspaceMisses, 2);
});

test('allkeys-random takes keys from every database in turn', () => {
  const { ks } = fakeKeyspace();
  fill(ks.db(0)!, 300, 'a');
  fill(ks.db(5)!, 300, 'b');
  const limit = BASELINE_BYTES + Math.floor(ks.usedBytes() / 2);
  assert.equal(performEvictions(ks, { maxmemory: limit, policy: 'allkeys-random', samples: 5 }), false);
  const a = ks.db(0)!.size, b = ks.db(5)!.size;
  assert.ok(Math.abs(a - b) <= 2, `db0 ${a} keys, db5 ${b} keys`);
});

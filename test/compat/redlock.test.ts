// redlock (v4, the published `latest`) with ioredis clients against one and three Ferrous
// instances: acquire, contention, extend, release, expiry, multi-resource locks, quorum with a
// minority of instances disagreeing or gone. redlock runs its Lua scripts with EVALSHA and falls
// back to EVAL on NOSCRIPT, and counts a vote when a script returns the number of keys.
// COMPAT_AGAINST_REDIS=1 runs the same against redis-server (see target.ts).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Redis from 'ioredis';
import { startTarget, within, type Target } from './target';

const targets: Target[] = [];
const clients: Redis[] = [];

before(async () => {
  for (let i = 0; i < 3; i++) targets.push(await startTarget());
});

after(async () => {
  for (const c of clients) c.disconnect();
  for (const t of targets) await t.close();
});

async function client(target: Target): Promise<Redis> {
  const r = new Redis({
    port: target.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0,
    commandTimeout: 3000, retryStrategy: () => null, enableOfflineQueue: false,
  });
  r.on('error', () => { /* a closed instance shows up as a missing vote */ });
  clients.push(r);
  await r.connect();
  return r;
}

// The types of redlock v4 describe its callback + bluebird API loosely: use it through this.
interface LockLike {
  resource: string | string[];
  value: string;
  expiration: number;
  extend(ttl: number): Promise<LockLike>;
  unlock(): Promise<void>;
}
interface RedlockLike {
  lock(resource: string | string[], ttl: number): Promise<LockLike>;
  on(event: string, fn: (err: Error) => void): void;
}

// redlock v4 ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Redlock = require('redlock') as new (clients: Redis[], opts: object) => RedlockLike;

function redlockOver(servers: Redis[], retryCount = 0): RedlockLike {
  const rl = new Redlock(servers, {
    driftFactor: 0.01, retryCount, retryDelay: 20, retryJitter: 5,
  });
  rl.on('clientError', () => { /* counted as a missing vote by redlock itself */ });
  return rl;
}

test('one instance: acquire, contention, extend, release, re-acquire', async () => {
  const r = await client(targets[0]);
  await r.script('FLUSH');
  const redlock = redlockOver([r]);
  const lock = await within(3000, 'lock', redlock.lock('locks:order:1', 2000));
  assert.equal(await r.get('locks:order:1'), lock.value);
  const pttl = await r.pttl('locks:order:1');
  assert.ok(pttl > 1500 && pttl <= 2000, `pttl ${pttl}`);
  assert.ok(lock.expiration > Date.now());

  // The same resource cannot be locked twice.
  await assert.rejects(redlock.lock('locks:order:1', 2000), /Exceeded 0 attempts to lock the resource "locks:order:1"/);
  // Nor released by a lock with another value (the unlock script compares).
  assert.equal(await r.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0", 1, 'locks:order:1', 'not-mine'), 0);

  const extended = await lock.extend(10000);
  assert.equal(extended.value, lock.value);
  const pttl2 = await r.pttl('locks:order:1');
  assert.ok(pttl2 > 9000 && pttl2 <= 10000, `pttl after extend ${pttl2}`);

  await lock.unlock();
  assert.equal(await r.exists('locks:order:1'), 0);
  const again = await redlock.lock('locks:order:1', 1000);
  assert.notEqual(again.value, lock.value);
  await again.unlock();
});

test('one instance: several resources in one lock, all or nothing', async () => {
  const r = await client(targets[0]);
  const redlock = redlockOver([r]);
  const lock = await redlock.lock(['res:a', 'res:b', 'res:c'], 2000);
  assert.deepEqual(await r.mget('res:a', 'res:b', 'res:c'), [lock.value, lock.value, lock.value]);
  // One of them taken: the whole lock fails and nothing else is written.
  await assert.rejects(redlock.lock(['res:c', 'res:d'], 2000), /Exceeded 0 attempts/);
  assert.equal(await r.exists('res:d'), 0);
  await lock.unlock();
  assert.equal(await r.exists('res:a', 'res:b', 'res:c'), 0);
});

test('one instance: a lock expires by its TTL; extending an expired lock fails', async () => {
  const r = await client(targets[0]);
  const redlock = redlockOver([r]);
  const short = await redlock.lock('res:short', 80);
  await new Promise((res) => setTimeout(res, 150));
  assert.equal(await r.exists('res:short'), 0);
  await assert.rejects(short.extend(1000), /Cannot extend lock on resource "res:short" because the lock has already expired/);
  // With retries, a waiting locker gets the resource once the holder's TTL runs out.
  const holder = await redlock.lock('res:contended', 60);
  const patient = redlockOver([r], 100); // up to 100 tries 20 ms apart
  const waiter = await within(3000, 'lock after expiry', patient.lock('res:contended', 1000));
  assert.notEqual(waiter.value, holder.value);
  assert.equal(await r.get('res:contended'), waiter.value);
  await waiter.unlock();
});

test('three instances: the lock is on every instance; a minority holding the key does not stop it', async () => {
  const rs = await Promise.all(targets.map((t) => client(t)));
  const redlock = redlockOver(rs);
  const lock = await redlock.lock('res:quorum', 3000);
  for (const r of rs) assert.equal(await r.get('res:quorum'), lock.value);
  await lock.unlock();
  for (const r of rs) assert.equal(await r.exists('res:quorum'), 0);

  // One instance already has the key (someone else's lock): 2 of 3 is still a quorum.
  await rs[2].set('res:minority', 'someone-else', 'PX', 5000);
  const lock2 = await redlock.lock('res:minority', 3000);
  assert.equal(await rs[0].get('res:minority'), lock2.value);
  assert.equal(await rs[1].get('res:minority'), lock2.value);
  assert.equal(await rs[2].get('res:minority'), 'someone-else');
  await lock2.unlock().catch(() => { /* 2 of 3 released: redlock may still resolve */ });
  assert.equal(await rs[0].exists('res:minority'), 0);
  assert.equal(await rs[2].get('res:minority'), 'someone-else');

  // Two instances hold it: no quorum, and the vote on the third is rolled back.
  await rs[0].set('res:majority', 'other', 'PX', 5000);
  await rs[1].set('res:majority', 'other', 'PX', 5000);
  await assert.rejects(redlock.lock('res:majority', 3000), /Exceeded 0 attempts to lock the resource "res:majority"/);
  assert.equal(await rs[2].exists('res:majority'), 0);
});

test('three instances: contending lockers exclude each other (a read-modify-write counter loses nothing)', async () => {
  const rs = await Promise.all(targets.map((t) => client(t)));
  // Each locker has connections of its own, as separate processes would.
  const lockers = await Promise.all(Array.from({ length: 6 }, async () => redlockOver(await Promise.all(targets.map((t) => client(t))), 200)));
  await rs[0].set('counter', '0');
  let inside = 0;
  let overlaps = 0;
  const rounds = 5;
  await within(10000, 'all lockers done', Promise.all(lockers.map(async (rl) => {
    for (let i = 0; i < rounds; i++) {
      const lock = await rl.lock('res:counter', 2000);
      if (++inside > 1) overlaps++;
      const value = Number(await rs[0].get('counter'));
      await new Promise((res) => setTimeout(res, 2));
      await rs[0].set('counter', String(value + 1));
      inside--;
      await lock.unlock();
    }
  })));
  assert.equal(overlaps, 0);
  assert.equal(await rs[0].get('counter'), String(lockers.length * rounds));
  for (const r of rs) assert.equal(await r.exists('res:counter'), 0);
});

test('three instances: one instance gone, locks still work with the other two', async () => {
  const rs = await Promise.all(targets.map((t) => client(t)));
  const redlock = redlockOver(rs);
  await targets[2].close();
  const lock = await within(3000, 'lock with 2 of 3', redlock.lock('res:failover', 2000));
  assert.equal(await rs[0].get('res:failover'), lock.value);
  assert.equal(await rs[1].get('res:failover'), lock.value);
  const extended = await lock.extend(4000);
  assert.ok(extended.expiration > Date.now() + 3000);
  await lock.unlock();
  assert.equal(await rs[0].exists('res:failover'), 0);
});

// rate-limiter-flexible against Ferrous. RateLimiterRedis has two paths:
// - its Lua script (consume/penalty/reward with a duration): SET NX EX + INCRBY + PTTL in one
//   EVALSHA (ioredis defineCommand) or EVAL (node-redis);
// - MULTI/EXEC without a script: get(), block(), set(), a limiter with duration 0, and the
//   whole RateLimiterRedisNonAtomic class.
// COMPAT_AGAINST_REDIS=1 runs the same against redis-server (see target.ts).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Redis from 'ioredis';
import { createClient } from 'redis';
import { RateLimiterRedis, RateLimiterRedisNonAtomic, RateLimiterRes } from 'rate-limiter-flexible';
import { startTarget, within, type Target } from './target';

let target: Target;
let ioredis: Redis;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let nodeRedis: any;

before(async () => {
  target = await startTarget();
  ioredis = new Redis({ port: target.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, commandTimeout: 3000 });
  await ioredis.connect();
  nodeRedis = createClient({ socket: { host: '127.0.0.1', port: target.port, reconnectStrategy: false }, RESP: 2 });
  nodeRedis.on('error', () => { /* surfaced by the failing call */ });
  await within(5000, 'node-redis connect', nodeRedis.connect());
});

after(async () => {
  ioredis.disconnect();
  if (nodeRedis.isOpen) nodeRedis.destroy();
  await target.close();
});

async function hasMulti(): Promise<boolean> {
  const info = (await ioredis.call('COMMAND', 'INFO', 'multi', 'exec')) as unknown[];
  return info.every((entry) => entry !== null);
}

/** The rejection of consume() is a RateLimiterRes (not an Error) when the limit is hit. */
async function rejected(p: Promise<unknown>): Promise<RateLimiterRes> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RateLimiterRes) return e;
    throw e;
  }
  throw new Error('expected the limiter to reject');
}

test('Lua path with ioredis: consume until the limit, the key and its TTL in Redis', async () => {
  const limiter = new RateLimiterRedis({ storeClient: ioredis, keyPrefix: 'rlio', points: 5, duration: 10 });
  const first = await limiter.consume('user1');
  assert.equal(first.consumedPoints, 1);
  assert.equal(first.remainingPoints, 4);
  assert.equal(first.isFirstInDuration, true);
  assert.ok(first.msBeforeNext > 9000 && first.msBeforeNext <= 10000, `msBeforeNext ${first.msBeforeNext}`);
  const second = await limiter.consume('user1', 3);
  assert.equal(second.consumedPoints, 4);
  assert.equal(second.remainingPoints, 1);
  assert.equal(second.isFirstInDuration, false);
  // The script keeps the counter as a plain string key with an expiry.
  assert.equal(await ioredis.get('rlio:user1'), '4');
  assert.equal(await ioredis.ttl('rlio:user1'), 10);
  const over = await rejected(limiter.consume('user1', 2));
  assert.equal(over.consumedPoints, 6);
  assert.equal(over.remainingPoints, 0);
  assert.ok(over.msBeforeNext > 0);
  // Other keys are independent.
  assert.equal((await limiter.consume('user2')).remainingPoints, 4);
});

test('Lua path with ioredis: penalty and reward move the counter; delete removes it', async () => {
  const limiter = new RateLimiterRedis({ storeClient: ioredis, keyPrefix: 'rlpr', points: 10, duration: 5 });
  await limiter.consume('k', 2);
  const penalised = await limiter.penalty('k', 3);
  assert.equal(penalised.consumedPoints, 5);
  const rewarded = await limiter.reward('k', 4);
  assert.equal(rewarded.consumedPoints, 1);
  assert.equal(await ioredis.get('rlpr:k'), '1');
  assert.equal(await limiter.delete('k'), true);
  assert.equal(await limiter.delete('k'), false);
  assert.equal(await ioredis.exists('rlpr:k'), 0);
});

test('Lua path with ioredis: a key whose TTL was lost gets the duration back', async () => {
  const limiter = new RateLimiterRedis({ storeClient: ioredis, keyPrefix: 'rlttl', points: 10, duration: 7 });
  await ioredis.set('rlttl:x', '3'); // no expiry: the script's PTTL answers -1 and it EXPIREs
  const res = await limiter.consume('x');
  assert.equal(res.consumedPoints, 4);
  assert.equal(res.msBeforeNext, 7000);
  assert.equal(await ioredis.ttl('rlttl:x'), 7);
});

test('Lua path with ioredis: the script survives SCRIPT FLUSH (EVALSHA, then EVAL)', async () => {
  const limiter = new RateLimiterRedis({ storeClient: ioredis, keyPrefix: 'rlfl', points: 3, duration: 10 });
  await limiter.consume('a');
  await ioredis.script('FLUSH');
  assert.equal((await limiter.consume('a')).consumedPoints, 2);
});

test('Lua path with ioredis: blockDuration blocks the key in Redis after the limit (needs MULTI for the block)', async () => {
  assert.ok(await hasMulti(), 'block() uses MULTI/EXEC');
  const limiter = new RateLimiterRedis({ storeClient: ioredis, keyPrefix: 'rlbl', points: 2, duration: 1, blockDuration: 30 });
  await limiter.consume('b', 2);
  const blocked = await rejected(limiter.consume('b'));
  assert.equal(blocked.msBeforeNext, 30000);
  const ttl = await ioredis.ttl('rlbl:b');
  assert.ok(ttl > 28 && ttl <= 30, `ttl ${ttl}`);
  // Still blocked after the 1 s duration would have ended.
  assert.equal((await limiter.get('b'))!.consumedPoints, 3);
});

test('Lua path with node-redis (EVAL with keys/arguments)', async () => {
  const limiter = new RateLimiterRedis({ storeClient: nodeRedis, useRedisPackage: true, keyPrefix: 'rlnr', points: 3, duration: 10 });
  assert.equal((await limiter.consume('u')).remainingPoints, 2);
  assert.equal((await limiter.consume('u', 2)).remainingPoints, 0);
  const over = await rejected(limiter.consume('u'));
  assert.equal(over.consumedPoints, 4);
  assert.equal(await nodeRedis.get('rlnr:u'), '4');
  assert.equal(await limiter.delete('u'), true);
});

test('MULTI path: get(), block(), set() with ioredis and node-redis', async () => {
  assert.ok(await hasMulti(), 'get/block/set use MULTI/EXEC');
  for (const [name, storeClient, extra] of [['ioredis', ioredis, {}], ['node-redis', nodeRedis, { useRedisPackage: true }]] as const) {
    const limiter = new RateLimiterRedis({ storeClient, keyPrefix: `rlm-${name}`, points: 5, duration: 10, ...extra });
    assert.equal(await limiter.get('g'), null);
    await limiter.consume('g', 2);
    const got = await limiter.get('g');
    assert.equal(got!.consumedPoints, 2, name);
    assert.ok(got!.msBeforeNext > 9000, name);
    const blocked = await limiter.block('g', 20);
    assert.equal(blocked.consumedPoints, 6, name);
    assert.equal((await rejected(limiter.consume('g'))).consumedPoints, 7, name);
    const set = await limiter.set('s', 4, 15);
    assert.equal(set.consumedPoints, 4, name);
    assert.equal((await limiter.get('s'))!.remainingPoints, 1, name);
  }
});

test('MULTI path: a limiter without duration (counter that never expires)', async () => {
  assert.ok(await hasMulti(), 'duration 0 uses MULTI/EXEC');
  const limiter = new RateLimiterRedis({ storeClient: ioredis, keyPrefix: 'rlforever', points: 2, duration: 0 });
  assert.equal((await limiter.consume('f')).consumedPoints, 1);
  assert.equal((await limiter.consume('f')).msBeforeNext, -1);
  assert.equal((await rejected(limiter.consume('f'))).consumedPoints, 3);
  assert.equal(await ioredis.ttl('rlforever:f'), -1);
});

test('RateLimiterRedisNonAtomic (GET + SET/PEXPIRE in MULTI)', async () => {
  assert.ok(await hasMulti(), 'RateLimiterRedisNonAtomic uses MULTI/EXEC');
  const limiter = new RateLimiterRedisNonAtomic({ storeClient: ioredis, keyPrefix: 'rlna', points: 2, duration: 10 });
  assert.equal((await limiter.consume('n')).remainingPoints, 1);
  assert.equal((await limiter.consume('n')).remainingPoints, 0);
  assert.equal((await rejected(limiter.consume('n'))).consumedPoints, 3);
  assert.ok((await ioredis.pttl('rlna:n')) > 9000);
});

// The string/key/database commands through a real client (ioredis) over a socket: binary
// values as Buffers, expiry, SCAN iterated to the end by the client's own cursor loop while
// keys are added and removed, eviction with a small maxmemory.

import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import Redis from 'ioredis';
import { startServer, type RunningServer } from '../../src/index';

let server: RunningServer;
let redis: Redis;

before(async () => {
  server = await startServer({ port: 0 });
  redis = new Redis({ port: server.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
});

after(async () => {
  redis.disconnect();
  await server.close();
});

test('binary-safe values round-trip as Buffers', async () => {
  await redis.flushall();
  const all = Buffer.alloc(256);
  for (let i = 0; i < 256; i++) all[i] = i;
  const key = Buffer.from([0, 0xff, 0x80, 0x0d, 0x0a]);
  assert.equal(await redis.set(key, all), 'OK');
  assert.deepEqual(await redis.getBuffer(key), all);
  assert.equal(await redis.strlen(key), 256);
  assert.equal(await redis.append(key, Buffer.from([0xc3, 0x28])), 258);
  assert.deepEqual(await redis.getrangeBuffer(key, -2, -1), Buffer.from([0xc3, 0x28]));
  const big = Buffer.alloc(3 * 1024 * 1024, 0xab);
  await redis.set('big', big);
  assert.deepEqual(await redis.getBuffer('big'), big);
});

test('counters, expiry and MSET/MGET through the client', async () => {
  await redis.flushall();
  assert.equal(await redis.incr('n'), 1);
  assert.equal(await redis.incrby('n', 41), 42);
  assert.equal(await redis.incrbyfloat('n', '0.5'), '42.5');
  await assert.rejects(redis.incr('n'), /value is not an integer or out of range/);
  assert.equal(await redis.mset({ a: '1', b: '2' }), 'OK');
  assert.deepEqual(await redis.mget('a', 'b', 'nope'), ['1', '2', null]);
  assert.equal(await redis.set('t', 'v', 'PX', 80), 'OK');
  assert.ok((await redis.pttl('t')) > 0);
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(await redis.get('t'), null);
  assert.equal(await redis.exists('t'), 0);
});

test('SCAN to the end with the client cursor loop sees every stable key', async () => {
  await redis.flushall();
  const pipeline = redis.pipeline();
  for (let i = 0; i < 5000; i++) pipeline.set(`stable:${i}`, 'v');
  for (let i = 0; i < 2000; i++) pipeline.set(`churn:${i}`, 'v');
  await pipeline.exec();
  const seen = new Set<string>();
  let cursor = '0';
  let calls = 0;
  let next = 2000;
  do {
    const [c, keys] = await redis.scan(cursor, 'COUNT', 97);
    for (const k of keys) seen.add(k);
    cursor = c;
    calls++;
    // Churn between calls: delete some churn keys, add new ones.
    await redis.del(`churn:${calls * 3}`, `churn:${calls * 3 + 1}`);
    await redis.set(`churn:${next++}`, 'v');
  } while (cursor !== '0' && calls < 10000);
  for (let i = 0; i < 5000; i++) assert.ok(seen.has(`stable:${i}`), `stable:${i} missing`);
  // SCAN with MATCH and TYPE through the client's stream helper.
  const matched: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const stream = redis.scanStream({ match: 'stable:1??', type: 'string', count: 500 });
    stream.on('data', (keys: string[]) => { matched.push(...keys); });
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  assert.equal(new Set(matched).size, 100);
});

test('SELECT, MOVE, SWAPDB and FLUSHDB per connection', async () => {
  await redis.flushall();
  await redis.set('k', 'db0');
  assert.equal(await redis.move('k', 3), 1);
  assert.equal(await redis.get('k'), null);
  assert.equal(await redis.swapdb(0, 3), 'OK');
  assert.equal(await redis.get('k'), 'db0');
  assert.equal(await redis.dbsize(), 1);
  assert.equal(await redis.flushdb(), 'OK');
  assert.equal(await redis.dbsize(), 0);
});

test('maxmemory with allkeys-lru keeps memory bounded and evicts', async () => {
  await redis.flushall();
  await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
  await redis.config('SET', 'maxmemory', String(3 * 1024 * 1024));
  try {
    const value = 'x'.repeat(1000);
    const pipeline = redis.pipeline();
    for (let i = 0; i < 5000; i++) pipeline.set(`k${i}`, value);
    const results = await pipeline.exec();
    assert.ok(results!.every(([err]) => err === null), 'a write failed instead of evicting');
    const size = await redis.dbsize();
    assert.ok(size < 5000 && size > 500, `dbsize ${size}`);
    const info = await redis.info('stats');
    assert.match(info, /evicted_keys:[1-9]/);
  } finally {
    await redis.config('SET', 'maxmemory', '0');
    await redis.config('SET', 'maxmemory-policy', 'noeviction');
  }
});

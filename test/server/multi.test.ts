// MULTI/EXEC/WATCH with several real connections: WATCH invalidated by another client's
// write, by expiry, by FLUSHALL and SWAPDB from another client, by a script's write; a
// disconnect forgets watches. Single-connection replies are in the golden corpus
// test/golden/redis/multi.txt (recorded from redis-server).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import Redis from 'ioredis';
import { startServer } from '../../src/index';
import { RawRespClient } from '../support/resp-client';
import { withServer } from '../support/server';

/** WATCH key on a, run `touch` on b, then a's MULTI/PING/EXEC: the EXEC reply. */
async function execAfter(a: RawRespClient, key: string, touch: () => Promise<unknown>): Promise<string> {
  assert.equal(await a.command('WATCH', key), '+OK\r\n');
  await touch();
  assert.equal(await a.command('MULTI'), '+OK\r\n');
  assert.equal(await a.command('PING'), '+QUEUED\r\n');
  return a.command('EXEC');
}

test('WATCH: another client\'s write aborts EXEC, an unrelated write does not', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect();
    assert.equal(await execAfter(a, 'k', () => b.command('SET', 'k', '1')), '*-1\r\n');
    assert.equal(await execAfter(a, 'k', () => b.command('SET', 'other', '1')), '*1\r\n+PONG\r\n');
    // A failed write (WRONGTYPE) changes nothing.
    assert.equal(await execAfter(a, 'k', () => b.command('LPUSH', 'k', 'x')), '*1\r\n+PONG\r\n');
    assert.equal(await execAfter(a, 'h', () => b.command('HSET', 'h', 'f', 'v')), '*-1\r\n');
    assert.equal(await execAfter(a, 'h', () => b.command('HDEL', 'h', 'nofield')), '*1\r\n+PONG\r\n');
  });
});

test('WATCH: FLUSHALL, FLUSHDB and SWAPDB from another client', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect();
    await b.command('SET', 'k', '1');
    assert.equal(await execAfter(a, 'k', () => b.command('FLUSHALL')), '*-1\r\n');
    await b.command('SET', 'k', '1');
    assert.equal(await execAfter(a, 'k', () => b.command('FLUSHDB')), '*-1\r\n');
    await b.command('SELECT', '3');
    await b.command('SET', 'k', '1');
    assert.equal(await execAfter(a, 'k', () => b.command('SWAPDB', '0', '3')), '*-1\r\n');
    assert.equal(await execAfter(a, 'nokey', () => b.command('FLUSHALL')), '*1\r\n+PONG\r\n');
  });
});

test('WATCH: a key that expires meanwhile aborts EXEC; a script write aborts it too', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect();
    await b.command('SET', 'k', '1', 'PX', '40');
    assert.equal(await execAfter(a, 'k', () => new Promise((r) => setTimeout(r, 80))), '*-1\r\n');
    assert.equal(await execAfter(a, 's', () => b.command('EVAL', "return redis.call('incr', KEYS[1])", '1', 's')), '*-1\r\n');
  });
});

test('a disconnecting watcher leaves no trace; MULTI state is per connection', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect();
    assert.equal(await a.command('WATCH', 'k'), '+OK\r\n');
    assert.equal(await a.command('MULTI'), '+OK\r\n');
    a.close();
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(await b.command('SET', 'k', 'v'), '+OK\r\n');
    assert.equal(await b.command('EXEC'), '-ERR EXEC without MULTI\r\n');
    assert.match(await b.command('CLIENT', 'INFO'), /multi=-1/);
  });
});

test('ioredis: multi().exec() and watch', async () => {
  const srv = await startServer({ port: 0 });
  const r1 = new Redis({ port: srv.port, lazyConnect: true, maxRetriesPerRequest: 0 });
  const r2 = new Redis({ port: srv.port, lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await r1.connect();
    await r2.connect();
    const res = await r1.multi().set('a', '1').incr('a').get('a').exec();
    assert.deepEqual(res, [[null, 'OK'], [null, 2], [null, '2']]);
    await r1.watch('a');
    await r2.set('a', '5');
    assert.equal(await r1.multi().get('a').exec(), null);
    const withError = await r1.multi().set('s', 'x').incr('s').exec();
    assert.equal(withError![0][1], 'OK');
    assert.ok(withError![1][0] instanceof Error);
  } finally {
    r1.disconnect();
    r2.disconnect();
    await srv.close();
  }
});

// ioredis against Ferrous as an application would use it, over RESP3 (ioredis 6's default,
// ioredis.test.ts) and RESP2 (ioredis-resp2.test.ts): every data type through the
// client's own command methods (which shape the replies: hgetall -> object, zrange WITHSCORES
// -> flat list, xrange -> [id, fields] pairs), pipelines, scanStream, defineCommand (EVALSHA
// with EVAL fallback after NOSCRIPT), Buffer values, MULTI/EXEC with WATCH, and pub/sub.
// Every expected value is what real Redis answers: run these tests with COMPAT_AGAINST_REDIS=1
// to check them against redis-server (see target.ts).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Redis from 'ioredis';
import { startTarget, within, type Target } from './target';

/** Defines the ioredis tests for one protocol (ioredis's `protocol` option). */
export function defineIoredisTests(protocol: 2 | 3): void {
  let target: Target;
  const clients: Redis[] = [];

  before(async () => {
    target = await startTarget();
  });

  after(async () => {
    for (const c of clients) c.disconnect();
    await target.close();
  });

  /** A connected client that is closed in after(); every command times out after 5 s. */
  async function connect(opts: Record<string, unknown> = {}): Promise<Redis> {
    const r = new Redis({
      port: target.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0,
      commandTimeout: 5000, protocol, ...opts,
    });
    clients.push(r);
    await r.connect();
    return r;
  }

  /** A fresh client on a database of its own, so tests do not see each other's keys. */
  let nextDb = 1;
  async function freshDb(): Promise<Redis> {
    const db = nextDb++;
    const r = await connect({ db });
    await r.flushdb();
    return r;
  }

  /** ioredis's typings lag behind some argument orders and dynamic commands: call untyped. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  function loose(x: unknown): any {
    return x;
  }

  async function supports(r: Redis, ...names: string[]): Promise<boolean> {
    const info = (await r.call('COMMAND', 'INFO', ...names)) as unknown[];
    return info.every((entry) => entry !== null);
  }

  test(`RESP${protocol}: ` + 'connect: ioredis ready check (INFO) and CLIENT SETNAME by connectionName', async () => {
    const r = await connect({ connectionName: 'compat-ioredis', enableReadyCheck: true });
    assert.equal(r.status, 'ready');
    assert.equal(await r.client('GETNAME'), 'compat-ioredis');
    const info = await r.info('server');
    assert.match(info, /redis_version:\d+\.\d+\.\d+/);
    assert.equal(await r.ping(), 'PONG');
    assert.equal(await r.ping('hello'), 'hello');
    assert.equal(await r.echo('x\r\ny'), 'x\r\ny');
  });

  test(`RESP${protocol}: ` + 'strings: set options, counters, ranges, mget/mset, getex/getdel, expiry', async () => {
    const r = await freshDb();
    assert.equal(await r.set('s', 'hello'), 'OK');
    assert.equal(await r.set('s', 'x', 'NX'), null);
    assert.equal(await r.set('s', 'world', 'XX', 'GET'), 'hello');
    assert.equal(await r.append('s', '!'), 6);
    assert.equal(await r.getrange('s', 0, 2), 'wor');
    assert.equal(await r.setrange('s', 1, 'OO'), 6);
    assert.equal(await r.get('s'), 'wOOld!');
    assert.equal(await r.strlen('s'), 6);
    assert.equal(await r.incr('n'), 1);
    assert.equal(await r.incrby('n', 41), 42);
    assert.equal(await r.decrby('n', 2), 40);
    assert.equal(await r.incrbyfloat('f', '1.5'), '1.5');
    assert.equal(await r.incrbyfloat('f', '0.25'), '1.75');
    await assert.rejects(r.incr('s'), /ERR value is not an integer or out of range/);
    assert.equal(await r.mset({ a: '1', b: '2' }), 'OK');
    assert.deepEqual(await r.mget('a', 'b', 'missing'), ['1', '2', null]);
    assert.equal(await r.msetnx('a', 'x', 'c', '3'), 0);
    assert.equal(await r.setex('t', 100, 'v'), 'OK');
    assert.equal(await r.ttl('t'), 100);
    const pttl = await r.pttl('t');
    assert.ok(pttl > 99000 && pttl <= 100000, `pttl ${pttl}`);
    assert.equal(await r.persist('t'), 1);
    assert.equal(await r.ttl('t'), -1);
    assert.equal(await r.ttl('missing'), -2);
    assert.equal(await r.getex('t', 'EX', 50), 'v');
    assert.equal(await r.ttl('t'), 50);
    assert.equal(await r.getdel('t'), 'v');
    assert.equal(await r.exists('t'), 0);
    assert.equal(await r.set('px', 'v', 'PX', 30), 'OK');
    await new Promise((res) => setTimeout(res, 60));
    assert.equal(await r.get('px'), null);
    assert.equal(await r.type('a'), 'string');
    assert.equal(await r.rename('a', 'a2'), 'OK');
    assert.equal(await r.exists('a', 'a2', 'b'), 2);
    assert.equal(await r.del('a2', 'b', 'nothing'), 2);
    assert.equal(await r.lcs('missing1', 'missing2'), '');
  });

  test(`RESP${protocol}: ` + 'Buffers: binary keys and values, getBuffer, hgetallBuffer, lrangeBuffer', async () => {
    const r = await freshDb();
    const bytes = Buffer.alloc(256);
    for (let i = 0; i < 256; i++) bytes[i] = i;
    const key = Buffer.from([0xff, 0x00, 0x0d, 0x0a, 0x80]);
    await r.set(key, bytes);
    assert.ok((await r.getBuffer(key))!.equals(bytes));
    await r.hset('hb', 'field', bytes);
    const all = await r.hgetallBuffer('hb');
    assert.ok(all.field.equals(bytes));
    assert.ok((await r.hgetBuffer('hb', 'field'))!.equals(bytes));
    await r.rpush('lb', bytes, Buffer.from([0xc3, 0x28]));
    const list = await r.lrangeBuffer('lb', 0, -1);
    assert.equal(list.length, 2);
    assert.ok(list[0].equals(bytes));
    assert.ok(list[1].equals(Buffer.from([0xc3, 0x28])));
    // A UTF-8 text value read as a string is the same text.
    await r.set('utf8', 'héllo ✓');
    assert.equal(await r.get('utf8'), 'héllo ✓');
    assert.equal(await r.strlen('utf8'), Buffer.byteLength('héllo ✓'));
  });

  test(`RESP${protocol}: ` + 'hashes: hset object form, hgetall object, hincrby/float, hscan, hrandfield', async () => {
    const r = await freshDb();
    assert.equal(await r.hset('h', { a: '1', b: '2', c: 'three' }), 3);
    assert.equal(await r.hset('h', 'a', '10', 'd', '4'), 1);
    assert.deepEqual(await r.hgetall('h'), { a: '10', b: '2', c: 'three', d: '4' });
    assert.equal(await r.hget('h', 'c'), 'three');
    assert.deepEqual(await r.hmget('h', 'a', 'zz', 'b'), ['10', null, '2']);
    assert.equal(await r.hincrby('h', 'a', 5), 15);
    assert.equal(await r.hincrbyfloat('h', 'b', '0.5'), '2.5');
    assert.equal(await r.hlen('h'), 4);
    assert.equal(await r.hexists('h', 'd'), 1);
    assert.equal(await r.hdel('h', 'd', 'nope'), 1);
    assert.equal(await r.hsetnx('h', 'a', 'no'), 0);
    assert.equal(await r.hstrlen('h', 'c'), 5);
    assert.deepEqual((await r.hkeys('h')).sort(), ['a', 'b', 'c']);
    assert.deepEqual((await r.hvals('h')).sort(), ['15', '2.5', 'three']);
    const [cursor, flat] = await r.hscan('h', 0, 'COUNT', 100);
    assert.equal(cursor, '0');
    assert.equal(flat.length, 6);
    const field = await r.hrandfield('h');
    assert.ok(['a', 'b', 'c'].includes(field as string));
    assert.deepEqual(await r.hgetall('nohash'), {});
    await assert.rejects(r.hget('h', 'a').then(() => r.lpush('h', 'x')), /WRONGTYPE Operation against a key holding the wrong kind of value/);
  });

  test(`RESP${protocol}: ` + 'lists: push/pop, ranges, lpos, linsert, lmove, lmpop, ltrim', async () => {
    const r = await freshDb();
    assert.equal(await r.rpush('l', 'a', 'b', 'c'), 3);
    assert.equal(await r.lpush('l', 'z'), 4);
    assert.deepEqual(await r.lrange('l', 0, -1), ['z', 'a', 'b', 'c']);
    assert.equal(await r.lindex('l', -1), 'c');
    assert.equal(await r.linsert('l', 'BEFORE', 'b', 'x'), 5);
    assert.equal(await r.lpos('l', 'x'), 2);
    assert.equal(await r.lset('l', 0, 'Z'), 'OK');
    assert.equal(await r.lrem('l', 0, 'a'), 1);
    assert.equal(await r.lmove('l', 'l2', 'RIGHT', 'LEFT'), 'c');
    assert.deepEqual(await r.lpop('l', 2), ['Z', 'x']);
    assert.equal(await r.rpop('l'), 'b');
    assert.equal(await r.exists('l'), 0);
    assert.equal(await r.rpushx('l', 'q'), 0);
    await r.rpush('m', '1', '2', '3', '4');
    assert.deepEqual(await r.lmpop(2, 'nothing', 'm', 'RIGHT', 'COUNT', 2), ['m', ['4', '3']]);
    assert.equal(await r.ltrim('m', 0, 0), 'OK');
    assert.deepEqual(await r.lrange('m', 0, -1), ['1']);
    assert.equal(await r.llen('l2'), 1);
    assert.equal(await r.rpoplpush('l2', 'l3'), 'c');
    assert.equal(await r.lpop('missing'), null);
  });

  test(`RESP${protocol}: ` + 'sets: members, algebra, stores, smismember, srandmember, spop, sintercard', async () => {
    const r = await freshDb();
    assert.equal(await r.sadd('s1', 'a', 'b', 'c', 'a'), 3);
    await r.sadd('s2', 'b', 'c', 'd');
    assert.deepEqual((await r.smembers('s1')).sort(), ['a', 'b', 'c']);
    assert.deepEqual((await r.sinter('s1', 's2')).sort(), ['b', 'c']);
    assert.deepEqual((await r.sunion('s1', 's2')).sort(), ['a', 'b', 'c', 'd']);
    assert.deepEqual(await r.sdiff('s1', 's2'), ['a']);
    assert.equal(await r.sinterstore('s3', 's1', 's2'), 2);
    assert.equal(await r.sintercard(2, 's1', 's2'), 2);
    assert.equal(await r.sismember('s1', 'a'), 1);
    assert.deepEqual(await r.smismember('s1', 'a', 'z'), [1, 0]);
    assert.equal(await r.scard('s2'), 3);
    assert.equal(await r.smove('s1', 's2', 'a'), 1);
    assert.equal(await r.srem('s2', 'a', 'zz'), 1);
    const popped = await r.spop('s3');
    assert.ok(popped === 'b' || popped === 'c');
    assert.equal((await r.srandmember('s2', 2)).length, 2);
    assert.equal((await r.srandmember('s2', -5)).length, 5);
    // Integer-only sets (intset) behave the same from the outside.
    await r.sadd('ints', 3, 1, 2);
    assert.deepEqual(await r.smembers('ints'), ['1', '2', '3']);
  });

  test(`RESP${protocol}: ` + 'sorted sets: zadd flags, ranges with scores, rank, zincrby, zrangebyscore LIMIT, zpop, stores', async () => {
    const r = await freshDb();
    assert.equal(await r.zadd('z', 1, 'one', 2, 'two', 3, 'three'), 3);
    assert.equal(await r.zadd('z', 'NX', 10, 'one', 4, 'four'), 1);
    assert.equal(await r.zadd('z', 'XX', 'CH', 1.5, 'one'), 1);
    assert.deepEqual(await loose(r).zrange('z', 0, -1, 'WITHSCORES'), ['one', '1.5', 'two', '2', 'three', '3', 'four', '4']);
    assert.deepEqual(await r.zrevrange('z', 0, 1), ['four', 'three']);
    assert.deepEqual(await r.zrangebyscore('z', '(1.5', '+inf', 'LIMIT', 1, 2), ['three', 'four']);
    assert.deepEqual(await r.zrange('z', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, 1), ['four']);
    assert.equal(await r.zrank('z', 'three'), 2);
    assert.equal(await r.zrevrank('z', 'three'), 1);
    assert.equal(await r.zscore('z', 'two'), '2');
    assert.deepEqual(await r.zmscore('z', 'two', 'nope'), ['2', null]);
    assert.equal(await r.zincrby('z', 0.25, 'two'), '2.25');
    assert.equal(await r.zcount('z', 2, 3), 2);
    assert.equal(await r.zcard('z'), 4);
    assert.deepEqual(await r.zpopmin('z'), ['one', '1.5']);
    assert.deepEqual(await r.zpopmax('z', 2), ['four', '4', 'three', '3']);
    await r.zadd('a', 1, 'x', 2, 'y');
    await r.zadd('b', 10, 'y', 20, 'w');
    assert.equal(await r.zunionstore('u', 2, 'a', 'b', 'WEIGHTS', 1, 2), 3);
    assert.deepEqual(await loose(r).zrange('u', 0, -1, 'WITHSCORES'), ['x', '1', 'y', '22', 'w', '40']);
    assert.equal(await r.zinterstore('i', 2, 'a', 'b', 'AGGREGATE', 'MAX'), 1);
    assert.deepEqual(await loose(r).zrange('i', 0, -1, 'WITHSCORES'), ['y', '10']);
    await r.zadd('lex', 0, 'a', 0, 'b', 0, 'c', 0, 'd');
    assert.deepEqual(await r.zrangebylex('lex', '[b', '(d'), ['b', 'c']);
    assert.equal(await r.zlexcount('lex', '-', '+'), 4);
    assert.equal(await r.zremrangebyrank('lex', 0, 1), 2);
    assert.equal(await r.zremrangebyscore('u', '-inf', 1), 1);
    assert.deepEqual(await r.zmpop(1, 'u', 'MIN'), ['u', [['y', '22']]]);
    await r.zadd('inf', '-inf', 'lo', '+inf', 'hi');
    assert.deepEqual(await loose(r).zrange('inf', 0, -1, 'WITHSCORES'), ['lo', '-inf', 'hi', 'inf']);
  });

  test(`RESP${protocol}: ` + 'streams: xadd (auto and explicit ids, MAXLEN), xrange/xrevrange, xread, groups, xack, xpending, xclaim, xinfo', async () => {
    const r = await freshDb();
    const id1 = await r.xadd('st', '*', 'f', 'v1');
    assert.match(id1!, /^\d+-\d+$/);
    assert.equal(await r.xadd('ex', '1-1', 'a', '1'), '1-1');
    assert.equal(await r.xadd('ex', '1-*', 'a', '2'), '1-2');
    await assert.rejects(r.xadd('ex', '1-1', 'a', '3'), /ERR The ID specified in XADD is equal or smaller than the target stream top item/);
    for (let i = 2; i <= 5; i++) await r.xadd('ex', `${i}-0`, 'a', String(i + 1));
    assert.deepEqual(await r.xrange('ex', '-', '+', 'COUNT', 2), [['1-1', ['a', '1']], ['1-2', ['a', '2']]]);
    assert.deepEqual(await r.xrevrange('ex', '+', '-', 'COUNT', 1), [['5-0', ['a', '6']]]);
    assert.equal(await r.xlen('ex'), 6);
    assert.deepEqual(await r.xread('COUNT', 1, 'STREAMS', 'ex', '4-0'), [['ex', [['5-0', ['a', '6']]]]]);
    assert.equal(await r.xread('STREAMS', 'ex', '$'), null);
    assert.equal(await r.xadd('capped', 'MAXLEN', '2', '*', 'n', '1') !== null, true);
    await r.xadd('capped', 'MAXLEN', '2', '*', 'n', '2');
    await r.xadd('capped', 'MAXLEN', '2', '*', 'n', '3');
    assert.equal(await r.xlen('capped'), 2);
    assert.equal(await r.xgroup('CREATE', 'ex', 'g', '0'), 'OK');
    await assert.rejects(r.xgroup('CREATE', 'ex', 'g', '0'), /BUSYGROUP Consumer Group name already exists/);
    const got = (await r.xreadgroup('GROUP', 'g', 'c1', 'COUNT', 2, 'STREAMS', 'ex', '>')) as [string, [string, string[]][]][];
    assert.deepEqual(got, [['ex', [['1-1', ['a', '1']], ['1-2', ['a', '2']]]]]);
    assert.equal(await r.xack('ex', 'g', '1-1'), 1);
    const summary = (await r.xpending('ex', 'g')) as unknown[];
    assert.deepEqual(summary, [1, '1-2', '1-2', [['c1', '1']]]);
    const claimed = (await r.xclaim('ex', 'g', 'c2', 0, '1-2')) as unknown[];
    assert.deepEqual(claimed, [['1-2', ['a', '2']]]);
    const detail = (await r.xpending('ex', 'g', '-', '+', 10, 'c2')) as unknown[][];
    assert.equal(detail.length, 1);
    assert.equal(detail[0][0], '1-2');
    assert.equal(detail[0][1], 'c2');
    const info = (await r.xinfo('STREAM', 'ex')) as unknown[];
    const asObject: Record<string, unknown> = {};
    for (let i = 0; i < info.length; i += 2) asObject[info[i] as string] = info[i + 1];
    assert.equal(asObject.length, 6);
    assert.equal(asObject.groups, 1);
    assert.equal(asObject['last-generated-id'], '5-0');
    assert.deepEqual(asObject['first-entry'], ['1-1', ['a', '1']]);
    assert.equal(await r.xdel('ex', '1-1', '9-9'), 1);
    assert.equal(await r.xtrim('ex', 'MAXLEN', 2), 3);
    const auto = (await r.xautoclaim('ex', 'g', 'c3', 0, '0-0')) as unknown[];
    assert.equal(auto[0], '0-0');
  });

  test(`RESP${protocol}: ` + 'keys: scan with MATCH/TYPE, keys, expire family, copy, object encoding, dbsize, randomkey, sort', async () => {
    const r = await freshDb();
    for (let i = 0; i < 30; i++) await r.set(`user:${i}`, String(i));
    await r.rpush('numbers', '3', '1', '2');
    await r.hset('user:h', 'f', 'v');
    assert.equal(await r.dbsize(), 32);
    const seen = new Set<string>();
    let cursor = '0';
    let rounds = 0;
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', 'user:*', 'COUNT', 7);
      for (const k of keys) seen.add(k);
      cursor = next;
    } while (cursor !== '0' && ++rounds < 100);
    assert.equal(seen.size, 31);
    const [, hashes] = await r.scan(0, 'COUNT', 1000, 'TYPE', 'hash');
    assert.deepEqual(hashes, ['user:h']);
    assert.equal((await r.keys('user:1*')).length, 11);
    assert.equal(await r.expire('user:1', 100), 1);
    assert.equal(await r.expire('user:1', 50, 'GT'), 0);
    assert.equal(await r.pexpire('user:1', 200000, 'GT'), 1);
    assert.equal(await r.ttl('user:1'), 200);
    const at = Math.floor(Date.now() / 1000) + 1000;
    assert.equal(await r.expireat('user:2', at), 1);
    assert.equal(await r.expiretime('user:2'), at);
    assert.equal(await r.copy('user:3', 'copy3'), 1);
    assert.equal(await r.get('copy3'), '3');
    assert.equal(await r.object('ENCODING', 'user:3'), 'int');
    assert.deepEqual(await r.sort('numbers'), ['1', '2', '3']);
    assert.deepEqual(await loose(r).sort('numbers', 'DESC', 'LIMIT', 0, 2), ['3', '2']);
    assert.equal(typeof (await r.randomkey()), 'string');
    assert.equal(await r.unlink('user:4', 'user:5'), 2);
    assert.equal(await r.touch('user:6', 'none'), 1);
    assert.equal(await r.renamenx('user:7', 'user:8'), 0);
  });

  test(`RESP${protocol}: ` + 'pipeline: mixed commands, per-command errors, exec result shapes', async () => {
    const r = await freshDb();
    const res = await r.pipeline()
      .set('p', '1')
      .incr('p')
      .hset('ph', 'a', '1')
      .lpush('p', 'x')          // WRONGTYPE, does not stop the pipeline
      .get('p')
      .hgetall('ph')
      .exec();
    assert.ok(res !== null);
    assert.deepEqual(res.map(([err]) => err === null), [true, true, true, false, true, true]);
    assert.match(String(res[3][0]), /WRONGTYPE/);
    assert.deepEqual(res.map(([, v]) => v), ['OK', 2, 1, undefined, '2', { a: '1' }]);
    // A long pipeline comes back complete and in order.
    const p = r.pipeline();
    for (let i = 0; i < 2000; i++) p.rpush('big', String(i));
    p.llen('big');
    const out = await p.exec();
    assert.equal(out!.length, 2001);
    assert.equal(out![1999][1], 2000);
    assert.equal(out![2000][1], 2000);
  });

  test(`RESP${protocol}: ` + 'scanStream / hscanStream / zscanStream / sscanStream read every element once', async () => {
    const r = await freshDb();
    const p = r.pipeline();
    for (let i = 0; i < 500; i++) p.set(`k:${i}`, 'v');
    for (let i = 0; i < 300; i++) p.hset('bigh', `f${i}`, String(i));
    for (let i = 0; i < 300; i++) p.zadd('bigz', i, `m${i}`);
    for (let i = 0; i < 300; i++) p.sadd('bigs', `s${i}`);
    await p.exec();
    const collect = (stream: NodeJS.ReadableStream): Promise<string[]> => within(5000, 'scan stream', new Promise((resolve, reject) => {
      const all: string[] = [];
      stream.on('data', (batch: string[]) => all.push(...batch));
      stream.on('end', () => resolve(all));
      stream.on('error', reject);
    }));
    const keys = await collect(r.scanStream({ match: 'k:*', count: 50 }));
    assert.equal(new Set(keys).size, 500);
    const hashPairs = await collect(r.hscanStream('bigh', { count: 40 }));
    assert.equal(hashPairs.length, 600);
    const zPairs = await collect(r.zscanStream('bigz', { count: 40 }));
    assert.equal(zPairs.length, 600);
    const members = await collect(r.sscanStream('bigs', { count: 40 }));
    assert.equal(new Set(members).size, 300);
  });

  test(`RESP${protocol}: ` + 'defineCommand: custom Lua commands through EVALSHA, EVAL fallback after SCRIPT FLUSH', async () => {
    const r = await freshDb();
    r.defineCommand('incrCapped', {
      numberOfKeys: 1,
      lua: `
        local cap = tonumber(ARGV[1])
        local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
        if cur >= cap then return {cur, 'capped'} end
        return {redis.call('INCR', KEYS[1]), 'ok'}
      `,
    });
    r.defineCommand('hashToJson', {
      numberOfKeys: 1,
      lua: `
        local flat = redis.call('HGETALL', KEYS[1])
        local obj = {}
        for i = 1, #flat, 2 do obj[flat[i]] = tonumber(flat[i + 1]) or flat[i + 1] end
        return cjson.encode(obj)
      `,
    });
    type Custom = Redis & {
      incrCapped(key: string, cap: number): Promise<[number, string]>;
      hashToJson(key: string): Promise<string>;
    };
    const c = r as Custom;
    assert.deepEqual(await c.incrCapped('cnt', 2), [1, 'ok']);
    assert.deepEqual(await c.incrCapped('cnt', 2), [2, 'ok']);
    assert.deepEqual(await c.incrCapped('cnt', 2), [2, 'capped']);
    // After SCRIPT FLUSH, EVALSHA answers NOSCRIPT and ioredis retries with EVAL.
    assert.equal(await r.script('FLUSH'), 'OK');
    assert.deepEqual(await c.incrCapped('cnt', 5), [3, 'ok']);
    await r.hset('obj', { n: '42', s: 'text' });
    assert.deepEqual(JSON.parse(await c.hashToJson('obj')), { n: 42, s: 'text' });
    // In a pipeline too (ioredis loads the script with EVAL when it is not cached).
    await r.script('FLUSH');
    const res = await loose(r.pipeline()).incrCapped('cnt', 10).incrCapped('cnt', 10).exec();
    assert.deepEqual(res!.map(([, v]: [unknown, unknown]) => v), [[4, 'ok'], [5, 'ok']]);
    // Script errors arrive as ReplyErrors with Redis's text.
    r.defineCommand('boom', { numberOfKeys: 0, lua: "return redis.error_reply('MYERR custom failure')" });
    await assert.rejects((r as Redis & { boom(): Promise<unknown> }).boom(), /MYERR custom failure/);
    r.defineCommand('badcall', { numberOfKeys: 1, lua: "return redis.call('LPUSH', KEYS[1], 'x')" });
    await r.set('str', 'v');
    await assert.rejects((r as Redis & { badcall(k: string): Promise<unknown> }).badcall('str'), /WRONGTYPE Operation against a key holding the wrong kind of value/);
  });

  test(`RESP${protocol}: ` + 'eval / evalsha / script load+exists directly, with Buffer replies', async () => {
    const r = await freshDb();
    const sha = (await r.script('LOAD', 'return {KEYS[1], ARGV[1], 3.9, true, false}')) as string;
    assert.match(sha, /^[0-9a-f]{40}$/);
    assert.deepEqual(await r.script('EXISTS', sha, 'f'.repeat(40)), [1, 0]);
    assert.deepEqual(await r.evalsha(sha, 1, 'k', 'a'), ['k', 'a', 3, 1, null]);
    await assert.rejects(r.evalsha('f'.repeat(40), 0), /NOSCRIPT No matching script/);
    const buf = (await loose(r).evalBuffer("return string.char(0, 255, 128)", 0)) as Buffer;
    assert.ok(buf.equals(Buffer.from([0, 255, 128])));
    assert.equal(await r.eval("return redis.call('SET', KEYS[1], ARGV[1])", 1, 'ek', 'ev'), 'OK');
    assert.equal(await r.get('ek'), 'ev');
    assert.equal(await r.eval("return redis.sha1hex('')", 0), 'da39a3ee5e6b4b0d3255bfef95601890afd80709');
  });

  test(`RESP${protocol}: ` + 'hyperloglog and bit operations through ioredis', async () => {
    const r = await freshDb();
    assert.equal(await r.pfadd('hll', 'a', 'b', 'c', 'a'), 1);
    assert.equal(await r.pfcount('hll'), 3);
    assert.equal(await r.setbit('bits', 7, 1), 0);
    assert.equal(await r.getbit('bits', 7), 1);
    assert.equal(await r.bitcount('bits'), 1);
    assert.equal(await r.bitpos('bits', 1), 7);
    assert.deepEqual(await loose(r).bitfield('bf', 'SET', 'u8', 0, 200, 'INCRBY', 'u8', 0, 100), [0, 44]);
  });

  test(`RESP${protocol}: ` + 'geo: geoadd, geodist, geopos, geohash, geosearch with coordinates and distances, georadius STORE', async () => {
    const r = await freshDb();
    assert.equal(await r.geoadd('Sicily', 13.361389, 38.115556, 'Palermo', 15.087269, 37.502669, 'Catania'), 2);
    assert.equal(await r.geodist('Sicily', 'Palermo', 'Catania', 'KM'), '166.2742');
    assert.equal(await r.geodist('Sicily', 'Palermo', 'nobody'), null);
    assert.deepEqual(await r.geopos('Sicily', 'Palermo', 'nobody'), [['13.36138933897018433', '38.11555639549629859'], null]);
    assert.deepEqual(await r.geohash('Sicily', 'Palermo', 'Catania'), ['sqc8b49rny0', 'sqdtr74hyu0']);
    assert.deepEqual(await r.geosearch('Sicily', 'FROMLONLAT', 15, 37, 'BYRADIUS', 200, 'km', 'ASC', 'WITHCOORD', 'WITHDIST'), [
      ['Catania', '56.4413', ['15.08726745843887329', '37.50266842333162032']],
      ['Palermo', '190.4424', ['13.36138933897018433', '38.11555639549629859']],
    ]);
    assert.deepEqual(await r.geosearch('Sicily', 'FROMMEMBER', 'Palermo', 'BYBOX', 400, 400, 'km', 'DESC'), ['Catania', 'Palermo']);
    assert.equal(await r.georadius('Sicily', 15, 37, 100, 'km', 'STORE', 'near'), 1);
    assert.deepEqual(await r.zrange('near', '0', '-1'), ['Catania']);
    await assert.rejects(r.geoadd('Sicily', 200, 100, 'bad'), /ERR invalid longitude,latitude pair 200.000000,100.000000/);
  });

  test(`RESP${protocol}: ` + 'MULTI/EXEC through ioredis (multi(), WATCH conflicts)', async () => {
    const r = await freshDb();
    assert.ok(await supports(r, 'multi', 'exec', 'watch'), 'MULTI/EXEC/WATCH');
    const res = await r.multi().set('m', '1').incr('m').get('m').exec();
    assert.deepEqual(res, [[null, 'OK'], [null, 2], [null, '2']]);
    // WATCH: a change by another client makes EXEC answer nil (ioredis: null).
    const other = await connect({ db: nextDb - 1 });
    await r.watch('m');
    await other.set('m', 'changed');
    const aborted = await r.multi().set('m', 'mine').exec();
    assert.equal(aborted, null);
    assert.equal(await r.get('m'), 'changed');
    // Errors queued in a transaction: EXECABORT for a wrong command, per-command errors otherwise.
    const mixed = await r.multi().set('w', 'v').lpush('w', 'x').get('w').exec();
    assert.equal(mixed![0][1], 'OK');
    assert.match(String(mixed![1][0]), /WRONGTYPE/);
    assert.equal(mixed![2][1], 'v');
    // A pipeline with a multi inside (ioredis's default for .multi() in a pipeline).
    const piped = await loose(r.pipeline().incr('pm')).multi().incr('pm').incr('pm').exec().get('pm').exec();
    assert.equal(piped![piped!.length - 1][1], '3');
  });

  test(`RESP${protocol}: ` + 'pub/sub through ioredis (subscribe, psubscribe, messageBuffer)', async () => {
    const pub = await connect();
    assert.ok(await supports(pub, 'subscribe', 'publish', 'psubscribe'), 'pub/sub');
    const sub = await connect();
    const messages: string[] = [];
    sub.on('message', (channel: string, message: string) => messages.push(`${channel}:${message}`));
    sub.on('pmessage', (pattern: string, channel: string, message: string) => messages.push(`${pattern}|${channel}:${message}`));
    assert.equal(await sub.subscribe('news', 'sport'), 2);
    assert.equal(await sub.psubscribe('n*'), 3);
    assert.equal(await pub.publish('news', 'hello'), 2);
    assert.equal(await pub.publish('sport', 'goal'), 1);
    assert.equal(await pub.publish('nothing-here', 'x'), 1);
    await within(3000, 'pub/sub messages', new Promise<void>((resolve) => {
      const check = () => (messages.length >= 4 ? resolve() : setTimeout(check, 10));
      check();
    }));
    assert.deepEqual(messages.sort(), ['n*|news:hello', 'n*|nothing-here:x', 'news:hello', 'sport:goal']);
    assert.deepEqual(await pub.pubsub('CHANNELS', 'n*'), ['news']);
    assert.deepEqual(await pub.pubsub('NUMSUB', 'news', 'none'), ['news', 1, 'none', 0]);
    assert.equal(await pub.pubsub('NUMPAT'), 1);
    // (ioredis 6 waits forever on an UNSUBSCRIBE without arguments: name the channels.)
    assert.equal(await sub.unsubscribe('news', 'sport'), 1);
    assert.equal(await sub.punsubscribe('n*'), 0);
    assert.equal(await pub.publish('news', 'after'), 0);
    // The connection is a normal client again.
    assert.equal(await sub.ping(), 'PONG');
  });
}

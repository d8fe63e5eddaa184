// node-redis (the `redis` package) against Ferrous, over RESP2 and RESP3 (node-redis 5+
// defaults to RESP3 and says HELLO 3 on connect, then CLIENT SETINFO LIB-VER / LIB-NAME,
// ignoring errors from servers that lack them). Commands through the client's typed methods,
// whose reply transforms depend on the protocol (maps, doubles), scripts made with
// defineScript (EVALSHA, EVAL after NOSCRIPT), SCAN iterators, MULTI/WATCH and pub/sub.
// Expected values are real Redis's: COMPAT_AGAINST_REDIS=1 checks them against redis-server
// (see target.ts).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, defineScript, type RedisClientType } from 'redis';
import { startTarget, within, type Target } from './target';

let target: Target;
// Untyped: node-redis's generics differ per RESP version and scripts; the assertions check shapes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyClient = any;
const clients: AnyClient[] = [];

before(async () => {
  target = await startTarget();
});

after(async () => {
  for (const c of clients) {
    if (c.isOpen) c.destroy();
  }
  await target.close();
});

const incrBy = defineScript({
  NUMBER_OF_KEYS: 1,
  SCRIPT: "return redis.call('INCRBY', KEYS[1], ARGV[1])",
  parseCommand(parser: { pushKey(k: string): void; push(a: string): void }, key: string, by: number) {
    parser.pushKey(key);
    parser.push(String(by));
  },
  transformReply: undefined as unknown as () => number,
});

const pairs = defineScript({
  NUMBER_OF_KEYS: 1,
  SCRIPT: "local t = redis.call('HGETALL', KEYS[1]) table.insert(t, 3.75) table.insert(t, {field = 'dropped'}) return t",
  parseCommand(parser: { pushKey(k: string): void }, key: string) {
    parser.pushKey(key);
  },
  transformReply: undefined as unknown as () => unknown[],
});

async function connect(resp: 2 | 3, extra: Record<string, unknown> = {}): Promise<AnyClient> {
  const client: AnyClient = createClient({
    socket: { host: '127.0.0.1', port: target.port, reconnectStrategy: false, connectTimeout: 3000 },
    RESP: resp,
    scripts: { incrBy, pairs },
    ...extra,
  });
  client.on('error', () => { /* surfaced through the failing command */ });
  clients.push(client);
  await within(5000, 'node-redis connect', client.connect());
  return client;
}

// Databases 1..15 in turn (tests run one after the other; each flushes the one it takes).
let lastDb = 0;
async function freshDb(resp: 2 | 3): Promise<AnyClient> {
  lastDb = (lastDb % 15) + 1;
  const client = await connect(resp, { database: lastDb });
  await client.flushDb();
  return client;
}

async function supports(client: AnyClient, ...names: string[]): Promise<boolean> {
  const info = (await client.sendCommand(['COMMAND', 'INFO', ...names])) as unknown[];
  return info.every((entry) => entry !== null);
}

for (const resp of [2, 3] as const) {
  test(`RESP${resp}: connect handshake (HELLO, CLIENT SETINFO, SELECT, name), PING, INFO`, async () => {
    const client = await connect(resp, { name: `compat-${resp}`, database: 3 });
    assert.equal(await client.ping(), 'PONG');
    assert.equal(await client.clientGetName(), `compat-${resp}`);
    const info = await client.clientInfo();
    assert.equal(info.db, 3);
    assert.equal(info.name, `compat-${resp}`);
    assert.equal(String(info.resp ?? resp), String(resp));
    // CLIENT SETINFO exists from Redis 7.2 on (the oracle here is 7.0, where node-redis
    // ignores the error); Ferrous follows 7.4 and keeps what the client said.
    if (target.kind === 'ferrous') {
      const list = (await client.sendCommand(['CLIENT', 'INFO'])) as string;
      assert.match(String(list), /lib-name=node-redis /);
      assert.match(String(list), /lib-ver=\d+\.\d+\.\d+/);
    }
    const serverInfo = await client.info('server');
    assert.match(serverInfo, /redis_version:/);
  });

  test(`RESP${resp}: strings, counters, expiry, mGet, set options`, async () => {
    const c = await freshDb(resp);
    assert.equal(await c.set('k', 'v'), 'OK');
    assert.equal(await c.set('k', 'w', { NX: true }), null);
    assert.equal(await c.set('k', 'w', { GET: true }), 'v');
    assert.equal(await c.get('k'), 'w');
    assert.equal(await c.incrBy('n', 5), 5);
    assert.equal(await c.incrByFloat('f', 1.25), '1.25');
    assert.deepEqual(await c.mGet(['k', 'n', 'none']), ['w', '5', null]);
    assert.equal(await c.set('e', 'x', { EX: 100 }), 'OK');
    assert.equal(await c.ttl('e'), 100);
    assert.equal(await c.expire('e', 10), 1);
    assert.equal(await c.ttl('e'), 10);
    assert.equal(await c.exists(['k', 'e', 'none']), 2);
    assert.equal(await c.del(['k', 'e']), 2);
    const buf = await c.withTypeMapping({ [36]: Buffer }).get('n');
    assert.ok(Buffer.isBuffer(buf) && buf.toString() === '5');
    await c.set(Buffer.from([0xff, 0x00]), Buffer.from([0x80, 0x81, 0x0d, 0x0a]));
    const back = await c.withTypeMapping({ [36]: Buffer }).get(Buffer.from([0xff, 0x00]));
    assert.ok(back.equals(Buffer.from([0x80, 0x81, 0x0d, 0x0a])));
  });

  test(`RESP${resp}: hashes (hGetAll is an object in both protocols), lists, sets, zsets with scores`, async () => {
    const c = await freshDb(resp);
    assert.equal(await c.hSet('h', { a: '1', b: 'two' }), 2);
    const all = await c.hGetAll('h');
    assert.deepEqual({ ...all }, { a: '1', b: 'two' });
    assert.equal(await c.hIncrBy('h', 'a', 9), 10);
    assert.deepEqual(await c.hmGet('h', ['a', 'zz']), ['10', null]);
    assert.equal(await c.rPush('l', ['a', 'b', 'c']), 3);
    assert.deepEqual(await c.lRange('l', 0, -1), ['a', 'b', 'c']);
    assert.equal(await c.lPop('l'), 'a');
    assert.equal(await c.sAdd('s', ['x', 'y', 'x']), 2);
    assert.deepEqual((await c.sMembers('s')).slice().sort(), ['x', 'y']);
    assert.equal(await c.sIsMember('s', 'x'), 1);
    assert.equal(await c.zAdd('z', [{ score: 1.5, value: 'a' }, { score: 2, value: 'b' }]), 2);
    assert.deepEqual(await c.zRangeWithScores('z', 0, -1), [{ value: 'a', score: 1.5 }, { value: 'b', score: 2 }]);
    assert.equal(await c.zScore('z', 'a'), 1.5);
    assert.equal(await c.zIncrBy('z', 0.5, 'b'), 2.5);
    assert.deepEqual(await c.zPopMin('z'), { value: 'a', score: 1.5 });
    assert.deepEqual(await c.zRange('z', '-inf', '+inf', { BY: 'SCORE' }), ['b']);
  });

  test(`RESP${resp}: streams through node-redis's transforms (xAdd, xRange, xReadGroup, xInfoStream)`, async () => {
    const c = await freshDb(resp);
    assert.equal(await c.xAdd('st', '1-0', { f: 'v1' }), '1-0');
    assert.equal(await c.xAdd('st', '2-0', { f: 'v2', g: 'w' }), '2-0');
    const range = await c.xRange('st', '-', '+');
    assert.deepEqual(range.map((e: { id: string; message: object }) => [e.id, { ...e.message }]), [['1-0', { f: 'v1' }], ['2-0', { f: 'v2', g: 'w' }]]);
    assert.equal(await c.xGroupCreate('st', 'g', '0'), 'OK');
    const read = await c.xReadGroup('g', 'c1', { key: 'st', id: '>' }, { COUNT: 1 });
    // RESP2: [{ name, messages }]; RESP3: a map { st: [...] } (node-redis keeps the protocol's shape).
    const messages = Array.isArray(read) ? read[0].messages : (read instanceof Map ? read.get('st') : read.st);
    assert.equal(messages.length, 1);
    assert.equal(messages[0].id, '1-0');
    assert.equal(await c.xAck('st', 'g', '1-0'), 1);
    const info = await c.xInfoStream('st');
    assert.equal(info.length, 2);
    assert.equal(info['last-generated-id'] ?? info.lastGeneratedId, '2-0');
  });

  test(`RESP${resp}: scripts by defineScript (EVALSHA, EVAL after NOSCRIPT), eval, script load`, async () => {
    const c = await freshDb(resp);
    assert.equal(await c.incrBy('cnt', 3), 3);
    assert.equal(await c.incrBy('cnt', 4), 7);
    assert.equal(await c.scriptFlush(), 'OK');
    assert.equal(await c.incrBy('cnt', 1), 8);
    await c.hSet('ph', 'k', 'v');
    // A Lua double becomes an integer, a table with only fields an empty array, in both
    // protocols (a script speaks RESP2 unless it calls redis.setresp(3)).
    assert.deepEqual(await c.pairs('ph'), ['k', 'v', 3, []]);
    assert.equal(await c.eval("return ARGV[1] .. KEYS[1]", { keys: ['k'], arguments: ['a'] }), 'ak');
    const sha = await c.scriptLoad('return 42');
    assert.equal(await c.evalSha(sha), 42);
    assert.deepEqual(await c.scriptExists([sha, '0'.repeat(40)]), [1, 0]);
    await assert.rejects(c.evalSha('0'.repeat(40)), /NOSCRIPT/);
    await assert.rejects(c.eval("return redis.call('nosuch')"), /Unknown Redis command called from script/);
    // A script that switches itself to RESP3 returns RESP3 types to a RESP3 client.
    const v = await c.eval("redis.setresp(3) return redis.call('HGETALL', KEYS[1])", { keys: ['ph'] });
    if (resp === 3) assert.deepEqual({ ...v }, { k: 'v' });
    else assert.deepEqual(v, ['k', 'v']);
  });

  test(`RESP${resp}: SCAN / HSCAN / SSCAN / ZSCAN iterators`, async () => {
    const c = await freshDb(resp);
    const multiKeys: Record<string, string> = {};
    for (let i = 0; i < 300; i++) multiKeys[`it:${i}`] = String(i);
    await c.mSet(multiKeys);
    for (let i = 0; i < 200; i++) await c.hSet('ih', `f${i}`, String(i));
    await c.sAdd('is', Array.from({ length: 150 }, (_, i) => `m${i}`));
    await c.zAdd('iz', Array.from({ length: 150 }, (_, i) => ({ score: i, value: `z${i}` })));
    const keys = new Set<string>();
    for await (const batch of c.scanIterator({ MATCH: 'it:*', COUNT: 40 })) {
      for (const k of (Array.isArray(batch) ? batch : [batch])) keys.add(k);
    }
    assert.equal(keys.size, 300);
    let fields = 0;
    for await (const batch of c.hScanIterator('ih', { COUNT: 30 })) fields += Array.isArray(batch) ? batch.length : 1;
    assert.equal(fields, 200);
    let members = 0;
    for await (const batch of c.sScanIterator('is', { COUNT: 30 })) members += Array.isArray(batch) ? batch.length : 1;
    assert.equal(members, 150);
    let scored = 0;
    for await (const batch of c.zScanIterator('iz', { COUNT: 30 })) scored += Array.isArray(batch) ? batch.length : 1;
    assert.equal(scored, 150);
  });

  test(`RESP${resp}: pipelining by concurrent promises and by multi().execAsPipeline()`, async () => {
    const c = await freshDb(resp);
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => c.incr(`pp${i % 3}`)));
    assert.equal(results.length, 300);
    assert.equal(Math.max(...results), 100);
    const piped = await c.multi().set('a', '1').incr('a').get('a').execAsPipeline();
    assert.deepEqual(piped, ['OK', 2, '2']);
  });

  test(`RESP${resp}: admin and newer-command helpers (role, aclWhoAmI, moduleList, clientList, configGet, functions, lcs, zmPop, bitField)`, async () => {
    const c = await freshDb(resp);
    assert.deepEqual({ ...(await c.role()) }, { role: 'master', replicationOffest: 0, replicas: [] });
    assert.equal(await c.aclWhoAmI(), 'default');
    assert.deepEqual(await c.moduleList(), []);
    const me = (await c.clientList()).find((entry: { id: number }) => entry.id === 0 || entry.id > 0);
    assert.ok(me && typeof me.addr === 'string' && typeof me.db === 'number');
    assert.deepEqual({ ...(await c.configGet('maxmemory-policy')) }, { 'maxmemory-policy': 'noeviction' });
    const [getInfo] = await c.commandInfo(['get']);
    assert.equal(getInfo.name, 'get');
    assert.equal(getInfo.arity, 2);
    assert.equal(await c.functionLoad("#!lua name=compatlib\nredis.register_function('echoarg', function(keys, args) return args[1] end)", { REPLACE: true }), 'compatlib');
    assert.equal(await c.fCall('echoarg', { arguments: ['hi'] }), 'hi');
    await c.set('k1', 'ohmytext');
    await c.set('k2', 'mynewtext');
    assert.deepEqual({ ...(await c.lcsIdxWithMatchLen('k1', 'k2')) }, { matches: [[[4, 7], [5, 8], 4], [[2, 3], [0, 1], 2]], len: 6 });
    await c.zAdd('zm', [{ score: 1, value: 'a' }, { score: 2, value: 'b' }]);
    assert.deepEqual({ ...(await c.zmPop('zm', 'MIN', { COUNT: 1 })) }, { key: 'zm', members: [{ value: 'a', score: 1 }] });
    assert.deepEqual(await c.bitField('bf', [{ operation: 'INCRBY', encoding: 'u8', offset: 0, increment: 5 }]), [5]);
    await c.functionDelete('compatlib');
  });

  test(`RESP${resp}: MULTI/EXEC and WATCH`, async () => {
    const c = await freshDb(resp);
    assert.ok(await supports(c, 'multi', 'exec', 'watch'), 'MULTI/EXEC/WATCH');
    assert.deepEqual(await c.multi().set('t', '1').incr('t').exec(), ['OK', 2]);
    await c.watch('t');
    const other = await connect(resp, { database: lastDb });
    await other.set('t', 'x');
    await assert.rejects(c.multi().set('t', 'mine').exec(), /WATCH|aborted/i);
    assert.equal(await c.get('t'), 'x');
  });

  test(`RESP${resp}: pub/sub with a subscriber connection`, async () => {
    const pub = await connect(resp);
    assert.ok(await supports(pub, 'subscribe', 'publish', 'psubscribe'), 'pub/sub');
    const sub = pub.duplicate();
    sub.on('error', () => { /* surfaced by the assertions */ });
    clients.push(sub);
    await sub.connect();
    const got: string[] = [];
    await sub.subscribe('ch', (message: string, channel: string) => got.push(`${channel}:${message}`));
    await sub.pSubscribe('c*', (message: string, channel: string) => got.push(`p ${channel}:${message}`));
    assert.equal(await pub.publish('ch', 'one'), 2);
    assert.equal(await pub.publish('cx', 'two'), 1);
    await within(3000, 'messages', new Promise<void>((resolve) => {
      const check = () => (got.length >= 3 ? resolve() : setTimeout(check, 10));
      check();
    }));
    assert.deepEqual(got.sort(), ['ch:one', 'p ch:one', 'p cx:two']);
    await sub.unsubscribe('ch');
    await sub.pUnsubscribe('c*');
    assert.equal(await pub.publish('ch', 'none'), 0);
  });
}

test('the client closes cleanly (close() sends nothing that Ferrous rejects)', async () => {
  const c: RedisClientType = await connect(3);
  await c.set('bye', '1');
  await c.close();
  assert.equal(c.isOpen, false);
});

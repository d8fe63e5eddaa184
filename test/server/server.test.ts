// The server over real sockets: ioredis as a real client, raw RESP for exact bytes. Checks
// byte-string round trips, pipelining, RESP3, connection state commands, MONITOR, SLOWLOG,
// INFO, CONFIG, AUTH, maxmemory OOM, output buffer bounds, SHUTDOWN, and the embedding API.
// Expected texts come from Redis (see the protocol and command goldens); the rest are
// properties any Redis-compatible server must have.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import Redis from 'ioredis';
import { startServer, createEngine, type RunningServer, ReplyError } from '../../src/index';
import { RawRespClient, encodeCommand } from '../support/resp-client';
import { freePort, waitForPort } from '../support/redis-oracle';

let srv: RunningServer;

before(async () => {
  srv = await startServer({ port: 0, config: { 'enable-debug-command': 'yes' } });
});

after(async () => {
  await srv.close();
});

async function withRedis<T>(fn: (r: Redis) => Promise<T>, opts: Record<string, unknown> = {}): Promise<T> {
  const r = new Redis({ port: srv.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, ...opts });
  await r.connect();
  try {
    return await fn(r);
  } finally {
    r.disconnect();
  }
}

test('ioredis: strings with every byte value round-trip exactly', async () => {
  await withRedis(async (r) => {
    let all = '';
    for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
    const key = Buffer.from('k\x00\xff\r\n', 'latin1');
    const value = Buffer.from(all + all, 'latin1');
    assert.equal(await r.set(key, value), 'OK');
    const back = await r.getBuffer(key);
    assert.ok(back !== null && back.equals(value));
    assert.equal(await r.strlen(key), 512);
    // Invalid UTF-8 stays bytes.
    const bad = Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1]);
    await r.set('bad', bad);
    assert.ok((await r.getBuffer('bad'))!.equals(bad));
  });
});

test('ioredis: pipelines keep order and replies', async () => {
  await withRedis(async (r) => {
    const p = r.pipeline();
    for (let i = 0; i < 500; i++) p.set(`p${i}`, String(i));
    for (let i = 0; i < 500; i++) p.incr(`p${i}`);
    for (let i = 0; i < 500; i++) p.get(`p${i}`);
    const res = await p.exec();
    assert.ok(res !== null);
    for (let i = 0; i < 500; i++) {
      assert.deepEqual(res[i], [null, 'OK']);
      assert.deepEqual(res[500 + i], [null, i + 1]);
      assert.deepEqual(res[1000 + i], [null, String(i + 1)]);
    }
  });
});

test('ioredis: RESP3 through HELLO 3', async () => {
  await withRedis(async (r) => {
    const hello = await r.call('HELLO', '3') as unknown[];
    // ioredis flattens maps into arrays: server, redis, version, 7.4.0, proto, 3 ...
    const flat = Array.isArray(hello) ? hello : Object.entries(hello as object).flat();
    assert.equal(flat[0], 'server');
    assert.equal(flat[3], '7.4.0');
    assert.equal(flat[5], 3);
  });
});

test('raw: HELLO 3 switches to RESP3 frames, RESET goes back to RESP2', async () => {
  const c = await RawRespClient.connect(srv.port);
  try {
    const hello = await c.command('HELLO', '3', 'SETNAME', 'myname');
    assert.ok(hello.startsWith('%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$5\r\n7.4.0\r\n$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:'));
    assert.ok(hello.endsWith('$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n'));
    assert.equal(await c.command('GET', 'nokey-resp3'), '_\r\n');
    assert.equal(await c.command('CLIENT', 'GETNAME'), '$6\r\nmyname\r\n');
    assert.match(await c.command('CONFIG', 'GET', 'maxmemory'), /^%1\r\n/);
    assert.match(await c.command('CLIENT', 'INFO'), /^=\d+\r\ntxt:id=/);
    assert.equal(await c.command('RESET'), '+RESET\r\n');
    assert.equal(await c.command('GET', 'nokey-resp3'), '$-1\r\n');
    assert.equal(await c.command('CLIENT', 'GETNAME'), '$-1\r\n');
  } finally {
    c.close();
  }
});

test('raw: replies of one read are written together, in order', async () => {
  const socket = net.createConnection({ port: srv.port, host: '127.0.0.1' });
  await new Promise((r) => socket.once('connect', r));
  const chunks: string[] = [];
  socket.on('data', (d) => chunks.push(d.toString('latin1')));
  let batch = '';
  for (let i = 0; i < 100; i++) batch += encodeCommand(['ECHO', String(i)]);
  socket.write(batch);
  const expected = Array.from({ length: 100 }, (_, i) => `$${String(i).length}\r\n${i}\r\n`).join('');
  const deadline = Date.now() + 3000;
  while (chunks.join('').length < expected.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  socket.destroy();
  assert.equal(chunks.join(''), expected);
  assert.ok(chunks.length <= 2, `expected one write for one read, got ${chunks.length} chunks`);
});

test('raw: big values in a pipeline come back whole and in order', async () => {
  const c = await RawRespClient.connect(srv.port);
  try {
    const big = 'q'.repeat(3 * 1024 * 1024 + 7) + '\x00\xff';
    assert.equal(await c.command('SET', 'bigv', big), '+OK\r\n');
    let pipeline = '';
    for (let i = 0; i < 8; i++) pipeline += encodeCommand(['GET', 'bigv']) + encodeCommand(['ECHO', String(i)]);
    c.writeRaw(pipeline);
    for (let i = 0; i < 8; i++) {
      const frame = await c.readFrame();
      assert.equal(frame.length, `$${big.length}\r\n`.length + big.length + 2);
      assert.ok(frame === `$${big.length}\r\n${big}\r\n`);
      assert.equal(await c.readFrame(), `$${String(i).length}\r\n${i}\r\n`);
    }
  } finally {
    c.close();
  }
});

test('raw: CLIENT REPLY OFF / SKIP / ON', async () => {
  const c = await RawRespClient.connect(srv.port);
  try {
    c.writeRaw(encodeCommand(['CLIENT', 'REPLY', 'SKIP']) + encodeCommand(['ECHO', 'skipped']) + encodeCommand(['ECHO', 'shown']));
    assert.equal(await c.readFrame(), '$5\r\nshown\r\n');
    c.writeRaw(encodeCommand(['CLIENT', 'REPLY', 'OFF']) + encodeCommand(['ECHO', 'a']) + encodeCommand(['SET', 'x', 'y']) + encodeCommand(['CLIENT', 'REPLY', 'ON']) + encodeCommand(['ECHO', 'b']));
    assert.equal(await c.readFrame(), '+OK\r\n');
    assert.equal(await c.readFrame(), '$1\r\nb\r\n');
  } finally {
    c.close();
  }
});

test('raw: QUIT answers OK and closes', async () => {
  const c = await RawRespClient.connect(srv.port);
  c.writeRaw(encodeCommand(['QUIT']) + encodeCommand(['PING']));
  assert.equal(await c.readUntilClose(), '+OK\r\n');
});

test('CLIENT SETNAME/GETNAME/ID/LIST/KILL', async () => {
  const a = await RawRespClient.connect(srv.port);
  const b = await RawRespClient.connect(srv.port);
  try {
    assert.equal(await a.command('CLIENT', 'SETNAME', 'alpha'), '+OK\r\n');
    const idFrame = await a.command('CLIENT', 'ID');
    const id = Number(idFrame.slice(1, -2));
    assert.ok(id > 0);
    const list = await b.command('CLIENT', 'LIST');
    const line = list.split('\n').find((l) => l.includes(`id=${id} `));
    assert.ok(line, list);
    assert.match(line!, /^(\$\d+\r\n)?id=\d+ addr=127\.0\.0\.1:\d+ laddr=127\.0\.0\.1:\d+ fd=-?\d+ name=alpha age=\d+ idle=\d+ flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 watch=0 qbuf=\d+ qbuf-free=\d+ argv-mem=\d+ multi-mem=0 rbs=\d+ rbp=\d+ obl=0 oll=0 omem=\d+ tot-mem=\d+ events=r cmd=client\|id user=default redir=-1 resp=2 lib-name= lib-ver=$/);
    assert.equal(await b.command('CLIENT', 'KILL', 'ID', String(id)), ':1\r\n');
    assert.equal(await a.readUntilClose(), '');
    assert.equal(await b.command('CLIENT', 'KILL', 'ID', String(id)), ':0\r\n');
  } finally {
    a.close();
    b.close();
  }
});

test('MONITOR shows other clients\' commands in Redis\'s line format', async () => {
  const mon = await RawRespClient.connect(srv.port);
  const c = await RawRespClient.connect(srv.port);
  try {
    assert.equal(await mon.command('MONITOR'), '+OK\r\n');
    await c.command('SET', 'mon key', 'v"\x01\n');
    const line = await mon.readFrame();
    assert.match(line, /^\+\d{10}\.\d{6} \[0 127\.0\.0\.1:\d+\] "SET" "mon key" "v\\"\\x01\\n"\r\n$/);
    // Passwords are redacted, as Redis does (recorded from redis 7.0.15's MONITOR).
    await c.command('AUTH', 'a', 'b');
    assert.match(await mon.readFrame(), /^\+\d{10}\.\d{6} \[0 127\.0\.0\.1:\d+\] "AUTH" "\(redacted\)" "\(redacted\)"\r\n$/);
    await c.command('HELLO', '2', 'AUTH', 'default', 'x', 'SETNAME', 'n');
    assert.match(await mon.readFrame(), /^\+\d{10}\.\d{6} \[0 127\.0\.0\.1:\d+\] "HELLO" "2" "AUTH" "\(redacted\)" "\(redacted\)" "SETNAME" "n"\r\n$/);
  } finally {
    mon.close();
    c.close();
  }
});

test('CLIENT PAUSE WRITE holds writes until the pause ends or CLIENT UNPAUSE', async () => {
  const a = await RawRespClient.connect(srv.port);
  const b = await RawRespClient.connect(srv.port);
  try {
    assert.equal(await a.command('CLIENT', 'PAUSE', '300', 'WRITE'), '+OK\r\n');
    let t0 = Date.now();
    assert.equal(await b.command('GET', 'paused-key'), '$-1\r\n', 'reads go on');
    assert.ok(Date.now() - t0 < 200);
    t0 = Date.now();
    assert.equal(await b.command('SET', 'paused-key', '1'), '+OK\r\n');
    assert.ok(Date.now() - t0 >= 250, `the write waited for the pause (${Date.now() - t0} ms)`);
    assert.equal(await a.command('CLIENT', 'PAUSE', '20000', 'WRITE'), '+OK\r\n');
    t0 = Date.now();
    b.writeRaw(encodeCommand(['INCR', 'paused-key']) + encodeCommand(['GET', 'paused-key']));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(await a.command('CLIENT', 'UNPAUSE'), '+OK\r\n');
    assert.equal(await b.readFrame(), ':2\r\n');
    assert.equal(await b.readFrame(), '$1\r\n2\r\n');
    assert.ok(Date.now() - t0 < 5000);
    assert.equal(await a.command('CLIENT', 'PAUSE', '200'), '+OK\r\n');
    t0 = Date.now();
    assert.equal(await b.command('PING'), '+PONG\r\n');
    assert.ok(Date.now() - t0 >= 150, 'ALL pauses every command');
  } finally {
    a.close();
    b.close();
  }
});

test('SLOWLOG records commands over the threshold', async () => {
  await withRedis(async (r) => {
    await r.config('SET', 'slowlog-log-slower-than', '0');
    await r.slowlog('RESET');
    await r.set('slow', 'x');
    const entries = await r.slowlog('GET', '10') as unknown[][];
    await r.config('SET', 'slowlog-log-slower-than', '10000');
    const setEntry = entries.find((e) => Array.isArray(e[3]) && (e[3] as string[])[0] === 'set');
    assert.ok(setEntry, JSON.stringify(entries));
    assert.deepEqual(setEntry![3], ['set', 'slow', 'x']);
    assert.equal(typeof setEntry![2], 'number');
  });
});

test('DEBUG SLEEP blocks and then answers; DEBUG OBJECT', async () => {
  await withRedis(async (r) => {
    const t0 = Date.now();
    assert.equal(await r.debug('SLEEP', '0.05'), 'OK');
    assert.ok(Date.now() - t0 >= 45);
    await r.set('dbg', '12345');
    assert.match(await r.debug('OBJECT', 'dbg') as unknown as string, /encoding:int/);
  });
});

test('INFO sections and fields', async () => {
  await withRedis(async (r) => {
    await r.set('infokey', 'v');
    await r.get('infokey');
    await r.get('no-such-infokey');
    const info = await r.info();
    for (const field of ['redis_version:7.4.0', 'redis_mode:standalone', `tcp_port:${srv.port}`, 'role:master', 'maxmemory_policy:noeviction']) {
      assert.ok(info.includes(field + '\r\n'), field);
    }
    for (const field of ['process_id', 'uptime_in_seconds', 'connected_clients', 'used_memory', 'maxmemory', 'total_commands_processed', 'instantaneous_ops_per_sec', 'keyspace_hits', 'keyspace_misses', 'expired_keys', 'evicted_keys']) {
      assert.match(info, new RegExp(`\\r\\n${field}:\\d+\\r\\n`), field);
    }
    assert.match(info, /# Keyspace\r\ndb0:keys=\d+,expires=\d+,avg_ttl=\d+\r\n/);
    assert.ok(!info.includes('# Commandstats'), 'commandstats is not in the default sections');
    const all = await r.info('all');
    assert.match(all, /cmdstat_set:calls=\d+,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0/);
    assert.match(await r.info('everything'), /# Commandstats/);
    assert.equal(await r.info('nosuchsection'), '');
  });
});

test('errorstats, failed_calls and rejected_calls', async () => {
  await withRedis(async (r) => {
    await r.config('RESETSTAT');
    await r.set('es', 'notanumber');
    await assert.rejects(r.incr('es'), /ERR value is not an integer/);
    await assert.rejects(r.call('GET'), /wrong number of arguments/);
    await assert.rejects(r.call('NOSUCHCMD'), /unknown command/);
    const info = await r.info('all');
    assert.match(info, /cmdstat_incr:calls=1,usec=\d+,usec_per_call=[\d.]+,rejected_calls=0,failed_calls=1/);
    assert.match(info, /cmdstat_get:calls=0,usec=0,usec_per_call=0\.00,rejected_calls=1,failed_calls=0/);
    assert.match(info, /errorstat_ERR:count=3/);
    assert.match(info, /total_error_replies:3/);
  });
});

test('CONFIG SET applies values; maxmemory with noeviction gives OOM to denyoom commands', async () => {
  await withRedis(async (r) => {
    await r.flushall();
    await r.set('big', 'x'.repeat(10000));
    const used = Number(/used_memory:(\d+)/.exec(await r.info('memory'))![1]);
    assert.equal(await r.config('SET', 'maxmemory', String(used - 1), 'maxmemory-policy', 'noeviction'), 'OK');
    try {
      await assert.rejects(r.set('more', 'y'), /^ReplyError: OOM command not allowed when used memory > 'maxmemory'\.$/);
      assert.equal(await r.get('big'), 'x'.repeat(10000), 'reads still work');
      assert.equal(await r.del('big'), 1, 'DEL is not denyoom');
      assert.equal(await r.set('more', 'y'), 'OK');
    } finally {
      await r.config('SET', 'maxmemory', '0');
    }
  });
});

test('AUTH and NOAUTH with requirepass', async () => {
  const s = await startServer({ port: 0, config: { requirepass: 'secret' } });
  const c = await RawRespClient.connect(s.port);
  try {
    assert.equal(await c.command('GET', 'k'), '-NOAUTH Authentication required.\r\n');
    assert.equal(await c.command('AUTH', 'wrong'), '-WRONGPASS invalid username-password pair or user is disabled.\r\n');
    assert.equal(await c.command('AUTH', 'secret'), '+OK\r\n');
    assert.equal(await c.command('GET', 'k'), '$-1\r\n');
    assert.equal(await c.command('RESET'), '+RESET\r\n');
    assert.equal(await c.command('GET', 'k'), '-NOAUTH Authentication required.\r\n', 'RESET forgets authentication');
    assert.match(await c.command('HELLO', '3', 'AUTH', 'default', 'secret'), /^%7\r\n/);
    const r = new Redis({ port: s.port, host: '127.0.0.1', password: 'secret', lazyConnect: true });
    await r.connect();
    assert.equal(await r.ping(), 'PONG');
    r.disconnect();
  } finally {
    c.close();
    await s.close();
  }
});

test('a client that never reads is paused, then closed over the output hard limit', async () => {
  const s = await startServer({ port: 0, config: { 'client-output-buffer-limit': 'normal 1mb 0 0' } });
  const writer = await RawRespClient.connect(s.port);
  try {
    await writer.command('SET', 'v', 'x'.repeat(100_000));
    const socket = net.createConnection({ port: s.port, host: '127.0.0.1' });
    await new Promise((r) => socket.once('connect', r));
    socket.pause(); // never read
    assert.equal(s.engine.clients.size, 2);
    let payload = '';
    for (let i = 0; i < 200; i++) payload += encodeCommand(['GET', 'v']);
    socket.write(payload); // 20 MB of replies requested
    // A paused socket does not see the close; the server's client table does.
    const deadline = Date.now() + 5000;
    while (s.engine.clients.size > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    socket.destroy();
    assert.equal(s.engine.clients.size, 1, 'the non-reading client was disconnected');
    assert.equal(await writer.command('PING'), '+PONG\r\n', 'the server is fine');
  } finally {
    writer.close();
    await s.close();
  }
});

test('a query buffer over client-query-buffer-limit closes the client', async () => {
  const s = await startServer({ port: 0, config: { 'client-query-buffer-limit': '1mb' } });
  try {
    const c = await RawRespClient.connect(s.port);
    c.writeRaw('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2000000\r\n' + 'x'.repeat(1_500_000));
    assert.equal(await c.readUntilClose(3000), '', 'closed without a reply, as Redis');
    const d = await RawRespClient.connect(s.port);
    assert.equal(await d.command('EXISTS', 'k'), ':0\r\n');
    d.close();
  } finally {
    await s.close();
  }
});

test('COMMAND COUNT / LIST / DOCS / INFO read the command table', async () => {
  await withRedis(async (r) => {
    const count = await r.call('COMMAND', 'COUNT') as number;
    const all = await r.call('COMMAND') as unknown[][];
    assert.equal(all.length, count);
    assert.ok(count > 40);
    const list = await r.call('COMMAND', 'LIST') as string[];
    for (const name of ['get', 'set', 'ping', 'config', 'config|get', 'client|list']) assert.ok(list.includes(name), name);
    assert.deepEqual(await r.call('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'conf*'), list.filter((n) => n.startsWith('conf')));
    const docs = await r.call('COMMAND', 'DOCS', 'get') as unknown[];
    assert.equal(docs[0], 'get');
    assert.ok((docs[1] as string[]).includes('summary'));
    const info = (await r.call('COMMAND', 'INFO', 'get', 'config|get') as unknown[][]);
    assert.deepEqual(info[0].slice(0, 6), ['get', 2, ['readonly', 'fast'], 1, 1, 1]);
    assert.equal(info[1][0], 'config|get');
    assert.deepEqual(await r.call('COMMAND', 'GETKEYS', 'MSET', 'a', '1', 'b', '2'), ['a', 'b']);
  });
});

test('the timeout option closes idle clients', async () => {
  const s = await startServer({ port: 0, config: { timeout: '1', hz: '50' } });
  try {
    const idle = await RawRespClient.connect(s.port);
    assert.equal(await idle.command('PING'), '+PONG\r\n');
    const t0 = Date.now();
    assert.equal(await idle.readUntilClose(4000), '');
    assert.ok(Date.now() - t0 >= 900, 'not before the timeout');
  } finally {
    await s.close();
  }
});

test('a client that does not read stops being served at the output bound, and resumes when it reads', async () => {
  const s = await startServer({ port: 0, outputPauseBytes: 1024 * 1024 });
  try {
    const setter = await RawRespClient.connect(s.port);
    await setter.command('SET', 'v', 'x'.repeat(100_000));
    const socket = net.createConnection({ port: s.port, host: '127.0.0.1' });
    await new Promise((r) => socket.once('connect', r));
    socket.pause();
    let payload = '';
    for (let i = 0; i < 2000; i++) payload += encodeCommand(['GET', 'v']);
    socket.write(payload); // asks for 200 MB of replies in one go
    await new Promise((r) => setTimeout(r, 500));
    const list = await setter.command('CLIENT', 'LIST');
    const omem = Math.max(...[...list.matchAll(/omem=(\d+)/g)].map((m) => Number(m[1])));
    assert.ok(omem < 8 * 1024 * 1024, `unsent output is bounded (omem=${omem})`);
    const processed = Number(/cmdstat_get:calls=(\d+)/.exec(await setter.command('INFO', 'commandstats'))![1]);
    assert.ok(processed < 2000, `requests wait in the query buffer (${processed} of 2000 run)`);
    // Reading the replies lets the server go on until every request is answered.
    let received = 0;
    const expected = 2000 * (100_000 + '$100000\r\n'.length + 2);
    const done = new Promise<void>((resolve) => socket.on('data', (d) => { received += d.length; if (received >= expected) resolve(); }));
    socket.resume();
    await Promise.race([done, new Promise((r) => setTimeout(r, 10000))]);
    assert.equal(received, expected);
    socket.destroy();
    setter.close();
  } finally {
    await s.close();
  }
});

test('over the soft output limit for longer than its seconds, the client is closed', async () => {
  const s = await startServer({ port: 0, config: { 'client-output-buffer-limit': 'normal 0 1mb 1' } });
  try {
    const setter = await RawRespClient.connect(s.port);
    await setter.command('SET', 'v', 'x'.repeat(100_000));
    setter.close();
    const socket = net.createConnection({ port: s.port, host: '127.0.0.1' });
    await new Promise((r) => socket.once('connect', r));
    socket.pause();
    let payload = '';
    for (let i = 0; i < 300; i++) payload += encodeCommand(['GET', 'v']);
    socket.write(payload); // 30 MB (more than loopback socket buffers hold): over the soft limit
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(s.engine.clients.size, 1, 'still connected within the soft seconds');
    await new Promise((r) => setTimeout(r, 1000));
    socket.write(encodeCommand(['GET', 'v'])); // more output after the soft seconds
    const deadline = Date.now() + 3000;
    while (s.engine.clients.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    socket.destroy();
    assert.equal(s.engine.clients.size, 0);
  } finally {
    await s.close();
  }
});

test('CONFIG SET port moves the listener; connected clients stay', async () => {
  const s = await startServer({ port: 0 });
  try {
    const c = await RawRespClient.connect(s.port);
    assert.equal(await c.command('CONFIG', 'GET', 'port'), `*2\r\n$4\r\nport\r\n$${String(s.port).length}\r\n${s.port}\r\n`);
    const newPort = await freePort();
    assert.equal(await c.command('CONFIG', 'SET', 'port', String(newPort)), '+OK\r\n');
    await waitForPort(newPort);
    const d = await RawRespClient.connect(newPort);
    assert.equal(await d.command('PING'), '+PONG\r\n');
    assert.equal(await c.command('PING'), '+PONG\r\n', 'the old connection still works');
    assert.match(await d.command('INFO', 'server'), new RegExp(`tcp_port:${newPort}\r\n`));
    await assert.rejects(RawRespClient.connect(s.port), 'nothing listens on the old port');
    c.close();
    d.close();
  } finally {
    await s.close();
  }
});

test('SHUTDOWN closes an embedded server', async () => {
  const s = await startServer({ port: 0 });
  const c = await RawRespClient.connect(s.port);
  assert.equal(await c.command('SHUTDOWN', 'ABORT'), '-ERR No shutdown in progress.\r\n');
  c.writeRaw(encodeCommand(['SHUTDOWN', 'NOSAVE']));
  assert.equal(await c.readUntilClose(), '');
  await assert.rejects(RawRespClient.connect(s.port));
  await s.close();
});

test('two servers in one process keep separate data', async () => {
  const s2 = await startServer({ port: 0 });
  try {
    await withRedis(async (r) => { await r.set('sep', 'one'); });
    const c = await RawRespClient.connect(s2.port);
    assert.equal(await c.command('GET', 'sep'), '$-1\r\n');
    c.close();
  } finally {
    await s2.close();
  }
});

test('a RESP2 client with subscriptions may only run the pub/sub context commands', () => {
  // Texts recorded from redis 7.0.15 after SUBSCRIBE ch (the pub/sub family sets the counts).
  const engine = createEngine();
  try {
    const c = engine.createClient();
    c.subscriptions = 1;
    const run = (...argv: string[]) => { engine.execute(c, argv, c.writer); return c.takeOutput(); };
    assert.equal(run('GET', 'k'), "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n");
    assert.equal(run('CONFIG', 'GET', 'x'), "-ERR Can't execute 'config|get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n");
    assert.equal(run('PING'), '*2\r\n$4\r\npong\r\n$0\r\n\r\n');
    c.setResp(3);
    assert.equal(run('GET', 'k'), '_\r\n', 'RESP3 has no such limit');
  } finally {
    engine.close();
  }
});

test('createEngine runs commands without sockets', () => {
  const engine = createEngine();
  try {
    assert.equal(engine.command('SET', 'a', '1'), 'OK');
    assert.equal(engine.command('INCR', 'a'), 2);
    assert.equal(engine.command('GET', 'a'), '2');
    assert.equal(engine.command('GET', 'missing'), null);
    assert.throws(() => engine.command('INCR'), (e: unknown) => e instanceof ReplyError && /wrong number of arguments for 'incr'/.test((e as Error).message));
    const cfg = engine.command('CONFIG', 'GET', 'databases');
    assert.ok(cfg instanceof Map && cfg.get('databases') === '16');
  } finally {
    engine.close();
  }
});

test('engine.command takes strings, numbers and Buffers, one by one or as an array', () => {
  const engine = createEngine();
  try {
    assert.equal(engine.command(['SET', 'n', 5]), 'OK');
    assert.equal(engine.command('INCRBY', 'n', -7), -2);
    assert.equal(engine.command('SET', Buffer.from([0x6b, 0xff]), Buffer.from([0x00, 0x80])), 'OK');
    assert.equal(engine.command('GET', 'k\xff'), '\x00\x80');
    assert.equal(engine.command('INCRBYFLOAT', 'f', 1.5), '1.5');
    assert.throws(() => engine.command(), /ERR empty command/);
    assert.throws(() => engine.command('GET', null as unknown as string), /strings, numbers or Buffers/);
  } finally {
    engine.close();
  }
});

test('MEMORY PURGE runs a full GC even without --expose-gc', () => {
  const engine = createEngine();
  try {
    // A large array lives in V8's large-object space: only a full GC frees it.
    let garbage: number[] | null = new Array<number>(4_000_000).fill(1.5);
    assert.equal(garbage.length, 4_000_000);
    garbage = null;
    const before = process.memoryUsage().heapUsed;
    assert.equal(engine.command('MEMORY', 'PURGE'), 'OK');
    const after = process.memoryUsage().heapUsed;
    assert.ok(before - after > 16_000_000, `heap ${before} -> ${after}`);
  } finally {
    engine.close();
  }
});

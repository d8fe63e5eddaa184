// Pub/Sub across connections: delivery to channel, pattern and shard subscribers, receiver
// counts, RESP3 push frames interleaved with replies, PUBLISH from a script, keyspace
// notifications seen by another connection, cleanup on disconnect and RESET. The
// single-connection replies are in test/golden/redis/pubsub.txt (recorded from redis-server).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import Redis from 'ioredis';
import { startServer } from '../../src/index';
import { withServer } from '../support/server';

const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;
const msg = (ch: string, m: string, push = '*') => `${push}3\r\n${bulk('message')}${bulk(ch)}${bulk(m)}`;
const pmsg = (p: string, ch: string, m: string, push = '*') => `${push}4\r\n${bulk('pmessage')}${bulk(p)}${bulk(ch)}${bulk(m)}`;

test('PUBLISH reaches channel and pattern subscribers and counts receivers', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect(), p = await connect();
    assert.equal(await a.command('SUBSCRIBE', 'news'), `*3\r\n${bulk('subscribe')}${bulk('news')}:1\r\n`);
    assert.equal(await b.command('PSUBSCRIBE', 'n*'), `*3\r\n${bulk('psubscribe')}${bulk('n*')}:1\r\n`);
    assert.equal(await p.command('PUBLISH', 'news', 'hello'), ':2\r\n');
    assert.equal(await a.readFrame(1000), msg('news', 'hello'));
    assert.equal(await b.readFrame(1000), pmsg('n*', 'news', 'hello'));
    assert.equal(await p.command('PUBLISH', 'other', 'x'), ':0\r\n');
    assert.equal(await p.command('PUBSUB', 'NUMSUB', 'news'), `*2\r\n${bulk('news')}:1\r\n`);
    assert.equal(await p.command('PUBSUB', 'NUMPAT'), ':1\r\n');
    assert.equal(await p.command('PUBSUB', 'CHANNELS', 'n*'), `*1\r\n${bulk('news')}`);
    assert.match(await p.command('INFO', 'stats'), /pubsub_channels:1\r\npubsub_patterns:1\r\n/);
  });
});

test('SPUBLISH reaches shard subscribers only', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect(), p = await connect();
    assert.equal(await a.command('SSUBSCRIBE', 'sh'), `*3\r\n${bulk('ssubscribe')}${bulk('sh')}:1\r\n`);
    await b.command('SUBSCRIBE', 'sh');
    assert.equal(await p.command('SPUBLISH', 'sh', 'm'), ':1\r\n');
    assert.equal(await a.readFrame(1000), `*3\r\n${bulk('smessage')}${bulk('sh')}${bulk('m')}`);
    assert.equal(await p.command('PUBLISH', 'sh', 'n'), ':1\r\n');
    assert.equal(await b.readFrame(1000), msg('sh', 'n'));
  });
});

test('RESP3 subscriber: push frames, and normal commands still work', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), p = await connect();
    await a.command('HELLO', '3');
    assert.equal(await a.command('SUBSCRIBE', 'c'), `>3\r\n${bulk('subscribe')}${bulk('c')}:1\r\n`);
    assert.equal(await p.command('PUBLISH', 'c', 'v'), ':1\r\n');
    assert.equal(await a.readFrame(1000), msg('c', 'v', '>'));
    assert.equal(await a.command('SET', 'k', '1'), '+OK\r\n');
    assert.equal(await a.command('PING'), '+PONG\r\n');
  });
});

test('PUBLISH from a script; disconnect and RESET drop subscriptions', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect(), p = await connect();
    await a.command('SUBSCRIBE', 'c');
    await b.command('PSUBSCRIBE', '*');
    assert.equal(await p.command('EVAL', "return redis.call('publish', 'c', 'from-lua')", '0'), ':2\r\n');
    assert.equal(await a.readFrame(1000), msg('c', 'from-lua'));
    assert.equal(await b.readFrame(1000), pmsg('*', 'c', 'from-lua'));
    a.close();
    assert.equal(await b.command('RESET'), '+RESET\r\n');
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(await p.command('PUBLISH', 'c', 'x'), ':0\r\n');
    assert.equal(await p.command('PUBSUB', 'NUMPAT'), ':0\r\n');
  });
});

test('keyspace notifications reach another connection', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), w = await connect();
    assert.equal(await w.command('CONFIG', 'SET', 'notify-keyspace-events', 'Egx'), '+OK\r\n');
    await a.command('SUBSCRIBE', '__keyevent@0__:del', '__keyevent@0__:expired');
    await a.readFrame(1000);
    await w.command('SET', 'k', 'v');
    await w.command('DEL', 'k');
    assert.equal(await a.readFrame(1000), msg('__keyevent@0__:del', 'k'));
    await w.command('SET', 'e', 'v', 'PX', '10');
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(await w.command('GET', 'e'), '$-1\r\n');
    assert.equal(await a.readFrame(1000), msg('__keyevent@0__:expired', 'e'));
  });
});

test('ioredis subscriber receives messages', async () => {
  const srv = await startServer({ port: 0 });
  const sub = new Redis({ port: srv.port, lazyConnect: true, maxRetriesPerRequest: 0 });
  const pub = new Redis({ port: srv.port, lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await sub.connect();
    await pub.connect();
    const got = new Promise<[string, string]>((resolve) => sub.on('message', (ch: string, m: string) => resolve([ch, m])));
    assert.equal(await sub.subscribe('room'), 1);
    assert.equal(await pub.publish('room', 'hi'), 1);
    assert.deepEqual(await got, ['room', 'hi']);
  } finally {
    sub.disconnect();
    pub.disconnect();
    await srv.close();
  }
});

// Blocking commands with several real connections: waking by pushes from another client, from
// MULTI/EXEC (at its end) and from a script (after it), arrival order, timeouts, pipelined
// commands that wait behind a blocked one, CLIENT UNBLOCK, disconnects, XREAD BLOCK with $.
// Expected replies follow Redis's documented protocol (the single-connection cases are in the
// golden corpus test/golden/redis/blocking.txt, recorded from redis-server).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawRespClient, encodeCommand } from '../support/resp-client';
import { withServer } from '../support/server';
import { sleep } from '../support/wait';

const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;

/** Sends a command without waiting, then gives the server a moment to block the client. */
async function send(c: RawRespClient, ...args: string[]): Promise<void> {
  c.writeRaw(encodeCommand(args));
  await sleep(30);
}

test('BLPOP is served by another client\'s push; later pipelined commands wait', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect();
    a.writeRaw(encodeCommand(['BLPOP', 'l', '0']) + encodeCommand(['PING']));
    await sleep(30);
    assert.equal(await b.command('RPUSH', 'l', 'x', 'y'), ':2\r\n');
    assert.equal(await a.readFrame(1000), `*2\r\n${bulk('l')}${bulk('x')}`);
    assert.equal(await a.readFrame(1000), '+PONG\r\n');
    assert.equal(await b.command('LRANGE', 'l', '0', '-1'), `*1\r\n${bulk('y')}`);
  });
});

test('clients are served in arrival order, one element each', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect(), c = await connect();
    await send(a, 'BRPOP', 'q', '0');
    await send(b, 'BRPOP', 'q', '0');
    assert.equal(await c.command('LPUSH', 'q', '1', '2', '3'), ':3\r\n');
    assert.equal(await a.readFrame(1000), `*2\r\n${bulk('q')}${bulk('1')}`);
    assert.equal(await b.readFrame(1000), `*2\r\n${bulk('q')}${bulk('2')}`);
    assert.equal(await c.command('LLEN', 'q'), ':1\r\n');
  });
});

test('timeouts: float seconds, null array, then the connection goes on', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect();
    const t0 = Date.now();
    assert.equal(await a.command('BLPOP', 'none', '0.1'), '*-1\r\n');
    const took = Date.now() - t0;
    assert.ok(took >= 90 && took < 1500, `took ${took} ms`);
    assert.equal(await a.command('BLMOVE', 'none', 'd', 'LEFT', 'RIGHT', '0.05'), '*-1\r\n');
    assert.equal(await a.command('BZPOPMIN', 'none', '0.05'), '*-1\r\n');
    assert.equal(await a.command('XREAD', 'BLOCK', '50', 'STREAMS', 's', '$'), '*-1\r\n');
    assert.equal(await a.command('PING'), '+PONG\r\n');
  });
});

test('a push inside MULTI serves the blocked client once EXEC is over', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect();
    await send(a, 'BLPOP', 'l', '0');
    assert.equal(await b.command('MULTI'), '+OK\r\n');
    assert.equal(await b.command('RPUSH', 'l', 'a'), '+QUEUED\r\n');
    assert.equal(await b.command('LPOP', 'l'), '+QUEUED\r\n');
    assert.equal(await b.command('RPUSH', 'l', 'b'), '+QUEUED\r\n');
    // The LPOP inside the transaction gets 'a': the waiter is only served after EXEC.
    assert.equal(await b.command('EXEC'), `*3\r\n:1\r\n${bulk('a')}:1\r\n`);
    assert.equal(await a.readFrame(1000), `*2\r\n${bulk('l')}${bulk('b')}`);
  });
});

test('a push by a script serves the blocked client after the script', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect();
    await send(a, 'BZPOPMAX', 'z', '0');
    const r = await b.command('EVAL', "redis.call('zadd', KEYS[1], 1, 'one', 2, 'two'); return redis.call('zcard', KEYS[1])", '1', 'z');
    assert.equal(r, ':2\r\n');
    assert.equal(await a.readFrame(1000), `*3\r\n${bulk('z')}${bulk('two')}${bulk('2')}`);
  });
});

test('a key of another type does not serve a BLPOP; the right type does', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect();
    await send(a, 'BLPOP', 'k', '0');
    assert.equal(await b.command('SET', 'k', 'str'), '+OK\r\n');
    assert.equal(await b.command('DEL', 'k'), ':1\r\n');
    assert.equal(await b.command('RPUSH', 'k', 'v'), ':1\r\n');
    assert.equal(await a.readFrame(1000), `*2\r\n${bulk('k')}${bulk('v')}`);
  });
});

test('BLMOVE chains: the moved element serves a client waiting on the destination', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect(), c = await connect();
    await send(a, 'BLMOVE', 'src', 'dst', 'LEFT', 'RIGHT', '0');
    await send(b, 'BLPOP', 'dst', '0');
    assert.equal(await c.command('RPUSH', 'src', 'e'), ':1\r\n');
    assert.equal(await a.readFrame(1000), bulk('e'));
    assert.equal(await b.readFrame(1000), `*2\r\n${bulk('dst')}${bulk('e')}`);
    assert.equal(await c.command('EXISTS', 'src', 'dst'), ':0\r\n');
  });
});

test('BLMPOP and BZMPOP are served with their counts', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect(), c = await connect();
    await send(a, 'BLMPOP', '0', '2', 'l1', 'l2', 'RIGHT', 'COUNT', '2');
    await send(b, 'BZMPOP', '0', '1', 'z', 'MIN', 'COUNT', '5');
    assert.equal(await c.command('RPUSH', 'l2', 'a', 'b', 'c'), ':3\r\n');
    assert.equal(await a.readFrame(1000), `*2\r\n${bulk('l2')}*2\r\n${bulk('c')}${bulk('b')}`);
    assert.equal(await c.command('ZADD', 'z', '1', 'x', '2', 'y'), ':2\r\n');
    assert.equal(await b.readFrame(1000), `*2\r\n${bulk('z')}*2\r\n*2\r\n${bulk('x')}${bulk('1')}*2\r\n${bulk('y')}${bulk('2')}`);
  });
});

test('XREAD BLOCK with $ gets only entries added after it blocked', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect();
    assert.equal(await b.command('XADD', 's', '1-1', 'f', 'old'), bulk('1-1'));
    await send(a, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
    assert.equal(await b.command('XADD', 's', '2-1', 'f', 'new'), bulk('2-1'));
    assert.equal(await a.readFrame(1000), `*1\r\n*2\r\n${bulk('s')}*1\r\n*2\r\n${bulk('2-1')}*2\r\n${bulk('f')}${bulk('new')}`);
  });
});

test('XREADGROUP BLOCK > is served by a new entry and records it as pending', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect();
    assert.equal(await b.command('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'), '+OK\r\n');
    await send(a, 'XREADGROUP', 'GROUP', 'g', 'c1', 'BLOCK', '0', 'STREAMS', 's', '>');
    assert.equal(await b.command('XADD', 's', '5-1', 'k', 'v'), bulk('5-1'));
    assert.equal(await a.readFrame(1000), `*1\r\n*2\r\n${bulk('s')}*1\r\n*2\r\n${bulk('5-1')}*2\r\n${bulk('k')}${bulk('v')}`);
    const pending = await b.command('XPENDING', 's', 'g');
    assert.ok(pending.startsWith('*4\r\n:1\r\n'), pending);
  });
});

test('XREADGROUP BLOCK: deleting the stream unblocks with an error; XREAD keeps waiting', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect(), c = await connect();
    assert.equal(await b.command('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'), '+OK\r\n');
    await send(a, 'XREADGROUP', 'GROUP', 'g', 'c1', 'BLOCK', '0', 'STREAMS', 's', '>');
    await send(c, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
    assert.equal(await b.command('DEL', 's'), ':1\r\n');
    // Text recorded from redis-server 7.0.15.
    assert.equal(await a.readFrame(1000), '-UNBLOCKED the stream key no longer exists\r\n');
    assert.equal(await b.command('XADD', 's', '1-1', 'f', 'v'), bulk('1-1'));
    assert.equal(await c.readFrame(1000), `*1\r\n*2\r\n${bulk('s')}*1\r\n*2\r\n${bulk('1-1')}*2\r\n${bulk('f')}${bulk('v')}`);
  });
});

test('CLIENT UNBLOCK with TIMEOUT and ERROR', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect();
    const idA = (await a.command('CLIENT', 'ID')).slice(1, -2);
    await send(a, 'BLPOP', 'l', '0');
    assert.equal(await b.command('CLIENT', 'UNBLOCK', idA, 'TIMEOUT'), ':1\r\n');
    assert.equal(await a.readFrame(1000), '*-1\r\n');
    await send(a, 'BRPOPLPUSH', 'l', 'd', '0');
    assert.equal(await b.command('CLIENT', 'UNBLOCK', idA, 'ERROR'), ':1\r\n');
    assert.equal(await a.readFrame(1000), '-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n');
    assert.equal(await b.command('CLIENT', 'UNBLOCK', idA), ':0\r\n');
    assert.equal(await a.command('PING'), '+PONG\r\n');
  });
});

test('a blocked client that disconnects leaves no trace', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect();
    await send(a, 'BLPOP', 'l', '0');
    assert.match(await b.command('INFO', 'clients'), /blocked_clients:1\r\n/);
    a.close();
    await sleep(50);
    assert.equal(await b.command('RPUSH', 'l', 'v'), ':1\r\n');
    assert.equal(await b.command('LLEN', 'l'), ':1\r\n');
    assert.match(await b.command('INFO', 'clients'), /connected_clients:1\r\n(.*\r\n)*blocked_clients:0\r\n/);
  });
});

test('WAIT with replicas requested waits for its timeout, then answers 0', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect();
    const t0 = Date.now();
    assert.equal(await a.command('WAIT', '1', '80'), ':0\r\n');
    assert.ok(Date.now() - t0 >= 70);
    assert.equal(await a.command('WAIT', '0', '0'), ':0\r\n');
  });
});

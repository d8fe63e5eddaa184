// Busy scripts over real connections (spec §6, DESIGN.md "One thread, like Redis"): a script
// that runs past busy-reply-threshold keeps running in time slices; other clients get -BUSY,
// SCRIPT KILL stops a script that has not written, UNKILLABLE after a write, NOTBUSY when idle.
// Thresholds are short (pause 20 ms, busy 200 ms) and every wait is bounded.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createEngine, type RunningServer } from '../../src/index';
import { RawRespClient, encodeCommand } from '../support/resp-client';
import { withServer } from '../support/server';
import { sha1hex } from '../../src/scripting/cache';
import { sleep } from '../support/wait';

const BUSY = '-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n';

/** A server with short busy thresholds and two connections, a and b, to it. */
function withTwoClients(fn: (srv: RunningServer, a: RawRespClient, b: RawRespClient) => Promise<void>): Promise<void> {
  return withServer(async (srv, connect) => fn(srv, await connect(), await connect()), { 'busy-reply-threshold': '200', 'script-pause-threshold': '20' });
}

test('an endless script: other clients get BUSY, SCRIPT KILL stops it, then all works', async () => {
  await withTwoClients(async (_srv, a, b) => {
    const body = 'while true do end';
    const started = Date.now();
    a.writeRaw(encodeCommand(['EVAL', body, '0']));
    await sleep(50);
    // Before busy-reply-threshold the other client waits; then it gets -BUSY.
    assert.equal(await b.command('PING'), BUSY);
    assert.ok(Date.now() - started >= 150, 'BUSY came before busy-reply-threshold');
    assert.equal(await b.command('GET', 'x'), BUSY);
    // allow-busy commands still run.
    const hello = await b.command('HELLO', '2');
    assert.ok(hello.startsWith('*'), `HELLO (allow-busy) answered ${JSON.stringify(hello.slice(0, 80))}`);
    assert.equal(await b.command('SCRIPT', 'KILL'), '+OK\r\n');
    assert.equal(await a.readFrame(3000), `-ERR Script killed by user with SCRIPT KILL... script: ${sha1hex(body)}, on @user_script:1.\r\n`);
    assert.equal(await a.command('PING'), '+PONG\r\n');
    assert.equal(await b.command('PING'), '+PONG\r\n');
    assert.equal(await b.command('SCRIPT', 'KILL'), '-NOTBUSY No scripts in execution right now.\r\n');
  });
});

test('a script that writes while busy is UNKILLABLE and finishes; pipelined commands wait', async () => {
  await withTwoClients(async (_srv, a, b) => {
    const body = [
      'local start = os.clock()',
      'while os.clock() - start < 0.05 do end',
      "redis.call('set', 'w', 'written')",
      'while os.clock() - start < 1.5 do end',
      "return redis.call('get', 'w')",
    ].join('\n');
    // The EVAL and a pipelined GET in one write: the GET must wait for the script.
    a.writeRaw(encodeCommand(['EVAL', body, '0']) + encodeCommand(['GET', 'w']));
    await sleep(250);
    assert.equal(await b.command('GET', 'w'), BUSY);
    // The script wrote after 0.05 s of CPU time (well before BUSY started); it runs until 1.5 s.
    await sleep(300);
    const killReply = await b.command('SCRIPT', 'KILL');
    assert.equal(killReply, '-UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.\r\n');
    assert.equal(await a.readFrame(8000), '$7\r\nwritten\r\n');
    assert.equal(await a.readFrame(3000), '$7\r\nwritten\r\n');
    assert.equal(await b.command('GET', 'w'), '$7\r\nwritten\r\n');
  });
});

test('a script that wrote early is rolled back, redone in slices, and stays responsive', async () => {
  await withTwoClients(async (_srv, a, b) => {
    await a.command('SET', 'counter', '10');
    await a.command('HSET', 'h', 'f', 'old');
    const body = [
      "local v = redis.call('incr', 'counter')",
      "redis.call('hset', 'h', 'f', 'new', 'g', 'added')",
      "redis.call('set', 'created', 'x')",
      'local start = os.clock()',
      'while os.clock() - start < 0.6 do end',
      "return {v, redis.call('hget', 'h', 'f'), math.random(1000)}",
    ].join('\n');
    a.writeRaw(encodeCommand(['EVAL', body, '0']));
    await sleep(50);
    // The first (fast) run wrote, then was abandoned: its writes were undone, and the sliced
    // re-run wrote again. Other clients are answered: BUSY after the threshold, and the
    // script is unkillable because it wrote.
    assert.equal(await b.command('GET', 'counter'), BUSY);
    assert.match(await b.command('SCRIPT', 'KILL'), /^-UNKILLABLE /);
    const reply = await a.readFrame(8000);
    assert.match(reply, /^\*3\r\n:11\r\n\$3\r\nnew\r\n:\d+\r\n$/, 'the increment happened once');
    assert.equal(await b.command('GET', 'counter'), '$2\r\n11\r\n');
    assert.equal(await b.command('HGET', 'h', 'g'), '$5\r\nadded\r\n');
    assert.equal(await b.command('GET', 'created'), '$1\r\nx\r\n');
  });
});

test('MONITOR shows EVAL, then the commands the script ran (as "lua")', async () => {
  await withTwoClients(async (_srv, a, b) => {
    assert.equal(await a.command('MONITOR'), '+OK\r\n');
    await b.command('EVAL', "redis.call('set', 'k', 'v') return redis.call('get', 'k')", '0');
    await b.command('EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '0');
    const lines = [await a.readFrame(2000), await a.readFrame(2000), await a.readFrame(2000), await a.readFrame(2000)];
    assert.match(lines[0], /^\+\d+\.\d+ \[0 127\.0\.0\.1:\d+\] "EVAL" "redis\.call\('set', 'k', 'v'\) return redis\.call\('get', 'k'\)" "0"\r\n$/);
    assert.match(lines[1], /^\+\d+\.\d+ \[0 lua\] "set" "k" "v"\r\n$/);
    assert.match(lines[2], /^\+\d+\.\d+ \[0 lua\] "get" "k"\r\n$/);
    assert.match(lines[3], /^\+\d+\.\d+ \[0 127\.0\.0\.1:\d+\] "EVALSHA" "e0e1f9fabfc9d4800c877a703b823ac0578ff8db" "0"\r\n$/);
  });
});

test('robustness: hostile scripts give an error reply and the next command works', () => {
  const engine = createEngine({});
  const client = engine.createClient();
  const run = (...argv: string[]) => { engine.execute(client, argv, client.writer); return client.takeOutput(); };
  try {
    const hostile: Array<[string, RegExp]> = [
      ['error({})', /^-ERR unknown error script: /],
      ['error(setmetatable({}, {__tostring = function() error("x") end}))', /^-/],
      ['return xpcall(function() error("a") end, function() error("b") end)', /^\$-1\r\n$/],
      ['local function f(n) return f(n + 1) + 1 end return f(1)', /^-ERR user_script:1: stack overflow/],
      ['local t = {} t[1] = t t[2] = t return t', /-ERR reached lua stack limit\r\n/],
      // 2^31 - 1, the largest count luaL_checkint keeps (2^31 wraps to a negative count and
      // gives '' in Redis too): more than any JS string holds, so Lua's out-of-memory error.
      ["return #string.rep('x', 2^31 - 1)", /^-ERR not enough memory/],
      ['local t = {} for i = 1, 3e6 do t[i] = i end return #t', /^:3000000\r\n$/],
      ['local co = coroutine.wrap(function() while true do coroutine.yield() end end) for i = 1, 1e5 do co() end return 1', /^:1\r\n$/],
      ["return setmetatable({}, {__index = function() error('meta') end})", /^\*0\r\n$/],
      ["return {map = setmetatable({}, {__pairs = function() error('p') end})}", /^\*0\r\n$/],
    ];
    for (const [body, expected] of hostile) {
      const r = run('EVAL', body, '0');
      assert.match(r.length > 300 ? r.slice(-300) : r, expected, body);
      assert.equal(run('PING'), '+PONG\r\n', `after ${body}`);
    }
  } finally {
    engine.close();
  }
});

test('lua-maxmemory: a script over the limit gets Lua\'s out-of-memory error and the server lives', () => {
  const engine = createEngine({ 'lua-maxmemory': '10mb' });
  const client = engine.createClient();
  const run = (...argv: string[]) => { engine.execute(client, argv, client.writer); return client.takeOutput(); };
  try {
    assert.match(run('EVAL', "local t = {} for i = 1, 1e7 do t[i] = 'x' .. i end return #t", '0'), /^-ERR not enough memory script: /);
    assert.match(run('EVAL', "return #string.rep('x', 20000000)", '0'), /^-ERR not enough memory script: /);
    assert.equal(run('EVAL', "return #string.rep('x', 2000000)", '0'), ':2000000\r\n');
    assert.equal(run('PING'), '+PONG\r\n');
  } finally {
    engine.close();
  }
});

// The multi-connection assertions of Redis's own tests/unit/scripting.tcl (EVAL flavour), over
// real sockets: busy scripts killed through pcall, a pipelined command behind a killed script,
// the caller's link after a long script, UNKILLABLE then SHUTDOWN NOSAVE, 10,000 pipelined
// EVALs, and a client unblocked while a script is busy. Thresholds are short (pause 20 ms,
// busy 100 ms) and every wait is bounded.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { RunningServer } from '../../src/index';
import { RawRespClient, encodeCommand } from '../support/resp-client';
import { withServer } from '../support/server';
import { sleep, waitFor, waitForRefusal } from '../support/wait';

const BUSY = '-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n';

/** A server with short busy thresholds and two connections, a and b, to it. */
function withTwoClients(fn: (srv: RunningServer, a: RawRespClient, b: RawRespClient) => Promise<void>): Promise<void> {
  return withServer(async (srv, connect) => fn(srv, await connect(), await connect()), { 'busy-reply-threshold': '100', 'script-pause-threshold': '20', 'enable-debug-command': 'yes' });
}

test('"Timedout read-only scripts can be killed by SCRIPT KILL even when use pcall"', async () => {
  await withTwoClients(async (_srv, a, b) => {
    a.writeRaw(encodeCommand(['EVAL', "local f = function() while 1 do redis.call('ping') end end while 1 do pcall(f) end", '0']));
    await waitFor(async () => (await b.command('PING')) === BUSY, 'the script to be busy');
    assert.equal(await b.command('SCRIPT', 'KILL'), '+OK\r\n');
    await waitFor(async () => (await b.command('PING')) === '+PONG\r\n', 'the script to be killed');
    // pcall inside the script cannot catch the kill.
    assert.match(await a.readFrame(3000), /^-ERR Script killed by user with SCRIPT KILL\.\.\. script: [0-9a-f]{40}, on @user_script:1\.\r\n$/);
    assert.equal(await a.command('PING'), '+PONG\r\n');
  });
});

test('"Timedout script does not cause a false dead client": a pipelined PING is answered after the kill', async () => {
  await withTwoClients(async (_srv, a, b) => {
    a.writeRaw(encodeCommand(['EVAL', "while 1 do redis.call('ping') end", '0']) + encodeCommand(['PING']));
    await waitFor(async () => (await b.command('PING')) === BUSY, 'the script to be busy');
    assert.equal(await b.command('SCRIPT', 'KILL'), '+OK\r\n');
    await waitFor(async () => (await b.command('PING')) === '+PONG\r\n', 'the script to be killed');
    assert.match(await a.readFrame(3000), /killed by user/);
    assert.equal(await a.readFrame(3000), '+PONG\r\n');
  });
});

test('"Timedout script link is still usable after Lua returns"', async () => {
  await withTwoClients(async (_srv, a) => {
    assert.equal(await a.command('EVAL', "for i=1,100000 do redis.call('ping') end return 'ok'", '0'), '$2\r\nok\r\n');
    assert.equal(await a.command('PING'), '+PONG\r\n');
  });
});

test('"Timedout scripts that modified data can\'t be killed by SCRIPT KILL", then "SHUTDOWN NOSAVE can kill a timedout script anyway"', async () => {
  await withServer(async (srv, connect) => {
    const a = await connect(), b = await connect();
    a.writeRaw(encodeCommand(['EVAL', "redis.call('set',KEYS[1],'y'); while true do end", '1', 'x']));
    await sleep(200);
    assert.equal(await b.command('PING'), BUSY);
    assert.match(await b.command('SCRIPT', 'KILL'), /^-UNKILLABLE Sorry the script already executed write commands against the dataset\./);
    assert.equal(await b.command('PING'), BUSY);
    // SHUTDOWN NOSAVE is allowed while busy and stops the server (no reply on success).
    b.writeRaw(encodeCommand(['SHUTDOWN', 'NOSAVE']));
    await waitForRefusal(srv.port);
  }, { 'busy-reply-threshold': '100', 'script-pause-threshold': '20' });
});

test('"EVAL does not leak in the Lua stack": 10,000 pipelined EVALs', async () => {
  await withTwoClients(async (_srv, a) => {
    assert.equal(await a.command('SET', 'x', '0'), '+OK\r\n');
    let pipeline = '';
    for (let j = 0; j < 10000; j++) pipeline += encodeCommand(['EVAL', 'return redis.call("incr",KEYS[1])', '1', 'x']);
    a.writeRaw(pipeline);
    for (let j = 1; j <= 10000; j++) assert.equal(await a.readFrame(5000), `:${j}\r\n`);
    const memory = await a.command('INFO', 'memory');
    const lua = Number(/used_memory_lua:(\d+)/.exec(memory)?.[1]);
    assert.ok(lua < 1024 * 100, `used_memory_lua ${lua}`);
    assert.equal(await a.command('GET', 'x'), '$5\r\n10000\r\n');
  });
});

test('"Timedout scripts and unblocked command": a client blocked on the script\'s key is served after the script', async (t) => {
  await withTwoClients(async (srv, a, b) => {
    if (srv.engine.commandTable.lookup(['blpop']) === undefined) {
      t.todo('BLPOP is not implemented yet');
      return;
    }
    const c = await RawRespClient.connect(srv.port);
    try {
      c.writeRaw(encodeCommand(['BLPOP', 'x', '0']));
      await sleep(50);
      assert.equal(await b.command('DEBUG', 'set-disable-deny-scripts', '1'), '+OK\r\n');
      a.writeRaw(encodeCommand(['EVAL', [
        'local clients',
        "redis.call('lpush',KEYS[1],'y');",
        'while true do',
        "  clients = redis.call('client','list')",
        "  if string.find(clients, 'abortscript') ~= nil then break end",
        'end',
        "redis.call('lpush',KEYS[1],'z');",
        'return clients',
      ].join('\n'), '1', 'x']));
      await sleep(200);
      assert.equal(await b.command('PING'), BUSY);
      // HELLO is allowed while busy; the name it sets ends the script's loop.
      const hello = await b.command('HELLO', '2', 'SETNAME', 'abortscript');
      assert.ok(hello.startsWith('*'), hello.slice(0, 80));
      // The pop happened after the script completed: the list holds both pushes by then.
      // (Redis serves blocked clients after the command that made their key ready, here the
      // EVAL; never between the slices of a busy script, whatever other clients run.)
      assert.equal(await c.readFrame(5000), '*2\r\n$1\r\nx\r\n$1\r\nz\r\n', 'the blocked client was served while the script was still running');
      assert.match(await a.readFrame(5000), /abortscript/);
      assert.equal(await b.command('DEBUG', 'set-disable-deny-scripts', '0'), '+OK\r\n');
    } finally {
      c.close();
    }
  });
});

// tests/unit/multi.tcl: a transaction of another client around a busy script.
const EXECABORT_PREVIOUS = '-EXECABORT Transaction discarded because of previous errors.\r\n';
const EXECABORT_BUSY = '-EXECABORT Transaction discarded because of: BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n';

/** Runs `while true do end` on `a` until `b` gets BUSY, calls `during`, then kills it. */
async function aroundBusyScript(a: RawRespClient, b: RawRespClient, during: () => Promise<void>): Promise<void> {
  a.writeRaw(encodeCommand(['EVAL', 'while true do end', '0']));
  await waitFor(async () => (await b.command('PING')) === BUSY, 'the script to be busy');
  await during();
  assert.equal(await b.command('SCRIPT', 'KILL'), '+OK\r\n');
  assert.match(await a.readFrame(3000), /killed by user/);
}

for (const [name, before, during, after, execReply] of [
  ['MULTI and script timeout', [], [['MULTI', '+OK\r\n'], ['INCR', BUSY]], [['INCR', '+QUEUED\r\n']], EXECABORT_PREVIOUS],
  ['EXEC and script timeout', [['MULTI', '+OK\r\n'], ['INCR', '+QUEUED\r\n']], [['INCR', BUSY], ['EXEC', EXECABORT_BUSY]], [], null],
  ['just EXEC and script timeout', [['MULTI', '+OK\r\n'], ['INCR', '+QUEUED\r\n']], [['EXEC', EXECABORT_BUSY]], [], null],
  ['MULTI-EXEC body and script timeout', [['MULTI', '+OK\r\n'], ['INCR', '+QUEUED\r\n']], [['INCR', BUSY]], [], EXECABORT_PREVIOUS],
] as Array<[string, string[][], string[][], string[][], string | null]>) {
  test(`multi.tcl "${name}": no half transaction, the client leaves MULTI`, async (t) => {
    await withTwoClients(async (srv, a, b) => {
      if (srv.engine.commandTable.lookup(['multi']) === undefined) {
        t.todo('MULTI is not implemented yet');
        return;
      }
      const c = await RawRespClient.connect(srv.port);
      try {
        assert.equal(await a.command('SET', 'xx', '1'), '+OK\r\n');
        const send = async ([cmd, expected]: string[]) => {
          assert.equal(await c.command(...(cmd === 'INCR' ? ['INCR', 'xx'] : [cmd])), expected, cmd);
        };
        for (const step of before) await send(step);
        await aroundBusyScript(a, b, async () => { for (const step of during) await send(step); });
        for (const step of after) await send(step);
        if (execReply !== null) assert.equal(await c.command('EXEC'), execReply);
        assert.equal(await a.command('GET', 'xx'), '$1\r\n1\r\n', 'the transaction did not run');
        assert.equal(await c.command('PING', 'asdf'), '$4\r\nasdf\r\n', 'the client is no longer in MULTI');
      } finally {
        c.close();
      }
    });
  });
}

// Busy functions over two real connections (spec §6 applies to FCALL): a function in an endless
// loop keeps running in time slices past busy-reply-threshold; other clients get the -BUSY text
// naming FUNCTION KILL; FUNCTION STATS reports it; SCRIPT KILL refuses to stop a function;
// FUNCTION KILL stops it. Thresholds are short (pause 20 ms, busy 200 ms); every wait is bounded.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { encodeCommand } from '../support/resp-client';
import { withServer } from '../support/server';
import { sleep } from '../support/wait';

const BUSY_FUNCTION = '-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n';
const BUSY_EVAL = '-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n';

test('an endless function: BUSY naming FUNCTION KILL, STATS, SCRIPT KILL refused, FUNCTION KILL stops it', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect();
    const lib = "#!lua name=spin\nredis.register_function('spin', function(keys, args)\n  while true do end\nend)";
    assert.equal(await a.command('FUNCTION', 'LOAD', lib), '$4\r\nspin\r\n');
    const started = Date.now();
    a.writeRaw(encodeCommand(['FCALL', 'spin', '1', 'k', 'arg']));
    await sleep(50);
    assert.equal(await b.command('PING'), BUSY_FUNCTION);
    assert.ok(Date.now() - started >= 150, 'BUSY came before busy-reply-threshold');
    assert.equal(await b.command('FCALL', 'spin', '0'), BUSY_FUNCTION);
    const stats = await b.command('FUNCTION', 'STATS');
    assert.ok(stats.startsWith('*4\r\n$14\r\nrunning_script\r\n*6\r\n$4\r\nname\r\n$4\r\nspin\r\n$7\r\ncommand\r\n*5\r\n$5\r\nFCALL\r\n$4\r\nspin\r\n$1\r\n1\r\n$1\r\nk\r\n$3\r\narg\r\n$11\r\nduration_ms\r\n:'), JSON.stringify(stats));
    assert.ok(stats.endsWith('$7\r\nengines\r\n*2\r\n$3\r\nLUA\r\n*4\r\n$15\r\nlibraries_count\r\n:1\r\n$15\r\nfunctions_count\r\n:1\r\n'), JSON.stringify(stats));
    assert.equal(await b.command('SCRIPT', 'KILL'), BUSY_FUNCTION);
    assert.equal(await b.command('FUNCTION', 'KILL'), '+OK\r\n');
    assert.equal(await a.readFrame(3000), '-ERR Script killed by user with SCRIPT KILL... script: spin, on @user_function:3.\r\n');
    assert.equal(await a.command('PING'), '+PONG\r\n');
    assert.equal(await b.command('FUNCTION', 'KILL'), '-NOTBUSY No scripts in execution right now.\r\n');
    assert.ok((await b.command('FUNCTION', 'STATS')).startsWith('*4\r\n$14\r\nrunning_script\r\n$-1\r\n'));

    // While an EVAL script is busy: FUNCTION KILL and FUNCTION STATS name SCRIPT KILL.
    a.writeRaw(encodeCommand(['EVAL', 'while true do end', '0']));
    await sleep(50);
    assert.equal(await b.command('PING'), BUSY_EVAL);
    assert.equal(await b.command('FUNCTION', 'KILL'), BUSY_EVAL);
    assert.equal(await b.command('FUNCTION', 'STATS'), BUSY_EVAL);
    assert.equal(await b.command('SCRIPT', 'KILL'), '+OK\r\n');
    assert.ok((await a.readFrame(3000)).startsWith('-ERR Script killed by user with SCRIPT KILL... script: '));
  }, { 'busy-reply-threshold': '200', 'script-pause-threshold': '20' });
});

test('FUNCTION LOAD stops a library whose top level runs past 500 ms', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect();
    const started = Date.now();
    const reply = await a.command('FUNCTION', 'LOAD', '#!lua name=slow\nwhile true do end');
    assert.equal(reply, '-ERR Error registering functions: ERR FUNCTION LOAD timeout\r\n');
    const took = Date.now() - started;
    assert.ok(took >= 480 && took < 3000, `took ${took} ms`);
    assert.equal(await a.command('FUNCTION', 'LIST'), '*0\r\n');
  });
});

// The Functions engine joins the server engine's lifecycle hooks as the EVAL engine does:
// SHUTDOWN NOSAVE stops a busy FCALL that already wrote (FUNCTION KILL answers UNKILLABLE,
// as Redis's "SHUTDOWN NOSAVE can kill a timedout script anyway" in tests/unit/functions.tcl),
// and CONFIG RESETSTAT runs the functions VM's statistics reset as it does the EVAL VM's.
// Thresholds are short (pause 20 ms, busy 100 ms); every wait is bounded.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { encodeCommand } from '../support/resp-client';
import { withServer } from '../support/server';
import { functionsOf } from '../../src/scripting/function-commands';
import { waitFor, waitForRefusal } from '../support/wait';

const BUSY_FUNCTION = '-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n';
const UNKILLABLE = '-UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.\r\n';

test('SHUTDOWN NOSAVE stops the server under a busy FCALL that wrote', async () => {
  await withServer(async (srv, connect) => {
    const a = await connect(), b = await connect();
    const lib = "#!lua name=wspin\nredis.register_function('wspin', function(keys, args)\n  redis.call('set', keys[1], 'y')\n  while true do end\nend)";
    assert.equal(await a.command('FUNCTION', 'LOAD', lib), '$5\r\nwspin\r\n');
    a.writeRaw(encodeCommand(['FCALL', 'wspin', '1', 'x']));
    await waitFor(async () => (await b.command('PING')) === BUSY_FUNCTION, 'the function to be busy');
    assert.equal(await b.command('FUNCTION', 'KILL'), UNKILLABLE);
    assert.equal(await b.command('PING'), BUSY_FUNCTION);
    // SHUTDOWN NOSAVE is allowed while busy and stops the server (no reply on success).
    b.writeRaw(encodeCommand(['SHUTDOWN', 'NOSAVE']));
    await waitForRefusal(srv.port);
    // The function itself stops too (no VM left spinning in slices after the server ended).
    const functions = functionsOf(srv.engine);
    await waitFor(async () => functions.scripting.running === null, 'the function to stop', 20);
    assert.equal(srv.engine.busyScript, null);
  }, { 'busy-reply-threshold': '100', 'script-pause-threshold': '20' });
});

test('CONFIG RESETSTAT runs the Functions engine\'s statistics reset', async () => {
  await withServer(async (srv, connect) => {
    const a = await connect();
    assert.equal(await a.command('FUNCTION', 'LOAD', "#!lua name=l\nredis.register_function('f', function() return 1 end)"), '$1\r\nl\r\n');
    const functions = functionsOf(srv.engine);
    functions.scripting.cache.evictedScripts = 3;
    assert.equal(await a.command('CONFIG', 'RESETSTAT'), '+OK\r\n');
    assert.equal(functions.scripting.cache.evictedScripts, 0);
    // The libraries are not statistics: they stay.
    assert.equal(await a.command('FCALL', 'f', '0'), ':1\r\n');
  });
});

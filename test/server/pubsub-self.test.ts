// Messages a RESP3 client publishes to itself come after the reply of the command that
// published them (Redis 7.2+, tests/unit/pubsub.tcl "publish to self inside script"), also
// when the script runs long enough to go busy (in slices) and another client is answered
// -BUSY meanwhile: the messages wait for the script's reply. Single-connection cases are in
// test/golden/redis-7.4/pubsub-self.txt and test/golden/scripting-7.4/redis-suite-pubsub.txt.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeCommand } from '../support/resp-client';
import { withServer } from '../support/server';
import { sleep } from '../support/wait';

const BUSY = '-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n';

// Runs long enough (2M calls, a few hundred ms) to be redone in slices and go busy before it
// publishes (a script that published already cannot be redone), publishes, runs on, publishes.
const SCRIPT = "for i = 1, 2000000 do redis.call('ping') end redis.call('publish', 'foo', 'early') "
  + "for i = 1, 2000000 do redis.call('ping') end redis.call('publish', 'foo', 'late') return 'done'";

test('a busy script\'s messages to its own client follow its reply', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect();
    await a.command('HELLO', '3');
    assert.equal(await a.command('SUBSCRIBE', 'foo'), '>3\r\n$9\r\nsubscribe\r\n$3\r\nfoo\r\n:1\r\n');
    a.writeRaw(encodeCommand(['EVAL', SCRIPT, '0']));
    // Another client is refused while the script runs (it is busy, in slices).
    let busy = false;
    for (let i = 0; i < 100 && !busy; i++) {
      busy = (await b.command('PING')) === BUSY;
      if (!busy) await sleep(10);
    }
    assert.ok(busy, 'the script went busy');
    assert.equal(await a.readFrame(20000), '$4\r\ndone\r\n');
    assert.equal(await a.readFrame(1000), '>3\r\n$7\r\nmessage\r\n$3\r\nfoo\r\n$5\r\nearly\r\n');
    assert.equal(await a.readFrame(1000), '>3\r\n$7\r\nmessage\r\n$3\r\nfoo\r\n$4\r\nlate\r\n');
    assert.equal(await a.command('PING'), '+PONG\r\n');
  }, { 'busy-reply-threshold': '100', 'script-pause-threshold': '20' });
});

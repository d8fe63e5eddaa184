// The undo journal of a fast script run: a script that wrote and then runs past
// script-pause-threshold is abandoned, its writes are undone and it is redone in slices. The
// redone run must see the dataset exactly as it was before the first run (values, TTLs, absent
// keys), whichever path recorded a key: one-key commands, key-position commands (MSETNX,
// DEL of several keys), more than 16 keys (the journal's id set), collections (copies).
// Each command's effect is visible in the reply if it were applied twice.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Engine } from '../../src/server/engine';
import { Client } from '../../src/server/client';
import { JsReply, type JsValue } from '../../src/server/js-reply';
import { scriptingOf } from '../../src/scripting/commands';
import { waitFor } from '../support/wait';

const FAR_FUTURE_MS = '4102444800000'; // 2100-01-01

function runFor(engine: Engine, client: Client, argv: string[]): { reply: JsReply; done(): boolean } {
  const reply = new JsReply();
  reply.resp = 2;
  let answered = false;
  const sink = new Proxy(reply, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => { answered = true; return (v as (...a: unknown[]) => unknown).apply(target, args); };
    },
  });
  engine.execute(client, argv, sink);
  return { reply, done: () => answered };
}

test('an abandoned run that wrote is undone exactly and redone in slices', async () => {
  const engine = new Engine({ config: { save: '', appendonly: 'no', 'script-pause-threshold': '30' } });
  try {
    const client = new Client(1, Date.now(), true, () => {});
    client.canSuspend = true;
    const cmd = (...argv: string[]): JsValue => engine.command(...argv);
    for (let i = 1; i <= 20; i++) cmd('SET', `s${i}`, `v${i}`);
    cmd('SET', 'counter', '10');
    cmd('SET', 'ttl', 'x');
    cmd('PEXPIREAT', 'ttl', FAR_FUTURE_MS);
    cmd('SET', 'gone1', 'a');
    cmd('SET', 'gone2', 'b');
    cmd('HSET', 'h', 'f', 'old');
    cmd('RPUSH', 'l', 'a', 'b');
    const body = [
      'local out = {}',
      // 20 one-key writes (the journal switches to its id set after 16 keys).
      "for i = 1, 20 do out[#out + 1] = redis.call('append', 's' .. i, '+') end",
      "out[#out + 1] = redis.call('incr', 'counter')",
      // Key-position commands: several keys each, created and deleted.
      "out[#out + 1] = redis.call('msetnx', 'new1', 'x', 'new2', 'y')",
      "out[#out + 1] = redis.call('del', 'gone1', 'gone2', 'never')",
      "out[#out + 1] = redis.call('persist', 'ttl')",
      "out[#out + 1] = redis.call('hset', 'h', 'f', 'new', 'g', 'added')",
      "out[#out + 1] = redis.call('rpush', 'l', 'c')",
      'local start = os.clock()',
      'while os.clock() - start < 0.15 do end',
      'return out',
    ].join('\n');
    const run = runFor(engine, client, ['EVAL', body, '0']);
    assert.equal(run.done(), false, 'the first run was abandoned: the reply comes from the sliced run');
    assert.notEqual(scriptingOf(engine).running, null);
    await waitFor(async () => run.done(), 'the sliced run to reply', 200, 50);
    const expected: JsValue[] = [];
    for (let i = 1; i <= 20; i++) expected.push(`v${i}+`.length);
    expected.push(11, 1, 2, 1, 1, 3);
    assert.deepEqual(run.reply.value, expected);
    assert.equal(cmd('GET', 's20'), 'v20+');
    assert.equal(cmd('GET', 'counter'), '11');
    assert.equal(cmd('TTL', 'ttl'), -1);
    assert.equal(cmd('EXISTS', 'gone1', 'gone2', 'new1', 'new2'), 2);
    assert.deepEqual(cmd('LRANGE', 'l', '0', '-1'), ['a', 'b', 'c']);
    assert.deepEqual(cmd('HGETALL', 'h'), new Map([['f', 'new'], ['g', 'added']]));
  } finally {
    engine.close();
  }
});

test('the redone run gets the KEYS and ARGV of the command, not what the abandoned run left', async () => {
  const engine = new Engine({ config: { save: '', appendonly: 'no', 'script-pause-threshold': '30' } });
  try {
    const client = new Client(1, Date.now(), true, () => {});
    client.canSuspend = true;
    const body = [
      'local before = KEYS[1] .. ARGV[1] .. #KEYS .. #ARGV',
      "KEYS[1] = 'changed'; ARGV[1] = 'changed'; table.insert(KEYS, 'extra'); ARGV[2] = nil",
      "redis.call('rpush', 'runs', before)",
      'local start = os.clock()',
      'while os.clock() - start < 0.1 do end',
      "return {before, #KEYS, #ARGV, redis.call('llen', 'runs')}",
    ].join('\n');
    const run = runFor(engine, client, ['EVAL', body, '1', 'k', 'a', 'b']);
    assert.equal(run.done(), false, 'the first run was abandoned');
    await waitFor(async () => run.done(), 'the sliced run to reply', 200, 50);
    assert.deepEqual(run.reply.value, ['ka12', 2, 1, 1]);
    // The next run (a reused KEYS/ARGV table) sees its own command's keys and arguments.
    assert.deepEqual(engine.command('EVAL', 'return {#KEYS, #ARGV, KEYS[1], ARGV[1]}', '1', 'x', 'y'), [1, 1, 'x', 'y']);
  } finally {
    engine.close();
  }
});

test('a run that is not abandoned keeps its writes and the next run records afresh', () => {
  const engine = new Engine({ config: { save: '', appendonly: 'no' } });
  try {
    const client = new Client(1, Date.now(), true, () => {});
    client.canSuspend = true;
    const body = "redis.call('rpush', KEYS[1], ARGV[1]) return redis.call('llen', KEYS[1])";
    for (let i = 1; i <= 3; i++) {
      const run = runFor(engine, client, ['EVAL', body, '1', 'list', String(i)]);
      assert.equal(run.done(), true);
      assert.equal(run.reply.value, i);
    }
    assert.deepEqual(engine.command('LRANGE', 'list', '0', '-1'), ['1', '2', '3']);
  } finally {
    engine.close();
  }
});

// Redis's tests/unit/scripting.tcl memory assertions on INFO's Lua fields, scaled down to keep
// the run short: "Verify Lua performs GC correctly after script loading" (50,000 loaded
// scripts under 17.5 MB of used_memory_lua; here 5,000 under a tenth of it) and "EVAL does not
// leak in the Lua stack" (one script run 10,000 times stays under 100 KB).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createEngine } from '../../src/index';

function usedMemoryLua(info: string): number {
  const m = /\r\nused_memory_lua:(\d+)\r\n/.exec(info);
  assert.ok(m !== null, 'INFO memory has used_memory_lua');
  return Number(m[1]);
}

test('used_memory_lua after loading 5,000 scripts stays within Redis 7.4\'s bound (scaled)', () => {
  const engine = createEngine({});
  const client = engine.createClient();
  const run = (...argv: string[]) => { engine.execute(client, argv, client.writer); return client.takeOutput(); };
  try {
    for (let i = 0; i < 5000; i++) run('SCRIPT', 'LOAD', `--${'x'.repeat(10)}\nreturn ${String(i).padStart(6, '0')}`);
    const info = run('INFO', 'memory');
    assert.match(info, /\r\nnumber_of_cached_scripts:5000\r\n/);
    assert.ok(usedMemoryLua(info) < 17500000 / 10, `used_memory_lua ${usedMemoryLua(info)}`);
    run('SCRIPT', 'FLUSH');
    assert.equal(usedMemoryLua(run('INFO', 'memory')), 32768, 'an empty VM after SCRIPT FLUSH');
  } finally {
    engine.close();
  }
});

test('used_memory_lua does not grow with runs of the same script', () => {
  const engine = createEngine({});
  const client = engine.createClient();
  const run = (...argv: string[]) => { engine.execute(client, argv, client.writer); return client.takeOutput(); };
  try {
    run('SET', 'x', '0');
    for (let j = 0; j < 10000; j++) run('EVAL', 'return redis.call("incr",KEYS[1])', '1', 'x');
    assert.ok(usedMemoryLua(run('INFO', 'memory')) < 1024 * 100);
    assert.equal(run('GET', 'x'), '$5\r\n10000\r\n');
  } finally {
    engine.close();
  }
});

// INFO memory's Functions fields (names and order as redis-server 7.0.15 prints them:
// number_of_functions, number_of_libraries, used_memory_vm_functions, used_memory_functions)
// follow FUNCTION LOAD / DELETE / FLUSH, and FLUSHALL leaves functions alone.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Engine } from '../../src/server/engine';

function field(info: string, name: string): number {
  const m = new RegExp(`\\r\\n${name}:(\\d+)\\r\\n`).exec(info);
  assert.ok(m !== null, `INFO has no ${name}`);
  return Number(m[1]);
}

test('INFO memory reports the Functions engine', () => {
  const engine = new Engine({ config: {} });
  const c = engine.createClient();
  const run = (...argv: string[]) => { engine.execute(c, argv, c.writer); return c.takeOutput(); };
  try {
    let info = run('INFO', 'memory');
    assert.equal(field(info, 'number_of_functions'), 0);
    assert.equal(field(info, 'number_of_libraries'), 0);
    // redis-server 7.0.15 on a fresh server.
    assert.equal(field(info, 'used_memory_vm_functions'), 33792);
    assert.equal(field(info, 'used_memory_functions'), 200);
    const names = [...info.matchAll(/\r\n(number_of_functions|number_of_libraries|used_memory_vm_functions|used_memory_functions):/g)].map((m) => m[1]);
    assert.deepEqual(names, ['number_of_functions', 'number_of_libraries', 'used_memory_vm_functions', 'used_memory_functions']);

    run('FUNCTION', 'LOAD', "#!lua name=m\nredis.register_function('mf', function() return 1 end) redis.register_function('MF2', function() return 1 end)");
    run('FUNCTION', 'LOAD', "#!lua name=n\nredis.register_function('nf', function() return 1 end)");
    run('FLUSHALL');
    info = run('INFO', 'memory');
    assert.equal(field(info, 'number_of_functions'), 3);
    assert.equal(field(info, 'number_of_libraries'), 2);
    assert.ok(field(info, 'used_memory_vm_functions') > 33792);
    assert.ok(field(info, 'used_memory_functions') > 200);
    assert.equal(field(info, 'used_memory_vm_total'), field(info, 'used_memory_vm_eval') + field(info, 'used_memory_vm_functions'));

    run('FUNCTION', 'DELETE', 'm');
    info = run('INFO', 'memory');
    assert.equal(field(info, 'number_of_functions'), 1);
    assert.equal(field(info, 'number_of_libraries'), 1);
    run('FUNCTION', 'FLUSH');
    info = run('INFO', 'memory');
    assert.equal(field(info, 'number_of_functions'), 0);
    assert.equal(field(info, 'used_memory_functions'), 200);
  } finally {
    engine.close();
  }
});

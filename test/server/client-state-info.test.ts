// CLIENT LIST watch= and the INFO clients counters of WATCH and blocked clients, with several
// real connections (the golden harness uses one). Expected figures follow Redis 7.4's
// definitions: watch= is the number of keys the client watches (listLength(c->watched_keys));
// watching_clients counts clients watching at least one key; total_watched_keys,
// total_blocking_keys and total_blocking_keys_on_nokey count distinct keys over all databases
// (the sizes of each db's watched_keys / blocking_keys / blocking_keys_unblock_on_nokey dicts;
// only XREADGROUP waits "on nokey"); clients_in_timeout_table counts blocked clients with a
// timeout, WAIT included (checked against redis-server 7.0.15, which has that field).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawRespClient, encodeCommand } from '../support/resp-client';
import { withServer } from '../support/server';
import { createEngine } from '../../src/index';
import { sleep } from '../support/wait';

/** The INFO clients fields as name -> value. */
async function clientsInfo(c: RawRespClient): Promise<Map<string, string>> {
  const text = await c.command('INFO', 'clients');
  const fields = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('$')) fields.set(line.slice(0, i), line.slice(i + 1));
  }
  return fields;
}

/** watch= of the client named `name` in CLIENT LIST. */
async function watchOf(c: RawRespClient, name: string): Promise<string> {
  const list = await c.command('CLIENT', 'LIST');
  const line = list.split('\n').find((l) => l.includes(` name=${name} `));
  assert.ok(line !== undefined, `client ${name} in CLIENT LIST`);
  const m = / watch=(\d+) /.exec(line);
  assert.ok(m !== null, 'watch= field');
  return m[1];
}

async function expectCounters(c: RawRespClient, expected: Record<string, string>): Promise<void> {
  const info = await clientsInfo(c);
  for (const [field, value] of Object.entries(expected)) assert.equal(info.get(field), value, field);
}

test('WATCH: CLIENT LIST watch=, watching_clients and total_watched_keys', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect(), c = await connect();
    await a.command('CLIENT', 'SETNAME', 'a');
    await b.command('CLIENT', 'SETNAME', 'b');
    await expectCounters(c, { watching_clients: '0', total_watched_keys: '0' });
    assert.equal(await a.command('WATCH', 'k1', 'k2', 'k1'), '+OK\r\n');
    assert.equal(await watchOf(c, 'a'), '2');
    assert.equal(await watchOf(c, 'b'), '0');
    await expectCounters(c, { watching_clients: '1', total_watched_keys: '2' });
    // The same key in another database is another watched key.
    await b.command('SELECT', '1');
    assert.equal(await b.command('WATCH', 'k1', 'k3'), '+OK\r\n');
    await expectCounters(c, { watching_clients: '2', total_watched_keys: '4' });
    await b.command('SELECT', '0');
    assert.equal(await b.command('WATCH', 'k2'), '+OK\r\n');
    assert.equal(await watchOf(c, 'b'), '3');
    await expectCounters(c, { watching_clients: '2', total_watched_keys: '4' });
    // A write to a watched key makes its watchers dirty and unwatches all their keys.
    assert.equal(await c.command('SET', 'k2', 'v'), '+OK\r\n');
    assert.equal(await watchOf(c, 'a'), '0');
    assert.equal(await watchOf(c, 'b'), '0');
    await expectCounters(c, { watching_clients: '0', total_watched_keys: '0' });
    // A dirty client watches nothing more (watchCommand returns early) until UNWATCH/EXEC.
    assert.equal(await a.command('WATCH', 'k1'), '+OK\r\n');
    await expectCounters(c, { watching_clients: '0', total_watched_keys: '0' });
    assert.equal(await a.command('UNWATCH'), '+OK\r\n');
    assert.equal(await a.command('WATCH', 'k1'), '+OK\r\n');
    await expectCounters(c, { watching_clients: '1', total_watched_keys: '1' });
    assert.equal(await a.command('MULTI'), '+OK\r\n');
    assert.equal(await a.command('EXEC'), '*0\r\n');
    await expectCounters(c, { watching_clients: '0', total_watched_keys: '0' });
    assert.equal(await b.command('WATCH', 'k1'), '+OK\r\n');
    b.close();
    await sleep(30);
    await expectCounters(c, { watching_clients: '0', total_watched_keys: '0' });
  });
});

test('blocked clients: total_blocking_keys, total_blocking_keys_on_nokey, clients_in_timeout_table', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect(), b = await connect(), x = await connect(), c = await connect();
    await expectCounters(c, { blocked_clients: '0', total_blocking_keys: '0', total_blocking_keys_on_nokey: '0', clients_in_timeout_table: '0' });
    a.writeRaw(encodeCommand(['BLPOP', 'l1', 'l2', '0']));
    b.writeRaw(encodeCommand(['BLPOP', 'l2', 'l3', '10']));
    assert.equal(await c.command('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'), '+OK\r\n');
    x.writeRaw(encodeCommand(['XREADGROUP', 'GROUP', 'g', 'cons', 'BLOCK', '0', 'STREAMS', 's', '>']));
    await sleep(50);
    await expectCounters(c, { blocked_clients: '3', total_blocking_keys: '4', total_blocking_keys_on_nokey: '1', clients_in_timeout_table: '1' });
    // Serving a waits on l1 and l2: l2 stays (b still waits for it), l1 goes.
    assert.equal(await c.command('RPUSH', 'l1', 'v'), ':1\r\n');
    await a.readFrame(1000);
    await expectCounters(c, { blocked_clients: '2', total_blocking_keys: '3', total_blocking_keys_on_nokey: '1', clients_in_timeout_table: '1' });
    assert.equal(await c.command('XADD', 's', '*', 'f', 'v').then((r) => r[0]), '$');
    await x.readFrame(1000);
    await expectCounters(c, { blocked_clients: '1', total_blocking_keys: '2', total_blocking_keys_on_nokey: '0', clients_in_timeout_table: '1' });
    b.close();
    await sleep(30);
    await expectCounters(c, { blocked_clients: '0', total_blocking_keys: '0', total_blocking_keys_on_nokey: '0', clients_in_timeout_table: '0' });
  });
});

test('INFO cpu reports the main thread separately, within the process totals', () => {
  const engine = createEngine();
  try {
    // Burn some CPU on this (the main) thread so the tick-based counters move.
    const until = Date.now() + 60;
    let spin = 0;
    while (Date.now() < until) spin++;
    assert.ok(spin > 0);
    const info = String(engine.command('INFO', 'cpu'));
    const field = (name: string) => Number(new RegExp(`\\b${name}:([0-9.]+)`).exec(info)?.[1] ?? NaN);
    for (const kind of ['sys', 'user']) {
      const total = field(`used_cpu_${kind}`);
      const main = field(`used_cpu_${kind}_main_thread`);
      assert.ok(Number.isFinite(total) && Number.isFinite(main), info);
      assert.ok(main <= total + 0.01, `${kind}: main ${main} > total ${total}`);
    }
    assert.ok(field('used_cpu_user_main_thread') + field('used_cpu_sys_main_thread') > 0, info);
  } finally {
    engine.close();
  }
});

// Expiry through the command handlers with a fake clock: the handlers read the time from
// EngineServices.now() (Redis's command time) and the keyspace reads the same clock, so a
// test can move time forward by hours without sleeping.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Keyspace } from '../../src/store/keyspace';
import { activeExpireCycle } from '../../src/store/expire';
import { lookupCommand } from '../../src/commands/table';
import type { ClientState, CommandContext, EngineServices, Reply } from '../../src/commands/types';

/** A Reply sink that records replies as simple JS values (one per command). */
class RecordingReply implements Reply {
  readonly resp = 2 as const;
  values: unknown[] = [];
  status(s: string): void { this.values.push(s); }
  error(s: string): void { this.values.push(new Error(s)); }
  integer(n: number | bigint): void { this.values.push(Number(n)); }
  bulk(s: string | null): void { this.values.push(s); }
  nullArray(): void { this.values.push(null); }
  arrayLen(n: number): void { this.values.push(`*${n}`); }
  mapLen(n: number): void { this.values.push(`%${n}`); }
  setLen(n: number): void { this.values.push(`~${n}`); }
  pushLen(n: number): void { this.values.push(`>${n}`); }
  double(d: number): void { this.values.push(d); }
  bool(b: boolean): void { this.values.push(b); }
  bigNumber(d: string): void { this.values.push(d); }
  verbatim(_f: string, t: string): void { this.values.push(t); }
}

function harness(start = Date.UTC(2030, 0, 1)) {
  const clock = { now: start };
  const keyspace = new Keyspace({ clock: () => clock.now });
  const config = new Map<string, string>();
  const engine: EngineServices = {
    now: () => clock.now,
    notifyKeyspaceEvent: () => {},
    config: { get: (n) => config.get(n), set: (n, v) => { config.set(n, v); return null; } },
  };
  const client: ClientState = { id: 1, name: '', resp: 2, dbIndex: 0, authenticated: true, isScript: false };
  /** Runs one command and returns its single reply value (or the list for aggregates). */
  const run = (...argv: string[]): unknown => {
    const spec = lookupCommand(argv);
    assert.ok(spec, `unknown command ${argv[0]}`);
    const reply = new RecordingReply();
    const ctx: CommandContext = { argv, reply, client, db: keyspace.dbs[client.dbIndex], keyspace, engine };
    spec.handler(ctx);
    return reply.values.length === 1 ? reply.values[0] : reply.values;
  };
  return { clock, keyspace, run };
}

test('SET EX / PX / EXAT / PXAT and TTL follow the command clock', () => {
  const { clock, run } = harness();
  assert.equal(run('SET', 'a', 'v', 'EX', '3600'), 'OK');
  assert.equal(run('TTL', 'a'), 3600);
  assert.equal(run('PTTL', 'a'), 3600_000);
  assert.equal(run('EXPIRETIME', 'a'), Math.floor((clock.now + 3600_000) / 1000));
  clock.now += 3599_499;
  assert.equal(run('TTL', 'a'), 1); // 501 ms left rounds to 1
  clock.now += 1;
  assert.equal(run('TTL', 'a'), 1); // 500 ms: (500 + 500) / 1000
  clock.now += 499;
  assert.equal(run('PTTL', 'a'), 1);
  assert.equal(run('GET', 'a'), 'v');
  clock.now += 1;
  assert.equal(run('GET', 'a'), null);
  assert.equal(run('TTL', 'a'), -2);
  run('SET', 'b', 'v', 'PXAT', String(clock.now + 10));
  assert.equal(run('PEXPIRETIME', 'b'), clock.now + 10);
  clock.now += 10;
  assert.equal(run('EXISTS', 'b'), 0);
});

test('EXPIRE in the past deletes at once; GT/LT compare with the current TTL', () => {
  const { clock, run } = harness();
  run('SET', 'k', 'v');
  assert.equal(run('EXPIRE', 'k', '100', 'GT'), 0); // no TTL counts as infinite
  assert.equal(run('EXPIRE', 'k', '100', 'LT'), 1);
  assert.equal(run('EXPIRE', 'k', '200', 'LT'), 0);
  assert.equal(run('EXPIRE', 'k', '200', 'GT'), 1);
  assert.equal(run('TTL', 'k'), 200);
  assert.equal(run('EXPIREAT', 'k', String(Math.floor(clock.now / 1000) - 1)), 1);
  assert.equal(run('EXISTS', 'k'), 0);
  run('SET', 'k', 'v');
  assert.equal(run('GETEX', 'k', 'PXAT', String(clock.now)), 'v');
  assert.equal(run('EXISTS', 'k'), 0);
});

test('a day later, the active cycle has removed untouched keys; DBSIZE sees it', () => {
  const { clock, keyspace, run } = harness();
  for (let i = 0; i < 500; i++) run('SET', `s${i}`, 'v', 'EX', String(60 + i));
  for (let i = 0; i < 500; i++) run('SET', `p${i}`, 'v');
  assert.equal(run('DBSIZE'), 1000);
  clock.now += 86_400_000;
  assert.equal(run('DBSIZE'), 1000); // lazy: nobody looked yet
  for (let i = 0; i < 50 && keyspace.dbs[0].size > 500; i++) activeExpireCycle(keyspace, 25);
  assert.equal(run('DBSIZE'), 500);
  assert.equal(keyspace.stats.expiredKeys, 500);
});

test('writes that keep or drop the TTL', () => {
  const { run } = harness();
  run('SET', 'k', '1', 'EX', '100');
  run('INCR', 'k');
  run('APPEND', 'k', '0');
  run('SETRANGE', 'k', '0', '9');
  run('SETBIT', 'k', '0', '1');
  assert.equal(run('TTL', 'k'), 100);
  run('SET', 'k', 'x', 'KEEPTTL');
  assert.equal(run('TTL', 'k'), 100);
  run('GETSET', 'k', 'y');
  assert.equal(run('TTL', 'k'), -1);
  run('SET', 'k', '1', 'EX', '100');
  run('PERSIST', 'k');
  assert.equal(run('TTL', 'k'), -1);
});

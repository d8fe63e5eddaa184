// Robustness: random argument vectors for every string, key, bit and database command (right
// arity, hostile values: huge/negative numbers, NaN-ish floats, binary bytes, option soup).
// Every call must return normally and produce one complete reply; the keyspace's memory
// estimate must stay consistent with its contents.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Keyspace, KEY_OVERHEAD_BYTES, EXPIRE_OVERHEAD_BYTES } from '../../src/store/keyspace';
import { objectMemoryUsage } from '../../src/store/object';
import { commands as stringCommands } from '../../src/commands/strings';
import { commands as keyCommands } from '../../src/commands/keys';
import { commands as bitCommands } from '../../src/commands/bitops';
import { commands as dbCommands } from '../../src/commands/db';
import { lookupCommand } from '../../src/commands/table';
import type { ClientState, CommandContext, CommandSpec, EngineServices } from '../../src/commands/types';
import { mulberry32 } from '../support/prng';
import { CountingReply } from '../support/counting-reply';

const WORDS = [
  '0', '1', '-1', '2', '7', '8', '15', '16', '63', '64', '100', '-100', '1000000', '4294967296',
  '9223372036854775807', '-9223372036854775808', '9223372036854775808', '18446744073709551616',
  '1.5', '-0.5', '1e10', '1e400', 'inf', '-inf', 'nan', '0x10', '', ' ', 'abc', '\x00', '\xff\xfe',
  'EX', 'PX', 'EXAT', 'PXAT', 'NX', 'XX', 'GT', 'LT', 'GET', 'KEEPTTL', 'PERSIST', 'BIT', 'BYTE',
  'IDX', 'LEN', 'MINMATCHLEN', 'WITHMATCHLEN', 'MATCH', 'COUNT', 'TYPE', 'REPLACE', 'DB', 'AND',
  'OR', 'XOR', 'NOT', 'OVERFLOW', 'WRAP', 'SAT', 'FAIL', 'SET', 'INCRBY', 'u8', 'i64', 'u63',
  'i1', 'u0', '#3', '*', 'k?', '[a-', 'ASYNC', 'SYNC', 'string', 'ENCODING', 'FREQ', 'IDLETIME',
  'REFCOUNT', 'HELP',
];
const KEYS = ['k1', 'k2', 'k3', 'bin\x00key', '\xff'];

test('random argument vectors never throw and always produce exactly one reply', () => {
  const random = mulberry32(7);
  let now = 1_900_000_000_000;
  const keyspace = new Keyspace({ clock: () => now });
  const engine: EngineServices = { now: () => now, notifyKeyspaceEvent: () => {}, config: { get: () => undefined, set: () => null } };
  const client: ClientState = { id: 1, name: '', resp: 2, dbIndex: 0, authenticated: true, isScript: false };
  const specs: CommandSpec[] = [...stringCommands, ...keyCommands, ...bitCommands, ...dbCommands]
    .flatMap((s) => (s.subcommands ? [...s.subcommands] : [s]));
  const pick = <T>(a: readonly T[]): T => a[Math.floor(random() * a.length)];
  for (let i = 0; i < 30000; i++) {
    const spec = pick(specs);
    // Flushes are rare, so the dataset grows and the commands meet existing keys.
    if ((spec.name === 'flushall' || spec.name === 'flushdb') && random() < 0.95) continue;
    const [name, sub] = spec.name.split('|');
    const argv = sub ? [name, sub] : [name];
    const target = spec.arity > 0 ? spec.arity : -spec.arity + Math.floor(random() * 6);
    while (argv.length < target) {
      const pos = argv.length;
      const isKey = pos >= spec.firstKey && spec.firstKey > 0 && (spec.lastKey < 0 || pos <= spec.lastKey);
      argv.push(isKey || random() < 0.2 ? pick(KEYS) : pick(WORDS));
    }
    if (random() < 0.01) now += Math.floor(random() * 200_000);
    const resolved = lookupCommand(argv);
    if (resolved === undefined) continue;
    const reply = new CountingReply();
    const ctx: CommandContext = { argv, reply, client, db: keyspace.dbs[client.dbIndex], keyspace, engine };
    try {
      resolved.handler(ctx);
    } catch (e) {
      assert.fail(`${JSON.stringify(argv)} threw ${(e as Error).stack}`);
    }
    assert.equal(reply.complete, 1, `${JSON.stringify(argv)} produced ${reply.complete} replies`);
    assert.equal(reply.openAggregates, 0, `${JSON.stringify(argv)} left an aggregate open`);
  }
  // The running memory estimate equals a recomputation from the contents.
  for (const db of keyspace.dbs) {
    let expected = 0;
    for (const key of db.allKeys()) {
      const v = db.peek(key)!;
      expected += KEY_OVERHEAD_BYTES + 16 + ((key.length + 7) & ~7) + objectMemoryUsage(v);
      if (db.getExpire(key) !== -1) expected += EXPIRE_OVERHEAD_BYTES;
    }
    assert.equal(db.usedBytes, expected, `db ${db.id}`);
  }
  assert.ok(keyspace.totalKeys() > 0, 'the fuzzer never stored anything');
  keyspace.flushAll();
  assert.equal(keyspace.usedBytes(), 0);
});

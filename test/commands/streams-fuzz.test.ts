// Robustness of the stream commands: random argument vectors drawn from a vocabulary of ids,
// options and hostile values, on a few keys, through the handlers. Every call must return
// normally with exactly one complete reply, and after every call the stored streams must be
// consistent: length equals the live entries, every pending entry sits in exactly one
// consumer's PEL and the consumer it names, and the group PEL is the union of those.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Keyspace } from '../../src/store/keyspace';
import { StreamObject, MIN_ID, MAX_ID } from '../../src/store/t_stream';
import { lookupCommand } from '../../src/commands/table';
import { commands as streamCommands } from '../../src/commands/streams';
import type { ClientState, CommandContext, EngineServices } from '../../src/commands/types';
import { mulberry32 } from '../support/prng';
import { CountingReply } from '../support/counting-reply';

const VOCAB = [
  's1', 's2', 'str', 'g', 'g2', 'c1', 'c2', '0', '1', '2', '3', '5', '10', '-1', '1-0', '1-1', '2-0', '3-5',
  '*', '$', '>', '+', '-', '(1', '(2-0', '1-*', '18446744073709551615-18446744073709551615', '18446744073709551616',
  '9223372036854775807', '-9223372036854775808', 'x', '', '\x00', '\xff', 'MAXLEN', 'MINID', '~', '=', 'LIMIT',
  'NOMKSTREAM', 'COUNT', 'STREAMS', 'GROUP', 'NOACK', 'BLOCK', 'IDLE', 'TIME', 'RETRYCOUNT', 'FORCE', 'JUSTID',
  'LASTID', 'ENTRIESREAD', 'ENTRIESADDED', 'MAXDELETEDID', 'MKSTREAM', 'FULL', 'CREATE', 'SETID', 'DESTROY',
  'CREATECONSUMER', 'DELCONSUMER', 'STREAM', 'GROUPS', 'CONSUMERS', 'HELP', 'f', 'v',
];

function checkStream(s: StreamObject): void {
  assert.equal(s.range(MIN_ID, MAX_ID, 0, false).length, s.length);
  for (const g of s.sortedGroups()) {
    let total = 0;
    for (const c of g.consumers.values()) {
      for (const nack of c.pel) {
        assert.equal(nack.consumer, c, 'a consumer PEL entry names its consumer');
        assert.equal(g.pel.find(nack), nack, 'a consumer PEL entry is in the group PEL');
        total++;
      }
    }
    assert.equal(total, g.pel.size, 'the group PEL is the union of the consumer PELs');
  }
}

/** A valid call of a common shape, with ids taken from the stream when it has some. */
function wellFormed(int: (n: number) => number, keyspace: Keyspace): string[] {
  const key = int(4) === 0 ? 's2' : 's1';
  const v = keyspace.dbs[0].peek(key);
  const ids = v instanceof StreamObject ? v.range(MIN_ID, MAX_ID, 0, false).map((e) => `${e.ms}-${e.seq}`) : [];
  const someId = () => (ids.length > 0 && int(4) !== 0 ? ids[int(ids.length)] : `${int(5)}-${int(3)}`);
  const group = int(3) === 0 ? 'g2' : 'g';
  const consumer = ['c1', 'c2', 'c3'][int(3)];
  switch (int(8)) {
    case 0: case 1: {
      const trim = int(4) === 0 ? ['MAXLEN', '~', String(int(30))] : int(6) === 0 ? ['MINID', someId()] : [];
      return ['XADD', key, ...trim, '*', 'f', String(int(100))];
    }
    case 2: return ['XGROUP', 'CREATE', key, group, int(2) === 0 ? '0' : '$', 'MKSTREAM'];
    case 3: return ['XREADGROUP', 'GROUP', group, consumer, ...(int(2) === 0 ? ['COUNT', String(1 + int(4))] : []),
      ...(int(4) === 0 ? ['NOACK'] : []), 'STREAMS', key, int(3) === 0 ? '0' : '>'];
    case 4: return ['XACK', key, group, someId(), someId()];
    case 5: return ['XCLAIM', key, group, consumer, String(int(3)), someId(), someId(), ...(int(2) === 0 ? ['JUSTID'] : []), ...(int(4) === 0 ? ['FORCE'] : [])];
    case 6: return ['XAUTOCLAIM', key, group, consumer, String(int(3)), someId(), 'COUNT', String(1 + int(3))];
    default: return int(2) === 0 ? ['XDEL', key, someId()] : ['XGROUP', 'DELCONSUMER', key, group, consumer];
  }
}

test('random stream command vectors never throw, reply once, keep streams consistent', () => {
  const rnd = mulberry32(6);
  const int = (n: number) => Math.floor(rnd() * n);
  const clock = { now: Date.UTC(2030, 0, 1) };
  const keyspace = new Keyspace({ clock: () => clock.now });
  const engine: EngineServices = { now: () => clock.now, notifyKeyspaceEvent: () => {}, config: { get: () => undefined, set: () => null } };
  const names = streamCommands.flatMap((c) => (c.subcommands ?? [c]).map((s) => s.name.split('|')));
  keyspace.dbs[0].set('str', 'x');
  for (let step = 0; step < 20000; step++) {
    clock.now += int(3);
    let argv: string[];
    if (int(4) !== 0) {
      argv = wellFormed(int, keyspace);
    } else {
      const name = names[int(names.length)];
      argv = name.map((n) => n.toUpperCase());
      // Mostly well-formed prefixes: a key after the command name, then vocabulary soup.
      if (int(4) !== 0) argv.push(int(5) === 0 ? 's2' : 's1');
      const extra = int(9);
      for (let i = 0; i < extra; i++) argv.push(VOCAB[int(VOCAB.length)]);
      if (int(3) === 0) argv.push('f', 'v');
    }
    const spec = lookupCommand(argv);
    if (spec === undefined) continue;
    if (spec.arity > 0 ? argv.length !== spec.arity : argv.length < -spec.arity) continue;
    const client: ClientState = { id: 1, name: '', resp: int(2) === 0 ? 2 : 3, dbIndex: 0, authenticated: true, isScript: false };
    const reply = new CountingReply(client.resp);
    const ctx: CommandContext = { argv, reply, client, db: keyspace.dbs[0], keyspace, engine };
    try {
      spec.handler(ctx);
    } catch (e) {
      assert.fail(`${JSON.stringify(argv)} threw ${(e as Error).stack}`);
    }
    assert.equal(reply.complete, 1, `${JSON.stringify(argv)} must produce exactly one reply`);
    for (const key of ["s1", "s2"]) {
      const v = keyspace.dbs[0].peek(key);
      if (v instanceof StreamObject) checkStream(v);
    }
  }
});

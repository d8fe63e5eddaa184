// Consumer-group flows through the stream command handlers with a fake command clock, so
// delivery times, idle times and XCLAIM/XAUTOCLAIM min-idle decisions are exact:
// XREADGROUP -> XPENDING -> XACK, XCLAIM and XAUTOCLAIM ownership moves, NOACK, history reads,
// deleted entries in a PEL, consumer deletion, and XINFO's counters. Expected values follow
// Redis's documented semantics (and t_stream.c), worked out by hand in each test.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ClientState, CommandContext, EngineServices, Reply } from '../../src/commands/types';
import { Keyspace } from '../../src/store/keyspace';
import { lookupCommand } from '../../src/commands/table';

type V = string | number | bigint | boolean | null | V[] | { error: string };

/** Builds nested JS values from Reply calls (maps become flat [k, v, ...] arrays). */
class TreeReply implements Reply {
  readonly resp: 2 | 3 = 3;
  private stack: { items: V[]; want: number }[] = [];
  result: V | undefined;
  private put(v: V): void {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) { this.result = v; return; }
    top.items.push(v);
    this.close();
  }
  private close(): void {
    while (this.stack.length > 0) {
      const top = this.stack[this.stack.length - 1];
      if (top.items.length < top.want) return;
      this.stack.pop();
      this.put(top.items);
      return;
    }
  }
  private open(n: number): void {
    if (n === 0) { this.put([]); return; }
    this.stack.push({ items: [], want: n });
  }
  status(s: string): void { this.put(s); }
  error(s: string): void { this.put({ error: s }); }
  integer(n: number | bigint): void { this.put(n); }
  bulk(s: string | null): void { this.put(s); }
  nullArray(): void { this.put(null); }
  arrayLen(n: number): void { this.open(n); }
  mapLen(n: number): void { this.open(2 * n); }
  setLen(n: number): void { this.open(n); }
  pushLen(n: number): void { this.open(n); }
  double(d: number): void { this.put(d); }
  bool(b: boolean): void { this.put(b); }
  bigNumber(d: string): void { this.put(d); }
  verbatim(_f: string, t: string): void { this.put(t); }
}

function harness(start = Date.UTC(2030, 0, 1)) {
  const clock = { now: start };
  const keyspace = new Keyspace({ clock: () => clock.now });
  const engine: EngineServices = {
    now: () => clock.now,
    notifyKeyspaceEvent: () => {},
    config: { get: () => undefined, set: () => null },
  };
  const client: ClientState = { id: 1, name: '', resp: 3, dbIndex: 0, authenticated: true, isScript: false };
  const run = (...argv: string[]): V => {
    const spec = lookupCommand(argv);
    assert.ok(spec, `unknown command ${argv[0]}`);
    if (spec.arity > 0 ? argv.length !== spec.arity : argv.length < -spec.arity) {
      return { error: 'arity' };
    }
    const reply = new TreeReply();
    const ctx: CommandContext = { argv, reply, client, db: keyspace.dbs[0], keyspace, engine };
    spec.handler(ctx);
    return reply.result as V;
  };
  /** A flat [k, v, ...] map reply as an object. */
  const obj = (v: V): Record<string, V> => {
    assert.ok(Array.isArray(v));
    const o: Record<string, V> = {};
    for (let i = 0; i < v.length; i += 2) o[v[i] as string] = v[i + 1];
    return o;
  };
  return { clock, run, obj };
}

function seed(run: (...a: string[]) => V, n: number): void {
  for (let i = 1; i <= n; i++) run('XADD', 's', `${i}-0`, 'f', `v${i}`);
}

test('XREADGROUP > delivers each entry once per group and fills the PELs', () => {
  const { clock, run } = harness();
  seed(run, 3);
  assert.equal(run('XGROUP', 'CREATE', 's', 'g', '0'), 'OK');
  assert.deepEqual(run('XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '2', 'STREAMS', 's', '>'),
    ['s', [['1-0', ['f', 'v1']], ['2-0', ['f', 'v2']]]]);
  clock.now += 100;
  assert.deepEqual(run('XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>'), ['s', [['3-0', ['f', 'v3']]]]);
  assert.equal(run('XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>'), null);
  // Summary: 3 pending, first/last ids, per-consumer counts in name order.
  assert.deepEqual(run('XPENDING', 's', 'g'), [3, '1-0', '3-0', [['alice', '2'], ['bob', '1']]]);
  clock.now += 50;
  // Extended form: idle = now - delivery time, delivery count 1.
  assert.deepEqual(run('XPENDING', 's', 'g', '-', '+', '10'), [
    ['1-0', 'alice', 150, 1], ['2-0', 'alice', 150, 1], ['3-0', 'bob', 50, 1],
  ]);
  assert.deepEqual(run('XPENDING', 's', 'g', 'IDLE', '100', '-', '+', '10'), [
    ['1-0', 'alice', 150, 1], ['2-0', 'alice', 150, 1],
  ]);
  assert.deepEqual(run('XPENDING', 's', 'g', '-', '+', '10', 'bob'), [['3-0', 'bob', 50, 1]]);
  // A history read (id instead of >) re-delivers from the consumer's own PEL only.
  assert.deepEqual(run('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0'),
    ['s', [['1-0', ['f', 'v1']], ['2-0', ['f', 'v2']]]]);
  assert.deepEqual(run('XPENDING', 's', 'g', '-', '+', '1'), [['1-0', 'alice', 0, 2]]);
  // XACK removes from both PELs; unknown ids do not count.
  assert.equal(run('XACK', 's', 'g', '1-0', '3-0', '9-0'), 2);
  assert.deepEqual(run('XPENDING', 's', 'g'), [1, '2-0', '2-0', [['alice', '1']]]);
  assert.equal(run('XACK', 's', 'g', '1-0'), 0);
});

test('XCLAIM moves ownership when idle enough; RETRYCOUNT, IDLE, TIME, FORCE, JUSTID', () => {
  const { clock, run } = harness();
  seed(run, 4);
  run('XGROUP', 'CREATE', 's', 'g', '0');
  run('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
  clock.now += 1000;
  // Not idle enough: nothing claimed, but the consumer is created.
  assert.deepEqual(run('XCLAIM', 's', 'g', 'bob', '5000', '1-0'), []);
  clock.now += 5000;
  assert.deepEqual(run('XCLAIM', 's', 'g', 'bob', '5000', '1-0'), [['1-0', ['f', 'v1']]]);
  // Claiming increments the delivery count and resets the idle time.
  assert.deepEqual(run('XPENDING', 's', 'g', '1-0', '1-0', '1'), [['1-0', 'bob', 0, 2]]);
  // JUSTID does not touch the delivery count; IDLE sets the idle time.
  assert.deepEqual(run('XCLAIM', 's', 'g', 'bob', '0', '2-0', 'JUSTID', 'IDLE', '700'), ['2-0']);
  assert.deepEqual(run('XPENDING', 's', 'g', '2-0', '2-0', '1'), [['2-0', 'bob', 700, 1]]);
  assert.deepEqual(run('XCLAIM', 's', 'g', 'carol', '0', '3-0', 'JUSTID', 'RETRYCOUNT', '9', 'TIME', String(clock.now - 42)), ['3-0']);
  assert.deepEqual(run('XPENDING', 's', 'g', '3-0', '3-0', '1'), [['3-0', 'carol', 42, 9]]);
  // A TIME in the future is clamped to now.
  run('XCLAIM', 's', 'g', 'carol', '0', '3-0', 'JUSTID', 'TIME', String(clock.now + 99999));
  assert.deepEqual(run('XPENDING', 's', 'g', '3-0', '3-0', '1'), [['3-0', 'carol', 0, 9]]);
  // FORCE creates a PEL entry for an existing entry nobody was given; not for a missing one.
  run('XACK', 's', 'g', '4-0');
  assert.deepEqual(run('XCLAIM', 's', 'g', 'dave', '0', '4-0', 'JUSTID'), []);
  assert.deepEqual(run('XCLAIM', 's', 'g', 'dave', '0', '4-0', '9-0', 'FORCE', 'JUSTID'), ['4-0']);
  // A claimed entry that was deleted from the stream leaves the PEL.
  run('XDEL', 's', '1-0');
  assert.deepEqual(run('XCLAIM', 's', 'g', 'dave', '0', '1-0'), []);
  assert.deepEqual(run('XPENDING', 's', 'g'), [3, '2-0', '4-0', [['bob', '1'], ['carol', '1'], ['dave', '1']]]);
  // LASTID moves the group's last delivered id forward only.
  run('XCLAIM', 's', 'g', 'dave', '0', '4-0', 'LASTID', '3-5');
  assert.equal(((run('XINFO', 'GROUPS', 's') as V[])[0] as V[])[7], '4-0');
  run('XCLAIM', 's', 'g', 'dave', '0', '4-0', 'LASTID', '7-5');
  assert.equal(((run('XINFO', 'GROUPS', 's') as V[])[0] as V[])[7], '7-5');
});

test('XAUTOCLAIM scans the PEL from a cursor and reports deleted entries', () => {
  const { clock, run } = harness();
  seed(run, 5);
  run('XGROUP', 'CREATE', 's', 'g', '0');
  run('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
  clock.now += 10;
  assert.deepEqual(run('XAUTOCLAIM', 's', 'g', 'bob', '0', '0', 'COUNT', '2', 'JUSTID'), ['3-0', ['1-0', '2-0'], []]);
  run('XDEL', 's', '3-0');
  // The deleted entry counts against COUNT and is reported in the third element.
  assert.deepEqual(run('XAUTOCLAIM', 's', 'g', 'bob', '0', '3-0', 'COUNT', '2'), ['5-0', [['4-0', ['f', 'v4']]], ['3-0']]);
  // Min idle: entries delivered just now are skipped, the cursor still advances to the end.
  assert.deepEqual(run('XAUTOCLAIM', 's', 'g', 'carol', '5', '0', 'JUSTID'), ['0-0', ['5-0'], []]);
  assert.deepEqual(run('XPENDING', 's', 'g'), [4, '1-0', '5-0', [['bob', '3'], ['carol', '1']]]);
});

test('NOACK reads leave no PEL entries; deleting a consumer drops its pending entries', () => {
  const { run, obj } = harness();
  seed(run, 3);
  run('XGROUP', 'CREATE', 's', 'g', '0');
  run('XREADGROUP', 'GROUP', 'g', 'alice', 'NOACK', 'COUNT', '1', 'STREAMS', 's', '>');
  assert.deepEqual(run('XPENDING', 's', 'g'), [0, null, null, null]);
  run('XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>');
  assert.equal(run('XGROUP', 'CREATECONSUMER', 's', 'g', 'carol'), 1);
  assert.equal(run('XGROUP', 'CREATECONSUMER', 's', 'g', 'carol'), 0);
  const info = obj((run('XINFO', 'GROUPS', 's') as V[])[0]);
  assert.equal(info.consumers, 3);
  assert.equal(info.pending, 2);
  assert.equal(info['last-delivered-id'], '3-0');
  assert.equal(info['entries-read'], 3);
  assert.equal(info.lag, 0);
  assert.equal(run('XGROUP', 'DELCONSUMER', 's', 'g', 'bob'), 2);
  assert.deepEqual(run('XPENDING', 's', 'g'), [0, null, null, null]);
  // History of a deleted entry: the id with a null body.
  run('XREADGROUP', 'GROUP', 'g', 'dave', 'STREAMS', 's', '0');
  run('XGROUP', 'SETID', 's', 'g', '0');
  run('XREADGROUP', 'GROUP', 'g', 'dave', 'STREAMS', 's', '>');
  run('XDEL', 's', '2-0');
  assert.deepEqual(run('XREADGROUP', 'GROUP', 'g', 'dave', 'STREAMS', 's', '0'),
    ['s', [['1-0', ['f', 'v1']], ['2-0', null], ['3-0', ['f', 'v3']]]]);
  assert.equal(run('XGROUP', 'DESTROY', 's', 'g'), 1);
  assert.deepEqual(run('XINFO', 'GROUPS', 's'), []);
});

test('XINFO CONSUMERS reports idle and inactive from the command clock (7.2+ fields)', () => {
  const { clock, run, obj } = harness();
  seed(run, 1);
  run('XGROUP', 'CREATE', 's', 'g', '0');
  run('XGROUP', 'CREATECONSUMER', 's', 'g', 'idler');
  clock.now += 30;
  run('XREADGROUP', 'GROUP', 'g', 'reader', 'STREAMS', 's', '>');
  clock.now += 20;
  const list = (run('XINFO', 'CONSUMERS', 's', 'g') as V[]).map(obj);
  assert.deepEqual(list, [
    { name: 'idler', pending: 0, idle: 50, inactive: -1 },
    { name: 'reader', pending: 1, idle: 20, inactive: 20 },
  ]);
});

test('XINFO STREAM FULL lists groups, PELs and consumers with 7.4 fields and COUNT limits', () => {
  const { clock, run, obj } = harness();
  seed(run, 3);
  run('XGROUP', 'CREATE', 's', 'g', '0');
  const t0 = clock.now;
  run('XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>');
  clock.now += 5;
  run('XGROUP', 'CREATECONSUMER', 's', 'g', 'alice');
  const full = obj(run('XINFO', 'STREAM', 's', 'FULL', 'COUNT', '2'));
  assert.equal(full.length, 3);
  assert.equal((full.entries as V[]).length, 2);
  const g = obj((full.groups as V[])[0]);
  assert.equal(g.name, 'g');
  assert.equal(g['last-delivered-id'], '3-0');
  assert.equal(g['entries-read'], 3);
  assert.equal(g.lag, 0);
  assert.equal(g['pel-count'], 3);
  assert.deepEqual(g.pending, [['1-0', 'bob', t0, 1], ['2-0', 'bob', t0, 1]]);
  const consumers = (g.consumers as V[]).map(obj);
  assert.deepEqual(consumers.map((c) => Object.keys(c)), [
    ['name', 'seen-time', 'active-time', 'pel-count', 'pending'],
    ['name', 'seen-time', 'active-time', 'pel-count', 'pending'],
  ]);
  assert.deepEqual(consumers[0], { name: 'alice', 'seen-time': t0 + 5, 'active-time': -1, 'pel-count': 0, pending: [] });
  assert.deepEqual(consumers[1], {
    name: 'bob', 'seen-time': t0, 'active-time': t0, 'pel-count': 3, pending: [['1-0', t0, 1], ['2-0', t0, 1]],
  });
  // COUNT 0 means everything.
  const all = obj(run('XINFO', 'STREAM', 's', 'FULL', 'COUNT', '0'));
  assert.equal((all.entries as V[]).length, 3);
  assert.equal((obj((all.groups as V[])[0]).pending as V[]).length, 3);
});

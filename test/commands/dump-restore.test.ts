// DUMP / RESTORE against the truth recorded from a real redis-server (test/golden/dump/dump.json,
// recorded by test/golden/record-dump.ts):
// - every recorded payload RESTOREs into Ferrous and reads back exactly as in Redis;
// - for values whose encoding Redis 7.0 and 7.4 write alike, Ferrous's DUMP of the same setup
//   has Redis's bytes (footer excluded) and a version-12 footer with a correct CRC64;
// - payloads in older formats (ziplists, ascii doubles, plain types) and malformed ones give
//   Redis's replies; the error scenarios give Redis's replies command by command.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withServer } from '../support/server';
import type { RawRespClient } from '../support/resp-client';
import { crc64 } from '../../src/store/rdb';
import { asRedis74Reply } from '../support/doubles-74';

interface ValueRecord {
  name: string; key: string; setup: string[][]; encoding: string; payload: string; sameBytes: boolean;
  reads: string[][]; replies: string[];
}
interface LegacyRecord { name: string; payload: string; restore: string; reads: string[][]; replies: string[] }
interface Scenario { name: string; commands: string[][]; replies: string[] }
interface Golden { redis_version: string; values: ValueRecord[]; legacy: LegacyRecord[]; scenarios: Scenario[] }

const golden: Golden = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'test/golden/dump/dump.json'), 'latin1'));
const unhex = (h: string) => Buffer.from(h, 'hex').toString('latin1');
const show = (s: string) => JSON.stringify(s.length > 300 ? s.slice(0, 300) + '...' : s);

function bulkOf(frame: string): string {
  const m = /^\$(\d+)\r\n/.exec(frame);
  assert.ok(m, `expected a bulk reply, got ${show(frame)}`);
  return frame.slice(m[0].length, m[0].length + Number(m[1]));
}

async function reads(c: RawRespClient, cmds: string[][], expected: string[], where: string, problems: string[]): Promise<void> {
  for (let i = 0; i < cmds.length; i++) {
    const got = await c.command(...cmds[i]);
    const want = asRedis74Reply(cmds[i], expected[i]);
    if (got !== want) problems.push(`${where}: ${cmds[i].join(' ').slice(0, 60)}\n  redis:   ${show(expected[i])}\n  ferrous: ${show(got)}`);
  }
}

test('RESTORE of every payload recorded from redis reads back as in redis', async () => {
  await withServer(async (_srv, connect) => {
    const c = await connect();
    const problems: string[] = [];
    for (const v of golden.values) {
      await c.command('FLUSHALL');
      const r = await c.command('RESTORE', v.key, '0', unhex(v.payload));
      if (r !== '+OK\r\n') { problems.push(`${v.name}: RESTORE -> ${show(r)}`); continue; }
      await reads(c, v.reads, v.replies, v.name, problems);
    }
    assert.deepEqual(problems, [], problems.join('\n'));
  });
});

test('DUMP writes the bytes redis writes (footer: version 12, CRC64)', async () => {
  await withServer(async (_srv, connect) => {
    const c = await connect();
    const problems: string[] = [];
    let compared = 0;
    for (const v of golden.values) {
      await c.command('FLUSHALL');
      for (const cmd of v.setup) await c.command(...cmd);
      const ours = bulkOf(await c.command('DUMP', v.key));
      // Every DUMP: version 12 and a CRC64 of everything before it.
      assert.equal(ours.charCodeAt(ours.length - 10) | (ours.charCodeAt(ours.length - 9) << 8), 12, v.name);
      assert.equal(crc64(ours, ours.length - 8), ours.slice(ours.length - 8), `${v.name}: CRC64`);
      if (!v.sameBytes) continue;
      compared++;
      const theirs = unhex(v.payload);
      const a = ours.slice(0, ours.length - 10), b = theirs.slice(0, theirs.length - 10);
      if (a !== b) {
        let at = 0;
        while (at < a.length && a[at] === b[at]) at++;
        problems.push(`${v.name}: first difference at byte ${at} of ${b.length} (ours ${a.length}):\n  redis:   ${Buffer.from(b.slice(at, at + 24), 'latin1').toString('hex')}\n  ferrous: ${Buffer.from(a.slice(at, at + 24), 'latin1').toString('hex')}`);
      }
    }
    assert.ok(compared >= 30, `only ${compared} byte comparisons`);
    assert.deepEqual(problems, [], problems.join('\n'));
  });
});

test('payloads in older and malformed formats: the replies redis gives', async () => {
  await withServer(async (_srv, connect) => {
    const c = await connect();
    const problems: string[] = [];
    for (const l of golden.legacy) {
      await c.command('FLUSHALL');
      const r = await c.command('RESTORE', 'legacy', '0', unhex(l.payload));
      if (r !== l.restore) problems.push(`${l.name}: RESTORE\n  redis:   ${show(l.restore)}\n  ferrous: ${show(r)}`);
      await reads(c, l.reads, l.replies, l.name, problems);
    }
    assert.deepEqual(problems, [], problems.join('\n'));
  });
});

test('DUMP / RESTORE scenarios (errors, options, TTLs, REPLACE) reply as redis', async () => {
  await withServer(async (_srv, connect) => {
    const c = await connect();
    const problems: string[] = [];
    for (const s of golden.scenarios) {
      await c.command('FLUSHALL');
      await reads(c, s.commands.map((cmd) => cmd.map(unhex)), s.replies, s.name, problems);
    }
    assert.deepEqual(problems, [], problems.join('\n'));
  });
});

test('RESTORE publishes the "restore" keyspace event (generic class) and counts as a change', async () => {
  await withServer(async (_srv, connect) => {
    const c = await connect();
    const sub = await connect();
    await c.command('CONFIG', 'SET', 'notify-keyspace-events', 'Eg');
    await sub.command('SUBSCRIBE', '__keyevent@0__:restore');
    const payload = unhex(golden.values.find((v) => v.name === 'str:plain')!.payload);
    const dirtyBefore = Number(/rdb_changes_since_last_save:(\d+)/.exec(await c.command('INFO', 'persistence'))![1]);
    assert.equal(await c.command('RESTORE', 'evk', '0', payload), '+OK\r\n');
    assert.equal(await sub.readFrame(), '*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:restore\r\n$3\r\nevk\r\n');
    const dirtyAfter = Number(/rdb_changes_since_last_save:(\d+)/.exec(await c.command('INFO', 'persistence'))![1]);
    assert.equal(dirtyAfter, dirtyBefore + 1);
  });
});

// The command table rows (src/commands/table.ts) against COMMAND INFO recorded from real
// Redis (test/golden/redis/command-info.txt): arity, flags, key positions, ACL categories,
// tips and key specs of every string, key, bit and database command.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { frameLength } from '../support/resp-client';
import { readCorpusFile, type GoldenFile } from '../golden/redis/corpus';
import { lookupCommand, lookupCommandName, getKeys } from '../../src/commands/table';
import type { CommandSpec, KeySpec } from '../../src/commands/types';

type Node = string | number | null | Node[];

/** Decodes a RESP2 reply into nested arrays (status/bulk -> string, integer -> number). */
function decode(buf: string, pos = 0): [Node, number] {
  const end = buf.indexOf('\r\n', pos);
  const head = buf.slice(pos + 1, end);
  switch (buf[pos]) {
    case ':': return [Number(head), end + 2];
    case '+': case '-': return [head, end + 2];
    case '$': {
      const n = Number(head);
      if (n < 0) return [null, end + 2];
      return [buf.slice(end + 2, end + 2 + n), end + 4 + n];
    }
    case '*': {
      const n = Number(head);
      if (n < 0) return [null, end + 2];
      const out: Node[] = [];
      let p = end + 2;
      for (let i = 0; i < n; i++) { const [v, next] = decode(buf, p); out.push(v); p = next; }
      return [out, p];
    }
    default: throw new Error(`unexpected ${buf[pos]}`);
  }
}

/** A key spec as COMMAND INFO prints it (flat key/value arrays), from the table's form. */
function keySpecNode(k: KeySpec): Node {
  const out: Node[] = [];
  if (k.notes !== undefined) out.push('notes', k.notes);
  out.push('flags', [...k.flags]);
  const b = k.beginSearch;
  out.push('begin_search', b === 'unknown' ? ['type', 'unknown', 'spec', []]
    : 'index' in b ? ['type', 'index', 'spec', ['index', b.index]]
      : ['type', 'keyword', 'spec', ['keyword', b.keyword, 'startfrom', b.startFrom]]);
  const f = k.findKeys;
  out.push('find_keys', f === 'unknown' ? ['type', 'unknown', 'spec', []]
    : 'lastKey' in f ? ['type', 'range', 'spec', ['lastkey', f.lastKey, 'keystep', f.keyStep, 'limit', f.limit]]
      : ['type', 'keynum', 'spec', ['keynumidx', f.keyNumIdx, 'firstkey', f.firstKey, 'keystep', f.keyStep]]);
  return out;
}

function infoNode(spec: CommandSpec): Node {
  return [
    spec.name, spec.arity, [...spec.flags], spec.firstKey, spec.lastKey, spec.keyStep,
    spec.categories.map((c) => '@' + c), [...(spec.tips ?? [])], (spec.keySpecs ?? []).map(keySpecNode),
    (spec.subcommands ?? []).map(infoNode),
  ];
}

/** Redis lists subcommands in hash order (random per process): compare them sorted by name. */
function sortSubcommands(row: Node[]): Node[] {
  const subs = (row[9] as Node[][]).slice().sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return [...row.slice(0, 9), subs];
}

const dir = path.join(process.cwd(), 'test/golden/redis');

test('table rows equal Redis COMMAND INFO', () => {
  const golden = JSON.parse(fs.readFileSync(path.join(dir, 'command-info.golden.json'), 'utf8')) as GoldenFile;
  let checked = 0;
  for (const entry of golden.entries) {
    if (!/^(!unordered )?COMMAND INFO /.test(entry.cmd)) continue;
    assert.equal(frameLength(entry.reply), entry.reply.length);
    const [rows] = decode(entry.reply);
    for (const row of rows as Node[][]) {
      const name = row[0] as string;
      const spec = lookupCommandName(name);
      assert.ok(spec, `missing command ${name}`);
      assert.deepEqual(sortSubcommands(infoNode(spec) as Node[]), sortSubcommands(row), `COMMAND INFO ${name}`);
      checked++;
    }
  }
  assert.ok(checked >= 45, `only ${checked} commands checked`);
});

test('lookup resolves case and subcommands; getKeys reads key positions', () => {
  assert.equal(lookupCommand(['GET', 'k'])?.name, 'get');
  assert.equal(lookupCommand(['gEt', 'k'])?.name, 'get');
  assert.equal(lookupCommand(['object', 'ENCODING', 'k'])?.name, 'object|encoding');
  assert.equal(lookupCommand(['object'])?.name, 'object');
  assert.equal(lookupCommand(['object', 'nosuch']), undefined);
  assert.equal(lookupCommand(['nosuchcommand']), undefined);
  const mset = lookupCommand(['mset'])!;
  assert.deepEqual(getKeys(mset, ['mset', 'a', '1', 'b', '2']), [1, 3]);
  const bitop = lookupCommand(['bitop'])!;
  assert.deepEqual(getKeys(bitop, ['bitop', 'and', 'd', 's1', 's2']), [2, 3, 4]);
  assert.deepEqual(getKeys(lookupCommand(['lcs'])!, ['lcs', 'a', 'b', 'LEN']), [1, 2]);
  assert.deepEqual(getKeys(lookupCommand(['object', 'encoding'])!, ['object', 'encoding', 'k']), [2]);
});

test('corpus parser: sessions and directives', () => {
  const sessions = readCorpusFile(path.join(dir, 'expire.txt'));
  assert.ok(sessions.length >= 2);
  assert.ok(sessions.some((s) => s.steps.some((st) => st.kind === 'sleep')));
});

// Number parsing and formatting (src/commands/util.ts) checked directly against replies
// recorded from real Redis (test/golden/redis/numbers.txt and strings.txt): every
// `SET f a` + `INCRBYFLOAT f b` pair must give Redis's exact text or error, every
// `SET i a` + `INCRBY i b` pair Redis's integer or error.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readCorpusFile, type GoldenFile } from '../golden/redis/corpus';
import {
  parseInt64, parseInt64Big, parseLongDouble, addLongDouble, formatLongDoubleHuman, parseDouble,
  ERR_NOT_FLOAT, ERR_NOT_INTEGER, ERR_OVERFLOW, INT64_MAX, INT64_MIN,
} from '../../src/commands/util';

const dir = path.join(process.cwd(), 'test/golden/redis');

/** [argv, reply] for every command of a corpus, in order. */
function recorded(family: string): Array<[string[], string]> {
  const golden = JSON.parse(fs.readFileSync(path.join(dir, `${family}.golden.json`), 'utf8')) as GoldenFile;
  const steps = readCorpusFile(path.join(dir, `${family}.txt`)).flatMap((s) => s.steps).filter((s) => s.kind === 'command');
  assert.equal(steps.length, golden.entries.length, `${family}.golden.json is stale`);
  return steps.map((s, i) => [s.argv, golden.entries[i].reply]);
}

function bulk(s: string): string { return `$${s.length}\r\n${s}\r\n`; }

/** What INCRBYFLOAT replies for stored value `a` and increment `b`, via util.ts only. */
function incrbyfloat(a: string, b: string): string {
  const x = parseLongDouble(a);
  if (x === null) return `-${ERR_NOT_FLOAT}\r\n`;
  const y = parseLongDouble(b);
  if (y === null) return `-${ERR_NOT_FLOAT}\r\n`;
  const sum = typeof x === 'string' || typeof y === 'string' ? null : addLongDouble(x, y);
  if (sum === null) return '-ERR increment would produce NaN or Infinity\r\n';
  return bulk(formatLongDoubleHuman(sum));
}

function incrby(a: string, b: string): string {
  const by = parseInt64Big(b);
  if (by === null) return `-${ERR_NOT_INTEGER}\r\n`;
  const cur = parseInt64Big(a);
  if (cur === null) return `-${ERR_NOT_INTEGER}\r\n`;
  const sum = cur + by;
  if (sum > INT64_MAX || sum < INT64_MIN) return `-${ERR_OVERFLOW}\r\n`;
  return `:${sum}\r\n`;
}

test('INCRBYFLOAT arithmetic and formatting match Redis (numbers corpus)', () => {
  const rows = recorded('numbers');
  let checked = 0;
  for (let i = 0; i + 1 < rows.length; i++) {
    const [set] = rows[i];
    const [cmd, reply] = rows[i + 1];
    if (set[0] !== 'SET' || cmd[0] !== 'INCRBYFLOAT') continue;
    assert.equal(incrbyfloat(set[2], cmd[2]), reply, `SET f ${set[2]}; INCRBYFLOAT f ${cmd[2]}`);
    checked++;
  }
  assert.ok(checked >= 200, `only ${checked} cases`);
});

test('INCRBY parsing (string2ll) and overflow match Redis (numbers corpus)', () => {
  const rows = recorded('numbers');
  let checked = 0;
  for (let i = 0; i + 1 < rows.length; i++) {
    const [set] = rows[i];
    const [cmd, reply] = rows[i + 1];
    if (set[0] !== 'SET' || cmd[0] !== 'INCRBY') continue;
    assert.equal(incrby(set[2], cmd[2]), reply, `SET i ${set[2]}; INCRBY i ${JSON.stringify(cmd[2])}`);
    checked++;
  }
  assert.ok(checked >= 60, `only ${checked} cases`);
});

test('INCRBYFLOAT chains of the strings corpus', () => {
  // Follow the value of key f through SET / INCRBYFLOAT in strings.txt's first session.
  const rows = recorded('strings');
  let value: string | undefined;
  let checked = 0;
  for (const [argv, reply] of rows) {
    const name = argv[0].toUpperCase();
    if (argv[1] !== 'f') continue;
    if (name === 'SET' && argv.length === 3) value = argv[2];
    else if (name === 'INCRBYFLOAT' && argv.length === 3) {
      const mine = incrbyfloat(value ?? '0', argv[2]);
      assert.equal(mine, reply, `INCRBYFLOAT f ${argv[2]} (value ${value})`);
      if (reply.startsWith('$')) value = reply.slice(reply.indexOf('\r\n') + 2, -2);
      checked++;
    }
  }
  assert.ok(checked > 30);
});

test('parseInt64 agrees with parseInt64Big and rejects what string2ll rejects', () => {
  for (const s of ['0', '-1', '123456789012345', '9007199254740993', '-9223372036854775808']) {
    assert.equal(parseInt64(s), Number(parseInt64Big(s)));
  }
  for (const s of ['', '-', '-0', '01', '+1', ' 1', '1 ', '1.0', '9223372036854775808', '1e3', '\x001']) {
    assert.equal(parseInt64(s), null, JSON.stringify(s));
    assert.equal(parseInt64Big(s), null, JSON.stringify(s));
  }
});

test('parseDouble follows strtod rules', () => {
  assert.equal(parseDouble('1.5'), 1.5);
  assert.equal(parseDouble('-.5e1'), -5);
  assert.equal(parseDouble('5.'), 5);
  assert.equal(parseDouble('0x10'), 16);
  assert.equal(parseDouble('inf'), Infinity);
  assert.equal(parseDouble('-Infinity'), -Infinity);
  assert.equal(parseDouble('1e400'), null); // overflow
  assert.equal(parseDouble('1e-400'), null); // underflow to zero
  assert.equal(parseDouble('0e-400'), 0);
  for (const s of ['', ' 1', '1 ', 'nan', 'abc', '1e', '.', '0x']) assert.equal(parseDouble(s), null, JSON.stringify(s));
});

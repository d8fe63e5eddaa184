// string.format and the pattern functions called directly from JS (no compiler involved),
// against the lines lua5.1 printed for the same calls (test/golden/lua-stdlib/*.json).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LuaTable, LuaError, EMPTY } from '../../src/lua/value';
import { str_find, str_format, str_gmatch, str_gsub, str_match } from '../../src/lua/lib/string';
import { numberToString14, signBit } from '../../src/lua/lib/sformat';
import {
  Arg, Case, GoldenFile, decodeValue, encodeValue, errLine, jsArg, loadCase, makeNaN, normaliseLine, okLine,
} from './stdlib-cases';

function loadGolden(name: string): { cases: Case[]; expected: string[] } {
  const g = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'test', 'golden', 'lua-stdlib', name + '.json'), 'utf8')) as GoldenFile;
  return { cases: g.cases.map(loadCase), expected: g.expected };
}

function JOIN(...caps: unknown[]): string {
  return caps.map((c) => (typeof c === 'number' ? numberToString14(c) : String(c))).join(',');
}

function hostArg(a: Arg): unknown {
  if (a !== null && typeof a === 'object') {
    if ('fn' in a) {
      switch (a.fn) {
        case 'join': return JOIN;
        case 'nil': return () => undefined;
        case 'false': return () => false;
        case 'table': return () => new LuaTable();
        case 'number': return (s: unknown) => {
          if (typeof s !== 'string') throw new LuaError("attempt to get length of local 's' (a number value)");
          return s.length + 0.5;
        };
      }
    }
    if ('tbl' in a) {
      const t = new LuaTable();
      for (const k of Object.keys(a.tbl)) t.set(k, jsArg(a.tbl[k] as Arg) as never);
      return t;
    }
  }
  return jsArg(a);
}

const FUNCTIONS: Record<string, (...args: unknown[]) => unknown> = {
  format: str_format as never, find: str_find as never, match: str_match as never, gsub: str_gsub as never,
};

function run(fn: () => unknown): string {
  try {
    return okLine(fn());
  } catch (e) {
    if (e instanceof LuaError) return errLine(typeof e.value === 'string' ? e.value : String(e.value));
    throw e;
  }
}

function runCase(c: Case): string {
  if (c.kind === 'expr' || c.kind === 'chunk') throw new Error('engine case');
  const args = c.args.map(hostArg);
  if (c.kind === 'gmatch') {
    let it: () => unknown;
    try {
      it = (str_gmatch as (...a: unknown[]) => () => unknown)(...args);
    } catch (e) {
      if (e instanceof LuaError) return errLine(String(e.value));
      throw e;
    }
    const rounds: string[] = [];
    for (let i = 0; i < 200; i++) {
      let r: unknown;
      try {
        r = it();
      } catch (e) {
        if (e instanceof LuaError) return errLine(String(e.value));
        throw e;
      }
      if (r === EMPTY || (r instanceof Array && r.length === 0)) break;
      rounds.push(okLine(r));
    }
    return 'gm\t' + rounds.length + '\t' + rounds.join('\t|\t');
  }
  const f = FUNCTIONS[c.kind];
  return run(() => f(...args));
}

function check(name: string, kinds: string[]): void {
  const { cases, expected } = loadGolden(name);
  let compared = 0;
  const failures: string[] = [];
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    if (!kinds.includes(c.kind)) continue;
    compared++;
    const want = normaliseLine(expected[i]);
    const got = normaliseLine(runCase(c));
    if (got !== want) failures.push(`${JSON.stringify(c)}\n   want ${JSON.stringify(want)}\n    got ${JSON.stringify(got)}`);
  }
  assert.ok(compared > 100, 'golden file has cases');
  assert.equal(failures.length, 0, `${failures.length} of ${compared} differ:\n` + failures.slice(0, 25).join('\n'));
}

test('string.format matches lua5.1 (golden)', () => {
  check('format', ['format']);
});

test('tostring of numbers (%.14g) matches lua5.1 (golden)', () => {
  const { cases, expected } = loadGolden('format');
  let compared = 0;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    if (c.kind !== 'expr' || !c.code.startsWith('tostring(')) continue;
    // The argument of the matching %s case is the number; find it by the recorded text.
    const want = decodeValue(expected[i].split('\t')[1]) as string;
    const inner = c.code.slice('tostring('.length, -1);
    const x = luaNumberLiteral(inner);
    assert.equal(numberToString14(x), want, `tostring(${inner})`);
    compared++;
  }
  assert.ok(compared > 20);
});

function luaNumberLiteral(s: string): number {
  switch (s) {
    case '(-(0/0))': return makeNaN(false);
    case '(0/0)': return makeNaN(true);
    case 'math.huge': return Infinity;
    case '(-math.huge)': return -Infinity;
    case 'tonumber("-0")': return -0;
  }
  return Number(s.replace(/[()]/g, ''));
}

test('find, match, gmatch, gsub match lua5.1 (golden)', () => {
  check('pattern', ['find', 'match', 'gmatch', 'gsub']);
});

test('NaN sign survives the helpers', () => {
  assert.equal(signBit(makeNaN(true)), true);
  assert.equal(signBit(makeNaN(false)), false);
  assert.equal(encodeValue(makeNaN(true)), 'n-nan');
});

// The standard-library goldens run through the whole engine: the same Lua program lua5.1 ran
// when recording (prelude + one statement per case, chunk name "=stdlib") is loaded into a
// LuaState and its printed lines are compared with the recorded ones.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LuaState } from '../../src/lua';
import { GoldenFile, LUA_PRELUDE, RECORD_BATCH, caseToLua, casesToLua, loadCase, normaliseLine } from './stdlib-cases';

/**
 * Differences that are known and owned elsewhere, matched by a piece of the case's code.
 * They are reported as a todo test (visible, not failing the run) so that fixing them shows.
 */
const KNOWN: { match: string; reason: string }[] = [
  { match: 'math.sin(2.5)', reason: "libm: V8's sin is 1 ulp off glibc's correctly rounded sin (equal at %.14g)" },
  { match: 'math.sin(-2.5)', reason: "libm: V8's sin is 1 ulp off glibc's (equal at %.14g)" },
  { match: 'math.atan2(7, -3)', reason: "libm: V8's atan2 is 1 ulp off glibc's (equal at %.14g)" },
  { match: 'math.atan2(7.5, 2)', reason: "libm: V8's atan2 is 1 ulp off glibc's (equal at %.14g)" },
  { match: 'pcall(f.read, f, "*x")', reason: "core: a C function called through pcall is named '?' in argument errors" },
  { match: 'tostring(123456789012345)', reason: 'core: runtime numberToString rounds %.14g ties away from zero (glibc: to even)' },
  { match: 'tostring(4.76837158203125e-7)', reason: 'core: runtime numberToString rounds %.14g ties away from zero (glibc: to even)' },
  { match: 'tostring((-(0/0)))', reason: "core: runtime numberToString prints every NaN as -nan (a positive NaN is 'nan')" },
];

const knownSeen: string[] = [];

function runGolden(name: string): void {
  const g = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'test', 'golden', 'lua-stdlib', name + '.json'), 'utf8')) as GoldenFile;
  const cases = g.cases.map(loadCase);
  const out: string[] = [];
  const L = new LuaState({ stdout: () => undefined, stderr: () => undefined });
  // Lines come from the prelude's print calls only (io.write output of the io cases is dropped).
  L.globals.set('print', (...args: unknown[]) => { out.push(args.join('\t')); return undefined; });
  L.call(L.load(LUA_PRELUDE, '=stdlib'));
  // The same chunks as the recorder (same batches), so positions inside messages agree too.
  for (let i = 0; i < cases.length; i += RECORD_BATCH) {
    const before = out.length;
    try {
      L.call(L.load(casesToLua(cases.slice(i, i + RECORD_BATCH)), '=stdlib'));
    } catch (e) {
      out.length = before;
      out.push('<engine error in the batch at case ' + i + ': ' + (e instanceof Error ? e.message : String(e)) + '>');
    }
  }
  const failures: string[] = [];
  for (let i = 0; i < cases.length; i++) {
    const want = normaliseLine(g.expected[i]);
    const got = out[i] === undefined ? '<no line>' : normaliseLine(out[i]);
    if (got !== want) {
      const code = caseToLua(cases[i]);
      const known = KNOWN.find((k) => code.includes(k.match));
      if (known !== undefined) {
        knownSeen.push(`${known.match}: ${known.reason} (want ${want}, got ${got})`);
        continue;
      }
      failures.push(`${caseToLua(cases[i]).slice(0, 300)}\n   want ${JSON.stringify(want).slice(0, 300)}\n    got ${JSON.stringify(got).slice(0, 300)}`);
    }
  }
  assert.equal(out.length, cases.length, 'one line per case');
  assert.equal(failures.length, 0, `${failures.length} of ${cases.length} differ:\n` + failures.slice(0, 40).join('\n'));
}

test('library goldens through the engine (string, table, math, os, io)', () => {
  runGolden('library');
});

test('string.format goldens through the engine', () => {
  runGolden('format');
});

test('pattern goldens through the engine', () => {
  runGolden('pattern');
});

test('known differences owned elsewhere (libm ulps, core number printing)', { todo: 'see KNOWN in this file' }, () => {
  assert.deepEqual(knownSeen, [], knownSeen.join('\n'));
});

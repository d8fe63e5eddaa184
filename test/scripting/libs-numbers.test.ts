// fpconv.ts (C's "%.<p>g" and strtod-based string -> number) against real Lua 5.1/glibc
// outputs recorded by test/golden/record-libs.ts into test/golden/libs/numbers.json.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatG } from '../../src/scripting/libs/fpconv';
import { stringToNumber } from '../../src/scripting/libs/coerce';
import { formatGInputs, numberStrings } from '../golden/libs/number-inputs';

interface NumbersGolden {
  formatG: Array<{ x: string; p: number; out: string }>;
  tonumber: Array<{ s: string; out: string }>;
}

const golden = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'test/golden/libs/numbers.json'), 'utf8')) as NumbersGolden;

test('formatG matches glibc "%.<p>g" for every recorded value and precision', () => {
  const inputs = formatGInputs();
  assert.equal(golden.formatG.length, inputs.length, 'numbers.json is stale: npm run golden:record -- libs');
  const failures: string[] = [];
  inputs.forEach(([x, p], i) => {
    const got = formatG(x, p);
    if (got !== golden.formatG[i].out) failures.push(`%.${p}g of ${String(x)}: expected ${golden.formatG[i].out}, got ${got}`);
  });
  assert.deepEqual(failures, []);
});

test('stringToNumber matches Lua 5.1 tonumber() on strings', () => {
  const strs = numberStrings();
  assert.equal(golden.tonumber.length, strs.length);
  const failures: string[] = [];
  strs.forEach((s, i) => {
    const n = stringToNumber(s);
    const got = n === undefined ? 'nil' : formatG(n, 17);
    const want = golden.tonumber[i].out;
    if (got !== want) failures.push(`tonumber(${JSON.stringify(s)}): expected ${want}, got ${got}`);
  });
  assert.deepEqual(failures, []);
});

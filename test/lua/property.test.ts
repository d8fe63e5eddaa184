// Property test: random programs (test/lua/genprog.ts) must print the same in real Lua 5.1
// (PUC Lua 5.1.5 compiled to WebAssembly, npm lua-wasm-bindings; see test/lua/wasm-lua.ts)
// and in our engine. Seeds: a fixed list (always the same programs) plus a batch derived
// from today's date, printed in the test names so any failure can be reproduced with
// `node -e "console.log(require('./dist/test/lua/genprog').generateProgram(SEED))"`.
// The recorder (test/golden/record-lua.ts) checks that the wasm Lua agrees with lua5.1.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { generateProgram } from './genprog';
import { runInWasmLua } from './wasm-lua';
import { runInEngine } from './run-engine';

const FIXED_SEEDS = Array.from({ length: 150 }, (_, i) => i + 1);
const today = new Date();
const dateBase = (today.getUTCFullYear() * 10000 + (today.getUTCMonth() + 1) * 100 + today.getUTCDate()) * 1000;
const DATE_SEEDS = Array.from({ length: 50 }, (_, i) => dateBase + i);

/** Error values as text, as both sides report them. */
function errorText(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? `(number ${value})` : '(error object is not a string)';
}

function firstDifference(a: string, b: string): string {
  const la = a.split('\n'), lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}:\n  lua 5.1: ${JSON.stringify(la[i])}\n  ours:    ${JSON.stringify(lb[i])}`;
  }
  return '(no line differs)';
}

for (const seed of [...FIXED_SEEDS, ...DATE_SEEDS]) {
  test(`lua property: generated program seed ${seed}`, () => {
    const program = generateProgram(seed);
    const expected = runInWasmLua(program, '=prog');
    assert.equal(expected.error, undefined, `generated program is not valid Lua (a generator bug): ${expected.error}`);
    const ours = runInEngine(program, '=prog');
    const oursError = ours.threw ? errorText(ours.errorValue) : undefined;
    assert.equal(oursError, undefined, `ours raised an error: ${oursError}\n${program}`);
    if (ours.stdout !== expected.stdout) {
      assert.fail(`seed ${seed}: output differs at ${firstDifference(expected.stdout, ours.stdout)}\n--- program\n${program}`);
    }
  });
}

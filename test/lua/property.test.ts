// Property test: random programs (test/lua/genprog.ts) must print the same in real Lua 5.1
// (PUC Lua 5.1.5 compiled to WebAssembly, npm lua-wasm-bindings; see test/lua/wasm-lua.ts)
// and in our engine. Seeds: a fixed list (always the same programs) plus a batch derived
// from today's date, printed in the test names so any failure can be reproduced with
// `node -e "console.log(require('./dist/test/lua/genprog').generateProgram(SEED))"`.
// The recorder (test/golden/record-lua.ts) checks that the wasm Lua agrees with lua5.1.
// Our engine runs the programs in a child process (test/lua/engine-runner.ts), so a program
// that hangs fails alone.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { generateProgram } from './genprog';
import { runInWasmLua } from './wasm-lua';
import { EngineRunner } from './engine-runner';

const FIXED_SEEDS = Array.from({ length: 150 }, (_, i) => i + 1);
const today = new Date();
const dateBase = (today.getUTCFullYear() * 10000 + (today.getUTCMonth() + 1) * 100 + today.getUTCDate()) * 1000;
const DATE_SEEDS = Array.from({ length: 50 }, (_, i) => dateBase + i);

function firstDifference(a: string, b: string): string {
  const la = a.split('\n'), lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}:\n  lua 5.1: ${JSON.stringify(la[i])}\n  ours:    ${JSON.stringify(lb[i])}`;
  }
  return '(no line differs)';
}

const runner = new EngineRunner();
const cases = [...FIXED_SEEDS, ...DATE_SEEDS].map((seed) => {
  const program = generateProgram(seed);
  return { seed, program, index: runner.add({ source: program, chunkName: '=prog' }) };
});

for (const { seed, program, index } of cases) {
  test(`lua property: generated program seed ${seed}`, async () => {
    const expected = runInWasmLua(program, '=prog');
    assert.equal(expected.error, undefined, `generated program is not valid Lua (a generator bug): ${expected.error}`);
    const ours = await runner.result(index);
    if (!ours.ok) assert.fail(`seed ${seed}: the engine failed outside Lua: ${ours.crash}\n--- program\n${program}`);
    if (ours.threw) assert.fail(`seed ${seed}: ours raised an error: ${JSON.stringify(ours.error)}\n--- program\n${program}`);
    if (ours.stdout !== expected.stdout) {
      assert.fail(`seed ${seed}: output differs at ${firstDifference(expected.stdout, ours.stdout)}\n--- program\n${program}`);
    }
  });
}

// Numeric kernels (compiler.ts, numericKernel): a main-chunk loop `s = s + t[i] * 0.5` must
// keep its float sum unboxed. When the sum was boxed, V8 allocated a 16-byte heap number per
// iteration (64 MB over this loop: several young-generation collections); the kernel's fast
// copy allocates nothing per iteration. Its results are checked against lua5.1 by the corpus
// programs test/lua/corpus/kernels/; this test checks the allocation itself, and that the
// budget hook (script timeouts) still sees every iteration.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { PerformanceObserver } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { LuaState } from '../../src/lua/state';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const N = 4_000_000;

test('a summing loop in a main chunk does not allocate a number per iteration', async () => {
  const L = new LuaState({ stdout: () => {}, stderr: () => {} });
  L.execute(`numbers = {} for i = 1, ${N} do numbers[i] = i end`);
  const sum = L.load(`local t = numbers local s = 0 for i = 1, ${N} do s = s + t[i] * 0.5 end return s`, '=sum');
  gc();
  let collections = 0;
  const observer = new PerformanceObserver((list) => { collections += list.getEntries().length; });
  observer.observe({ entryTypes: ['gc'] });
  const result = L.call(sum);
  await new Promise((resolve) => setImmediate(resolve));
  collections += observer.takeRecords().length;
  observer.disconnect();
  assert.deepEqual(result, [(N * (N + 1)) / 4]);
  // Boxed: 4M heap numbers, 64 MB, at least four collections of a 16 MB young generation.
  assert.ok(collections <= 1, `${collections} garbage collections during the loop`);
});

test('the budget hook counts every iteration of a kernel loop, fast or generic', () => {
  const L = new LuaState({ stdout: () => {}, stderr: () => {} });
  let calls = 0;
  L.setBudgetHook(1000, () => { calls++; });
  const fast = L.load('local t = {} for i = 1, 100 do t[i] = i end local s = 0 for i = 1, 100000 do s = s + t[i % 100 + 1] end return s', '=fast');
  assert.deepEqual(L.call(fast), [100000 * 101 / 2]);
  const fastCalls = calls;
  calls = 0;
  // every read misses the (empty) array part: each iteration leaves the fast copy
  const generic = L.load('local u = setmetatable({}, { __index = function() return 2 end }) local s = 0 for i = 1, 100000 do s = s + u[i] end return s', '=generic');
  assert.deepEqual(L.call(generic), [200000]);
  const genericCalls = calls;
  // one call per 1000 ticks: 100000 iterations; the generic loop also enters __index 100000 times
  assert.ok(fastCalls >= 98 && fastCalls <= 102, `fast loop: ${fastCalls} hook calls`);
  assert.ok(genericCalls >= 195 && genericCalls <= 205, `generic loop: ${genericCalls} hook calls`);
});

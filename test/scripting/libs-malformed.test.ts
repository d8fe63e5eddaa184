// Malformed input for every decoder (cjson.decode, cmsgpack.unpack*, struct.unpack/pack/size):
// whatever the bytes, only a LuaError may come out (never a JS exception such as RangeError or
// TypeError), and every call returns quickly. Inputs are deterministic mutations of valid
// documents plus random bytes (seeded PRNG), so a failure reproduces.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LuaError, LuaTable } from '../../src/lua/value';
import { openRedisLibraries } from '../../src/scripting/libs';
import { mulberry32 } from '../support/prng';
import { randomEdits } from '../support/mutate';

const g = { globals: new LuaTable() };
openRedisLibraries(g);
const lib = (name: string, fn: string) => (g.globals.get(name) as LuaTable).get(fn) as (...a: unknown[]) => unknown;

/** Calls f; a LuaError is fine, anything else fails the test with the input shown. */
function onlyLuaErrors(label: string, f: () => unknown, input: string): void {
  const start = performance.now();
  try {
    f();
  } catch (e) {
    if (!(e instanceof LuaError)) {
      assert.fail(`${label}(${JSON.stringify(input.slice(0, 200))}) threw ${String(e)}`);
    }
  }
  const ms = performance.now() - start;
  assert.ok(ms < 2000, `${label} took ${ms.toFixed(0)} ms on ${JSON.stringify(input.slice(0, 80))}`);
}

function mutate(rnd: () => number, s: string, alphabet: string): string {
  const chars = randomEdits(rnd, s, alphabet, 4);
  const cut = rnd() < 0.3 ? Math.floor(rnd() * chars.length) : chars.length;
  return chars.slice(0, cut).join('');
}

function randomBytes(rnd: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(rnd() * 256));
  return s;
}

const JSON_SEEDS = [
  '{"a":[1,2,{"b":null,"c":"x\\u00e9\\ud83d\\ude00"}],"d":-1.5e10,"e":true,"f":false}',
  '[[[[[]]]],{},"",0,-0,1e400,0x10,NaN,Infinity,"\\n\\t\\/"]',
  '"\\u12', '{"a":', '[1,2', '  ', 'nul', '-', '"\\ud800\\udc00"',
];

test('cjson.decode: malformed JSON raises Lua errors only', () => {
  const decode = lib('cjson', 'decode');
  const rnd = mulberry32(7);
  const alphabet = '{}[]:,"\\/ubfnrt0123456789-+.eExXaINn\x00\x01\x7f\xff ';
  for (const seed of JSON_SEEDS) onlyLuaErrors('cjson.decode', () => decode(seed), seed);
  for (let i = 0; i < 3000; i++) {
    const s = mutate(rnd, JSON_SEEDS[i % JSON_SEEDS.length], alphabet);
    onlyLuaErrors('cjson.decode', () => decode(s), s);
  }
  for (let i = 0; i < 500; i++) {
    const s = randomBytes(rnd, Math.floor(rnd() * 64));
    onlyLuaErrors('cjson.decode', () => decode(s), s);
  }
  // Deep nesting: the depth limit answers, not the JS stack.
  const deep = '['.repeat(100000);
  assert.throws(() => decode(deep), (e: unknown) => e instanceof LuaError && /Found too many nested data structures \(1001\) at character 1001/.test(String(e.value)));
  const deepObj = '{"a":'.repeat(100000);
  assert.throws(() => decode(deepObj), (e: unknown) => e instanceof LuaError && /Found too many nested data structures \(1001\)/.test(String(e.value)));
});

test('cjson.decode with a raised depth limit still fails cleanly on very deep input', () => {
  const c = g.globals.get('cjson') as LuaTable;
  const fresh = (c.get('new') as () => LuaTable)();
  (fresh.get('decode_max_depth') as (n: number) => number)(2147483647);
  const decode = fresh.get('decode') as (s: string) => unknown;
  assert.throws(() => decode('['.repeat(20000)), (e: unknown) => e instanceof LuaError && /\(7999\) at character 7999/.test(String(e.value)));
  assert.throws(() => decode('{"a":'.repeat(20000)), (e: unknown) => e instanceof LuaError && /\(4000\) at character 19996/.test(String(e.value)));
});

test('cmsgpack.unpack / unpack_one / unpack_limit: malformed input raises Lua errors only', () => {
  const pack = lib('cmsgpack', 'pack');
  const unpack = lib('cmsgpack', 'unpack');
  const unpackOne = lib('cmsgpack', 'unpack_one');
  const unpackLimit = lib('cmsgpack', 'unpack_limit');
  const rnd = mulberry32(11);
  const doc = new LuaTable();
  doc.set('name', 'job');
  doc.set('list', new LuaTable([1, -200, 70000, 2 ** 40, 0.5, 0.1, 'x'.repeat(40), true, false]));
  const seeds = [pack(doc) as string, pack(1, 'abc', new LuaTable([1, 2, 3])) as string, '\xdd\xff\xff\xff\xff', '\xdf\x00\x00\x00\x02'];
  let alphabet = '';
  for (let i = 0; i < 256; i++) alphabet += String.fromCharCode(i);
  for (let i = 0; i < 3000; i++) {
    const s = mutate(rnd, seeds[i % seeds.length], alphabet);
    onlyLuaErrors('cmsgpack.unpack', () => unpack(s), s);
    onlyLuaErrors('cmsgpack.unpack_one', () => unpackOne(s, Math.floor(rnd() * 4) - 1), s);
    onlyLuaErrors('cmsgpack.unpack_limit', () => unpackLimit(s, Math.floor(rnd() * 4) - 1, Math.floor(rnd() * 3)), s);
  }
  for (let i = 0; i < 1000; i++) {
    const s = randomBytes(rnd, Math.floor(rnd() * 48));
    onlyLuaErrors('cmsgpack.unpack', () => unpack(s), s);
  }
  const deep = '\x91'.repeat(200000) + '\x01';
  assert.throws(() => unpack(deep), (e: unknown) => e instanceof LuaError && /stack overflow \(in function mp_decode_to_lua_array\)/.test(String(e.value)));
  const deepMap = '\x81\x01'.repeat(200000) + '\x01';
  assert.throws(() => unpack(deepMap), (e: unknown) => e instanceof LuaError && /too many return values at once/.test(String(e.value)));
});

test('struct.unpack / pack / size: malformed formats and data raise Lua errors only', () => {
  const unpack = lib('struct', 'unpack');
  const pack = lib('struct', 'pack');
  const size = lib('struct', 'size');
  const rnd = mulberry32(13);
  const fmtAlphabet = '<>!0123456789 xbBhHlLTiIfdsc0z\xff';
  for (let i = 0; i < 3000; i++) {
    let fmt = '';
    const n = Math.floor(rnd() * 8);
    for (let j = 0; j < n; j++) fmt += fmtAlphabet[Math.floor(rnd() * fmtAlphabet.length)];
    const data = randomBytes(rnd, Math.floor(rnd() * 40));
    const pos = Math.floor(rnd() * 50) - 5;
    onlyLuaErrors('struct.unpack', () => unpack(fmt, data, pos), fmt);
    onlyLuaErrors('struct.size', () => size(fmt), fmt);
    onlyLuaErrors('struct.pack', () => pack(fmt, 1, 'abc', 2.5, -7, 'xyz', 3), fmt);
  }
});

// cjson.decode has two decoders: a one-pass fast path for well-formed strict JSON and the
// complete tokenizer (every rule and error text, checked against redis-server by the libs
// goldens) that the fast path hands anything else to. This test runs both on thousands of
// generated documents (valid ones in many spellings, and mutations of them) and requires the
// same result: the same error text, or values equal down to number bits (-0, NaN signs) and
// key order.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LuaError, LuaTable, type LuaValue } from '../../src/lua/value';
import { decodeJson, decodeWithParser, defaultConfig, type Config } from '../../src/scripting/libs/cjson';
import { mulberry32 } from '../support/prng';
import { randomEdits } from '../support/mutate';

type Outcome = { error: string } | { value: LuaValue };

function run(decode: (s: string, cfg: Config) => LuaValue, text: string, cfg: Config): Outcome {
  try {
    return { value: decode(text, cfg) };
  } catch (e) {
    if (e instanceof LuaError) return { error: String(e.value) };
    throw e;
  }
}

/** Describes a decoded value exactly (number bits, key order) for comparison and messages. */
function describe(v: LuaValue): string {
  if (typeof v === 'number') {
    const f = new Float64Array([v]);
    const u = new Uint32Array(f.buffer);
    return `n(${u[1].toString(16)}:${u[0].toString(16)})`;
  }
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof LuaTable) {
    const parts = v.arr.map(describe);
    const hash = v.hash;
    if (hash !== undefined) for (const [k, x] of hash) parts.push(`${describe(k as LuaValue)}=${describe(x)}`);
    return `{${parts.join(',')}}`;
  }
  return String(v);
}

function sameOutcome(text: string, cfg: Config): void {
  const fast = run(decodeJson, text, cfg);
  const slow = run(decodeWithParser, text, cfg);
  const show = (o: Outcome) => ('error' in o ? `error ${o.error}` : describe(o.value));
  assert.equal(show(fast), show(slow), `input ${JSON.stringify(text.slice(0, 200))}`);
}

const WS = [' ', '\t', '\n', '\r'];

/** A random JSON document: nested containers, strings with escapes and raw bytes, numbers. */
function randomDocument(rnd: () => number, depth: number): string {
  const ws = () => (rnd() < 0.15 ? WS[Math.floor(rnd() * 4)].repeat(1 + Math.floor(rnd() * 2)) : '');
  const pick = rnd();
  if (depth > 0 && pick < 0.2) {
    const n = Math.floor(rnd() * 5);
    const items: string[] = [];
    for (let i = 0; i < n; i++) items.push(ws() + randomDocument(rnd, depth - 1) + ws());
    return `[${items.join(',')}${n === 0 ? ws() : ''}]`;
  }
  if (depth > 0 && pick < 0.4) {
    const n = Math.floor(rnd() * 5);
    const items: string[] = [];
    for (let i = 0; i < n; i++) items.push(`${ws()}${randomString(rnd)}${ws()}:${ws()}${randomDocument(rnd, depth - 1)}${ws()}`);
    return `{${items.join(',')}${n === 0 ? ws() : ''}}`;
  }
  if (pick < 0.6) return randomString(rnd);
  if (pick < 0.9) return randomNumber(rnd);
  return ['true', 'false', 'null'][Math.floor(rnd() * 3)];
}

const KEYS = ['id', 'name', 'a', '', 'x1', 'a_much_longer_key_name', '0', '17', '__proto__', 'constructor'];
const ESCAPES = ['\\n', '\\"', '\\\\', '\\/', '\\u00e9', '\\ud83d\\ude00', '\\u0000', '\\t', '\\b'];

function randomString(rnd: () => number): string {
  if (rnd() < 0.4) return `"${KEYS[Math.floor(rnd() * KEYS.length)]}"`;
  let s = '';
  const n = Math.floor(rnd() * 20);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.1) s += ESCAPES[Math.floor(rnd() * ESCAPES.length)];
    else if (r < 0.2) s += String.fromCharCode(1 + Math.floor(rnd() * 31) + (rnd() < 0.5 ? 0 : 127));
    else s += String.fromCharCode(97 + Math.floor(rnd() * 26));
  }
  return `"${s}"`;
}

function randomNumber(rnd: () => number): string {
  const r = rnd();
  const digits = (n: number) => { let d = ''; for (let i = 0; i < n; i++) d += String(Math.floor(rnd() * 10)); return d; };
  const sign = rnd() < 0.3 ? '-' : '';
  if (r < 0.3) return sign + String(Math.floor(rnd() * 100000));
  if (r < 0.5) return `${sign}${1 + Math.floor(rnd() * 9)}${digits(Math.floor(rnd() * 18))}.${digits(1 + Math.floor(rnd() * 18))}`;
  if (r < 0.6) return `${sign}0.${digits(1 + Math.floor(rnd() * 20))}`;
  if (r < 0.7) return `${sign}${1 + Math.floor(rnd() * 9)}${digits(Math.floor(rnd() * 3))}e${rnd() < 0.5 ? '-' : '+'}${Math.floor(rnd() * 330)}`;
  if (r < 0.8) return `${sign}${digits(1 + Math.floor(rnd() * 25))}`; // leading zeros, long integers
  if (r < 0.85) return `${sign}0x${Math.floor(rnd() * 1e6).toString(16)}`;
  if (r < 0.9) return ['-0', '0', '-0.0', '1.', '1e5', '9007199254740993', '0.1', '123456789012345.6'][Math.floor(rnd() * 8)];
  return ['inf', '-inf', 'nan', '-nan', 'Infinity', '+5', 'NaN', '-'][Math.floor(rnd() * 8)];
}

function mutate(rnd: () => number, s: string): string {
  const alphabet = '{}[]:,"\\/ubfnrt0123456789-+.eExX \x00\x01\xff';
  return randomEdits(rnd, s, alphabet, 3).join('');
}

test('fast decoder and tokenizer agree on generated documents and their mutations', () => {
  const rnd = mulberry32(2024);
  const configs: Config[] = [defaultConfig(), { ...defaultConfig(), decodeInvalidNumbers: false }, { ...defaultConfig(), decodeMaxDepth: 2 }];
  for (let i = 0; i < 3000; i++) {
    const doc = randomDocument(rnd, 4);
    const cfg = configs[i % configs.length];
    sameOutcome(doc, cfg);
    sameOutcome(mutate(rnd, doc), cfg);
    sameOutcome(doc + '\x00trailing', cfg);
  }
});

test('fast decoder and tokenizer agree on depth limits and the top level', () => {
  const deep = (n: number, open: string, close: string) => open.repeat(n) + close.repeat(n);
  for (const maxDepth of [1, 3, 1000]) {
    const cfg = { ...defaultConfig(), decodeMaxDepth: maxDepth };
    for (const n of [maxDepth - 1, maxDepth, maxDepth + 1]) {
      sameOutcome(deep(n, '[', ']'), cfg);
      sameOutcome('{"a":'.repeat(n) + '1' + '}'.repeat(n), cfg);
    }
  }
  const big = { ...defaultConfig(), decodeMaxDepth: 100000 };
  sameOutcome(deep(3000, '[', ']'), big);
  sameOutcome('{"a":'.repeat(2700) + '1' + '}'.repeat(2700), big);
  // Wide objects (keys past the 64th go to the table's Map), with index-like keys among them.
  const wide = (n: number, every: number) =>
    `{${Array.from({ length: n }, (_, i) => `"${i % every === 0 ? String(i) : 'k' + i}":${i}`).join(',')},"k1":"dup"}`;
  sameOutcome(wide(200, 1000), defaultConfig());
  sameOutcome(wide(200, 37), defaultConfig());
  sameOutcome(`[${wide(70, 1000)},${wide(70, 1000)},${wide(3, 1000)}]`, defaultConfig());
  for (const text of ['', ' ', '1 2', '"a"', ' 5 ', '[1]]', '{}x', 'true', 'tru', 'nulll', '-', '--1', '[1,]', '{"a":1,}', '{"a"}', '{,}']) {
    sameOutcome(text, defaultConfig());
  }
});

test('the decoder reuses key strings without mixing up different keys', () => {
  // Keys that land in the same reuse slot (same length, first and last byte) must stay apart.
  const t = decodeJson('[{"abxc":1,"abyc":2},{"abyc":3,"abxc":4}]') as LuaTable;
  assert.equal(describe(t), '{{"abxc"=n(3ff00000:0),"abyc"=n(40000000:0)},{"abyc"=n(40080000:0),"abxc"=n(40100000:0)}}');
});

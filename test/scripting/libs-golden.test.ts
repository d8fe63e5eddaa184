// Golden differential test of cjson, cmsgpack, bit and struct against replies recorded from a
// real Redis 7.0.15 (test/golden/libs/replies.json, recorded by test/golden/record-libs.ts).
//
// Each case is an EVAL body. It runs two ways:
//  1. through the Ferrous Lua engine (LuaState + openRedisLibraries), chunk name
//     '@user_script', and the returned value is converted to the RESP2 reply Redis would
//     send (test/golden/libs/resp-convert.ts); skipped while the compiler is not available;
//  2. end to end, as recorded: `SCRIPT FLUSH` then `EVAL <body> 0` on an in-process Ferrous
//     server engine, comparing the raw reply bytes (skipped while EVAL is not available);
//  3. for the simple `return <calls on literals>` cases, through a tiny evaluator
//     (test/golden/libs/mini-lua.ts) that calls the library functions directly, so the
//     libraries are checked even without the compiler.
// Cases marked `?order` depend on Lua 5.1's hash order for multi-key objects/maps: their
// mismatches are reported, not failed (docs/lua-libs.md).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LuaError, LuaTable } from '../../src/lua/value';
import { openRedisLibraries } from '../../src/scripting/libs';
import { readLibCases, readLibGolden } from '../golden/libs/lib-cases';
import { luaErrorToResp, luaValueToResp } from '../golden/libs/resp-convert';
import { evaluate, miniEnv, UNSUPPORTED } from '../golden/libs/mini-lua';

const golden = readLibGolden();
const cases = readLibCases();
const orderDependent = new Set(cases.filter((c) => c.orderDependent).map((c) => c.src));
const nanSign = new Set(cases.filter((c) => c.nanSign).map((c) => c.src));
const callName = new Set(cases.filter((c) => c.callName).map((c) => c.src));
const show = (s: string) => JSON.stringify(s).slice(0, 300);

interface Outcome { checked: number; failures: string[]; orderMismatches: number; nanMismatches: number; nameMismatches: number }

function report(name: string, o: Outcome): void {
  console.log(`${name}: ${o.checked} cases checked, ${o.failures.length} failed; known divergences (not failed): ` +
    `${o.orderMismatches} hash-order, ${o.nanMismatches} NaN-sign, ${o.nameMismatches} call-site function name`);
}

/** Records a mismatch: a failure, or a known divergence for marked cases. */
function mismatch(o: Outcome, c: { line: number; src: string; reply: string }, reply: string): void {
  if (orderDependent.has(c.src)) { o.orderMismatches++; return; }
  if (nanSign.has(c.src)) { o.nanMismatches++; return; }
  if (callName.has(c.src)) { o.nameMismatches++; return; }
  o.failures.push(`line ${c.line}: ${c.src}\n   expected ${show(c.reply)}\n   got      ${show(reply)}`);
}

test('golden cases are recorded for every case line', () => {
  assert.ok(golden.cases.length >= 500, `only ${golden.cases.length} recorded cases`);
  const recorded = new Set(golden.cases.map((c) => c.src));
  const missing = cases.filter((c) => !recorded.has(c.src)).map((c) => c.src);
  assert.deepEqual(missing, [], 'cases.txt has lines not in replies.json: run npm run golden:record -- libs');
});

test('libraries called directly match Redis (literal cases, no compiler needed)', () => {
  const o: Outcome = { checked: 0, failures: [], orderMismatches: 0, nanMismatches: 0, nameMismatches: 0 };
  for (const c of golden.cases) {
    const g = { globals: new LuaTable() };
    openRedisLibraries(g);
    const libs: Record<string, LuaTable> = {};
    for (const name of ['cjson', 'cmsgpack', 'bit', 'struct']) libs[name] = g.globals.get(name) as LuaTable;
    let reply: string;
    try {
      const r = evaluate(c.src, miniEnv(libs));
      if (r === UNSUPPORTED) continue;
      reply = luaValueToResp(r[0]);
    } catch (e) {
      if (!(e instanceof LuaError)) {
        o.failures.push(`line ${c.line}: ${c.src}\n   JS exception escaped: ${String(e)}`);
        continue;
      }
      // The evaluator stands for Lua code on line 1: errors raised by a library called from
      // it carry that position, as luaL_error adds it.
      const v = typeof e.value === 'string' ? 'user_script:1: ' + e.value : e.value;
      reply = luaErrorToResp(new LuaError(v), c.src);
    }
    o.checked++;
    if (reply !== c.reply) mismatch(o, c, reply);
  }
  report('direct', o);
  assert.ok(o.checked >= 300, `only ${o.checked} cases could be evaluated directly`);
  assert.deepEqual(o.failures, []);
});

function engineAvailable(): { LuaState: any } | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { LuaState } = require('../../src/lua/state');
    const L = new LuaState();
    L.call(L.load('return 1', '@user_script'));
    return { LuaState };
  } catch {
    return undefined;
  }
}

const engine = engineAvailable();

test('scripts through the Lua engine match Redis byte for byte', { skip: engine === undefined ? 'the Lua compiler is not available yet' : false }, () => {
  const o: Outcome = { checked: 0, failures: [], orderMismatches: 0, nanMismatches: 0, nameMismatches: 0 };
  for (const c of golden.cases) {
    const L = new engine!.LuaState({ stdout: () => {}, stderr: () => {} });
    openRedisLibraries(L);
    let reply: string;
    try {
      const f = L.load(c.src, '@user_script');
      const values: unknown[] = L.call(f);
      reply = luaValueToResp(values[0]);
    } catch (e) {
      if (!(e instanceof LuaError)) {
        o.failures.push(`line ${c.line}: ${c.src}\n   JS exception escaped: ${String(e)}`);
        continue;
      }
      reply = luaErrorToResp(e, c.src);
    }
    o.checked++;
    if (reply !== c.reply) mismatch(o, c, reply);
  }
  report('engine', o);
  assert.deepEqual(o.failures, []);
});

function serverEngine(): { Engine: any } | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { Engine } = require('../../src/server/engine');
    const engine = new Engine({});
    try {
      const client = engine.createClient();
      engine.execute(client, ['EVAL', 'return cjson.encode({1})', '0'], client.writer);
      if (client.takeOutput() !== '$3\r\n[1]\r\n') return undefined;
    } finally {
      engine.close();
    }
    return { Engine };
  } catch {
    return undefined;
  }
}

const server = serverEngine();

test('EVAL on the Ferrous server engine answers Redis\'s exact bytes', { skip: server === undefined ? 'EVAL is not available in this build yet' : false }, () => {
  const o: Outcome = { checked: 0, failures: [], orderMismatches: 0, nanMismatches: 0, nameMismatches: 0 };
  const engine = new server!.Engine({});
  try {
    const client = engine.createClient();
    for (const c of golden.cases) {
      engine.execute(client, ['SCRIPT', 'FLUSH'], client.writer);
      client.takeOutput();
      engine.execute(client, ['EVAL', c.src, '0'], client.writer);
      const reply: string = client.takeOutput();
      o.checked++;
      if (reply !== c.reply) mismatch(o, c, reply);
    }
  } finally {
    engine.close();
  }
  report('server', o);
  assert.deepEqual(o.failures, []);
});

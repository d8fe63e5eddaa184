// Unit tests of the scripting building blocks that need no Lua compiler: the lrand48 PRNG,
// number formatting of redis.call arguments, the reply builder, the Lua -> reply conversion
// (including Redis's cut of self-referencing tables), the script cache's 7.4 LRU, shebangs.
// Expected values come from a real Redis (spec §2.8 / §14 transcripts verified on 7.0.15 and
// 7.2+, and test/golden/scripting/deep.txt recorded from redis-server).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { lrand48, randomFloat, restoreRandState, saveRandState, srand48 } from '../../src/scripting/prng';
import { formatArgNumber, d2string, LuaReplyBuilder, luaToReply } from '../../src/scripting/convert';
import { ScriptCache, sha1hex, EVAL_LRU_LIMIT, type CachedScript } from '../../src/scripting/cache';
import { parseShebang, ShebangError, SCRIPT_FLAG_NO_WRITES, SCRIPT_FLAG_ALLOW_OOM, SCRIPT_FLAG_EVAL_COMPAT_MODE } from '../../src/scripting/shebang';
import { numberToString } from '../../src/lua/runtime';
import { LuaTable } from '../../src/lua/value';
import { RespWriter } from '../../src/server/resp-writer';
import { readCorpus } from '../golden/scripting/corpus';

test('lrand48: Redis initial state and srand48 (values from a real Redis)', () => {
  const saved = saveRandState();
  try {
    restoreRandState(0x1234abcd330e);
    assert.equal(numberToString(randomFloat()), '0.39646477363839');
    assert.equal(numberToString(randomFloat()), '0.84048536971234');
    assert.equal(numberToString(randomFloat()), '0.35333609737146');
    srand48(10);
    assert.equal(numberToString(randomFloat()), '0.87885112309775');
    assert.equal(Math.floor(randomFloat() * 100) + 1, 80);
    assert.equal(Math.floor(randomFloat() * 6) + 5, 7);
    // The state is restorable exactly (busy scripts undo an abandoned run).
    const s = saveRandState();
    const a = lrand48();
    restoreRandState(s);
    assert.equal(lrand48(), a);
  } finally {
    restoreRandState(saved);
  }
});

test('redis.call argument numbers: 7.4 formatting (integers, then fpconv shortest)', () => {
  const cases: Array<[number, string]> = [
    [3.5, '3.5'], [1e20, '1e+20'], [0.1, '0.1'], [1 / 3, '0.3333333333333333'],
    [-0, '0'], [2 ** 53 + 1, '9007199254740992'], [2 ** 63, '9223372036854776000'],
    [1.5e-7, '1.5e-7'], [1e-7, '1e-7'], [0.000123, '0.000123'], [1e21, '1e+21'],
    [Infinity, 'inf'], [-Infinity, '-inf'], [NaN, 'nan'], [1000000000, '1000000000'], [-7, '-7'],
  ];
  for (const [n, text] of cases) assert.equal(formatArgNumber(n), text, `formatArgNumber(${n})`);
  assert.equal(d2string(3), '3');
  assert.equal(d2string(-0), '-0');
  assert.equal(d2string(0.1), '0.1');
  assert.equal(d2string(1e300), '1e+300');
});

test('LuaReplyBuilder: RESP2 and RESP3 shapes of command replies', () => {
  const b = new LuaReplyBuilder();
  b.reset(2);
  b.arrayLen(3); b.bulk('v1'); b.bulk(null); b.bulk('v1');
  const arr = b.value as LuaTable;
  assert.deepEqual([arr.get(1), arr.get(2), arr.get(3)], ['v1', false, 'v1']);

  b.reset(3);
  b.arrayLen(3); b.bulk('v1'); b.bulk(null); b.bulk('v1');
  const holes = b.value as LuaTable;
  assert.equal(holes.get(2), undefined);
  assert.equal(holes.get(3), 'v1');

  b.reset(3);
  b.mapLen(1); b.bulk('f'); b.bulk('v');
  const map = (b.value as LuaTable).get('map') as LuaTable;
  assert.equal(map.get('f'), 'v');

  b.reset(2);
  b.mapLen(1); b.bulk('f'); b.bulk('v');
  assert.equal((b.value as LuaTable).get(2), 'v');

  b.reset(2);
  b.error('ERR value is not an integer or out of range');
  assert.equal(b.topLevelError, true);
  const err = b.value as LuaTable;
  assert.equal(err.get('err'), 'ERR value is not an integer or out of range');
  assert.equal(err.get('ignore_error_stats_update'), true);

  b.reset(3);
  b.bool(true);
  assert.equal(b.value, true);
  b.reset(2);
  b.bool(true);
  assert.equal(b.value, 1);
  b.reset(3);
  b.double(1.5);
  assert.equal((b.value as LuaTable).get('double'), 1.5);
});

function encode(v: LuaTable | string | number | boolean | undefined, clientResp: 2 | 3, scriptResp: 2 | 3): string {
  let out = '';
  const target = { out: '', onErrorReply() {}, onOutput() {} } as unknown as ConstructorParameters<typeof RespWriter>[0];
  const w = new RespWriter(target);
  w.resp = clientResp;
  luaToReply(v, w, scriptResp);
  out = (target as unknown as { out: string }).out;
  return out;
}

test('luaToReply: scalars, tables, booleans by script protocol', () => {
  assert.equal(encode(3.99, 2, 2), ':3\r\n');
  assert.equal(encode(-3.99, 2, 2), ':-3\r\n');
  assert.equal(encode(1 / 0, 2, 2), ':-9223372036854775808\r\n');
  assert.equal(encode(false, 2, 2), '$-1\r\n');
  assert.equal(encode(false, 2, 3), ':0\r\n');
  assert.equal(encode(false, 3, 3), '#f\r\n');
  assert.equal(encode(true, 3, 2), ':1\r\n');
  assert.equal(encode(undefined, 3, 2), '_\r\n');
  assert.equal(encode(new LuaTable([1, 2, undefined, 4]), 2, 2), '*2\r\n:1\r\n:2\r\n');
  const okTable = new LuaTable();
  okTable.set('ok', 'a\r\nb');
  assert.equal(encode(okTable, 2, 2), '+a  b\r\n');
  const v = new LuaTable();
  const inner = new LuaTable();
  inner.set('format', 'markdown');
  inner.set('string', 'hi');
  v.set('verbatim_string', inner);
  assert.equal(encode(v, 3, 2), '=6\r\nmar:hi\r\n');
  assert.equal(encode(v, 2, 2), '$2\r\nhi\r\n');
});

test('luaToReply: self-referencing tables are cut exactly where Redis cuts them', () => {
  const corpus = readCorpus(path.join(process.cwd(), 'test/golden/scripting/deep.txt'));
  const expected = new Map(corpus.commands.map((c) => [c.argv[1], c.expected]));
  const t1 = new LuaTable();
  t1.set(1, t1);
  assert.equal(encode(t1, 2, 2), expected.get('local t = {} t[1] = t return t'));
  const t2 = new LuaTable();
  t2.set(1, t2);
  t2.set(2, 'x');
  assert.equal(encode(new LuaTable([t2, 5]), 2, 2), expected.get("local t = {} t[1] = t t[2] = 'x' return {t, 5}"));
  const t3 = new LuaTable();
  t3.set('map', t3);
  assert.equal(encode(t3, 2, 2), expected.get('local t = {} t.map = t return t'));
  const t4 = new LuaTable();
  t4.set('set', t4);
  assert.equal(encode(t4, 2, 2), expected.get('local t = {} t.set = t return t'));
  // A binary "tree" of self references would take 2^8000 steps in Redis; here it ends.
  const t5 = new LuaTable();
  t5.set(1, t5);
  t5.set(2, t5);
  const started = Date.now();
  const out = encode(t5, 2, 2);
  assert.ok(out.includes('-ERR reached lua stack limit'));
  assert.ok(Date.now() - started < 20000);
});

test('script cache: case-insensitive lookup and the 500-entry LRU of EVAL scripts', () => {
  const cache = new ScriptCache();
  const fn = () => undefined;
  const mk = (body: string, evalCreated: boolean) => ({ sha: sha1hex(body), body, fn, flags: 0, evalCreated });
  const loaded = mk('return "loaded"', false);
  cache.add(loaded);
  const first = mk('return 0', true);
  cache.add(first);
  assert.ok(cache.has(first.sha.toUpperCase()));
  for (let i = 1; i < EVAL_LRU_LIMIT; i++) cache.add(mk(`return ${i}`, true));
  assert.equal(cache.evictedScripts, 0);
  cache.touch(first); // now the most recent: 'return 1' is the oldest
  cache.add(mk('return 500', true));
  assert.equal(cache.evictedScripts, 1);
  assert.ok(cache.has(first.sha));
  assert.ok(!cache.has(sha1hex('return 1')));
  assert.ok(cache.has(loaded.sha), 'SCRIPT LOAD scripts are never evicted');
  assert.equal(sha1hex('abc'), 'a9993e364706816aba3e25717850c26c9cd0d89d');
});

test('script cache lookups: same SHA prefix or body length, any case, after eviction', () => {
  const cache = new ScriptCache();
  const fn = () => undefined;
  const mk = (body: string, evalCreated: boolean): CachedScript => ({ sha: sha1hex(body), body, fn, flags: 0, evalCreated });
  // 600 bodies of one length (the body-length index holds one of them at a time), and two
  // scripts whose SHAs share their first 7 hex digits (found by search: a birthday collision).
  const scripts: CachedScript[] = [];
  for (let i = 100; i < 700; i++) scripts.push(mk(`return ${i}`, false));
  const seen = new Map<string, string>();
  for (let i = 0; i < 500_000; i++) {
    const body = `return 'c${i}'`;
    const prefix = sha1hex(body).slice(0, 7);
    const earlier = seen.get(prefix);
    if (earlier !== undefined) { scripts.push(mk(earlier, false), mk(body, false)); break; }
    seen.set(prefix, body);
  }
  const [a, b] = scripts.slice(-2);
  assert.ok(a.sha.slice(0, 7) === b.sha.slice(0, 7) && a.sha !== b.sha, 'two SHAs with one 7-digit prefix');
  for (const s of scripts) cache.add(s);
  for (const s of scripts) {
    assert.equal(cache.get(s.sha), s);
    assert.equal(cache.get(s.sha.toUpperCase()), s);
    assert.equal(cache.get(s.sha.slice(0, 20).toUpperCase() + s.sha.slice(20)), s);
    assert.equal(cache.getByBody(s.body), s);
  }
  // A SHA differing only in its last digit, or a body of the same length, is not found.
  const other = scripts[0].sha.slice(0, 39) + (scripts[0].sha[39] === '0' ? '1' : '0');
  assert.equal(cache.get(other), undefined);
  assert.equal(cache.get('zzzzzzz' + scripts[0].sha.slice(7)), undefined);
  assert.equal(cache.getByBody('return 999'), undefined);
  // EVAL-created scripts beyond the LRU limit: the evicted ones are gone from every lookup.
  const evictable: CachedScript[] = [];
  for (let i = 0; i < EVAL_LRU_LIMIT + 20; i++) {
    const s = mk(`return 'e${String(i).padStart(4, '0')}'`, true);
    evictable.push(s);
    cache.add(s);
  }
  for (let i = 0; i < evictable.length; i++) {
    const s = evictable[i];
    const expected = i < 20 ? undefined : s;
    assert.equal(cache.get(s.sha), expected, `get ${i}`);
    assert.equal(cache.getByBody(s.body), expected, `getByBody ${i}`);
  }
  cache.clear();
  assert.equal(cache.get(scripts[5].sha), undefined);
  assert.equal(cache.getByBody(scripts[5].body), undefined);
});

test('shebang parsing: flags and Redis error texts', () => {
  assert.equal(parseShebang('return 1').flags, SCRIPT_FLAG_EVAL_COMPAT_MODE);
  const p = parseShebang('#!lua flags=no-writes,allow-oom\nreturn 1');
  assert.equal(p.flags, SCRIPT_FLAG_NO_WRITES | SCRIPT_FLAG_ALLOW_OOM);
  assert.equal(p.code, '\nreturn 1');
  const err = (s: string) => { try { parseShebang(s); return 'no error'; } catch (e) { assert.ok(e instanceof ShebangError); return (e as Error).message; } };
  assert.equal(err('#!lua'), 'ERR Invalid script shebang');
  assert.equal(err('#! lua\nx'), 'ERR Unexpected engine in script shebang: #!');
  assert.equal(err('#!lua flags=no-writes,\nx'), 'ERR Unexpected flag in script shebang: ');
  assert.equal(err('#!lua name=x\nx'), 'ERR Unknown lua shebang option: name=x');
});

test('engine: 7.4 eviction of EVAL scripts, INFO fields, redis.log to the server log', async () => {
  const { createEngine } = await import('../../src/index');
  const fs = await import('node:fs');
  const os = await import('node:os');
  const logfile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ferrous-scripting-')), 'log');
  const engine = createEngine({ loglevel: 'notice', logfile });
  engine.log.enabled = true;
  const client = engine.createClient();
  const run = (...argv: string[]) => { engine.execute(client, argv, client.writer); return client.takeOutput(); };
  try {
    const loaded = run('SCRIPT', 'LOAD', 'return "loaded"');
    for (let i = 0; i <= 500; i++) run('EVAL', `return ${i}`, '0');
    assert.equal(run('EVALSHA', sha1hex('return 0'), '0'), '-NOSCRIPT No matching script. Please use EVAL.\r\n');
    assert.equal(run('EVALSHA', sha1hex('return 500'), '0'), ':500\r\n');
    assert.equal(run('EVALSHA', loaded.slice(5, 45), '0'), '$6\r\nloaded\r\n');
    const stats = run('INFO', 'stats');
    assert.match(stats, /\r\nevicted_scripts:1\r\n/);
    const memory = run('INFO', 'memory');
    assert.match(memory, /\r\nnumber_of_cached_scripts:501\r\n/);
    assert.match(memory, /\r\nused_memory_lua:\d+\r\n/);
    run('EVAL', "redis.log(redis.LOG_WARNING, 'warning from', 'a script', 42) redis.log(redis.LOG_DEBUG, 'debug line')", '0');
    const log = fs.readFileSync(logfile, 'latin1');
    assert.match(log, / # warning from a script 42\n/);
    assert.ok(!log.includes('debug line'), 'LOG_DEBUG is below loglevel notice');
  } finally {
    engine.close();
  }
});

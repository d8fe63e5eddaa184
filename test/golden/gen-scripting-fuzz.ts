// Generates test/golden/scripting/gen-*.txt: seeded random EVAL scripts combining the parts
// of Redis scripting that hand-written cases test one at a time -- reply conversion of nested
// tables under RESP2/RESP3 and both script protocols, errors from redis.call/pcall and from
// Lua itself (with the script: <sha>, on @user_script:<line>. suffix), number arguments, the
// string/table/math libraries, cjson/cmsgpack/bit/struct, and the sandbox. Every script's
// reply is deterministic in Redis: set members and pairs() keys are sorted inside the script
// (Ferrous's tables iterate in insertion order, Lua 5.1's in node order; only conversions
// that Redis itself orders by next() -- map/set replies, cjson, cmsgpack -- see raw tables,
// and those are built the way src/scripting/libs/lua51-order.ts models).
//
// 7.0.15 (the oracle) and 7.4 (what Ferrous follows) format non-integral doubles differently
// ({double=}, number arguments of redis.call): the generator only uses doubles that both print
// alike (dyadic fractions of a few digits, integers below 1e15, inf), see SAFE_DOUBLES.
//
// Not generated: `os` (a 7.4-only global), tostring() of tables and functions (addresses),
// error({}) without err (crashes Redis up to 7.4), DEBUG PROTOCOL PUSH (see RESP3_CALLS).
//
// Run (after a build): node dist/test/golden/gen-scripting-fuzz.js [seed] [file] [outdir]
//   seed defaults to the committed corpora's; file = one name (gen-lua) or '' for all; outdir
//   defaults to test/golden/scripting (an exploration run with another seed writes elsewhere).
// Record: npm run golden:record -- scripting gen-   (or node dist/test/golden/record-scripting.js gen-)
// Replay: test/scripting/golden.test.ts (and golden-sliced.test.ts) pick up every file.
// Generated and recorded twice, the corpora come out byte-identical.
// Explore other seeds without touching the repository: test/golden/explore-scripting-fuzz.ts.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { mulberry32 } from '../support/prng';

const seed = Number(process.argv[2] ?? 20261126);
// One stream per file (seed + its index in FILES): changing one file's generator leaves the
// other files as they are.
let rnd = mulberry32(seed);
const int = (n: number): number => Math.floor(rnd() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
const chance = (p: number): boolean => rnd() < p;
const times = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));

// ---------------------------------------------------------------------------------------
// Lua source pieces

/** A Lua string literal of the given bytes (char codes 0..255), escaped as C Lua reads it. */
function luaString(bytes: string): string {
  let out = "'";
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    if (c === 0x27) out += "\\'";
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c < 0x20 || c >= 0x7f) {
      // \ddd; pad to 3 digits when a digit follows, so the escape does not swallow it.
      const next = bytes.charCodeAt(i + 1);
      out += '\\' + (next >= 0x30 && next <= 0x39 ? String(c).padStart(3, '0') : String(c));
    } else out += bytes[i];
  }
  return out + "'";
}

const WORDS = ['a', 'b', 'x', 'key', 'value', 'hello world', '', 'ok', 'err', 'OK', 'ERR', 'nil', '1', '-1', '3.5', '1e3', '0x10', ' 12 ', 'MYERR code', 'é', 'αβ'];
const BINARY = ['\x00', 'a\x00b', '\r\n', '\xff\xfe', '\x01\x02\x03', 'tab\there', '\x7f', '"q"', "it's", '\\', '%', '%d'];
function randomBytes(): string {
  if (chance(0.7)) return pick(WORDS);
  if (chance(0.7)) return pick(BINARY);
  return times(1 + int(6), () => String.fromCharCode(int(256))).join('');
}
const str = (): string => luaString(randomBytes());
/** A string for error({err=...}): no NUL, no CR/LF at its end (see errorScript). */
function errText(): string {
  for (;;) {
    const b = randomBytes();
    if (!b.includes('\x00') && !/[\r\n]$/.test(b)) return luaString(b);
  }
}

/** Doubles 7.0.15 (%.17g) and 7.4 (fpconv shortest) print alike. */
const SAFE_DOUBLES = ['0', '1', '-1', '3', '0.5', '-0.5', '2.5', '-3.75', '0.125', '1024.25', '1e10', '123456789', '-2^40', '1/0', '-1/0', '2^52', '65536.5'];
/** Any Lua number expression (for integer conversion, tostring, arithmetic). */
const NUMBERS = [...SAFE_DOUBLES, '3.99', '-3.99', '0.1', '1/3', '2^53', '2^53+1', '2^63', '-2^63', '1e300', '-1e300', '0/0', '-0', '-0.0', '1e-300', '0.1+0.2', '1e15', '1e16', '1e100', '7', '-7', '42', '255', '256', '2^31', '2^32', '-2^31', '4294967295', '0x7fffffff'];
// No 0/0 where it may be printed: the resumable (busy-script) form of the Lua engine prints
// tostring(0/0) as "nan" where C Lua and the fast form print "-nan" (src/lua/compiler.ts,
// reported); NaN still reaches the reply conversion through the return values.
const num = (): string => { const n = pick(NUMBERS); return n === '0/0' ? '-(0/0)' : n; };

// ---------------------------------------------------------------------------------------
// Return values

const MAP_KEYS = ['a', 'b', 'c', 'name', 'id', 'x1', 'x2', 'longerkey', 'f', 'k'];

/** A random value expression whose conversion Redis does deterministically. */
function valueExpr(depth: number): string {
  const leaf = depth <= 0 || chance(0.45);
  if (leaf) {
    switch (int(9)) {
      case 0: case 1: return chance(0.05) ? '0/0' : num();
      case 2: case 3: case 4: return str();
      case 5: return pick(['true', 'false']);
      case 6: return 'nil';
      case 7: return pick(["redis.call('get', 'nokey')", "redis.call('get', 'str')", "redis.call('ping')", "redis.call('incr', 'counter')", "redis.call('exists', 'str', 'nokey')", "redis.status_reply('FINE')", "redis.error_reply('BAD thing')"]);
      default: return pick(['{}', "''", "' '", "string.rep('ab', 3)"]);
    }
  }
  const d = depth - 1;
  switch (int(15)) {
    case 0: case 1: case 2: return '{' + times(int(5), () => valueExpr(d)).join(', ') + '}';
    case 3: return `{ok=${chance(0.8) ? str() : valueExpr(0)}}`;
    case 4: return `{err=${chance(0.8) ? str() : valueExpr(0)}}`;
    case 5: return `{double=${chance(0.85) ? pick(SAFE_DOUBLES) : pick(["'3.5'", "'x'", 'true', '{}'])}}`;
    case 6: return `{map={${mapFields(d)}}}`;
    case 7: return `{set={${mapFields(d)}}}`;
    case 8: return `{big_number=${pick(["'123456789012345678901234567890'", "'-1'", "'1\\r\\n2'", "''", "'abc'", '12', 'true'])}}`;
    case 9: return `{verbatim_string={format=${pick(["'txt'", "'mkd'", "'markdown'", "'x'", "''", '1'])}, string=${str()}}}`;
    case 10: return `{${times(1 + int(3), () => valueExpr(d)).join(', ')}, ${mapFields(d)}}`;
    case 11: return `{err=${str()}, ok=${str()}}`;
    case 12: return `{${valueExpr(d)}, nil, ${valueExpr(d)}}`;
    case 13: return `{ok=${str()}, double=${pick(SAFE_DOUBLES)}}`;
    // Bytes C strings stop at (NUL) and CR/LF in every reply kind, and binary map keys.
    default: {
      const b = luaString(pick(BINARY));
      return pick([`{err=${b}}`, `{ok=${b}}`, `{big_number=${b}}`, `{verbatim_string={format='txt', string=${b}}}`, `{verbatim_string={format=${b}, string='s'}}`, `{map={[${b}]=${b}}}`, `{set={[${b}]=true}}`, `{double=${b}}`]);
    }
  }
}

function mapFields(depth: number): string {
  const n = int(5);
  const keys = new Set<string>();
  for (let i = 0; i < n; i++) keys.add(pick(MAP_KEYS));
  // No nil field values: C Lua's constructor makes a node for `k=nil` too, which moves the
  // other keys in next() order; Ferrous's tables keep no trace of it (reported).
  const fields = [...keys].map((k) => { const v = valueExpr(depth); return `${k}=${v === 'nil' ? 'false' : v}`; });
  return fields.join(', ');
}

/** Redis command results fed back into the reply. */
function commandResultExpr(): string {
  return pick([
    "redis.call('hgetall', 'h')",
    "redis.call('hmget', 'h', 'f1', 'nof', 'f2')",
    "redis.call('zrange', 'z', 0, -1, 'withscores')",
    "redis.call('zrange', 'z', 0, 1)",
    "redis.call('zscore', 'z', 'm2')",
    "redis.call('zscore', 'z', 'nom')",
    "redis.call('lrange', 'l', 0, -1)",
    "redis.call('lrange', 'l', 5, 10)",
    "redis.call('lpos', 'l', 'b')",
    "redis.call('lpos', 'l', 'nothere')",
    "(function() local m = redis.call('smembers', 'si') table.sort(m, function(a, b) return tonumber(a) < tonumber(b) end) return m end)()",
    "(function() local m = redis.call('smembers', 'ss') table.sort(m) return m end)()",
    "redis.call('object', 'encoding', 'h')",
    "redis.call('object', 'encoding', 'z')",
    "redis.call('object', 'encoding', 'si')",
    "redis.call('object', 'encoding', 'n')",
    "redis.call('object', 'encoding', 'str')",
    "redis.call('object', 'encoding', 'nokey')",
    "redis.call('type', 'l')",
    "redis.call('type', 'nokey')",
    "redis.call('get', 'nokey')",
    "redis.call('mget', 'str', 'nokey', 'n')",
    "redis.call('hget', 'h', 'nof')",
    "redis.call('exists', 'h', 'l', 'nokey')",
    "redis.call('incrbyfloat', 'fl', '0.5')",
    "redis.call('strlen', 'bin')",
    "redis.call('get', 'bin')",
    "redis.call('set', 'tmp', 'v', 'get')",
    "redis.call('zadd', 'zt', 'incr', 1, 'm')",
    "redis.call('hrandfield', 'nokey')",
    "redis.call('zrank', 'z', 'nom')",
    "redis.call('config', 'get', 'hash-max-listpack-entries')",
    "redis.call('echo', 'e\\0e')",
    "redis.call('ping', 'msg')",
    "redis.call('del', 'nokey')",
    "redis.call('lpop', 'nolist')",
    "redis.call('lpop', 'nolist', 2)",
    "redis.call('spop', 'noset')",
    "redis.call('zpopmin', 'nozset')",
  ]);
}

/** How the script uses a command result: as is, inspected, or inside a table. */
function useResult(r: string): string {
  switch (int(6)) {
    case 0: return `return ${r}`;
    case 1: return `local r = ${r} return type(r)`;
    case 2: return `local r = ${r} if type(r) == 'table' then return {#r, r[1], r[2], r.ok, r.err, r.double, r.map ~= nil, r.set ~= nil} end return {type(r), tostring(r)}`;
    case 3: return `return {${r}, ${valueExpr(1)}}`;
    case 4: return `return cjson.encode({${r}})`;
    default: return `local r = ${r} return {type(r) == 'table' and #r or -1, r}`;
  }
}

const SETUP = [
  '!SET str abc',
  '!SET n 10',
  '!SET fl 1.5',
  '!SET bin "a\\x00b\\xff"',
  '!HSET h f1 v1 f2 2 f3 3.5',
  '!RPUSH l a b c b',
  '!SADD si 3 1 2 100 -5',
  '!SADD ss x y z',
  '!ZADD z 1 m1 2.5 m2 -1 m0 2.5 m3',
];

// The order Redis's Lua 5.1 gives string keys (next() over the node array) as cjson.encode,
// cmsgpack.pack and map/set replies write it, for tables built the ways the order model of
// src/scripting/libs/lua51-order.ts covers: constructors, assignments to an empty table, both,
// cjson.decode, cmsgpack.unpack; up to 40 keys, some of them digit strings ('3', '10').
function orderKey(): string {
  const r = rnd();
  if (r < 0.45) return pick(['a', 'b', 'c', 'id', 'name', 'x', 'y', 'z', 'k1', 'k2', 'key', 'value', 'type', 'status', 'data', 'ts', 'user', 'score']);
  if (r < 0.7) return 'k' + int(300);
  if (r < 0.8) return String(int(30));
  return times(1 + int(12), () => pick([...'abcxyz_0123'])).join('');
}
function keyOrderScript(): string {
  const keys = [...new Set(times(pick([1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16, 17, 25, 33, 40]), orderKey))];
  const json = "'{" + keys.map((k, j) => `"${k}":${j}`).join(',') + "}'";
  const ctor = (ks: string[]) => '{' + ks.map((k, j) => `['${k}']=${j}`).join(', ') + '}';
  const assign = (ks: string[]) => ks.map((k, j) => `t['${k}']=${j}`).join(' ');
  const cut = 1 + int(keys.length);
  const build = pick([
    ctor(keys),
    `(function() local t = {} ${assign(keys)} return t end)()`,
    `(function() local t = ${ctor(keys.slice(0, cut))} ${assign(keys.slice(cut))} return t end)()`,
    `cjson.decode(${json})`,
    `cmsgpack.unpack(cmsgpack.pack(cjson.decode(${json})))`,
  ]);
  return pick([`return cjson.encode(${build})`, `return cmsgpack.pack(${build})`, `return {map=${build}}`, `return {set=${build}}`]);
}

function returnsFile(): string[] {
  const out: string[] = [...SETUP];
  const sessions = [
    { hello: '', setresp: false },
    { hello: '', setresp: true },
    { hello: '!HELLO 3', setresp: false },
    { hello: '!HELLO 3', setresp: true },
  ];
  for (const s of sessions) {
    out.push(`# client ${s.hello ? 'RESP3' : 'RESP2'}, script protocol ${s.setresp ? '3 (redis.setresp(3))' : '2'}`);
    if (s.hello) out.push(s.hello);
    for (let i = 0; i < 90; i++) {
      const prefix = s.setresp ? 'redis.setresp(3) ' : '';
      const body = chance(0.6) ? `return ${valueExpr(3)}` : useResult(commandResultExpr());
      out.push(evalLine(prefix + body));
    }
    if (s.hello) out.push('!HELLO 2');
  }
  out.push('# key order of cjson.encode, cmsgpack.pack and map/set replies');
  for (let i = 0; i < 150; i++) out.push(evalLine(keyOrderScript()));
  return out;
}

// ---------------------------------------------------------------------------------------
// Errors

const BAD_CALLS = [
  "'incr', 'str'", "'lpush', 'str', 'x'", "'hget', 'l', 'f'", "'get', 'h'", "'get'", "'set', 'k'",
  "'nosuchcmd'", "'nosuchcmd', 'a'", "'multi'", "'exec'", "'eval', 'return 1', 0", "'subscribe', 'ch'",
  "'incrby', 'n', 'x'", "'incrby', 'n', 1.5", "'expire', 'str', 'abc'", "'zadd', 'z', 'x', 'm'",
  "'set', 'k', 'v', 'xx', 'nx'", "'object', 'nosub'", "'config', 'get'", "'hset', 'h', 'f'",
  "'lrange', 'l', 'a', 'b'", "'setex', 'k', -1, 'v'", "'get', {}", "'get', nil", "'get', true",
  "''", "'client', 'list'", "'script', 'flush'", "'zrange', 'z', 0, 1, 'bylex'",
];
const WRITE_CALLS = ["'set', 'k', 'v'", "'del', 'str'", "'incr', 'n'", "'lpush', 'l', 'x'", "'hset', 'h', 'f', 'v'", "'expire', 'str', 100", "'publish', 'ch', 'm'"];
const ODD_TEXTS = ["'-ERR leading dash'", "'  spaces  '", "'line\\nbreak'", "'cr\\r\\nlf'", "''", "'NOCODE'", "'MYCODE with text'", "'-'", "'- x'", "'ERR'", "'WRONGTYPE custom'"];
// status_reply keeps a NUL in its table (the reply ends there); error_reply cuts its err field
// at the NUL in Redis but not in Ferrous (src/scripting/scripting.ts, reported): status only.
const NUL_TEXT = "'e\\0nul'";

/** A statement that raises (or returns) an error in many different ways. */
function errorScript(): string {
  switch (int(18)) {
    case 0: return `return redis.call(${pick(BAD_CALLS)})`;
    case 1: return `return redis.pcall(${pick(BAD_CALLS)})`;
    case 2: return `local r = redis.pcall(${pick(BAD_CALLS)}) return {type(r), r.err, r.ignore_error_stats_update and 1 or 0}`;
    case 3: return `local ok, e = pcall(redis.call, ${pick(BAD_CALLS)}) return {tostring(ok), type(e), type(e) == 'table' and e.err or e}`;
    case 4: return `return redis.error_reply(${pick([...ODD_TEXTS, NUL_TEXT])})`;
    case 5: return `return redis.status_reply(${pick([...ODD_TEXTS, NUL_TEXT])})`;
    case 6: return `local r = redis.error_reply(${pick(ODD_TEXTS)}) return {r.err, type(r)}`;
    // error({}) without err crashes 7.0 (and every Redis up to 7.4.x): left out. So are err
    // fields that are numbers, hold a NUL or end in CR/LF: the message a script's error ends
    // with is made in src/scripting/scripting.ts, which answers those differently (reported).
    case 7: return `error(${pick(["{err='MY boom'}", "{err='-x'}", "{err='ERR line\\nx'}", "{err=''}", `{err=${errText()}}`, `{err=${errText()}, ok=${str()}}`])})`;
    case 8: return `error(${pick(['42', '-1.5', '0', '1/0', 'true', 'nil', "'text'", "'-DASH x'"])}${chance(0.5) ? ', ' + pick(['0', '1', '2', '3']) : ''})`;
    case 9: return runtimeError();
    case 10: return `return {pcall(function() ${runtimeError()} end)}`;
    case 11: return `return {xpcall(function() ${runtimeError()} end, function(e) return ${pick(["'handled: ' .. (type(e) == 'table' and 'table ' .. tostring(e.err) or tostring(e))", 'type(e)', 'e', "{'t', e}"])} end)}`;
    case 12: return `return {pcall(error, ${pick(["'msg'", '42', "{err='E x'}", 'nil', '{1}'])}${chance(0.5) ? ', ' + pick(['0', '1', '2']) : ''})}`;
    case 13: return `local ok, e = pcall(function() ${runtimeError()} end) return e`;
    case 14: return `assert(${pick(['false', 'nil', '1 == 2'])}${chance(0.6) ? ', ' + pick(["'assert msg'", '42', "{err='AS x'}"]) : ''})`;
    case 15: return `local ok, e = pcall(redis.call, ${pick(BAD_CALLS)}) error(e)`;
    case 16: return `redis.pcall(${pick(BAD_CALLS)}) return redis.call(${pick(BAD_CALLS)})`;
    default: return `return redis.call(${pick(WRITE_CALLS)})`;
  }
}

/** A runtime error at a random line of a multi-line chunk. */
function runtimeError(): string {
  const pre = times(int(4), () => pick(['local a = 1', '', 'local t = {}', '-- comment', 'local s = "x"'])).join('\n');
  const bad = pick([
    'local x = nil return x.y', 'local x = nil x.y = 1', 'return nil .. "a"', 'local t = {} return t.a.b',
    'return 1 + {}', "return 'a' + 1", "return 'a' < 1", 'return {} < {}', 'local f return f()',
    'return #nil', 'return -{}', "return ('x'):nosuch()", 'return string.rep()', "return string.sub()",
    "return math.floor('x')", 'return tostring()', 'return setmetatable(1, {})', 'return ("x"):rep(1, 2, 3) .. {}',
    "local t = setmetatable({}, {__index = function(t, k) error('idx ' .. k) end}) return t.foo",
    "return table.concat({1, {}, 3})", "return select(0, 'a')", "return string.char(256)", "return ('%d'):format('x')",
    'return unknownglobal', 'return undefinedfn()', 'return t.x', "local t = {} t[nil] = 1", "local t = {} t[0/0] = 1",
    'return math.huge // 1', 'return 1 % nil', 'local a = {} return a .. "b"', 'return redis.call()', 'return redis.pcall()',
    "return redis.sha1hex()", "return cjson.decode('{')", "return cjson.encode(function() end)", "return struct.pack('i')",
    "return tonumber()", "return ipairs()", "return unpack(nil)", "return table.insert({}, 1, 2, 3)",
  ]);
  return pre ? pre + '\n' + bad : bad;
}

// Fixed command-level probes: EVAL/EVALSHA argument errors, sha case, SCRIPT subcommands,
// shebang flag parsing, EVAL_RO.
const COMMAND_PROBES: readonly string[] = [
  "EVAL \"return 1\" -1",
  "EVAL \"return 1\" 1",
  "EVAL \"return 1\" abc",
  "EVAL \"return 1\" 1.5",
  "EVAL \"return 1\" 2 a",
  "EVAL \"return 1\" \" 1\" a",
  "EVAL \"return 1\" 01 a",
  "EVAL \"return 1\" +1 a",
  "EVAL \"return 1\" 9999999999999999999999 a",
  "EVAL \"return 1\"",
  "EVAL",
  "EVALSHA e0e1f9fabfc9d4800c877a703b823ac0578ff8db 0",
  "EVALSHA E0E1F9FABFC9D4800C877A703B823AC0578FF8DB 0",
  "EVALSHA nosuch 0",
  "EVALSHA e0e1f9fabfc9d4800c877a703b823ac0578ff8dbX 0",
  "EVALSHA e0e1f9fabfc9d4800c877a703b823ac0578ff8d 0",
  "SCRIPT LOAD \"return 1\"",
  "EVALSHA E0E1F9FABFC9D4800C877A703B823AC0578FF8DB 0",
  "EVALSHA e0e1f9fabfc9d4800c877a703b823ac0578ff8db -1",
  "EVALSHA_RO e0e1f9fabfc9d4800c877a703b823ac0578ff8db 0",
  "SCRIPT EXISTS e0e1f9fabfc9d4800c877a703b823ac0578ff8db E0E1F9FABFC9D4800C877A703B823AC0578FF8DB nosuch",
  "SCRIPT EXISTS",
  "SCRIPT LOAD",
  "SCRIPT LOAD \"return (\"",
  "SCRIPT LOAD \"#!lua name=x\\nreturn 1\"",
  "SCRIPT LOAD \"#!lua flags=no-writes\\nreturn 1\"",
  "SCRIPT LOAD \"#!lua flags=bad\\nreturn 1\"",
  "SCRIPT LOAD \"#!luax\\nreturn 1\"",
  "SCRIPT LOAD \"#!\\nreturn 1\"",
  "SCRIPT LOAD \"#!lua  flags=no-writes  \\nreturn 1\"",
  "SCRIPT LOAD \"#!lua flags=\\nreturn 1\"",
  "SCRIPT LOAD \"#!lua flags=no-writes,no-writes\\nreturn 1\"",
  "SCRIPT LOAD \"#!lua flags=no-writes flags=allow-oom\\nreturn 1\"",
  "SCRIPT LOAD \"#!lua\"",
  "EVAL \"#!lua\" 0",
  "EVAL \"#!lua\\n\" 0",
  "EVAL \"#!lua\\nreturn 1\" 0",
  "EVAL \"#!lua \\nreturn 1\" 0",
  "EVAL \"#!lua\\rreturn 1\" 0",
  "EVAL \"#!lua flags=no-writes\\nreturn redis.call('get', 'x')\" 0",
  "EVAL \"#!lua flags=no-cluster\\nreturn 1\" 0",
  "EVAL \"#!lua flags=allow-cross-slot-keys\\nreturn 1\" 0",
  "EVAL \"#!lua flags=allow-stale,no-writes\\nreturn 1\" 0",
  "EVAL \"#!lua foo=bar\\nreturn 1\" 0",
  "EVAL \"#! lua\\nreturn 1\" 0",
  "EVAL \"#!LUA\\nreturn 1\" 0",
  "EVAL \"#!lua flags=NO-WRITES\\nreturn 1\" 0",
  "EVAL \"#comment\\nreturn 1\" 0",
  "EVAL \"#!/usr/bin/lua\\nreturn 1\" 0",
  "SCRIPT FLUSH ASYNC",
  "SCRIPT FLUSH SYNC",
  "SCRIPT FLUSH BAD",
  "SCRIPT FLUSH SYNC ASYNC",
  "SCRIPT KILL",
  "SCRIPT KILL x",
  "SCRIPT NOSUCH",
  "SCRIPT",
  "SCRIPT HELP x",
  "EVAL_RO \"return redis.call('get', KEYS[1])\" 1 k",
  "EVAL_RO \"return 1\" 0",
  "EVAL_RO \"#!lua flags=no-writes\\nreturn 1\" 0",
  "EVAL_RO \"#!lua\\nreturn redis.call('set', 'a', 'b')\" 0",
  "EVAL \"return redis.call('eval_ro', 'return 1', 0)\" 0",
];

function errorsFile(): string[] {
  const out: string[] = [...SETUP];
  for (let i = 0; i < 260; i++) out.push(evalLine(errorScript()));
  out.push('INFO errorstats'); // every error above counted under its code, once
  // Write commands where the script may not write.
  for (let i = 0; i < 25; i++) out.push(`EVAL_RO ${quote(pick(['return redis.call(', 'return redis.pcall(', 'local r = redis.pcall(']) + pick(WRITE_CALLS) + ')' + (chance(0.3) ? ' return r' : ''))} 0`);
  for (let i = 0; i < 25; i++) {
    const flags = pick(['flags=no-writes', 'flags=no-writes,allow-oom', 'flags=allow-stale', '', 'flags=no-writes,no-cluster']);
    const call = pick(WRITE_CALLS);
    out.push(evalLine(`#!lua ${flags}\n` + pick([`return redis.call(${call})`, `return redis.pcall(${call})`, `return {pcall(redis.call, ${call})}`])));
  }
  out.push('# fixed command-level probes', ...COMMAND_PROBES, 'INFO errorstats');
  return out;
}

// ---------------------------------------------------------------------------------------
// Arguments, strings and tables

const PATTERNS = ['%d+', '(%a+)', '^a', 'b$', '%s*(.-)%s*$', '[%w_]+', '(.)(.)', '%bxy', '%f[%w]%w+', 'a*', 'a-b', '[^%s]+', '()', '.', '%%', '(a)(b)?', '%x+', '[]', '%', '(()', '[a-'];
const SUBJECTS = ["'hello world 123'", "'  trim me  '", "'aaa bbb'", "'x(y)z xay'", "'THE (quick) fox'", "''", "'a\\0b\\0c'", "'0xff 12 -3'", "'key:1:2'"];

function stringExpr(): string {
  const s = pick(SUBJECTS), p = luaString(pick(PATTERNS));
  switch (int(20)) {
    case 0: return `string.rep(${str()}, ${pick(['0', '1', '3', '-1', '2.7'])})`;
    case 1: return `string.sub(${s}, ${pick(['1', '2', '-3', '0', '100', '-100'])}, ${pick(['-1', '3', '0', '-100', '100', '2.5'])})`;
    case 2: return `{string.byte(${s}, ${pick(['1', '-1', '1, -1', '3, 5', '0', '100'])})}`;
    case 3: return `string.char(${times(int(5), () => String(int(256))).join(', ')})`;
    case 4: return `{string.find(${s}, ${p}${chance(0.5) ? ', ' + pick(['1', '3', '-4', '100']) : ''}${chance(0.3) ? ', true' : ''})}`;
    case 5: return `{string.gsub(${s}, ${p}, ${pick(["'<%0>'", "'%1'", "'%2'", "{hello='HI', world=false}", 'string.upper', "function(x) return nil end", "''", "'%%'", "'%9'"])}${chance(0.4) ? ', ' + pick(['0', '1', '2']) : ''})}`;
    case 6: return `{string.match(${s}, ${p}${chance(0.3) ? ', ' + pick(['2', '-3']) : ''})}`;
    case 7: return `(function() local t = {} for a in string.gmatch(${s}, ${p}) do t[#t + 1] = a if #t > 20 then break end end return t end)()`;
    case 8: return `string.format(${luaString(pick(['%d', '%5.2f', '%g', '%s', '%q', '%x', '%X', '%o', '%e', '%c', '%i', '%u', '%-5d|', '%05.1f', '%+d', '%.3s', '%10s|', '%%', '%5.2s|', '%#x']))}, ${pick([...NUMBERS.filter((n) => !n.includes('0/0')), str(), str()])})`;
    case 9: return `string.format('%d %5.2f %g %s %q %x', ${num()}, ${num()}, ${num()}, ${pick([num(), str()])}, ${str()}, ${pick(['255', '0', '-1', '2^31', '3.7'])})`;
    case 10: return `tostring(${num()})`;
    case 11: return `{tonumber(${pick(["'0x10'", "'  12  '", "'1e2'", "'abc'", "''", "'0x'", "'1 2'", "'- 1'", "'.5'", "'5.'", "'inf'", "'nan'", "'1e'", "'\\t7\\n'", "'0x1p4'", "'1e500'"])}), tonumber(${pick(["'10', 2", "'z', 36", "'ff', 16", "'8', 8", "'7', 1", "'11', 37", "' 11 ', 2", "'1.5', 10", "'-ff', 16"])})}`;
    case 12: return `{string.upper(${str()}), string.lower(${str()}), string.len(${str()}), string.reverse(${str()})}`;
    case 13: return `table.concat(${pick(['{1, 2, 3}', "{'a', 'b'}", '{}', "{1, 'x', 2.5}", "{'a', nil, 'c'}"])}${chance(0.7) ? ', ' + pick(["', '", "''", "'\\0'"]) : ''}${chance(0.4) ? ', ' + pick(['2', '1, 2', '2, 1', '3, 3']) : ''})`;
    case 14: return `(function() local t = {${times(1 + int(6), () => String(int(20) - 5)).join(', ')}} table.sort(t${chance(0.5) ? ', ' + pick(['function(a, b) return a > b end', 'function(a, b) return a % 3 < b % 3 end']) : ''}) return t end)()`;
    case 15: return `(function() local t = {${times(int(5), () => str()).join(', ')}} ${pick(["table.insert(t, 'z')", "table.insert(t, 1, 'first')", 'table.remove(t)', 'table.remove(t, 1)', "table.insert(t, #t + 1, 'end')", 'table.remove(t, #t + 1)'])} return t end)()`;
    case 16: return `{select(${pick(["'#'", '1', '2', '-1', '3'])}, ${times(int(4), () => pick(['1', "'a'", 'nil', 'true'])).join(', ') || "'only'"})}`;
    case 17: return `{unpack({${times(int(5), () => pick(['1', "'b'", 'nil', '2.5'])).join(', ')}}${chance(0.5) ? ', ' + pick(['2', '1, 2', '2, 5', '-1, 1']) : ''})}`;
    case 18: return `{math.floor(${num()}), math.ceil(${num()}), math.abs(${num()}), math.max(${num()}, ${num()}), math.min(${num()}, ${num()}), math.fmod(${pick(['7, 3', '-7, 3', '7, -3', '5.5, 2'])}), math.sqrt(${pick(['4', '2', '0'])}) * 1000}`;
    default: return `{${num()} ${pick(['+', '-', '*', '/', '%', '^', '..'])} ${num()}}`;
  }
}

/** Numbers (and other values) as redis.call arguments, read back. */
function argScript(): string {
  // Also numbers whose 17 significant digits are their shortest form, which 7.0 and 7.4 print
  // alike (0.1+0.2, 1e16, 1e21); those they print differently are hand-written in
  // test/golden/scripting-7.4/number-args.txt.
  const v = pick([...SAFE_DOUBLES.filter((d) => !d.includes('1/0')), '1e20', '42', '-42', '2^53', '1e14', "'raw'", str(), '0.75', '-0.25', '100.5', '0.1+0.2', '1e16', '-1e16', '1e21', '2^53+1']);
  switch (int(5)) {
    case 0: return `redis.call('set', 'arg', ${v}) return redis.call('get', 'arg')`;
    case 1: return `redis.call('del', 'argl') redis.call('rpush', 'argl', ${v}, ${pick(SAFE_DOUBLES.filter((d) => !d.includes('1/0')))}) return redis.call('lrange', 'argl', 0, -1)`;
    case 2: return `return redis.call('echo', ${v})`;
    case 3: return `redis.call('del', 'argh') redis.call('hset', 'argh', ${v}, ${v}) return redis.call('hgetall', 'argh')`;
    default: return `redis.call('set', 'argn', 10) return redis.pcall('incrby', 'argn', ${v})`;
  }
}

// Random Lua patterns (classes, sets, quantifiers, captures, %b, %f, back references, anchors,
// malformed endings) over short subjects of the bytes patterns care about.
const PATTERN_CLASSES = ['%a', '%d', '%s', '%w', '%p', '%l', '%u', '%x', '%c', '%z', '%A', '%D', '%S', '%W', '%.', '%%', '%(', '%)', '%-', '%]', '.'];
function patternAtom(depth: number): string {
  const r = rnd();
  if (r < 0.3) return pick(['a', 'b', 'c', '1', ' ', '_', 'X', '-']);
  if (r < 0.55) return pick(PATTERN_CLASSES);
  if (r < 0.7) return '[' + (chance(0.3) ? '^' : '') + times(1 + int(3), () => pick(['a', 'b', '%d', 'a-c', '0-9', '%s', '_', '^', '-', ']', '%]', '%a', 'z-a'])).join('') + ']';
  if (r < 0.78 && depth < 2) return '(' + patternSeq(depth + 1) + ')';
  if (r < 0.82) return '()';
  if (r < 0.87) return '%b' + pick(['()', 'ab', '[]', '""']);
  if (r < 0.92) return '%f[' + pick(['%w', '%a', '%s', '^%w', 'a-c']) + ']';
  return '%' + pick(['1', '2', '0']);
}
function patternSeq(depth: number): string {
  return times(1 + int(4), () => {
    const a = patternAtom(depth);
    return /^(\(|%b|%f|%\d)/.test(a) || !chance(0.4) ? a : a + pick(['*', '+', '-', '?']);
  }).join('');
}
function patternScript(): string {
  let pat = patternSeq(0);
  if (chance(0.2)) pat = '^' + pat;
  if (chance(0.2)) pat += '$';
  if (chance(0.05)) pat += '%';
  if (chance(0.03)) pat += '[';
  const p = luaString(pat);
  const s = luaString(times(int(15), () => pick(['a', 'b', 'c', '1', '2', ' ', '(', ')', '_', '.', '%', '-', '\x00', 'X', '[', ']', '^', '$'])).join(''));
  const e = pick([
    `{string.find(${s}, ${p})}`, `{string.find(${s}, ${p}, ${pick(['1', '2', '-3', '0', '20'])})}`, `{string.match(${s}, ${p})}`,
    `(function() local t = {} for a, b in string.gmatch(${s}, ${p}) do t[#t + 1] = tostring(a) .. '|' .. tostring(b) if #t > 30 then break end end return t end)()`,
    `{string.gsub(${s}, ${p}, ${pick(["'%0%0'", "'<%1>'", "'%2'", "'x'", "'%%'", "''", "'%a'"])})}`,
    `{string.gsub(${s}, ${p}, function(a, b) return a and (tostring(a) .. '!') end)}`,
    `{string.gsub(${s}, ${p}, {a = 'A', [' '] = '_', ['1'] = true}, ${pick(['1', '2', '5'])})}`,
  ]);
  return `local ok, r = pcall(function() return ${e} end) if not ok then return 'ERR: ' .. tostring(r) end return r`;
}

// Random string.format conversions: flags, widths, precisions, every conversion, every type.
const FORMAT_VALUES = ['0', '-0', '1', '-1', '0.5', '-2.5', '3.7', '255', '-255', '65.9', '2^31', '-2^31', '2^32+7', '2^53', '2^63', '-2^63', '1e15', '1e20', '1e-5', '123.456', '1/0', '-1/0', "'12'", "'0x1F'", "'abc'", "'a\\0b'", "''", "'%'", "'\\n\\r\\t\\\\\"'", "'\\255\\1'", 'true', 'nil', '{}'];
function formatScript(): string {
  const n = 1 + int(3);
  const spec = () => '%' + times(int(3), () => pick(['-', '+', ' ', '#', '0'])).join('') + pick(['', '', '1', '5', '12', '99', '100']) + pick(['', '', '.0', '.1', '.3', '.10', '.99', '.']) + pick([...'dicouxXeEfgGqs%aAn']);
  const fmt = times(n, () => pick(['', 'x', '|', ' ']) + spec()).join('');
  return `local ok, r = pcall(string.format, ${luaString(fmt)}, ${times(n, () => pick(FORMAT_VALUES)).join(', ')}) if not ok then return 'ERR: ' .. tostring(r) end return r`;
}

function stringsFile(): string[] {
  const out: string[] = [...SETUP];
  for (let i = 0; i < 70; i++) out.push(evalLine(argScript()));
  for (let i = 0; i < 230; i++) {
    const e = stringExpr();
    out.push(evalLine(chance(0.5) ? `return ${e}` : `local ok, r = pcall(function() return ${e} end) if not ok then return 'error: ' .. tostring(r) end return r`));
  }
  for (let i = 0; i < 150; i++) out.push(evalLine(patternScript()));
  for (let i = 0; i < 100; i++) out.push(evalLine(formatScript()));
  // KEYS and ARGV with binary bytes and numbers.
  for (let i = 0; i < 20; i++) {
    out.push(`EVAL ${quote(pick(['return {KEYS[1], ARGV[1], #KEYS, #ARGV}', 'return {tonumber(ARGV[1]), tonumber(ARGV[2])}', 'return string.format(\'%q\', ARGV[1])', 'return {string.byte(ARGV[1], 1, -1)}', "return redis.call('echo', ARGV[2])", 'return ARGV[1] .. KEYS[1]']))} 1 ${pick(['k', '"a\\x00b"', '""', '"\\xff"'])} ${pick(['"1e3"', '"0x1F"', '"x\\r\\ny"', '" 5"', '"-0"', '"\\x00"'])} ${pick(['12', '"1.50"', '"abc"'])}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Libraries and the sandbox

function jsonValue(depth: number): string {
  if (depth <= 0 || chance(0.4)) {
    return pick(['1', '-2', '3.25', '1e3', '-0.5', '1e+300', '0', 'true', 'false', 'null', '"s"', '""', '"\\u00e9"', '"\\u20ac\\n"', '"a\\/b"', '"\\ud83d\\ude00"', '"\\t\\"q\\""', '12345678901234567890', '0.1', '-0']);
  }
  if (chance(0.5)) return '[' + times(int(4), () => jsonValue(depth - 1)).join(',') + ']';
  const keys = [...new Set(times(int(4), () => pick(['a', 'b', 'name', 'x', '1', 'long key'])))];
  return '{' + keys.map((k) => `"${k}":${jsonValue(depth - 1)}`).join(',') + '}';
}

function luaTableForJson(depth: number): string {
  if (depth <= 0 || chance(0.35)) return pick(['1', '-2.5', '1e20', '0.1', "'s'", "'\\0x'", "'é'", 'true', 'false', 'cjson.null', '{}', '1/3', '3', '2^53']);
  switch (int(4)) {
    case 0: return '{' + times(int(5), () => luaTableForJson(depth - 1)).join(', ') + '}';
    case 1: return '{' + [...new Set(times(1 + int(4), () => pick(MAP_KEYS)))].map((k) => `${k}=${luaTableForJson(depth - 1)}`).join(', ') + '}';
    case 2: return `(function() local t = {} t[${pick(['1', '2', '3', '5', '20', '100'])}] = ${luaTableForJson(0)} t[${pick(['1', '2', '4'])}] = 1 return t end)()`;
    default: return `(function() local t = {} ${times(1 + int(4), () => `t.${pick(MAP_KEYS)} = ${luaTableForJson(depth - 1)}`).join(' ')} return t end)()`;
  }
}

function libExpr(): string {
  switch (int(16)) {
    case 0: return `cjson.encode(${luaTableForJson(3)})`;
    case 1: return `cjson.encode(cjson.decode(${luaString(jsonValue(3))}))`;
    case 2: { const j = luaString(jsonValue(2)); return `(function() local v = cjson.decode(${j}) if type(v) == 'table' then local n = 0 for _ in pairs(v) do n = n + 1 end return {n, #v, type(v[1])} end return {type(v), tostring(v)} end)()`; }
    case 3: return `cjson.decode(${luaString(pick(['[1,2', '{"a":}', 'nul', '"\\x"', '[1,]', '01', '{"a":1}}', '"\\u12"', '1e', '[' + '['.repeat(3) + ']]]]', ' 7 ', '-', '"', 'true false']))})`;
    case 4: return `cmsgpack.pack(${luaTableForJson(2)}${chance(0.3) ? ', ' + luaTableForJson(1) : ''})`;
    case 5: return `{cmsgpack.unpack(cmsgpack.pack(${luaTableForJson(2)}, ${pick(['1', "'x'", '-1', '2^40', '0.5', 'true'])}))}`;
    case 6: return `cjson.encode({cmsgpack.unpack(${luaString(pick(['\x93\x01\x02\x03', '\x81\xa1a\x01', '\xc0', '\xc3\xc2', '\xcb\x3f\xf0\x00\x00\x00\x00\x00\x00', '\xd0\xff', '\xcd\x01\x00', '\xa3abc\x05', '\x92\x01', '\xdc\x00\x02\x01\x02', '\xce\xff\xff\xff\xff', '\xd3\x80\x00\x00\x00\x00\x00\x00\x01']))})})`;
    case 7: return `{bit.${pick(['band', 'bor', 'bxor'])}(${pick(['1, 3', '0xff, 0x0f, 0x3c', '-1, 2^32', '2^31, 1', '5'])}), bit.bnot(${pick(['0', '-1', '2^31', '1.5'])}), bit.${pick(['lshift', 'rshift', 'arshift', 'rol', 'ror'])}(${pick(['1, 31', '-1, 4', '0x80000000, 1', '7, 33', '1, -1'])}), bit.tobit(${pick(['2^32 + 5', '-1', '0xffffffff', '1e10'])}), bit.bswap(${pick(['0x12345678', '1', '-1'])})}`;
    case 8: return `bit.tohex(${pick(['255', '-1', '0x1234', '1e10'])}${chance(0.6) ? ', ' + pick(['2', '-4', '8', '0', '10']) : ''})`;
    case 9: {
      const fmt = pick(['>i', '<h', '!8bd', 'bbb', '>I2', '<i8', 'f', 'd', 'B', '>l', 's', 'c3', 'bc0', '>H', 'i3', '<I4 >I4', 'x', 'Bxb']);
      const vals: Record<string, string> = { '>i': '1', '<h': '-2', '!8bd': '1, 0.5', bbb: '1, 2, 3', '>I2': '65535', '<i8': '-1', f: '0.5', d: '-3.25', B: '255', '>l': '2^40', s: "'abc'", c3: "'xyz'", bc0: "3, 'abc'", '>H': '258', i3: '-5', '<I4 >I4': '1, 1', x: '', Bxb: '1, 2' };
      const v = vals[fmt];
      return `(function() local p = struct.pack('${fmt}'${v ? ', ' + v : ''}) return {p, struct.size and pcall(struct.size, '${fmt}'), struct.unpack('${fmt}', p)} end)()`;
    }
    case 10: return `{pcall(struct.${pick(['pack', 'unpack', 'size'])}, ${pick(["'i33'", "'!3i'", "'c0'", "'s'", "'i', 'x'", "'>i', '\\0\\0'", "'z'", "'i0'", "'!'", "'<', 1", "'c'"])})}`;
    case 11: return `redis.sha1hex(${pick([str(), "''", "'abc'", '42', "string.rep('x', 1000)"])})`;
    case 12: return `{pcall(cjson.encode, ${pick(['{[1]=1, [3]=3}', '{[1]=1, [20]=2}', '{[1]=1, x=2}', '{1/0}', '{0/0}', '{[true]=1}', '{f=print}', 'setmetatable({}, {})', "{[{}]=1}", "{[-1]=1}", "{[1.5]=1}"])})}`;
    case 13: return `cjson.encode(${pick(['{}', "{''}", '{{}}', '{[1]=1, [2]=2, [4]=4}', "{a={}, b={{}}}", "{'\\1\\31\\127'}", "{'é'}", '{-0}', '{1e15}', '{1e16}', '{123456789012}', '{0.1}', '{1/3}', '{-1e-7}'])})`;
    case 14: return `{cjson.decode(${luaString(pick(['[]', '{}', '[null]', '{"a":null}', '[1,[2,[3]]]', '"\\u0000"', '1.5e3', '-0', '[true,false]', '{"1":1,"2":2}']))})}`;
    default: return `(function() local t = cjson.decode(${luaString(jsonValue(3))}) return cmsgpack.pack(t) end)()`;
  }
}

function sandboxScript(): string {
  return pick([
    `return ${pick(['undefinedglobal', 'type(undefinedglobal)', 'rawget(_G, "nope")', 'loadfile', 'dofile', 'print', 'require', 'module', 'getfenv', 'type(setfenv)', 'type(newproxy)', 'io', 'debug', 'jit', 'arg', '_VERSION', 'type(gcinfo)', 'type(collectgarbage)'])}`,
    `${pick(['newglobal', '_G.newglobal', 'math.newfield', 'string.upper', 'redis.call', 'KEYS'])} = ${pick(['1', 'nil', '{}', "'x'"])}`,
    `${pick(['rawset(_G, "g", 1)', 'rawset(redis, "x", 1)', 'setmetatable(_G, nil)', 'getmetatable(_G).__newindex = nil', 'rawset(math, "pi", 3)', 'table.insert(redis, 1)', 'getmetatable("").__index = string'])} return 'no error'`,
    `local ok, e = pcall(function() ${pick(['undefinedglobal = 1', 'return undefinedglobal', 'rawset(_G, "g", 1)', 'string.x = 1', 'setmetatable("x", {})', 'getmetatable("").__len = nil'])} end) return {tostring(ok), e}`,
    `return {${pick(['getmetatable("").__index == string', 'getmetatable({}) == nil', 'getmetatable(1)', 'type(getmetatable(_G))', 'type(getmetatable("").__index)', 'tostring(getmetatable(string))'])}}`,
    `local f, e = loadstring(${pick(["'return 1 + 1'", "'return ...'", "'syntax error here'", "'x = 1'", "'return undefinedglobal'", "'\\27Lua'", "string.dump and string.dump(function() return 1 end) or 'no dump'", "'return redis.call(\\'get\\', \\'str\\')'", "''"])}) if not f then return {'compile error', e} end local ok, r = pcall(f, 'arg') return {tostring(ok), r}`,
    `return {load and type(load), pcall(load, function() return nil end)}`,
    `local t = {} for i = 1, ${pick(['3', '5', '10'])} do t[i] = math.random(${pick(['', '10', '1, 6', '-5, 5', '1000000'])}) end return t`,
    `math.randomseed(${pick(['1', '42', '0', '-7', '2^40', '1.5'])}) local t = {} for i = 1, 4 do t[i] = math.random(100) end return t`,
    `return tostring(math.random())`,
    `return {pcall(math.random, ${pick(['0', '2, 1', "'x'", '1, 2, 3', '-1'])})}`,
    `return {type(coroutine), (function() local co = coroutine.create(function(a) local b = coroutine.yield(a + 1) return b * 2 end) local _, x = coroutine.resume(co, 1) local _, y = coroutine.resume(co, 10) return {x, y, coroutine.status(co)} end)()}`,
    `return {pcall(setfenv, 1, {})}`,
    `local t = setmetatable({}, {__index = function(_, k) return k .. '!' end, __call = function(_, x) return x * 2 end}) return {t.abc, t(21)}`,
    `return {rawequal('a', 'a'), rawequal({}, {}), rawlen and 1 or 0, #arg or 0}`,
  ]);
}

// Decoders fed mutated input: JSON texts and MessagePack bytes with bytes deleted, replaced,
// inserted or cut off; struct.unpack of random formats over random bytes.
const JSON_SEEDS = ['{"a":[1,2,{"b":null}],"c":"x\\u00e9y","d":-1.5e3}', '[true,false,null,"\\n\\t\\\\",0.25,-0,1e308,12345678901234567890]', '{"k":{"k":{"k":[[],{}]}}}', '"\\ud83d\\ude00 \\u0041"', '[1,2,3]', '{"":""}', '  [ 1 , "a" ]  '];
const MSGPACK_SEEDS = ['\x93\x01\x02\x03', '\x82\xa1a\x01\xa1b\xc3', '\xcb\x40\x09\x21\xfb\x54\x44\x2d\x18', '\xd9\x03abc', '\xdc\x00\x02\xc0\xc2', '\xde\x00\x01\xa1x\xd0\x80', '\xcf\x00\x00\x00\x01\x00\x00\x00\x00', '\xca\x3f\xc0\x00\x00'];
const MUTATION_BYTES = '[]{}",:0123456789-+eE.tfn\\u \x00\x80\xc0\xd9\xdc\xde\xcb\xff';
function mutate(input: string): string {
  let b = input;
  for (let n = 1 + int(3); n > 0; n--) {
    const op = rnd();
    const at = int(b.length + 1);
    if (op < 0.3 && b.length > 0) b = b.slice(0, at) + b.slice(at + 1);
    else if (op < 0.6 && b.length > 0) b = b.slice(0, at) + String.fromCharCode(int(256)) + b.slice(at + 1);
    else if (op < 0.8) b = b.slice(0, at) + pick([...MUTATION_BYTES]) + b.slice(at);
    else b = b.slice(0, int(b.length));
  }
  return b;
}
function decoderScript(): string {
  const k = rnd();
  let e: string;
  if (k < 0.4) e = `(function() local v = cjson.decode(${luaString(mutate(pick(JSON_SEEDS)))}) return cjson.encode(v) end)()`;
  else if (k < 0.75) {
    const m = luaString(mutate(pick(MSGPACK_SEEDS)));
    e = pick([`cjson.encode({cmsgpack.unpack(${m})})`, `cjson.encode({cmsgpack.unpack_one(${m})})`, `cjson.encode({cmsgpack.unpack_limit(${m}, 2, 1)})`]);
  } else {
    const fmt = times(1 + int(4), () => pick(['b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'f', 'd', 's', 'c', 'c2', 'i2', 'I3', '<', '>', '!', '!2', 'x', 'c0', 'i8'])).join('');
    const data = times(int(13), () => String.fromCharCode(int(256))).join('');
    e = `cjson.encode({struct.unpack('${fmt}', ${luaString(data)}${chance(0.3) ? ', ' + pick(['1', '2', '5', '-1', '0', '20']) : ''})})`;
  }
  return `local ok, r = pcall(function() return ${e} end) if not ok then return 'ERR: ' .. tostring(r) end return r`;
}

function libsFile(): string[] {
  const out: string[] = [...SETUP];
  for (let i = 0; i < 200; i++) {
    const e = libExpr();
    out.push(evalLine(chance(0.6) ? `return ${e}` : `local ok, r = pcall(function() return ${e} end) if not ok then return 'error: ' .. tostring(r) end return r`));
  }
  for (let i = 0; i < 90; i++) out.push(evalLine(sandboxScript()));
  for (let i = 0; i < 150; i++) out.push(evalLine(decoderScript()));
  return out;
}

// ---------------------------------------------------------------------------------------
// Lua core: coercions, comparisons, number formatting, error messages naming variables, compile
// errors; and replies of Redis commands seen by a RESP3 script (doubles, maps, sets, nulls).

const OPERANDS = ["'10'", "'0x10'", "' 5 '", "'1e1'", "'abc'", "''", "'a\\0b'", "'a\\0c'", "'\\200'", "'z'", "'Z'", '10', '-0', '0.5', '1/0', '2^53', 'nil', 'true', '{}', "'10 '", "'.5'", "'5e'"];
const BINOPS = ['+', '-', '*', '/', '%', '^', '..', '==', '~=', '<', '<=', '>', '>='];

function luaCoreScript(): string {
  switch (int(12)) {
    case 0: case 1: return `return {pcall(function() return ${pick(OPERANDS)} ${pick(BINOPS)} ${pick(OPERANDS)} end)}`;
    case 2: return `return tostring(${num()}) .. ' ' .. (${num()} .. '') .. ' ' .. tostring(-${num()})`;
    case 3: return `return {${num()} == ${num()}, ${num()} < ${num()}, math.floor(${num()}) == ${num()}}`;
    case 4: {
      // Runtime errors whose message names the variable, field, upvalue, method or global.
      const decl = pick(['local x = nil', 'local x = {}', "local x = 'str'", 'local x = 5', 'local x = true']);
      const use = pick(['x.field.sub', 'x()', 'x:method()', 'x.f()', 'x + 1', '-x', '#x', 'x .. {}', 'x < 1', 'x[nil]', 'x.a.b.c', 'x[1][2]', 'string.nosuch()', 'redis.nosuch()', 'math.floor(x)', 'x.y = x.z.w', "x['k\\0z']()", "x['k\\0z'].y"]);
      const wrap = pick(['%s', 'local function f() return %s end return f()', 'local t = {x = x} local y = t return (function() return %s end)()']);
      return `${decl} return ${wrap.replace('%s', use.startsWith('x.y =') ? '(function() ' + use + ' end)()' : use)}`;
    }
    case 5: {
      const lines = times(1 + int(5), () => pick(['local a = 1', '', 'local b = {}', '-- c', 'local s = [[x]]']));
      lines.splice(int(lines.length + 1), 0, pick(['local t = nil; t.x = 1', "error('at line')", 'local n = nil + 1', 'redis.call(\'nosuch\')', "local z = #5", 'return undefinedname', "assert(false, 'asrt')", "error('lvl2', 2)"]));
      return lines.join('\n');
    }
    case 6: {
      // Compile errors: random broken chunks.
      return pick(['return (', 'return 1 +', 'local = 1', 'x = = 1', 'return "unfinished', "return 'a\\", 'if true then', 'for i = 1 do end', 'return 1 2', 'local function() end', 'return 0x', 'return 1e', 'return 3..4', 'return {1, 2', 'end', 'return [[abc', 'goto x', 'local t = {} t.1 = 2', 'return a.b:c', 'return ...', 'function f(a, ...) return arg end return f(1)', 'return ~1', 'return 1 // 2', 'break', 'return @', 'x = 1 +* 2', 'local a <const> = 1', 'return "\\q"', 'return "\\300"', "return '\\x41'", 'while true do', 'repeat until', 'return not', 'local a, = 1', 'return f(', '--[[ unfinished']);
    }
    case 7: return `local t = {} for i = 1, ${pick(['5', '10', '0', '-1'])} do t[#t + 1] = i * ${pick(['1', '0.5', '-1', '2^40'])} end ${pick(['return t', 'return #t', "return table.concat(t, ',')", 'return {unpack(t)}', 'return select(\'#\', unpack(t))'])}`;
    case 8: return `local s = ${str()} return {#s, s:upper(), s:rep(2, ''), s:sub(2), s:byte(1), s == ${str()}, s < ${str()}, string.format('%q', s)}`;
    case 9: return `return {string.format(${luaString(pick(['%5.1s|', '%-8q', '%c%c', '%s %s', '%10.3f', '%.0f', '%e', '%.20g', '%5%', '%d', '%x', '%i']))}, ${num()}, ${num()})}`;
    case 10: return `local co = coroutine.wrap(function(...) local a = {...} for i = 1, #a do coroutine.yield(a[i]) end return 'done' end) return {co(${times(1 + int(3), () => pick(["'a'", '1', 'true'])).join(', ')}), co(), co()}`;
    default: return `local ok, e = pcall(${pick(['string.rep', 'string.sub', 'string.char', 'table.concat', 'table.insert', 'math.floor', 'tonumber', 'unpack', 'select', 'setmetatable', 'ipairs', 'next', 'rawget', 'string.format', 'string.find', 'coroutine.resume', 'collectgarbage', 'rawset', 'loadstring', 'math.fmod', 'math.pow', 'math.ldexp', 'math.atan2'])}${chance(0.5) ? ', ' + pick(['nil', "'x'", '{}', '1', '-1', 'true']) : ''}${chance(0.5) ? ', ' + pick(['nil', "'x'", '{}', '1']) : ''}) return {tostring(ok), type(e) == 'string' and e or type(e)}`;
  }
}

/** Command replies read by a script in RESP3 mode (redis.setresp(3)), converted back. */
// (not 'debug protocol push': Redis's parser pushes nothing for it, the script sees a leftover stack slot)
const RESP3_CALLS = [
  "'zscore', 'z', 'm2'", "'zscore', 'z', 'nom'", "'hgetall', 'h'", "'hgetall', 'nokey'", "'smembers', 'si'", "'zrange', 'z', 0, -1, 'withscores'",
  "'zpopmin', 'zcopy'", "'zincrby', 'zc', 1.5, 'm'", "'get', 'nokey'", "'mget', 'str', 'nokey'", "'config', 'get', 'hash-max-listpack-entries'", "'exists', 'str'",
  "'sismember', 'si', 1", "'smismember', 'si', 1, 7", "'zrandmember', 'nokey'", "'hrandfield', 'nokey', 2", "'lpos', 'l', 'zz'", "'zmscore', 'z', 'm1', 'x'",
  "'debug', 'protocol', 'double'", "'debug', 'protocol', 'bignum'", "'debug', 'protocol', 'true'", "'debug', 'protocol', 'false'", "'debug', 'protocol', 'null'",
  "'debug', 'protocol', 'map'", "'debug', 'protocol', 'set'", "'debug', 'protocol', 'verbatim'", "'debug', 'protocol', 'attrib'",
  "'zrank', 'z', 'm1'", "'type', 'z'", "'incrbyfloat', 'fl2', 0.25", "'zadd', 'zc', 'incr', 2, 'm'", "'xadd', 'st', '1-1', 'f', 'v'", "'xrange', 'st', '-', '+'",
  "'geopos', 'nokey', 'x'", "'zunion', 2, 'z', 'zc', 'withscores'", "'lmpop', 1, 'nolist', 'left'", "'zmpop', 1, 'z', 'min'",
];

function resp3Script(): string {
  const call = pick(RESP3_CALLS);
  const use = pick([
    'return r', 'return type(r)', 'return cjson.encode(r)', 'return {type(r), r and r.double, r and r.map and 1, r and r.set and 1, r and r.big_number, r and r.verbatim_string and r.verbatim_string.format}',
    "local out = {} if type(r) == 'table' then for k, v in pairs(r) do out[#out + 1] = tostring(k) .. '=' .. (type(v) == 'table' and cjson.encode(v) or tostring(v)) end table.sort(out) end return out",
  ]);
  const mode = pick(['redis.setresp(3) ', 'redis.setresp(3) ', 'redis.setresp(2) ', '']);
  return `${mode}local r = redis.call(${call}) ${use}`;
}

// Fixed probes of Lua semantics the random scripts rarely reach (evaluation order, metamethods,
// numeric for loops, closures, varargs, coroutines, deep recursion, parser limits, loadstring,
// NUL bytes in messages, commands scripts may not call), written as corpus text (escaped for
// sdssplitargs). Left out, reported instead: the LUA_COMPAT_VARARG
// `arg` local of vararg functions, error('a\0b') (the final error text keeps the NUL), NaN
// printed by the resumable form (nan, not -nan), recursion deeper than Node's default stack
// (C Lua stops at 16384 call frames; Ferrous where the JS stack ends: --stack-size matters).
// Not a probe either: redis.call('get\0') -- Redis finds GET or not depending on its
// command dict's random hash seed (binary hash, C-string compare).
const PROBES: readonly string[] = [
  "local n = 0 local function f() n = n + 1 return n end local t = {f(), f(), x = f(), f()} return {t[1], t[2], t[3], t.x}",
  "local n = 0 local function f() n = n + 1 return n end local t = {f(), f(), f(), y = f()} return {t[1], t[2], t[3], t.y}",
  "local n = 0 local function f() n = n + 1 return n end local t = {f(), [f()] = f(), f()} return {t[1], t[2], t[3]}",
  "local n = 0 local function f() n = n + 1 return n end local t = {f(), c = nil, name = {'', nil, {2, nil, 3, f()}}} return {t[1], t.name[3][4]}",
  "local function f(n) return f(n + 1) + 1 end return {pcall(f, 1)}",
  "local function f(n) local t = {f(n + 1)} return t end return {pcall(f, 1)}",
  "local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end return f(150)",
  "local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end return {pcall(f, 250000)}",
  "local s = string.rep('a', 10000) return {pcall(string.byte, s, 1, -1)}",
  "local s = string.rep('a', 7990) return select('#', string.byte(s, 1, -1))",
  "local t = {} for i = 1, 300 do t[i] = i end return select('#', unpack(t))",
  "return {pcall(string.rep, 'x', -1)}",
  "local t = {} for i = 1, 100 do t = {t} end return cjson.encode(t)",
  "local t = {} for i = 1, 1001 do t = {t} end return {pcall(cjson.encode, t)}",
  "local t = {} for i = 1, 1001 do t = {t} end return {pcall(cmsgpack.pack, t)}",
  "return {pcall(cjson.decode, string.rep('[', 1001) .. string.rep(']', 1001))}",
  "return {pcall(cjson.decode, string.rep('[', 999) .. string.rep(']', 999))}",
  "local t = {} t[1] = t return {pcall(cjson.encode, t)}",
  "local t = {} t[1] = t return {pcall(cmsgpack.pack, t)}",
  "local t = {} t.a = t return #cmsgpack.pack(t)",
  "local a = {} for i = 1, 20 do a = {a, a} end return #cmsgpack.pack(a)",
  "return {pcall(loadstring(string.rep('(', 300) .. '1' .. string.rep(')', 300)))}",
  "return {loadstring('return ' .. string.rep('(', 300) .. '1' .. string.rep(')', 300))}",
  "return {loadstring('return ' .. string.rep('{', 300) .. string.rep('}', 300))}",
  "return {loadstring('local a ' .. string.rep(', a', 250))}",
  "return {loadstring(string.rep('local a = 1 ', 250))}",
  "return {loadstring('return ' .. string.rep('a.', 300) .. 'b')}",
  "return {loadstring('return ' .. string.rep('1 + ', 300) .. '1')}",
  "return {loadstring('return ' .. string.rep('-', 300) .. '1')}",
  "return {loadstring('return ' .. string.rep('not ', 300) .. '1')}",
  "return {loadstring('return ' .. string.rep('a .. ', 300) .. 'a')}",
  "return {loadstring(string.rep('do ', 250) .. string.rep('end ', 250))}",
  "return {loadstring('local function f() ' .. string.rep('local function g() ', 100) .. string.rep('end ', 101))}",
  "return {loadstring('local x = function() ' .. string.rep('return function() ', 250) .. string.rep('end ', 251))}",
  "local s = 'local a = 1 ' for i = 1, 70 do s = s .. 'local function f' .. i .. '() return a end ' end return {loadstring(s)}",
  "local s = '' for i = 1, 300 do s = s .. 'local a' .. i .. ' = ' .. i .. ' ' end return {loadstring(s)}",
  "local s = 'return {' .. string.rep('1,', 70000) .. '}' local f = loadstring(s) return #f()",
  "local s = 'local t = {' for i = 1, 300 do s = s .. 'k' .. i .. '=' .. i .. ',' end s = s .. '} return t.k300' return loadstring(s)()",
  "local s = 'return function(' .. string.rep('a,', 200) .. 'b) end' return {loadstring(s)}",
  "local s = 'local x = 0 ' .. string.rep('x = x + 1 ', 1000) .. ' return x' return loadstring(s)()",
  "local t = {} t[1], t[1] = 1, 2 return t[1]",
  "local a, a = 1, 2 return a",
  "local log = {} local function f(x) log[#log + 1] = x return x end local t = {} t[f(1)], t[f(2)] = f(3), f(4) return log",
  "local log = {} local function f(x) log[#log + 1] = x return x end local r = f(1) + f(2) * f(3) return log",
  "local log = {} local function f(x) log[#log + 1] = x return x end local r = f('a') .. f('b') .. f('c') return log",
  "local log = {} local function f(x) log[#log + 1] = x return x end local function g(...) return ... end g(f(1), f(2), f(3)) return log",
  "local log = {} local function f(x) log[#log + 1] = x return {} end local t = {} f(1).x = f(2) return log",
  "local log = {} local mt = {__index = function(t, k) log[#log + 1] = k return k end} local t = setmetatable({}, mt) local x = t.a .. t.b return log",
  "local log = {} local mt = {__concat = function(a, b) log[#log + 1] = (type(a) == 'table' and 'T' or a) .. (type(b) == 'table' and 'T' or b) return 'r' end} local t = setmetatable({}, mt) local x = 'a' .. t .. 'b' .. 'c' return {x, log}",
  "local log = {} local mt = {__newindex = function(t, k, v) log[#log + 1] = k .. '=' .. tostring(v) end} local t = setmetatable({}, mt) t.a, t.b = 1, 2 return log",
  "local i = 1 local t = {} i, t[i] = i + 1, 20 return {i, t[1], t[2]}",
  "local a = {} local i = 3 i, a[i] = i + 1, 20 return {a[3], a[4]}",
  "local x = 1 local function f() x = x + 1 return x end local t = {x, f(), x} return t",
  "local n = 0 local function f() n = n + 1 return n end local t = {[f()] = f(), [f()] = f()} local r = {} for k, v in pairs(t) do r[#r + 1] = k .. ':' .. v end table.sort(r) return r",
  "local n = 0 local function f() n = n + 1 return n end local t = {a = f(), b = f(), f()} return {t.a, t.b, t[1]}",
  "local function f() return 1, 2, 3 end local t = {f(), f()} return t",
  "local function f() return 1, 2, 3 end local t = {f(), f(), x = 1} return t",
  "local function f() return 1, 2, 3 end local t = {f(), x = 1, f()} return t",
  "local function f() return 1, 2, 3 end local t = {x = 1, f()} return t",
  "local function f() return 1, 2, 3 end local t = {(f())} return t",
  "local function f() return 1, 2, 3 end local t = {f(), nil} return #t",
  "local function f() return end local t = {f(), 2} return {t[1], t[2]}",
  "local a, b, c = (function() return 1, 2, 3 end)() return {a, b, c}",
  "local t = {1, 2, 3} local a, b = t[1], t[3] t[1], t[3] = b, a return t",
  "local a = 1 local b = 2 a, b = b, a return {a, b}",
  "local t = setmetatable({}, {__index = function(t, k) return k * 2 end}) return {t[1], t[2.5], rawget(t, 1)}",
  "local t = setmetatable({}, {__eq = function() return true end}) local u = setmetatable({}, getmetatable(t)) return {t == u, t ~= u, rawequal(t, u)}",
  "local mt = {__lt = function(a, b) return true end} local t = setmetatable({}, mt) local u = setmetatable({}, mt) return {t < u, t > u, pcall(function() return t <= u end)}",
  "local mt = {__le = function(a, b) return false end, __lt = function() return true end} local t = setmetatable({}, mt) local u = setmetatable({}, mt) return {t <= u, t >= u, not (t < u)}",
  "local mt = {__lt = function(a, b) return 1 end} local t = setmetatable({}, mt) local u = setmetatable({}, {__lt = mt.__lt}) return {pcall(function() return t < u end)}",
  "local mt = {__lt = function(a, b) return 1 end} local t = setmetatable({}, mt) local u = setmetatable({}, {__lt = function() return 1 end}) return {pcall(function() return t < u end)}",
  "local mt = {__unm = function(a) return 'neg' end, __len = function() return 42 end} local t = setmetatable({}, mt) return {-t, #t}",
  "local mt = {__call = function(self, a, b) return a + b end} local t = setmetatable({}, mt) return t(1, 2)",
  "local mt = {__add = function(a, b) return 'add' end} local t = setmetatable({}, mt) return {t + 1, 1 + t, pcall(function() return t - 1 end)}",
  "local mt = {__index = function(t, k) return nil end} local t = setmetatable({}, mt) return {pcall(function() return t.x.y end)}",
  "local mt = {} mt.__index = mt local t = setmetatable({}, mt) mt.x = 5 return t.x",
  "local mt = {__tostring = function() return 'OBJ' end} return tostring(setmetatable({}, mt))",
  "local mt = {__tostring = function() return 42 end} return {pcall(tostring, setmetatable({}, mt))}",
  "local mt = {__metatable = 'locked'} local t = setmetatable({}, mt) return {getmetatable(t), pcall(setmetatable, t, {})}",
  "local t = setmetatable({}, {__mode = 'k'}) t[{}] = 1 return 1",
  "local t = setmetatable({}, {__gc = function() end}) return 1",
  "local s = 0 for i = 10, 1, -3 do s = s + i end return s",
  "local s = 0 for i = 1, 3, 0.5 do s = s + i end return s * 10",
  "return {pcall(function() for i = 1, 10, 0 do return i end end)}",
  "return {pcall(function() for i = 'a', 2 do end end)}",
  "return {pcall(function() for i = 1, 'x' do end end)}",
  "return {pcall(function() for i = 1, 2, {} do end end)}",
  "local t = {} for i = 1, 3 do t[i] = function() return i end end return {t[1](), t[2](), t[3]()}",
  "local t = {} local i = 1 while i <= 3 do local j = i t[i] = function() return j end i = i + 1 end return {t[1](), t[3]()}",
  "local t = {} for k, v in pairs({a=1}) do t[1] = function() return k .. v end end return t[1]()",
  "local r = {} for i, v in ipairs({1, 2, nil, 4}) do r[#r + 1] = v end return r",
  "local i = 0 repeat local j = i i = i + 1 until j >= 3 return i",
  "local r = {} for w in string.gmatch('one two three', '%a+') do r[#r + 1] = w end return r",
  "local function f(...) return select('#', ...), ... end return {f(nil, nil)}",
  "local function f(a, ...) local t = {...} return #t end return f(1, 2, 3, nil)",
  "return (function(...) return #{...} end)(1, nil, 3)",
  "return 2^3^2",
  "return -2^2",
  "return {1 .. 2, 1.5 .. '', -0 .. '', 2^63 .. ''}",
  "return {10 / 3 == 10 / 3, 0.1 + 0.2 == 0.3, 'a' < 'b', 'a' < 'B', 'Z' < 'a', '' < 'a', 'a\\\\0' > 'a'}",
  "return {'\\\\200' > 'z', '\\\\255' > '\\\\128', 'abc' < 'abd', 'ab' < 'abc'}",
  "return {5 % -3, -5 % 3, 5.5 % 2, -5.5 % 2, 5 % 0 ~= 5 % 0, 1 % (1/0), -1 % (1/0)}",
  "return {math.huge == 1/0, -math.huge < 0, math.pi * 1e6}",
  "local a = 'x' return #a + #'yy' * 2",
  "goto = 1",
  "local t = {} t.end2 = 1 return t.end2",
  "return {('x'):rep(3), (\\\"%d\\\"):format(5), #'abc', ('abc'):len()}",
  "return {pcall(struct.pack, '\\\\0')}",
  "return {pcall(struct.pack, 'i\\\\0')}",
  "return {pcall(string.format, '%\\\\0')}",
  "return {pcall(string.format, '%5\\\\0', 1)}",
  "return {pcall(cjson.decode, '\\\\0')}",
  "return {pcall(cjson.decode, '[1\\\\0]')}",
  "return {pcall(cjson.decode, '\\\"a\\\\0b')}",
  "return {pcall(string.rep)}",
  "return {pcall(string.gsub, 'abc', '(a)', '%\\\\0')}",
  "return {pcall(string.find, 'abc', '%\\\\0')}",
  "return {pcall(string.find, 'abc', '[\\\\0')}",
  "return {pcall(redis.setresp, 'x')}",
  "return {pcall(bit.tohex, 1, '\\\\0')}",
  "return {pcall(cmsgpack.unpack, '\\\\193')}",
  "return {pcall(loadstring('x = '))}",
  "return {loadstring('x = \\\\0')}",
  "return {loadstring('x = \\\"a\\\\0')}",
  "return {loadstring('return 1', 'a\\\\0b\\\\n')}",
  "return {loadstring('x x', 'a\\\\0b\\\\n')}",
  "return {pcall(setmetatable({}, {__index = function(t, k) error(k) end}).x)}",
  "return {pcall(string.char, 256)}",
  "return {pcall(tonumber, 'z', 99)}",
  "return {pcall(select, -5, 1)}",
  "return {pcall(table.concat, {1, {}, 3})}",
  "return {pcall(table.concat, {1, 2}, ',', 1, 3)}",
  "return {pcall(table.insert, {1}, 5, 2)}",
  "return {pcall(unpack, {}, 1, 1e9)}",
  "return {pcall(coroutine.resume, coroutine.create(function() error('in co') end))}",
  "return {pcall(coroutine.wrap(function() error('in co') end))}",
  "return {pcall(coroutine.wrap(function() error({err='x'}) end))}",
  "return {pcall(coroutine.wrap(function() redis.call('nosuch') end))}",
  "return {coroutine.resume(coroutine.create(function() return redis.call('ping') end))}",
  "return {coroutine.resume(coroutine.create(function() return redis.pcall('nosuch') end))}",
  "local co = coroutine.create(function() coroutine.yield(redis.call('ping')) end) coroutine.resume(co) return {coroutine.resume(co)}",
  "return {coroutine.resume(coroutine.running())}",
  "return {coroutine.running()}",
  "return {pcall(coroutine.yield, 1)}",
  "return coroutine.yield(1)",
  "return {xpcall(function() error('x') end, function(e) error('y') end)}",
  "return {xpcall(function() error('x') end)}",
  "return {xpcall(function() return 1, 2 end, print)}",
  "return {pcall(pcall)}",
  "return {pcall(pcall, pcall)}",
  "return {pcall(error)}",
  "return {pcall(error, nil, 2)}",
  "return {pcall(error, 'x', 3)}",
  "local function f() error('deep', 2) end local function g() f() end return {pcall(g)}",
  "local function f() error('deep', 3) end local function g() f() end return {pcall(g)}",
  "local function f() error('deep', 2) end\\nlocal function g()\\n f()\\nend\\nreturn {pcall(g)}",
  "local function f() error('deep', 1) end\\nlocal function g()\\n f()\\nend\\ng()",
  "local function f() error('deep', 2) end\\nlocal function g()\\n f()\\nend\\ng()",
  "local function f() error({err='T x'}, 2) end\\nf()",
  "local function f() local x = nil; return x.y end\\nlocal ok, e = pcall(f)\\nerror(e, 0)",
  "local function f() redis.call('incr', 'str') end\\n\\nf()",
  "local function f()\\nredis.call('nosuch')\\nend\\n\\nf()",
  "\\n\\nreturn redis.call('get')",
  "return redis.call('get', 'a', 'b')",
  "return redis.pcall('get', 'a', 'b')",
  "return {pcall(loadstring)}",
  "return {pcall(loadstring, nil)}",
  "return {pcall(loadstring, 'return 1', nil)}",
  "return {loadstring('return 1', 'name')()}",
  "return {loadstring('\\\\27Lua', 'name')}",
  "return {loadstring('x x', 'name')}",
  "return {loadstring('x x', '=name')}",
  "return {loadstring('x x', '@name')}",
  "return {loadstring('x x')}",
  "return {loadstring('x x', 42)}",
  "return {pcall(loadstring, 'x x', {})}",
  "local t = {} t.a = 1 t.b = nil t.c = 3 return cjson.encode(t)",
  "return redis.pcall('evalsha', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', 0)",
  "return redis.pcall('script', 'load', 'return 1')",
  "return redis.pcall('script', 'exists', 'x')",
  "return redis.pcall('fcall', 'x', 0)",
  "return redis.pcall('function', 'list')",
  "return redis.pcall('watch', 'x')",
  "return redis.pcall('client', 'setname', 'x')",
  "return redis.pcall('auth', 'x')",
  "return redis.pcall('hello')",
  "return redis.pcall('quit')",
  "return redis.pcall('reset')",
  "return redis.pcall('monitor')",
  "return redis.pcall('debug', 'sleep', 0)",
  "return redis.pcall('object', 'freq', 'x')",
  "return redis.pcall('publish', 'ch', 'm')",
  "return redis.pcall('spublish', 'ch', 'm')",
  "return redis.pcall('pfcount', 'x')",
  "return redis.pcall('pubsub', 'channels')",
  "return redis.pcall('xread', 'streams', 'nost', '0')",
];

function luaFile(): string[] {
  const out: string[] = [...SETUP, '!DEBUG set-disable-deny-scripts 1', '!ZADD zcopy 1 a 2 b 3 c 4 d 5 e 6 f 7 g 8 h 9 i 10 j 11 k 12 l 13 m 14 n 15 o 16 p 17 q 18 r 19 s 20 t 21 u 22 v 23 w 24 x 25 y 26 z'];
  for (let i = 0; i < 220; i++) out.push(evalLine(luaCoreScript()));
  out.push('# a RESP2 client, then a RESP3 client');
  for (let i = 0; i < 40; i++) out.push(evalLine(resp3Script()));
  out.push('!HELLO 3');
  for (let i = 0; i < 40; i++) out.push(evalLine(resp3Script()));
  out.push('!HELLO 2', '!DEBUG set-disable-deny-scripts 0');
  out.push('# fixed probes');
  for (const p of PROBES) out.push(`EVAL "${p}" 0`);
  return out;
}

// ---------------------------------------------------------------------------------------
// Odd arguments: every library function called through pcall with values of the wrong type,
// explicit nils, NUL bytes, inf and huge numbers (argument checks, their order and texts).

const ODD_VALUES = ['nil', '{}', "'x'", '1', '1.5', '-1', 'true', "'a\\0b'", '2^53', '1/0', '{1, 2}', "''", "'3'", '-2^63', '0/0'];
/** Function -> argument lists, '@' standing for an odd value. */
const ODD_CALLS: Record<string, string[]> = {
  'redis.call': ["'set', 'pk', @", "'get', @", '@', "'echo', @", "'hset', 'ph', @, @", "'ping', @"],
  'redis.pcall': ["'set', 'pk', @", "'get', @", '@', "'echo', @"],
  'redis.setresp': ['@', '@, @'],
  'redis.log': ['redis.LOG_WARNING, @', 'redis.LOG_NOTICE, @, @', '@'],
  'redis.sha1hex': ['@', '@, @'],
  'redis.status_reply': ['@', '@, @'],
  'redis.error_reply': ['@', '@, @'],
  'redis.set_repl': ['@', '@, @'],
  'redis.replicate_commands': ['@'],
  'redis.breakpoint': ['@'],
  'redis.debug': ['@'],
  'redis.acl_check_cmd': ['@', "'set', @", '@, @'],
  'cjson.encode': ['@', '@, @'],
  'cjson.decode': ['@'],
  'cjson.encode_keep_buffer': ['@'],
  'cjson.encode_max_depth': ['@'],
  'cjson.decode_max_depth': ['@'],
  'cjson.encode_number_precision': ['@'],
  'cjson.encode_sparse_array': ['@', '@, @'],
  'cjson.encode_invalid_numbers': ['@'],
  'cjson.decode_invalid_numbers': ['@'],
  'cmsgpack.pack': ['@', '@, @'],
  'cmsgpack.unpack': ['@'],
  'cmsgpack.unpack_one': ['@', '@, @'],
  'cmsgpack.unpack_limit': ['@, @', "'\\1\\2\\3', @, @"],
  'bit.tobit': ['@'], 'bit.tohex': ['@', '@, @'], 'bit.bnot': ['@'], 'bit.band': ['@, @'], 'bit.lshift': ['@, @'], 'bit.bswap': ['@'], 'bit.arshift': ['@, @'],
  'struct.pack': ['@', "'i', @", '@, @'], 'struct.unpack': ['@', "'i', @", '@, @'], 'struct.size': ['@'],
  'string.rep': ['@, @', "'ab', @"], 'string.sub': ["'hello', @, @", "'hello', @"], 'string.byte': ["'hello', @, @"], 'string.char': ['@', '@, @'],
  'string.format': ["'%d', @", "'%s', @", "'%5.1f', @", "'%x', @", "'%q', @", "'%c', @", '@, @', "'%g', @", "'%i %u', @, @"],
  'string.find': ["'hello', @", "'hello', 'l', @", "'hello', @, @"],
  'string.gsub': ["'hello', 'l', @", "'hello', @, 'x'", "'hello', 'l', 'x', @"],
  'string.len': ['@'], 'string.upper': ['@'], 'string.reverse': ['@'],
  'table.concat': ['@', '{1, 2}, @', "{1, 2}, ',', @", "{1, 2}, ',', @, @"],
  'table.insert': ['{}, @', '{}, @, @'],
  'table.remove': ['{1, 2, 3}, @', '@'],
  'table.sort': ['@', '{3, 1, 2}, @'],
  'table.getn': ['@'], 'table.maxn': ['@'],
  unpack: ['{1, 2, 3}, @', '{1, 2, 3}, @, @', '@'],
  select: ['@', "@, 'a', 'b'"],
  tonumber: ['@', '@, @', "'10', @"],
  'math.random': ['@', '@, @'], 'math.floor': ['@'], 'math.max': ['@', '@, @'], 'math.modf': ['@'], 'math.frexp': ['@'], 'math.fmod': ['@, @'], 'math.ldexp': ['@, @'],
  setmetatable: ['{}, @', '@, @'], getmetatable: ['@'], type: ['@'], assert: ['@', '@, @'], error: ['@', '@, @'],
  ipairs: ['@'], pairs: ['@'], rawequal: ['@, @'], rawget: ['{}, @', '@, @'], rawset: ['{}, @, 1', '@, 1, 1'], next: ['{}, @', '@'],
  'coroutine.create': ['@'], 'coroutine.resume': ['@'], 'coroutine.status': ['@'], 'coroutine.wrap': ['@'],
  loadstring: ['@', "'return 1', @"], xpcall: ['@, @'], pcall: ['@'], collectgarbage: ["'collect', @", '@, @'],
};
// Left out: error_reply with a NUL (Ferrous keeps the bytes after it in the err field:
// src/scripting/scripting.ts), redis.log's invalid-level text (7.4 changed it), 0/0 printed by
// tostring (the sign of the NaN), table addresses (tostring of the error value), NaN as a
// redis.call argument (7.0 sends -nan, 7.4 nan), collectgarbage('count') (heap sizes).
const ODD_NAMES = Object.keys(ODD_CALLS);

function oddArgsScript(): string {
  const fn = pick(ODD_NAMES);
  let args = pick(ODD_CALLS[fn]);
  while (args.includes('@')) {
    let v = pick(ODD_VALUES);
    if (fn === 'redis.error_reply' && v.includes('\\0')) v = "'a b'";
    // Number arguments 7.0 and 7.4 print differently: NaN (-nan / nan), -2^63 (%.17g / fpconv).
    if (fn.startsWith('redis.') && (v === '0/0' || v === '-2^63')) v = '-1';
    if (fn === 'redis.log' && args === '@' && !/^\d$/.test(v)) v = '3';
    args = args.replace('@', v);
  }
  // The results are shown without addresses: tables as cjson text, functions by type; a NaN
  // result is shown as 'nan?' (C prints its sign, -nan for 0/0).
  const show = (x: string) => `if type(${x}) == 'table' then local okj, j = pcall(cjson.encode, ${x}) ${x} = okj and j or 'table' elseif type(${x}) == 'function' or type(${x}) == 'thread' or type(${x}) == 'userdata' then ${x} = type(${x}) elseif ${x} ~= ${x} then ${x} = 'nan?' end`;
  return `local ok, e, e2 = pcall(${fn}, ${args}) ${show('e')} ${show('e2')} return {tostring(ok), e, e2}`;
}

function argsFile(): string[] {
  const out: string[] = [...SETUP, '!DEBUG set-disable-deny-scripts 1'];
  for (let i = 0; i < 400; i++) out.push(evalLine(oddArgsScript()));
  out.push('!DEBUG set-disable-deny-scripts 0', 'INFO errorstats');
  return out;
}

// ---------------------------------------------------------------------------------------
// Corpus lines

/** A corpus argument in double quotes, escaped for sdssplitargs (bytes stay bytes). */
function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || c >= 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += s[i];
  }
  return out + '"';
}

function evalLine(script: string): string {
  return `EVAL ${quote(script)} 0`;
}

const FILES: Array<{ name: string; about: string; make: () => string[] }> = [
  { name: 'gen-returns', about: 'return values (nested tables, ok/err/double/map/set/big_number/verbatim, numbers, bytes) and redis.call results, RESP2 and RESP3 clients, script protocol 2 and 3; key order of cjson/cmsgpack/map/set', make: returnsFile },
  { name: 'gen-errors', about: 'errors: redis.call vs pcall on bad commands, error_reply/status_reply texts, error() values and levels, runtime errors at various lines, pcall/xpcall, writes in EVAL_RO and no-writes scripts', make: errorsFile },
  { name: 'gen-strings', about: 'number arguments of redis.call, KEYS/ARGV bytes, string.* with patterns and formats, random patterns, random format conversions, tonumber/tostring, table.*, select/unpack, math', make: stringsFile },
  { name: 'gen-lua', about: 'Lua core: coercions, comparisons, number formatting, runtime error messages naming variables, compile errors, coroutines; command replies read in RESP3 mode', make: luaFile },
  { name: 'gen-args', about: 'library functions called through pcall with odd arguments: wrong types, explicit nils, NUL bytes, inf, huge numbers', make: argsFile },
  { name: 'gen-libs', about: 'cjson, cmsgpack, bit, struct, sha1hex, sandbox edges (globals, readonly tables, loadstring, math.random, coroutines), decoders fed mutated input', make: libsFile },
];

const only = process.argv[3] || undefined; // one file by name ('' = all)
const outDir = process.argv[4] ?? path.join(process.cwd(), 'test/golden/scripting'); // exploration runs write elsewhere
FILES.forEach((f, index) => {
  if (only && f.name !== only) return;
  rnd = mulberry32(seed + index);
  const lines = [
    `# Generated by test/golden/gen-scripting-fuzz.ts (seed ${seed}): ${f.about}.`,
    '# Do not edit by hand; re-generate and re-record (see the generator).',
    ...f.make(),
  ];
  const out = path.join(outDir, f.name + '.txt');
  fs.writeFileSync(out, lines.join('\n') + '\n', 'latin1');
  console.log(`wrote ${out}: ${lines.length} lines`);
});

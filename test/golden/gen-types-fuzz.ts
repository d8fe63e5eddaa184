// Generates test/golden/redis/types-fuzz.txt: seeded random sequences of list, hash, set and
// sorted-set commands (valid and invalid arguments, wrong types, edge indices) whose replies
// are deterministic in Redis, so the recorder can take them from a real redis-server and the
// golden replay compares Ferrous byte for byte. Replies whose order Redis leaves to a hash
// table (non-integer sets) are compared !unordered.
//
// Run: node dist/test/golden/gen-types-fuzz.js [seed] && npm run golden:record -- redis types-fuzz

import * as fs from 'node:fs';
import * as path from 'node:path';
import { mulberry32 } from '../support/prng';

const seed = Number(process.argv[2] ?? 6);
const rnd = mulberry32(seed);
const int = (n: number) => Math.floor(rnd() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];

// Mostly keys of the command's own type; now and then a string, a missing key or a key of
// another type (WRONGTYPE paths).
const OTHER = ['str', 'nokey', 'l1', 'h1', 's1', 'z1'];
function keyOf(own: readonly string[]): string { return int(10) < 8 ? pick(own) : pick(OTHER); }
const LIST_KEYS = ['l1', 'l2'], HASH_KEYS = ['h1', 'h2'], SET_KEYS = ['s1', 's2', 'i1', 'i2'], ZSET_KEYS = ['z1', 'z2'];

const SMALL_ELEMS = ['a', 'b', 'c', 'd', '1', '2', '"x y"', '"\\x00"', '""'];
// Big sessions draw from hundreds of values so collections cross the listpack/intset limits.
const BIG_ELEMS = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? String(i) : 'e' + i));
let ELEMS = SMALL_ELEMS;
let big = false;
const INTS = ['0', '1', '2', '-1', '-2', '3', '10', '-10', 'abc', '9223372036854775807', '-9223372036854775808'];
const SMALL = ['0', '1', '2', '3', '-1', '5'];
const SCORES = ['0', '1', '2', '1.5', '-1', '3', '-inf', '+inf', '10', 'abc', '(1', '(2'];
const LEX = ['-', '+', '[a', '(a', '[b', '(c', '[d', 'a', '[', '(""'];

function listCmd(): string {
  const k = keyOf(LIST_KEYS), e = pick(ELEMS);
  switch (int(16)) {
    case 0: return big ? `LPUSH ${k} ${e} ${pick(ELEMS)} ${pick(ELEMS)} ${pick(ELEMS)} ${pick(ELEMS)}` : `LPUSH ${k} ${e} ${pick(ELEMS)}`;
    case 1: return `RPUSH ${k} ${e}`;
    case 2: return `LPUSHX ${k} ${e}`;
    case 3: return int(2) ? `LPOP ${k}` : `LPOP ${k} ${pick(SMALL)}`;
    case 4: return int(2) ? `RPOP ${k}` : `RPOP ${k} ${pick(SMALL)}`;
    case 5: return `LRANGE ${k} ${pick(INTS)} ${pick(INTS)}`;
    case 6: return `LINDEX ${k} ${pick(INTS)}`;
    case 7: return `LSET ${k} ${pick(INTS)} ${e}`;
    case 8: return `LINSERT ${k} ${pick(['BEFORE', 'after', 'x'])} ${pick(ELEMS)} ${e}`;
    case 9: return `LREM ${k} ${pick(SMALL)} ${e}`;
    case 10: return `LTRIM ${k} ${pick(INTS)} ${pick(INTS)}`;
    case 11: return `LPOS ${k} ${e}${int(2) ? ' RANK ' + pick(['1', '2', '-1', '-2', '0']) : ''}${int(2) ? ' COUNT ' + pick(SMALL) : ''}${int(3) === 0 ? ' MAXLEN ' + pick(SMALL) : ''}`;
    case 12: return `LMOVE ${k} ${keyOf(LIST_KEYS)} ${pick(['LEFT', 'RIGHT', 'up'])} ${pick(['LEFT', 'RIGHT'])}`;
    case 13: return `RPOPLPUSH ${k} ${keyOf(LIST_KEYS)}`;
    case 14: return `LMPOP ${pick(['1', '2', '0'])} ${k} ${keyOf(LIST_KEYS)} ${pick(['LEFT', 'RIGHT'])}${int(2) ? ' COUNT ' + pick(SMALL) : ''}`;
    default: return `LLEN ${k}`;
  }
}

function hashCmd(): string {
  const k = keyOf(HASH_KEYS), f = pick(['f1', 'f2', 'f3', 'n', 'fl']), v = pick(['v', '1', '2.5', '-3', 'x']);
  switch (int(14)) {
    case 0: case 1:
      if (big) return `HSET ${k} ${pick(ELEMS)} ${v} ${pick(ELEMS)} ${v} ${pick(ELEMS)} x ${f} ${v}`;
      return `HSET ${k} ${f} ${v}${int(2) ? ' ' + pick(['f1', 'f4']) + ' ' + pick(['a', '7']) : ''}`;
    case 2: return `HSETNX ${k} ${f} ${v}`;
    case 3: return `HGET ${k} ${f}`;
    case 4: return `HMGET ${k} ${f} f2`;
    case 5: return `HDEL ${k} ${f}${int(2) ? ' f2' : ''}`;
    case 6: return `HLEN ${k}`;
    case 7: return (big ? '!unordered ' : '') + `HGETALL ${k}`;
    case 8: return `HINCRBY ${k} ${f} ${pick(INTS)}`;
    case 9: return `HINCRBYFLOAT ${k} ${f} ${pick(['1.5', '-0.25', '3', 'abc', '1e2'])}`;
    case 10: return `HSTRLEN ${k} ${f}`;
    case 11: return `HEXISTS ${k} ${f}`;
    case 12: return (big ? '!unordered ' : '') + `HKEYS ${k}`;
    default: return (big ? '!unordered ' : '') + `HVALS ${k}`;
  }
}

function setCmd(): { cmd: string; unordered: boolean } {
  const k = keyOf(SET_KEYS);
  const ints = big ? BIG_ELEMS.filter((_, i) => i % 3 === 0) : ['1', '2', '3', '-5', '100'];
  const m = k.startsWith('i') ? pick(ints) : pick(ELEMS);
  const m2 = k.startsWith('i') ? pick(ints) : pick(ELEMS);
  const two = `${keyOf(SET_KEYS)} ${keyOf(SET_KEYS)}`;
  switch (int(13)) {
    case 0: case 1:
      if (big) return { cmd: `SADD ${k} ${m} ${m2} ${pick(ELEMS)} ${pick(ELEMS)} ${pick(ELEMS)}`, unordered: false };
      return { cmd: `SADD ${k} ${m} ${m2}`, unordered: false };
    case 2: return { cmd: `SREM ${k} ${m}`, unordered: false };
    case 3: return { cmd: `SISMEMBER ${k} ${m}`, unordered: false };
    case 4: return { cmd: `SMISMEMBER ${k} ${m} ${m2}`, unordered: false };
    case 5: return { cmd: `SCARD ${k}`, unordered: false };
    case 6: return { cmd: `SMEMBERS ${k}`, unordered: true };
    case 7: return { cmd: `SINTER ${two}`, unordered: true };
    case 8: return { cmd: `SUNION ${two}`, unordered: true };
    case 9: return { cmd: `SDIFF ${two}`, unordered: true };
    case 10: return { cmd: `${pick(['SINTERSTORE', 'SUNIONSTORE', 'SDIFFSTORE'])} ${keyOf(SET_KEYS)} ${two}`, unordered: false };
    case 11: return { cmd: `SMOVE ${k} ${keyOf(SET_KEYS)} ${m}`, unordered: false };
    default: return { cmd: `SINTERCARD 2 ${two}${int(2) ? ' LIMIT ' + pick(SMALL) : ''}`, unordered: false };
  }
}

function zsetCmd(): string {
  const k = keyOf(ZSET_KEYS), m = pick(ELEMS), s = pick(SCORES);
  const lim = int(3) === 0 ? ` LIMIT ${pick(['0', '1', '-1'])} ${pick(['1', '2', '-1', '0'])}` : '';
  const ws = int(2) ? ' WITHSCORES' : '';
  switch (int(24)) {
    case 0: case 1:
      if (big) return `ZADD ${k} ${s} ${m} ${int(50)} ${pick(ELEMS)} ${int(50)} ${pick(ELEMS)} ${int(50)} ${pick(ELEMS)}`;
      return `ZADD ${k} ${s} ${m} ${pick(['1', '2', '3'])} ${pick(ELEMS)}`;
    case 2: return `ZADD ${k} ${pick(['NX', 'XX', 'GT', 'LT', 'CH', 'INCR', 'GT CH', 'XX LT'])} ${s} ${m}`;
    case 3: return `ZINCRBY ${k} ${s} ${m}`;
    case 4: return `ZSCORE ${k} ${m}`;
    case 5: return `ZMSCORE ${k} ${m} a`;
    case 6: return `ZCARD ${k}`;
    case 7: return `ZCOUNT ${k} ${s} ${pick(SCORES)}`;
    // Lex ranges over members with different scores: a skiplist answers by its random levels
    // (in Redis too), so big sessions ask only the score- and rank-based commands.
    case 8: return big ? `ZCARD ${k}` : `ZLEXCOUNT ${k} ${pick(LEX)} ${pick(LEX)}`;
    case 9: return `ZRANGE ${k} ${pick(INTS)} ${pick(INTS)}${ws}${int(3) === 0 ? ' REV' : ''}`;
    case 10: return `ZRANGE ${k} ${s} ${pick(SCORES)} BYSCORE${int(2) ? ' REV' : ''}${lim}${ws}`;
    case 11: return big ? `ZCARD ${k}` : `ZRANGE ${k} ${pick(LEX)} ${pick(LEX)} BYLEX${int(2) ? ' REV' : ''}${lim}`;
    case 12: return `ZRANGEBYSCORE ${k} ${s} ${pick(SCORES)}${ws}${lim}`;
    case 13: return `ZREVRANGEBYSCORE ${k} ${s} ${pick(SCORES)}${ws}${lim}`;
    case 14: return big ? `ZCARD ${k}` : `ZRANGEBYLEX ${k} ${pick(LEX)} ${pick(LEX)}${lim}`;
    case 15: return `ZREVRANGE ${k} ${pick(INTS)} ${pick(INTS)}${ws}`;
    case 16: return `${pick(['ZRANK', 'ZREVRANK'])} ${k} ${m}`;
    case 17: return `ZREM ${k} ${m} ${pick(ELEMS)}`;
    case 18: return `ZREMRANGEBYSCORE ${k} ${s} ${pick(SCORES)}`;
    case 19: return `ZREMRANGEBYRANK ${k} ${pick(INTS)} ${pick(INTS)}`;
    case 20: return `${pick(['ZPOPMIN', 'ZPOPMAX'])} ${k}${int(2) ? ' ' + pick(SMALL) : ''}`;
    case 21: return `${pick(['ZUNION', 'ZINTER', 'ZDIFF'])} 2 ${k} ${keyOf(ZSET_KEYS)}${int(3) === 0 ? ' WEIGHTS 2 ' + pick(['1', '-1', '0.5']) : ''}${int(3) === 0 ? ' AGGREGATE ' + pick(['MIN', 'MAX', 'SUM']) : ''}${ws}`;
    case 22: return `${pick(['ZUNIONSTORE', 'ZINTERSTORE', 'ZDIFFSTORE'])} ${keyOf(ZSET_KEYS)} 2 ${k} ${keyOf(ZSET_KEYS)}`;
    default: return `ZRANGESTORE ${keyOf(ZSET_KEYS)} ${k} ${pick(INTS)} ${pick(INTS)}`;
  }
}

const lines: string[] = [
  '# Generated by test/golden/gen-types-fuzz.ts (seed ' + seed + '): random list, hash, set and',
  '# sorted-set commands with deterministic replies. Do not edit; re-generate and re-record.',
];
for (let session = 0; session < 18; session++) {
  big = session >= 12;
  ELEMS = big ? BIG_ELEMS : SMALL_ELEMS;
  if (session > 0) lines.push('---');
  lines.push('!requires rpush hset sadd zadd');
  if (session % 4 === 3) lines.push('!resp3');
  lines.push('SET str v');
  if (big) {
    // Preload past the listpack / intset limits (130 > 128 entries; 520 > 512 integers).
    const some = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(' ');
    lines.push(`RPUSH l1 ${some(130, (i) => BIG_ELEMS[i])}`);
    lines.push(`HSET h1 ${some(130, (i) => BIG_ELEMS[i] + ' v' + i)}`);
    lines.push(`SADD s1 ${some(130, (i) => BIG_ELEMS[i])}`);
    lines.push(`SADD i1 ${some(520, (i) => String(i * 3))}`);
    lines.push(`ZADD z1 ${some(130, (i) => (i % 40) + ' ' + BIG_ELEMS[i])}`);
  }
  for (let i = 0; i < 250; i++) {
    const family = int(4);
    if (family === 0) lines.push(listCmd());
    else if (family === 1) lines.push(hashCmd());
    else if (family === 2) {
      const { cmd, unordered } = setCmd();
      lines.push(unordered ? '!unordered ' + cmd : cmd);
    } else lines.push(zsetCmd());
  }
}
const out = path.join(process.cwd(), 'test/golden/redis/types-fuzz.txt');
fs.writeFileSync(out, lines.join('\n') + '\n', 'latin1');
console.log(`wrote ${out}: ${lines.length} lines`);

// RDB value serialization, property and robustness tests (the truth from real Redis is in
// test/commands/dump-restore.test.ts):
// - random values of every type and encoding: DUMP -> RESTORE gives the same data, the same
//   OBJECT ENCODING, and DUMP of the restored value is byte-identical to the first DUMP;
// - mutated payloads (flipped, inserted and removed bytes, truncations, with a recomputed CRC)
//   make RESTORE answer OK or an error reply, never throw, hang or corrupt the keyspace;
// - listpack / intset / LZF primitives at their encoding boundaries.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine, ReplyError } from '../../src/index';
import { mulberry32 } from '../support/prng';
import { crc64, lzfCompress, lzfDecompress, rdbString, RdbReader } from '../../src/store/rdb';
import { lpFromStrings, lpParse, intsetFromSorted, intsetParse, zlParse } from '../../src/store/rdb-listpack';

type Engine = ReturnType<typeof createEngine>;

function randomString(rnd: () => number, maxLen: number): string {
  const kind = rnd();
  if (kind < 0.3) {
    // integers of every listpack width, and near-integers
    const widths = [10, 200, 5000, 40000, 9e6, 3e9, 9e18];
    let v = Math.floor((rnd() - 0.5) * 2 * widths[Math.floor(rnd() * widths.length)]);
    if (!Number.isSafeInteger(v)) return (rnd() < 0.5 ? '-' : '') + '92233720368547758' + Math.floor(rnd() * 8);
    const s = String(v);
    return rnd() < 0.1 ? s + '.0' : rnd() < 0.05 ? '0' + s : s;
  }
  const n = Math.floor(rnd() * rnd() * maxLen);
  let s = '';
  const binary = rnd() < 0.3;
  for (let i = 0; i < n; i++) s += String.fromCharCode(binary ? Math.floor(rnd() * 256) : 97 + Math.floor(rnd() * 6));
  return s;
}

/** Builds a random value of the given type at `key` through commands. */
function build(e: Engine, rnd: () => number, key: string, type: string): void {
  const big = rnd() < 0.3;
  const n = 1 + Math.floor(rnd() * (big ? 700 : 20));
  const maxLen = rnd() < 0.2 ? 200 : 20;
  switch (type) {
    case 'string': e.command('SET', key, randomString(rnd, rnd() < 0.2 ? 30000 : 60)); break;
    case 'list':
      for (let i = 0; i < n; i++) e.command(rnd() < 0.5 ? 'RPUSH' : 'LPUSH', key, randomString(rnd, maxLen));
      if (n > 1 && rnd() < 0.3) e.command('LPOP', key);
      break;
    case 'set':
      for (let i = 0; i < n; i++) e.command('SADD', key, rnd() < 0.7 ? String(Math.floor((rnd() - 0.5) * 1e6)) : randomString(rnd, maxLen));
      break;
    case 'hash':
      for (let i = 0; i < n; i++) e.command('HSET', key, randomString(rnd, maxLen) || 'f', randomString(rnd, maxLen));
      break;
    case 'zset':
      for (let i = 0; i < n; i++) {
        const scores = ['inf', '-inf', '0', '-0', '1.5', String((rnd() - 0.5) * 1e10), String(Math.floor(rnd() * 100)), '1e-310'];
        e.command('ZADD', key, scores[Math.floor(rnd() * scores.length)], randomString(rnd, maxLen) || 'm');
      }
      break;
    case 'stream': {
      for (let i = 0; i < n; i++) {
        const fields: string[] = [];
        const nf = 1 + Math.floor(rnd() * 3);
        for (let f = 0; f < nf; f++) fields.push(rnd() < 0.7 ? `f${f}` : randomString(rnd, 10), randomString(rnd, maxLen));
        e.command('XADD', key, '*', ...fields);
      }
      if (rnd() < 0.5) e.command('XDEL', key, (e.command('XRANGE', key, '-', '+', 'COUNT', '2') as [string, unknown][])[0][0]);
      if (rnd() < 0.6) {
        e.command('XGROUP', 'CREATE', key, 'g', '0');
        e.command('XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', String(1 + Math.floor(rnd() * 5)), 'STREAMS', key, '>');
        e.command('XREADGROUP', 'GROUP', 'g', 'c2', 'COUNT', '2', 'STREAMS', key, '>');
        if (rnd() < 0.5) e.command('XGROUP', 'CREATE', key, 'other', '$');
      }
      break;
    }
  }
}

/** Everything a client can read of a value (order-sensitive where the type has an order). */
function readBack(e: Engine, key: string, type: string): unknown {
  switch (type) {
    case 'string': return e.command('GET', key);
    case 'list': return e.command('LRANGE', key, '0', '-1');
    case 'set': return e.command('SMEMBERS', key);
    case 'hash': return e.command('HGETALL', key);
    case 'zset': return e.command('ZRANGE', key, '0', '-1', 'WITHSCORES');
    default: return [e.command('XRANGE', key, '-', '+'), e.command('XINFO', 'STREAM', key, 'FULL')];
  }
}

const TYPES = ['string', 'list', 'set', 'hash', 'zset', 'stream'];

test('DUMP -> RESTORE round-trips random values of every type byte for byte', () => {
  const e = createEngine();
  const rnd = mulberry32(20261126);
  const encodings = new Set<string>();
  for (let iter = 0; iter < 240; iter++) {
    const type = TYPES[iter % TYPES.length];
    e.command('FLUSHALL');
    build(e, rnd, 'src', type);
    const payload = e.command('DUMP', 'src') as string;
    assert.equal(e.command('RESTORE', 'dst', '0', payload), 'OK');
    const where = `iteration ${iter} (${type})`;
    const enc = e.command('OBJECT', 'ENCODING', 'src') as string;
    encodings.add(`${type}:${enc}`);
    const restoredEnc = e.command('OBJECT', 'ENCODING', 'dst') as string;
    // A skiplist that loads as a listpack stores its integral scores as integers, -0 as 0
    // (zzlInsertAt), as Redis's RDB load does.
    const noNegativeZero = (v: unknown): unknown => (Array.isArray(v) ? v.map(noNegativeZero)
      : Object.is(v, -0) ? 0 : v === '-0' ? '0' : v);
    const compacted = (v: unknown) => (enc === 'skiplist' && restoredEnc === 'listpack' ? noNegativeZero(v) : v);
    assert.deepEqual(readBack(e, 'dst', type), compacted(readBack(e, 'src', type)), `${where} ${enc} -> ${restoredEnc}`);
    if (restoredEnc === enc) {
      assert.equal(e.command('DUMP', 'dst'), payload, `${where}: DUMP of the restored value`);
    } else {
      // A big encoding whose contents fit the compact one again (a quicklist of one node, a
      // hashtable hash/set or skiplist after deletions) loads compact, as Redis loads it.
      assert.ok(['quicklist', 'hashtable', 'skiplist'].includes(enc) && ['listpack', 'intset'].includes(restoredEnc),
        `${where}: ${enc} restored as ${restoredEnc}`);
    }
  }
  // Every encoding was exercised.
  for (const want of ['string:int', 'string:embstr', 'string:raw', 'list:listpack', 'list:quicklist', 'set:intset',
    'set:listpack', 'set:hashtable', 'hash:listpack', 'hash:hashtable', 'zset:listpack', 'zset:skiplist', 'stream:stream']) {
    assert.ok(encodings.has(want), `no ${want} among ${[...encodings].join(' ')}`);
  }
});

test('mutated payloads: RESTORE answers OK or an error, never throws, and what it stores works', () => {
  const e = createEngine();
  const rnd = mulberry32(77);
  const seeds: string[] = [];
  for (let i = 0; i < 36; i++) {
    e.command('FLUSHALL');
    build(e, rnd, 'k', TYPES[i % TYPES.length]);
    seeds.push(e.command('DUMP', 'k') as string);
  }
  let ok = 0, bad = 0;
  const started = Date.now();
  for (let iter = 0; iter < 3000; iter++) {
    const seed = seeds[iter % seeds.length];
    let body = seed.slice(0, seed.length - 10);
    const footer = seed.slice(seed.length - 10, seed.length - 8);
    const edits = 1 + Math.floor(rnd() * 3);
    for (let k = 0; k < edits; k++) {
      const at = Math.floor(rnd() * body.length);
      const r = rnd();
      const byte = String.fromCharCode(rnd() < 0.3 ? [0, 0xff, 0x80, 0x7f, 0xc0, 0xf4, 0xfe][Math.floor(rnd() * 7)] : Math.floor(rnd() * 256));
      if (r < 0.6) body = body.slice(0, at) + byte + body.slice(at + 1);
      else if (r < 0.75) body = body.slice(0, at) + byte + body.slice(at);
      else if (r < 0.9) body = body.slice(0, at) + body.slice(at + 1);
      else body = body.slice(0, at);
    }
    const payload = body + footer + crc64(body + footer);
    e.command('FLUSHALL');
    let reply: unknown;
    try {
      reply = e.command('RESTORE', 'k', '0', payload);
    } catch (err) {
      assert.ok(err instanceof ReplyError, `iteration ${iter}: ${(err as Error).stack}`);
      assert.equal(err.message, 'ERR Bad data format', `iteration ${iter}`);
      bad++;
      continue;
    }
    assert.equal(reply, 'OK');
    ok++;
    // What was stored must serialize and read like any value.
    const type = e.command('TYPE', 'k') as string;
    const again = e.command('DUMP', 'k') as string;
    readBack(e, 'k', type);
    e.command('RESTORE', 'k2', '0', again);
    assert.deepEqual(readBack(e, 'k2', type), readBack(e, 'k', type), `iteration ${iter}: re-dump of a restored mutant`);
  }
  assert.ok(ok > 50 && bad > 500, `ok ${ok}, bad ${bad}`);
  assert.ok(Date.now() - started < 20000, 'fuzzing took too long');
});

test('listpack entries at every integer and string width', () => {
  const values = ['0', '127', '128', '-1', '-4096', '4095', '4096', '-4097', '32767', '-32768', '32768', '8388607', '-8388608',
    '8388608', '2147483647', '-2147483648', '2147483648', '9223372036854775807', '-9223372036854775808',
    '9223372036854775808', '', 'a', 'x'.repeat(63), 'x'.repeat(64), 'y'.repeat(4095), 'y'.repeat(4096), '-0', '01', '1.0'];
  const lp = lpFromStrings(values);
  assert.deepEqual(lpParse(lp), values);
  // Every truncation or single-byte corruption of the blob is either refused or still well formed.
  for (let cut = 0; cut < 200; cut++) assert.throws(() => lpParse(lp.slice(0, cut)));
});

test('intset widths and the ziplist reader', () => {
  for (const [members, width] of [[['1', '2'], 2], [['-40000', '5'], 4], [['0', '9223372036854775807'], 8]] as const) {
    const blob = intsetFromSorted(members);
    assert.equal(blob.charCodeAt(0), width);
    assert.deepEqual(intsetParse(blob), members);
  }
  assert.throws(() => intsetParse(intsetFromSorted(['1', '1'])));
  // An empty ziplist: 11 bytes, tail at 10.
  assert.deepEqual(zlParse('\x0b\x00\x00\x00\x0a\x00\x00\x00\x00\x00\xff'), []);
  assert.throws(() => zlParse('\x0b\x00\x00\x00\x0b\x00\x00\x00\x00\x00\xff'));
});

test('LZF: liblzf output for runs (the unrolled match loop), round trip of random data, forged lengths', () => {
  // 21 equal bytes: Redis writes c3 06 15 01 61 61 e0 0a 00 (one 19-byte back-reference).
  assert.equal(Buffer.from(rdbString('a'.repeat(21)), 'latin1').toString('hex'), 'c306150161 61e00a00'.replace(' ', ''));
  const rnd = mulberry32(5);
  for (let i = 0; i < 200; i++) {
    const n = 1 + Math.floor(rnd() * 3000);
    const input = new Uint8Array(n);
    for (let k = 0; k < n; k++) input[k] = rnd() < 0.7 ? 97 + Math.floor(rnd() * 3) : Math.floor(rnd() * 256);
    const packed = lzfCompress(input, n + 64);
    assert.ok(packed !== null);
    assert.deepEqual(lzfDecompress(packed, n), input);
  }
  // A compressed string claiming 2 GB of output is refused before allocating it.
  assert.throws(() => new RdbReader('\xc3\x03\x80\x7f\xff\xff\xff\x00ab').string());
});

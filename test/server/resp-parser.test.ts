// The RESP request parser on its own: valid pipelines split at every byte boundary, big
// bulks assembled across chunks, and random / mutated input that must never throw or hang.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RespParser } from '../../src/server/resp-parser';
import { splitArgs } from '../../src/commands/split-args';
import { mulberry32 } from '../support/prng';

const encode = (argv: string[]) => `*${argv.length}\r\n${argv.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`;

function randomBytes(rand: () => number, max: number): string {
  const n = Math.floor(rand() * max);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(rand() * 256));
  return s;
}

/** A random pipeline: multibulk commands with binary args and simple inline commands. */
function randomPipeline(rand: () => number, count: number): { bytes: string; commands: string[][] } {
  let bytes = '';
  const commands: string[][] = [];
  for (let i = 0; i < count; i++) {
    if (rand() < 0.3) {
      const words = ['SET', 'k' + Math.floor(rand() * 100), 'v' + Math.floor(rand() * 1000)];
      bytes += words.join(' ') + (rand() < 0.5 ? '\r\n' : '\n');
      commands.push(words);
    } else {
      const argc = 1 + Math.floor(rand() * 4);
      const argv: string[] = [];
      for (let j = 0; j < argc; j++) argv.push(randomBytes(rand, 20));
      bytes += encode(argv);
      commands.push(argv);
    }
  }
  return { bytes, commands };
}

/** Feeds chunks, collects every parsed argv; throws on a protocol error. */
function parseChunks(chunks: string[]): string[][] {
  const p = new RespParser();
  const out: string[][] = [];
  for (const c of chunks) {
    p.feed(Buffer.from(c, 'latin1'));
    let argv: string[] | null;
    while ((argv = p.next()) !== null) if (argv.length > 0) out.push(argv);
    if (p.error !== null) throw new Error(p.error);
  }
  return out;
}

test('a pipeline parses identically when split at every byte boundary', () => {
  const rand = mulberry32(1);
  const { bytes, commands } = randomPipeline(rand, 12);
  assert.deepEqual(parseChunks([bytes]), commands);
  for (let cut = 1; cut < bytes.length; cut++) {
    assert.deepEqual(parseChunks([bytes.slice(0, cut), bytes.slice(cut)]), commands, `split at ${cut}`);
  }
});

test('a pipeline parses identically fed one byte at a time and in random chunks', () => {
  const rand = mulberry32(2);
  for (let round = 0; round < 50; round++) {
    const { bytes, commands } = randomPipeline(rand, 20);
    assert.deepEqual(parseChunks([...bytes]), commands);
    const chunks: string[] = [];
    for (let i = 0; i < bytes.length;) {
      const n = 1 + Math.floor(rand() * 40);
      chunks.push(bytes.slice(i, i + n));
      i += n;
    }
    assert.deepEqual(parseChunks(chunks), commands);
  }
});

test('a big bulk spanning many chunks is assembled exactly', () => {
  const rand = mulberry32(3);
  const big = randomBytes(rand, 1) + 'x'.repeat(100_000) + '\x00\xff';
  const bytes = encode(['SET', 'k', big]) + encode(['GET', 'k']);
  const chunks: string[] = [];
  for (let i = 0; i < bytes.length; i += 1000) chunks.push(bytes.slice(i, i + 1000));
  assert.deepEqual(parseChunks(chunks), [['SET', 'k', big], ['GET', 'k']]);
  // And with the big bulk's header split from its body at odd places.
  assert.deepEqual(parseChunks([bytes.slice(0, 23), bytes.slice(23, 40000), bytes.slice(40000)]), [['SET', 'k', big], ['GET', 'k']]);
});

test('a bulk over 16 MB is collected chunk by chunk, and announcing one allocates nothing', () => {
  const value = 'ab'.repeat(10 * 1024 * 1024); // 20 MB
  const bytes = Buffer.from(encode(['SET', 'k', value]) + encode(['PING']), 'latin1');
  const p = new RespParser();
  const out: string[][] = [];
  for (let i = 0; i < bytes.length; i += 65536) {
    p.feed(bytes.subarray(i, i + 65536));
    let argv: string[] | null;
    while ((argv = p.next()) !== null) out.push(argv);
  }
  assert.equal(p.error, null);
  assert.equal(out.length, 2);
  assert.equal(out[0][2].length, value.length);
  assert.ok(out[0][2] === value);
  assert.deepEqual(out[1], ['PING']);

  const before = process.memoryUsage().arrayBuffers;
  const q = new RespParser();
  q.feed(Buffer.from('*1\r\n$400000000\r\nxyz', 'latin1'));
  assert.equal(q.next(), null);
  assert.equal(q.error, null);
  assert.equal(q.pendingBytes, 3);
  assert.ok(process.memoryUsage().arrayBuffers - before < 50 * 1024 * 1024, 'no 400 MB preallocation');
});

test('a bulk longer than a JS string can be is a protocol error, not a crash', () => {
  const p = new RespParser();
  p.maxBulkLen = 2 ** 40;
  p.feed(Buffer.from('*1\r\n$600000000\r\n', 'latin1'));
  assert.equal(p.next(), null);
  assert.equal(p.error, 'ERR Protocol error: invalid bulk length');
});

test('random and mutated input never throws and never loops', () => {
  const rand = mulberry32(4);
  const deadline = Date.now() + 1500;
  let rounds = 0;
  while (Date.now() < deadline && rounds < 20000) {
    rounds++;
    let input: string;
    if (rand() < 0.5) {
      input = randomBytes(rand, 200);
    } else {
      // Mutate a valid pipeline: flip, insert or delete a few bytes.
      const chars = [...randomPipeline(rand, 5).bytes];
      const edits = 1 + Math.floor(rand() * 4);
      for (let e = 0; e < edits && chars.length > 0; e++) {
        const at = Math.floor(rand() * chars.length);
        const kind = rand();
        const b = String.fromCharCode(Math.floor(rand() * 256));
        if (kind < 0.4) chars[at] = b;
        else if (kind < 0.7) chars.splice(at, 0, rand() < 0.5 ? b : '\r\n');
        else chars.splice(at, 1);
      }
      input = chars.join('');
    }
    const p = new RespParser();
    const buf = Buffer.from(input, 'latin1');
    let fed = 0;
    let steps = 0;
    while (fed < buf.length) {
      const n = 1 + Math.floor(rand() * 64);
      p.feed(buf.subarray(fed, fed + n));
      fed += n;
      while (p.next() !== null) {
        steps++;
        assert.ok(steps <= buf.length + 1, 'parser produced more requests than bytes');
      }
      if (p.error !== null) {
        assert.match(p.error, /^ERR Protocol error: /);
        break;
      }
    }
  }
  assert.ok(rounds > 100);
});

test('protocol errors carry the Redis texts and stop the parser', () => {
  const cases: Array<[string, string]> = [
    ['*x\r\n', 'ERR Protocol error: invalid multibulk length'],
    ['*1\r\n+x\r\n', "ERR Protocol error: expected '$', got '+'"],
    ['*1\r\n$-5\r\n', 'ERR Protocol error: invalid bulk length'],
    ['"abc\r\n', 'ERR Protocol error: unbalanced quotes in request'],
  ];
  for (const [input, error] of cases) {
    const p = new RespParser();
    p.feed(Buffer.from(input + '*1\r\n$4\r\nPING\r\n', 'latin1'));
    assert.equal(p.next(), null);
    assert.equal(p.error, error);
    assert.equal(p.next(), null, 'nothing is parsed after an error');
  }
  const p = new RespParser();
  p.maxBulkLen = 10;
  p.feed(Buffer.from('*1\r\n$11\r\n', 'latin1'));
  assert.equal(p.next(), null);
  assert.equal(p.error, 'ERR Protocol error: invalid bulk length');
});

test('inline splitting follows sdssplitargs', () => {
  assert.deepEqual(splitArgs('set a "b c"'), ['set', 'a', 'b c']);
  assert.deepEqual(splitArgs("echo 'it\\'s'"), ['echo', "it's"]);
  assert.deepEqual(splitArgs('echo "\\x00\\xff\\q"'), ['echo', '\x00\xffq']);
  assert.deepEqual(splitArgs('   '), []);
  assert.deepEqual(splitArgs('a\x00b c'), ['a'], 'a NUL byte ends the line as in C');
  assert.equal(splitArgs('echo "a'), null);
  assert.equal(splitArgs('echo "a"b'), null);
  assert.equal(splitArgs("echo 'a'b"), null);
});

test('arguments of every short length keep every byte value (the fromCharCode path)', () => {
  const rand = mulberry32(7);
  for (let len = 0; len <= 40; len++) {
    for (let round = 0; round < 20; round++) {
      const bytes = Buffer.alloc(len);
      for (let i = 0; i < len; i++) bytes[i] = round === 0 ? (i * 37 + len) & 255 : Math.floor(rand() * 256);
      const arg = bytes.toString('latin1');
      const frame = Buffer.concat([Buffer.from(`*2\r\n$3\r\nSET\r\n$${len}\r\n`, 'latin1'), bytes, Buffer.from('\r\n', 'latin1')]);
      const parser = new RespParser();
      parser.feed(frame);
      assert.deepEqual(parser.next(), ['SET', arg]);
    }
  }
});

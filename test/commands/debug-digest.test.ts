// DEBUG DIGEST / DIGEST-VALUE as Redis's test suite uses them: a dataset must have the same
// digest after DEBUG RELOAD (save, flush, load) and after DUMP/RESTORE or COPY of a key, for
// every type and encoding. The digests themselves are checked against real Redis by the golden
// corpora test/golden/redis/debug-digest.txt and test/golden/redis-7.4/debug-digest-scores.txt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createEngine } from '../../src/index';
import { sha1OfString } from '../../src/store/digest';
import { withEngineInTempDir } from '../support/temp-engine';

type Engine = ReturnType<typeof createEngine>;


/** One key of every type and encoding, big and small, some with a TTL. */
function populate(engine: Engine): void {
  const run = (...argv: string[]) => engine.command(...argv);
  run('SET', 'str', 'v\x00\xff');
  run('SET', 'int', '-12345');
  run('SET', 'raw', 'x'.repeat(100), 'EX', '1000');
  run('RPUSH', 'list', 'a', '1', '\x80');
  run('EVAL', "for i=1,300 do redis.call('rpush', KEYS[1], 'e' .. i) end", '1', 'biglist');
  run('SADD', 'intset', '1', '2', '-3');
  run('SADD', 'set', 'a', 'b', '1');
  run('EVAL', "for i=1,700 do redis.call('sadd', KEYS[1], i) end", '1', 'bigset');
  run('ZADD', 'zset', '0.1', 'a', '1e8', 'b', '-inf', 'c', '2', '3');
  run('EVAL', "for i=1,200 do redis.call('zadd', KEYS[1], i / 3, 'm' .. i) end", '1', 'bigzset');
  run('HSET', 'hash', 'f', 'v', 'n', '42');
  run('EVAL', "for i=1,600 do redis.call('hset', KEYS[1], 'f' .. i, i) end", '1', 'bighash');
  run('PEXPIRE', 'bighash', '5000000');
  run('XADD', 'stream', '1-1', 'f', 'v');
  run('XADD', 'stream', '1-2', 'f', 'w', 'g', 'x');
  run('XADD', 'stream', '5-0', 'h', 'y');
  run('XDEL', 'stream', '1-2');
  run('XGROUP', 'CREATE', 'stream', 'grp', '0');
  run('XREADGROUP', 'GROUP', 'grp', 'alice', 'COUNT', '1', 'STREAMS', 'stream', '>');
  run('SELECT', '7');
  run('SET', 'other-db', 'v');
  run('SELECT', '0');
}

const KEYS = ['str', 'int', 'raw', 'list', 'biglist', 'intset', 'set', 'bigset', 'zset', 'bigzset', 'hash', 'bighash', 'stream'];

test('DEBUG RELOAD keeps DEBUG DIGEST and every DEBUG DIGEST-VALUE', () => {
  withEngineInTempDir((engine) => {
    populate(engine);
    const before = engine.command('DEBUG', 'DIGEST') as string;
    const values = engine.command('DEBUG', 'DIGEST-VALUE', ...KEYS) as string[];
    assert.match(before, /^[0-9a-f]{40}$/);
    assert.notEqual(before, '0'.repeat(40));
    assert.equal(new Set(values).size, KEYS.length, 'every key has its own digest');
    assert.equal(engine.command('DEBUG', 'RELOAD'), 'OK');
    assert.equal(engine.command('DEBUG', 'DIGEST'), before);
    assert.deepEqual(engine.command('DEBUG', 'DIGEST-VALUE', ...KEYS), values);
  });
});

test('a key copied by DUMP/RESTORE, COPY or MOVE has the same DEBUG DIGEST-VALUE', () => {
  withEngineInTempDir((engine) => {
    populate(engine);
    for (const key of KEYS) {
      const [original] = engine.command('DEBUG', 'DIGEST-VALUE', key) as string[];
      // The TTL takes part in the digest (as "has one"): RESTORE and COPY without it differ.
      const ttl = engine.command('PTTL', key) as number;
      engine.command('RESTORE', `${key}:restored`, ttl > 0 ? String(ttl) : '0', engine.command('DUMP', key) as string);
      engine.command('COPY', key, `${key}:copy`);
      assert.deepEqual(engine.command('DEBUG', 'DIGEST-VALUE', `${key}:restored`, `${key}:copy`), [original, original], key);
    }
    const [hash] = engine.command('DEBUG', 'DIGEST-VALUE', 'hash') as string[];
    engine.command('MOVE', 'hash', '3');
    engine.command('SELECT', '3');
    assert.deepEqual(engine.command('DEBUG', 'DIGEST-VALUE', 'hash'), [hash]);
  });
});

test('DEBUG DIGEST changes with any change of the dataset and is back when it is undone', () => {
  withEngineInTempDir((engine) => {
    populate(engine);
    const before = engine.command('DEBUG', 'DIGEST') as string;
    const changes: Array<[string[], string[]]> = [
      [['LSET', 'biglist', '150', 'x'], ['LSET', 'biglist', '150', 'e151']],
      [['ZADD', 'zset', '0.1000001', 'a'], ['ZADD', 'zset', '0.1', 'a']],
      [['HSET', 'bighash', 'f1', '2'], ['HSET', 'bighash', 'f1', '1']],
      [['PERSIST', 'raw'], ['EXPIRE', 'raw', '50']],
      [['XADD', 'stream', '9-9', 'a', 'b'], ['XDEL', 'stream', '9-9']],
      [['SREM', 'bigset', '700'], ['SADD', 'bigset', '700']],
    ];
    for (const [change, undo] of changes) {
      engine.command(...change);
      assert.notEqual(engine.command('DEBUG', 'DIGEST'), before, change.join(' '));
      engine.command(...undo);
      assert.equal(engine.command('DEBUG', 'DIGEST'), before, undo.join(' '));
    }
  });
});

test('the hand-written SHA1 agrees with node:crypto on every length around the block edges', () => {
  const out = new Uint8Array(20);
  // A fixed pseudo-random byte source, so a failure is reproducible.
  let seed = 12345;
  const nextByte = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed >>> 24; };
  const lengths: number[] = [];
  for (let n = 0; n <= 200; n++) lengths.push(n);
  lengths.push(511, 512, 513, 1 << 16, (1 << 20) + 7);
  for (const n of lengths) {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(nextByte());
    sha1OfString(s, out);
    const expected = createHash('sha1').update(Buffer.from(s, 'latin1')).digest('hex');
    assert.equal(Buffer.from(out).toString('hex'), expected, `length ${n}`);
  }
});

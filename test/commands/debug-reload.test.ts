// DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE] (debug.c): the dataset survives a save + flush +
// load; NOSAVE loads the file as it is; MERGE lets loaded keys replace existing ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEngine, ReplyError } from '../../src/index';

function withEngineInTempDir(fn: (engine: ReturnType<typeof createEngine>) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrous-reload-'));
  const engine = createEngine({ dir, 'enable-debug-command': 'yes' });
  try {
    fn(engine);
  } finally {
    engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('DEBUG RELOAD keeps every key, value and TTL', () => {
  withEngineInTempDir((engine) => {
    engine.command('SET', 's', 'v\x00\xff');
    engine.command('RPUSH', 'l', 'a', 'b', 'c');
    engine.command('HSET', 'h', 'f', '1');
    engine.command('ZADD', 'z', '1.5', 'm');
    engine.command('SADD', 'set', '1', '2', '3');
    engine.command('SET', 'ttl', 'x', 'EX', '1000');
    engine.command('SELECT', '3');
    engine.command('SET', 'in3', 'yes');
    engine.command('SELECT', '0');
    assert.equal(engine.command('DEBUG', 'RELOAD'), 'OK');
    assert.equal(engine.command('GET', 's'), 'v\x00\xff');
    assert.deepEqual(engine.command('LRANGE', 'l', '0', '-1'), ['a', 'b', 'c']);
    assert.equal(engine.command('HGET', 'h', 'f'), '1');
    assert.equal(engine.command('ZSCORE', 'z', 'm'), 1.5);
    assert.equal(engine.command('SCARD', 'set'), 3);
    const ttl = engine.command('TTL', 'ttl') as number;
    assert.ok(ttl > 990 && ttl <= 1000, String(ttl));
    engine.command('SELECT', '3');
    assert.equal(engine.command('GET', 'in3'), 'yes');
  });
});

test('DEBUG RELOAD NOSAVE loads the file as saved; MERGE NOFLUSH adds to what is there', () => {
  withEngineInTempDir((engine) => {
    engine.command('SET', 'a', 'saved');
    assert.equal(engine.command('SAVE'), 'OK');
    engine.command('SET', 'a', 'changed');
    engine.command('SET', 'b', 'new');
    assert.equal(engine.command('DEBUG', 'RELOAD', 'NOSAVE'), 'OK');
    assert.equal(engine.command('GET', 'a'), 'saved');
    assert.equal(engine.command('GET', 'b'), null);
    engine.command('SET', 'a', 'changed');
    engine.command('SET', 'c', 'kept');
    assert.equal(engine.command('DEBUG', 'RELOAD', 'NOSAVE', 'NOFLUSH', 'MERGE'), 'OK');
    assert.equal(engine.command('GET', 'a'), 'saved');
    assert.equal(engine.command('GET', 'c'), 'kept');
    // Without MERGE a key in both the file and the dataset is an error, as in Redis.
    assert.throws(() => engine.command('DEBUG', 'RELOAD', 'NOSAVE', 'NOFLUSH'), /Error trying to load the RDB dump/);
    assert.throws(() => engine.command('DEBUG', 'RELOAD', 'FAST'), (e: unknown) =>
      e instanceof ReplyError && e.message === 'ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.');
  });
});

// DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE] (debug.c): the dataset survives a save + flush +
// load; NOSAVE loads the file as it is; MERGE lets loaded keys replace existing ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine, ReplyError } from '../../src/index';
import { withEngineInTempDir } from '../support/temp-engine';
// Function libraries go into the RDB file of an embedded engine too (the scripting layer
// installs the persistence hooks with the FUNCTION commands): nothing to wire here.


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

const library = (name: string, reply: string): string =>
  `#!lua name=${name}\nredis.register_function('${name}', function() return '${reply}' end)`;

/** FUNCTION LIST's library names (the engine API gives each library as a Map). */
function libraryNames(engine: ReturnType<typeof createEngine>): string[] {
  const libs = engine.command('FUNCTION', 'LIST') as unknown as Array<Map<string, unknown>>;
  return libs.map((lib) => String(lib.get('library_name'))).sort();
}

// functions.tcl "FUNCTION - test debug reload different options", checked by hand against
// redis-server 7.0.15 (7.4 appends ", check server logs." to the error).
test('DEBUG RELOAD NOFLUSH fails on a library that is already loaded; with MERGE it replaces it', () => {
  withEngineInTempDir((engine) => {
    // No keys: a key in both the file and the dataset would fail the load by itself.
    engine.command('FUNCTION', 'LOAD', library('test', 'hello'));
    assert.throws(() => engine.command('DEBUG', 'RELOAD', 'NOFLUSH'), (e: unknown) =>
      e instanceof ReplyError && e.message === 'ERR Error trying to load the RDB dump, check server logs.');
    // The failed load changed nothing.
    assert.equal(engine.command('FCALL', 'test', '0'), 'hello');
    assert.equal(engine.command('DEBUG', 'RELOAD', 'NOFLUSH', 'MERGE'), 'OK');
    assert.equal(engine.command('FCALL', 'test', '0'), 'hello');
    assert.deepEqual(libraryNames(engine), ['test']);
  });
});

// functions.tcl "FUNCTION - test debug reload with nosave and noflush".
test('DEBUG RELOAD NOSAVE NOFLUSH MERGE keeps libraries loaded after the save and merges the saved ones', () => {
  withEngineInTempDir((engine) => {
    engine.command('SET', 'x', '1');
    engine.command('FUNCTION', 'LOAD', library('test1', 'hello'));
    assert.equal(engine.command('DEBUG', 'RELOAD'), 'OK');
    engine.command('FUNCTION', 'LOAD', library('test2', 'hello'));
    assert.equal(engine.command('DEBUG', 'RELOAD', 'NOSAVE', 'NOFLUSH', 'MERGE'), 'OK');
    assert.equal(engine.command('FCALL', 'test1', '0'), 'hello');
    assert.equal(engine.command('FCALL', 'test2', '0'), 'hello');
    // A saved library replaces the loaded one of the same name under MERGE.
    engine.command('FUNCTION', 'LOAD', 'REPLACE', library('test1', 'changed'));
    assert.equal(engine.command('DEBUG', 'RELOAD', 'NOSAVE', 'NOFLUSH', 'MERGE'), 'OK');
    assert.equal(engine.command('FCALL', 'test1', '0'), 'hello');
  });
});

test('DEBUG RELOAD (with its flush) drops libraries loaded after the save; FLUSHALL keeps them', () => {
  withEngineInTempDir((engine) => {
    engine.command('FUNCTION', 'LOAD', library('saved', 'a'));
    assert.equal(engine.command('SAVE'), 'OK');
    engine.command('FUNCTION', 'LOAD', library('later', 'b'));
    engine.command('FLUSHALL');
    assert.deepEqual(libraryNames(engine), ['later', 'saved']);
    assert.equal(engine.command('DEBUG', 'RELOAD', 'NOSAVE'), 'OK');
    assert.deepEqual(libraryNames(engine), ['saved']);
    // A file without libraries empties the set on a flushing reload.
    engine.command('FUNCTION', 'FLUSH');
    assert.equal(engine.command('SAVE'), 'OK');
    engine.command('FUNCTION', 'LOAD', library('gone', 'c'));
    assert.equal(engine.command('DEBUG', 'RELOAD', 'NOSAVE'), 'OK');
    assert.deepEqual(libraryNames(engine), []);
  });
});

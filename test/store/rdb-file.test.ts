// Whole-dataset RDB files: a dump.rdb written by real redis-server 7.0.15 (recorded by
// test/golden/record-dump.ts) loads into Ferrous and every key reads back as it did in Redis;
// Ferrous's SAVE writes a version-12 file that loads back into a fresh server with the same
// data; BGSAVE / LASTSAVE / INFO persistence report saves as Redis does.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { withServer } from '../support/server';
import { RawRespClient } from '../support/resp-client';
import { freePort, waitForPort } from '../support/redis-oracle';
import { crc64 } from '../../src/store/rdb';
import { decodeRdbFile } from '../../src/store/rdb-file';
import { loadRdb, loadRdbAtStartup } from '../../src/commands/persistence';
import { asRedis74Reply } from '../support/doubles-74';

interface RdbRead { db: number; cmd: string[]; reply: string }
const golden = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'test/golden/dump/dump.json'), 'latin1')) as { rdbFile: { reads: RdbRead[] } };
const redisRdb = fs.readFileSync(path.join(process.cwd(), 'test/golden/dump/redis-7.0.rdb')).toString('latin1');


async function replay(c: RawRespClient, reads: RdbRead[]): Promise<string[]> {
  const problems: string[] = [];
  let db = -1;
  for (const r of reads) {
    if (r.db !== db) { await c.command('SELECT', String(r.db)); db = r.db; }
    const got = await c.command(...r.cmd);
    if (got !== asRedis74Reply(r.cmd, r.reply)) problems.push(`db ${r.db} ${r.cmd.join(' ').slice(0, 70)}\n  redis:   ${JSON.stringify(r.reply.slice(0, 200))}\n  ferrous: ${JSON.stringify(got.slice(0, 200))}`);
  }
  await c.command('SELECT', '0');
  return problems;
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ferrous-rdb-'));
}

test('a dump.rdb saved by redis-server 7.0 loads with every key, TTL and function', async () => {
  const contents = decodeRdbFile(redisRdb);
  assert.equal(contents.version, 10);
  assert.equal(contents.aux.get('redis-ver'), '7.0.15');
  await withServer(async (srv, connect) => {
    const loaded = loadRdb(srv.engine.keyspace, srv.engine, redisRdb);
    assert.ok(loaded > 40, `${loaded} keys`);
    const problems = await replay(await connect(), golden.rdbFile.reads);
    assert.deepEqual(problems, [], problems.join('\n'));
  });
  // A changed byte inside a value (the string "hello") is caught by the file's CRC64.
  const at = redisRdb.indexOf('hello');
  assert.ok(at > 0);
  const corrupt = redisRdb.slice(0, at) + 'j' + redisRdb.slice(at + 1);
  assert.throws(() => decodeRdbFile(corrupt), /checksum/);
});

test('SAVE writes a version-12 RDB file that a new server loads at startup', async () => {
  const dir = tempDir();
  try {
    let firstReads: string[] = [];
    // dir is a protected config (CONFIG SET refuses it): the server starts with it, as from a
    // config file. Tests never save into the working directory (the repository).
    await withServer(async (srv, connect) => {
      assert.equal(srv.engine.config.get('dir'), dir);
      loadRdb(srv.engine.keyspace, srv.engine, redisRdb);
      const c = await connect();
      const before = await c.command('LASTSAVE');
      await c.command('SET', 'dirty', '1');
      assert.match(await c.command('INFO', 'persistence'), /rdb_changes_since_last_save:[1-9]/);
      assert.equal(await c.command('SAVE'), '+OK\r\n');
      const info = await c.command('INFO', 'persistence');
      assert.match(info, /rdb_changes_since_last_save:0\r\n/);
      assert.match(info, /rdb_saves:1\r\n/);
      assert.ok(Number((await c.command('LASTSAVE')).slice(1)) >= Number(before.slice(1)));
      await c.command('DEL', 'dirty');
      firstReads = [];
      for (const r of golden.rdbFile.reads) { await c.command('SELECT', String(r.db)); firstReads.push(await c.command(...r.cmd)); }
      assert.equal(await c.command('SELECT', '0'), '+OK\r\n');
      assert.equal(await c.command('BGSAVE'), '+Background saving started\r\n');
      assert.equal(await c.command('BGSAVE', 'SCHEDULE'), '+Background saving started\r\n');
      assert.equal(await c.command('BGSAVE', 'x'), '-ERR syntax error\r\n');
      assert.match(await c.command('INFO', 'persistence'), /rdb_saves:3\r\nrdb_last_load_keys_expired:0\r\nrdb_last_load_keys_loaded:\d+/);
    }, { dir });
    const file = fs.readFileSync(path.join(dir, 'dump.rdb')).toString('latin1');
    assert.equal(file.slice(0, 9), 'REDIS0012');
    assert.equal(crc64(file, file.length - 8), file.slice(file.length - 8));
    const contents = decodeRdbFile(file);
    assert.equal(contents.aux.get('redis-ver'), '7.4.0');
    assert.deepEqual([...contents.aux.keys()], ['redis-ver', 'redis-bits', 'ctime', 'used-mem', 'aof-base']);
    assert.equal(contents.functionCodes.length, 1);
    const empty = tempDir();
    await withServer(async (srv, connect) => {
      assert.equal(loadRdbAtStartup(srv.engine.keyspace, srv.engine), -1, 'no file in an empty dir');
      assert.equal(srv.engine.config.set('dir', dir), null);
      assert.ok(loadRdbAtStartup(srv.engine.keyspace, srv.engine) > 40);
      const c = await connect();
      const problems: string[] = [];
      const reads = golden.rdbFile.reads;
      for (let i = 0; i < reads.length; i++) {
        await c.command('SELECT', String(reads[i].db));
        const got = await c.command(...reads[i].cmd);
        if (got !== firstReads[i]) problems.push(`${reads[i].cmd.join(' ').slice(0, 60)}: ${JSON.stringify(firstReads[i].slice(0, 100))} -> ${JSON.stringify(got.slice(0, 100))}`);
      }
      assert.deepEqual(problems, [], problems.join('\n'));
      assert.match(await c.command('INFO', 'persistence'), /rdb_last_load_keys_loaded:[1-9]/);
    }, { dir: empty });
    fs.rmSync(empty, { recursive: true, force: true });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('SAVE into a directory that disappeared replies -ERR; BGSAVE reports the failure in INFO', async () => {
  const dir = tempDir();
  await withServer(async (_srv, connect) => {
    const c = await connect();
    fs.rmSync(dir, { recursive: true, force: true });
    await c.command('SET', 'k', 'v');
    assert.equal(await c.command('SAVE'), '-ERR\r\n');
    assert.equal(await c.command('BGSAVE'), '+Background saving started\r\n');
    assert.match(await c.command('INFO', 'persistence'), /rdb_last_bgsave_status:err\r\n/);
    assert.match(await c.command('EVAL', "return redis.call('save')", '0'), /^-ERR This Redis command is not allowed from script/);
  }, { dir });
});

const MAIN = path.join(__dirname, '..', '..', 'src', 'cli', 'server-main.js');

function startCli(dir: string, port: number, save: string): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn(process.execPath, [MAIN, '--port', String(port), '--dir', dir, '--save', save, '--loglevel', 'warning'],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, FERROUS_SERVER_NO_REEXEC: '1' } });
  return { child, done: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

test('ferrous-server: a save point writes dump.rdb, SIGTERM saves, the next start loads it', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'dump.rdb');
  try {
    const port = await freePort();
    const first = startCli(dir, port, '0 1');
    try {
      await waitForPort(port);
      const c = await RawRespClient.connect(port);
      await c.command('SET', 'a', '1');
      // "save 0 1": one change, and a save older than 0 seconds: within about two seconds.
      const deadline = Date.now() + 5000;
      while (!fs.existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.ok(fs.existsSync(file), 'the save point wrote dump.rdb');
      assert.match(await c.command('INFO', 'persistence'), /rdb_saves:1\r\n/);
      await c.command('SET', 'b', '2');
      c.close();
    } finally {
      first.child.kill('SIGTERM');
    }
    assert.equal(await first.done, 0);
    assert.deepEqual(decodeRdbFile(fs.readFileSync(file).toString('latin1')).keys.map((k) => k.key).sort(), ['a', 'b']);

    const second = startCli(dir, port, '');
    try {
      await waitForPort(port);
      const c = await RawRespClient.connect(port);
      assert.equal(await c.command('MGET', 'a', 'b'), '*2\r\n$1\r\n1\r\n$1\r\n2\r\n');
      assert.match(await c.command('INFO', 'persistence'), /rdb_last_load_keys_loaded:2\r\n/);
      c.close();
    } finally {
      second.child.kill('SIGTERM');
    }
    assert.equal(await second.done, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('ferrous-server: SHUTDOWN saves when save points are set, SHUTDOWN NOSAVE does not', async () => {
  for (const [args, expectFile] of [[[], true], [['NOSAVE'], false], [['SAVE'], true]] as Array<[string[], boolean]>) {
    const dir = tempDir();
    const file = path.join(dir, 'dump.rdb');
    try {
      const port = await freePort();
      // A save point that cannot trigger during the test (3600 s): only the shutdown can save.
      const server = startCli(dir, port, args.length === 1 && args[0] === 'SAVE' ? '' : '3600 1');
      try {
        await waitForPort(port);
        const c = await RawRespClient.connect(port);
        await c.command('SET', 'k', 'v');
        c.writeRaw(`*${1 + args.length}\r\n$8\r\nSHUTDOWN\r\n${args.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`);
        assert.equal(await server.done, 0);
        c.close();
      } finally {
        server.child.kill('SIGKILL');
      }
      assert.equal(fs.existsSync(file), expectFile, `SHUTDOWN ${args.join(' ')}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});

// ferrous-server as a process: redis-server style flags, config files, CONFIG REWRITE,
// rejection of unknown options, clean exit on SIGTERM and SHUTDOWN.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RawRespClient } from '../support/resp-client';
import { freePort, waitForPort } from '../support/redis-oracle';

const MAIN = path.join(__dirname, '..', '..', 'src', 'cli', 'server-main.js');
/** The servers run in a directory of their own: `dir` defaults to ./, where dump.rdb lives. */
const CWD = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrous-cli-cwd-'));

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

test('unknown options are rejected with a message and exit code 1', () => {
  const r = spawnSync(process.execPath, [MAIN, '--port', '0', '--no-such-option', 'x'], { encoding: 'latin1', timeout: 10000, cwd: CWD });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /--no-such-option/);
});

test('a bad config file line is fatal', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrous-cli-'));
  const file = path.join(dir, 'bad.conf');
  fs.writeFileSync(file, 'port 7000\nbogus-directive 1\n');
  const r = spawnSync(process.execPath, [MAIN, file], { encoding: 'latin1', timeout: 10000, cwd: CWD });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /line 2/);
  assert.match(r.stderr, /bogus-directive/);
});

test('flags set config; SIGTERM shuts down cleanly', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN, '--port', String(port), '--save', '', '--appendonly', 'no',
    '--databases', '4', '--maxmemory', '100mb', '--loglevel', 'warning', '--bind', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'], cwd: CWD });
  const done = exited(child);
  try {
    await waitForPort(port);
    const c = await RawRespClient.connect(port);
    assert.equal(await c.command('CONFIG', 'GET', 'databases'), '*2\r\n$9\r\ndatabases\r\n$1\r\n4\r\n');
    assert.equal(await c.command('CONFIG', 'GET', 'maxmemory'), '*2\r\n$9\r\nmaxmemory\r\n$9\r\n104857600\r\n');
    assert.equal(await c.command('CONFIG', 'GET', 'save'), '*2\r\n$4\r\nsave\r\n$0\r\n\r\n');
    assert.equal(await c.command('SELECT', '4'), '-ERR DB index is out of range\r\n');
    c.close();
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await done, 0);
});

test('config file, CONFIG REWRITE and SHUTDOWN', async () => {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrous-cli-'));
  const file = path.join(dir, 'ferrous.conf');
  fs.writeFileSync(file, `# my config\nport ${port}\nmaxmemory 1mb\nsave ""\n`);
  const child = spawn(process.execPath, [MAIN, file, '--loglevel', 'warning'], { stdio: ['ignore', 'pipe', 'pipe'], cwd: CWD });
  const done = exited(child);
  try {
    await waitForPort(port);
    const c = await RawRespClient.connect(port);
    assert.equal(await c.command('CONFIG', 'GET', 'maxmemory'), '*2\r\n$9\r\nmaxmemory\r\n$7\r\n1048576\r\n');
    assert.equal(await c.command('CONFIG', 'SET', 'maxmemory', '2mb', 'timeout', '30'), '+OK\r\n');
    assert.equal(await c.command('CONFIG', 'REWRITE'), '+OK\r\n');
    const text = fs.readFileSync(file, 'latin1');
    assert.match(text, /^# my config\n/);
    assert.match(text, /\nmaxmemory 2097152\n/);
    assert.match(text, /\ntimeout 30\n/);
    assert.match(text, new RegExp(`\\nport ${port}\\n`));
    c.writeRaw('*1\r\n$8\r\nSHUTDOWN\r\n');
    assert.equal(await c.readUntilClose(), '');
    const code = await Promise.race([done, new Promise((r) => setTimeout(() => r('still running'), 5000))]);
    assert.equal(code, 0, 'SHUTDOWN exits with status 0');
  } finally {
    child.kill('SIGKILL');
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

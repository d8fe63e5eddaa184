// Starts a real redis-server (Debian package redis-server) on a free loopback port, for
// golden recording and side-by-side benchmarks only. The normal test run never needs it.

import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function waitForPort(port: number, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.createConnection({ port, host: '127.0.0.1' });
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface RedisOracle {
  port: number;
  version: string;
  stop(): Promise<void>;
}

/** Starts redis-server with no persistence; extra args are redis-server flags. */
export async function startRedisOracle(extraArgs: string[] = []): Promise<RedisOracle> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrous-oracle-'));
  const child: ChildProcess = spawn('redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--dir', dir, '--enable-debug-command', 'yes', ...extraArgs,
  ], { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (e) => { throw new Error(`cannot start redis-server (apt-get install -y redis-server): ${e.message}`); });
  await waitForPort(port);
  const { execFileSync } = await import('node:child_process');
  const versionLine = execFileSync('redis-server', ['--version']).toString();
  const version = /v=(\S+)/.exec(versionLine)?.[1] ?? 'unknown';
  return {
    port,
    version,
    async stop() {
      child.kill('SIGKILL');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

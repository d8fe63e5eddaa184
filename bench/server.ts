// npm run bench:server — Ferrous next to a real redis-server, measured by redis-benchmark.
//
// Starts Ferrous as a child process (node dist/src/cli/server-main.js) and redis-server
// (--save '' --appendonly no) on free ports, then runs
//   redis-benchmark -q -c 50 -n 100000 -t set,get,incr,mset [-P 16]
// against each in turn (runs interleaved, so machine noise hits both alike), RUNS times,
// and prints the median requests/s and the ratio Ferrous/Redis, plus each server's CPU time
// per request (from /proc; steadier than req/s on a busy machine). Then the data-type commands
// (LPUSH, LPOP, LRANGE_100, HSET, SADD, ZADD, ZRANGEBYSCORE ... LIMIT 0 10, XADD) without
// pipelining, then loads 1M small string keys into each and compares Redis's used_memory with
// Ferrous's RSS (right after the load and BENCH_SETTLE_MS, default 5000, later) and V8 heap, and last the sorted-set complexity bench (bench/zset.ts: ZRANK and
// ZRANGEBYSCORE LIMIT 0 10 at 10k, 100k and 1M members, in-process).
//
// Environment: BENCH_N (requests per run, default 100000), BENCH_RUNS (default 3),
// BENCH_KEYS (keys for the memory test, default 1000000), BENCH_SKIP_MEMORY=1,
// BENCH_SKIP_TYPES=1, BENCH_SKIP_ZSET=1.
// Needs redis-server and redis-benchmark (Debian: redis-server, redis-tools).

import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, waitForPort, startRedisOracle } from '../test/support/redis-oracle';
import { cpuSeconds, median, serverPid } from './support';

const N = Number(process.env.BENCH_N ?? 100000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const KEYS = Number(process.env.BENCH_KEYS ?? 1000000);
const TESTS = ['SET', 'GET', 'INCR', 'MSET'];
/** How long the memory test lets the servers idle before the settled RSS reading. */
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 5000);
/** redis-benchmark's own tests for the data types (-t names). */
const TYPE_TESTS = ['LPUSH', 'LPOP', 'LRANGE_100', 'HSET', 'SADD', 'ZADD'];
/** Commands redis-benchmark has no -t test for: name -> argv (bench:z is loaded first). */
const CUSTOM_TESTS: Record<string, string[]> = {
  ZRANGEBYSCORE: ['ZRANGEBYSCORE', 'bench:z', '100', '+inf', 'LIMIT', '0', '10'],
  XADD: ['XADD', 'bench:s', 'MAXLEN', '~', '10000', '*', 'field', 'value'],
};

interface Target { name: string; port: number; stop(): Promise<void> }

async function startFerrous(): Promise<Target> {
  const port = await freePort();
  const main = path.join(__dirname, '..', 'src', 'cli', 'server-main.js');
  const child: ChildProcess = spawn(process.execPath, ['--expose-gc', main, '--port', String(port), '--save', '', '--appendonly', 'no', '--loglevel', 'warning', '--dir', fs.mkdtempSync(path.join(os.tmpdir(), 'ferrous-bench-'))], { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await waitForPort(port);
  return { name: 'ferrous', port, stop: async () => { child.kill('SIGKILL'); await exited; } };
}

function runRedisBenchmark(args: string[]): string {
  return execFileSync('redis-benchmark', args, { encoding: 'latin1', maxBuffer: 64 * 1024 * 1024, timeout: 300000 });
}

/** One redis-benchmark run of its built-in tests; returns requests/s per test name. */
function benchmark(port: number, pipeline: number, tests: string[]): Record<string, number> {
  const args = ['-p', String(port), '-q', '-c', '50', '-n', String(N), '-t', tests.join(',').toLowerCase()];
  if (pipeline > 1) args.push('-P', String(pipeline));
  const result: Record<string, number> = {};
  // -q prints progress lines separated by \r; the final line per test is "SET: 12345.67 requests
  // per second, ..." or "LRANGE_100 (first 100 elements): ..."; "LPUSH (needed to benchmark
  // LRANGE)" is the list fill before LRANGE, not the LPUSH test.
  for (const line of runRedisBenchmark(args).split(/[\r\n]+/)) {
    const m = /^\s*([A-Z_0-9]+)( \([^)]*\))?: ([\d.]+) requests per second/.exec(line);
    if (m !== null && !(m[2] ?? '').includes('needed')) result[m[1]] = Number(m[3]);
  }
  return result;
}

/** One redis-benchmark run of an arbitrary command; returns requests/s. */
function benchmarkCommand(port: number, argv: string[]): number {
  const out = runRedisBenchmark(['-p', String(port), '-q', '-c', '50', '-n', String(N), ...argv]);
  const m = /: ([\d.]+) requests per second/.exec(out.split(/[\r\n]+/).filter((l) => l.includes('requests per second')).pop() ?? '');
  return m === null ? NaN : Number(m[1]);
}

/** Loads bench:z with `members` members (score i, member m:i) over one pipelined connection; each ZADD reply is one line. */
function loadSortedSet(port: number, members: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ port, host: '127.0.0.1' });
    let s = '';
    for (let i = 0; i < members; i++) {
      const score = String(i), member = `m:${i}`;
      s += `*4\r\n$4\r\nZADD\r\n$7\r\nbench:z\r\n$${score.length}\r\n${score}\r\n$${member.length}\r\n${member}\r\n`;
    }
    let seen = 0;
    socket.on('connect', () => socket.write(s, 'latin1'));
    socket.on('data', (d) => {
      for (let i = 0; i < d.length; i++) if (d[i] === 10) seen++;
      if (seen >= members) { socket.end(); resolve(); }
    });
    socket.on('error', reject);
  });
}

function printTable(samples: Record<string, Record<string, number[]>>, names: string[]): void {
  console.log('  test            ferrous req/s    redis req/s    ratio');
  for (const name of names) {
    const f = median(samples.ferrous[name] ?? []);
    const r = median(samples.redis[name] ?? []);
    console.log(`  ${name.padEnd(13)} ${f.toFixed(0).padStart(15)} ${r.toFixed(0).padStart(14)} ${(f / r).toFixed(2).padStart(8)}x`);
  }
}


/** Sends `count` SET key:N value:N over one connection in pipelined batches. */
function loadKeys(port: number, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ port, host: '127.0.0.1' });
    const BATCH = 10000;
    let sent = 0;
    let pendingBytes = 0;
    const sendBatch = () => {
      let s = '';
      const end = Math.min(count, sent + BATCH);
      for (let i = sent; i < end; i++) {
        const k = `key:${String(i).padStart(8, '0')}`;
        const v = `val:${String(i).padStart(8, '0')}`;
        s += `*3\r\n$3\r\nSET\r\n$${k.length}\r\n${k}\r\n$${v.length}\r\n${v}\r\n`;
      }
      pendingBytes += (end - sent) * 5; // each reply is +OK\r\n
      sent = end;
      socket.write(s, 'latin1');
    };
    socket.on('connect', sendBatch);
    socket.on('data', (d) => {
      pendingBytes -= d.length;
      if (pendingBytes === 0) {
        if (sent >= count) { socket.end(); resolve(); } else sendBatch();
      }
    });
    socket.on('error', reject);
  });
}

/** INFO memory fields of a server, via one command. */
/** Sends one command and waits for its (single-line or bulk) reply. */
function sendCommand(port: number, argv: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ port, host: '127.0.0.1' });
    socket.on('connect', () => socket.write(`*${argv.length}\r\n${argv.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`));
    socket.once('data', () => { socket.destroy(); resolve(); });
    socket.on('error', reject);
  });
}

function infoMemory(port: number): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ port, host: '127.0.0.1' });
    let buf = '';
    socket.on('connect', () => socket.write('*2\r\n$6\r\nMEMORY\r\n$5\r\nPURGE\r\n*2\r\n$4\r\nINFO\r\n$6\r\nmemory\r\n'));
    socket.on('data', (d) => {
      buf += d.toString('latin1');
      const at = buf.indexOf('$', 5);
      if (at < 0) return;
      const nl = buf.indexOf('\r\n', at);
      const len = Number(buf.slice(at + 1, nl));
      if (buf.length < nl + 2 + len) return;
      const fields: Record<string, string> = {};
      for (const line of buf.slice(nl + 2, nl + 2 + len).split('\r\n')) {
        const i = line.indexOf(':');
        if (i > 0) fields[line.slice(0, i)] = line.slice(i + 1);
      }
      socket.destroy();
      resolve(fields);
    });
    socket.on('error', reject);
  });
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  const started = Date.now();
  const ferrous = await startFerrous();
  const oracle = await startRedisOracle();
  const redis: Target = { name: 'redis', port: oracle.port, stop: () => oracle.stop() };
  try {
    console.log(`redis-benchmark -q -c 50 -n ${N} -t ${TESTS.join(',').toLowerCase()}, median of ${RUNS} runs (redis-server ${oracle.version}, node ${process.version})\n`);
    const pids: Record<string, number> = { ferrous: await serverPid(ferrous.port), redis: await serverPid(redis.port) };
    for (const pipeline of [1, 16]) {
      const samples: Record<string, Record<string, number[]>> = { ferrous: {}, redis: {} };
      // Server CPU time per request: unlike req/s it hardly depends on what else runs.
      const cpuPerRequest: Record<string, number[]> = { ferrous: [], redis: [] };
      for (let run = 0; run < RUNS; run++) {
        for (const t of [ferrous, redis]) {
          const cpu0 = cpuSeconds(pids[t.name]);
          const r = benchmark(t.port, pipeline, TESTS);
          const cpu = cpuSeconds(pids[t.name]) - cpu0;
          cpuPerRequest[t.name].push((cpu * 1e6) / (N * TESTS.length));
          for (const [name, rps] of Object.entries(r)) (samples[t.name][name] ??= []).push(rps);
        }
      }
      console.log(pipeline > 1 ? `with -P ${pipeline}` : 'without pipelining');
      printTable(samples, TESTS);
      const fc = median(cpuPerRequest.ferrous);
      const rc = median(cpuPerRequest.redis);
      console.log(`  server CPU per request (all four tests): ferrous ${fc.toFixed(2)} us, redis ${rc.toFixed(2)} us, redis/ferrous ${(rc / fc).toFixed(2)}x`);
      console.log('');
    }
    if (process.env.BENCH_SKIP_TYPES !== '1') {
      for (const t of [ferrous, redis]) await loadSortedSet(t.port, 1000);
      const samples: Record<string, Record<string, number[]>> = { ferrous: {}, redis: {} };
      for (let run = 0; run < RUNS; run++) {
        for (const t of [ferrous, redis]) {
          for (const [name, rps] of Object.entries(benchmark(t.port, 1, TYPE_TESTS))) (samples[t.name][name] ??= []).push(rps);
          for (const [name, argv] of Object.entries(CUSTOM_TESTS)) (samples[t.name][name] ??= []).push(benchmarkCommand(t.port, argv));
        }
      }
      console.log('data types, without pipelining (ZRANGEBYSCORE on a 1000-member set, XADD with MAXLEN ~ 10000)');
      printTable(samples, [...TYPE_TESTS, ...Object.keys(CUSTOM_TESTS)]);
      console.log('');
    }
    if (process.env.BENCH_SKIP_MEMORY !== '1') {
      // Only the 1M keys: what the throughput and data-type tests left is flushed first.
      for (const t of [redis, ferrous]) await sendCommand(t.port, ['FLUSHALL']);
      await loadKeys(redis.port, KEYS);
      await loadKeys(ferrous.port, KEYS);
      // Right after the load (MEMORY PURGE: a full GC in Ferrous, a jemalloc purge in Redis),
      // then once the servers have been idle for a few seconds, as a server mostly is: V8
      // hands freed pages back to the system in the background.
      const rm = await infoMemory(redis.port);
      const fm = await infoMemory(ferrous.port);
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      const fmSettled = await infoMemory(ferrous.port);
      const redisUsed = Number(rm.used_memory);
      const ratio = (bytes: number) => `${(bytes / redisUsed).toFixed(2)}x redis used_memory`;
      console.log(`memory for ${KEYS} keys (SET key:NNNNNNNN val:NNNNNNNN)`);
      console.log(`  redis used_memory              ${mb(redisUsed)}   (rss ${mb(Number(rm.used_memory_rss))})`);
      console.log(`  ferrous rss after the load     ${mb(Number(fm.used_memory_rss))}   ${ratio(Number(fm.used_memory_rss))}`);
      console.log(`  ferrous rss ${SETTLE_MS / 1000} s later         ${mb(Number(fmSettled.used_memory_rss))}   ${ratio(Number(fmSettled.used_memory_rss))}`);
      console.log(`  ferrous V8 heap used           ${mb(Number(fmSettled.used_memory_heap))}   ${ratio(Number(fmSettled.used_memory_heap))}`);
    }
  } finally {
    await ferrous.stop();
    await redis.stop();
  }
  if (process.env.BENCH_SKIP_ZSET !== '1') {
    console.log('\nsorted-set complexity (bench/zset.ts, in-process):');
    execFileSync(process.execPath, ['--expose-gc', path.join(__dirname, 'zset.js')], {
      stdio: 'inherit', env: { ...process.env, BENCH_OPS: process.env.BENCH_OPS ?? '20000' }, timeout: 600000,
    });
  }
  console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

main().catch((e) => { console.error(e); process.exit(1); });

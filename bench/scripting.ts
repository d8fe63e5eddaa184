// Scripting benchmark: Ferrous vs real redis-server, side by side, with redis-benchmark
// (50 clients, without and with -P 16). Run: npm run bench:scripting
//
// Lines: EVALSHA of `return redis.call('INCR', KEYS[1])`; an EVALSHA doing 10 redis.calls
// (strings only until the hash and list commands exist; the line says which); EVAL of the
// same INCR body (cached after the first run); an EVALSHA running a 1000-iteration pure Lua
// loop. Needs redis-server and redis-benchmark (Debian packages redis-server, redis-tools).
//
// Every line first runs once on both servers unmeasured (Ferrous's JIT warms up; a server
// that has been up for a while is warm), then BENCH_RUNS times (default 3), the two servers
// alternating, and prints the median requests/s of each and their ratio, and each server's
// CPU time per request from /proc (median; it hardly depends on what else the machine runs).
//
// `npm run bench:scripting -- --in-process` measures the same scripts without sockets: CPU
// time per command of engine.execute for a connection-like client (undo journal on), next to
// a plain INCR, median of 7 rounds. Steadier than requests/s on a shared machine.

import * as fs from 'node:fs';
import * as os from 'node:os';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { startRedisOracle, freePort, waitForPort } from '../test/support/redis-oracle';
import { RawRespClient } from '../test/support/resp-client';
import type { Reply } from '../src/commands/types';
import { cpuSeconds, median, serverPid } from './support';

const REQUESTS_PLAIN = Number(process.env.BENCH_N ?? 50000);
const REQUESTS_PIPELINED = Number(process.env.BENCH_N_PIPELINED ?? 200000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const INCR = "return redis.call('INCR', KEYS[1])";
const TEN_STRINGS = [
  "redis.call('SET', KEYS[1], ARGV[1])", "redis.call('GET', KEYS[1])", "redis.call('INCR', KEYS[2])",
  "redis.call('APPEND', KEYS[3], 'x')", "redis.call('STRLEN', KEYS[3])", "redis.call('EXISTS', KEYS[1])",
  "redis.call('GETRANGE', KEYS[1], 0, 2)", "redis.call('MGET', KEYS[1], KEYS[2])", "redis.call('DEL', KEYS[3])",
  "return redis.call('GET', KEYS[2])",
].join(' ');
const TEN_MIXED = [
  "redis.call('SET', KEYS[1], ARGV[1])", "redis.call('GET', KEYS[1])", "redis.call('INCR', KEYS[2])",
  "redis.call('HSET', KEYS[3], 'f', ARGV[1])", "redis.call('HGET', KEYS[3], 'f')", "redis.call('HINCRBY', KEYS[3], 'n', 1)",
  "redis.call('LPUSH', KEYS[4], ARGV[1])", "redis.call('LPOP', KEYS[4])", "redis.call('LLEN', KEYS[4])",
  "return redis.call('GET', KEYS[2])",
].join(' ');
const LOOP = 'local s = 0 for i = 1, 1000 do s = s + i end return s';

/**
 * Starts the Ferrous server as shipped (dist/src/cli/server-main.js, which runs it with the
 * server's V8 flags, as bench:server does) and waits for its port.
 */
async function startFerrous(): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const main = path.join(__dirname, '..', 'src', 'cli', 'server-main.js');
  const child: ChildProcess = spawn(process.execPath, [main, '--port', String(port), '--save', '', '--appendonly', 'no', '--loglevel', 'warning', '--dir', fs.mkdtempSync(path.join(os.tmpdir(), 'ferrous-bench-'))], { stdio: ['ignore', 'ignore', 'inherit'] });
  let alive = true;
  const exited = new Promise<void>((resolve) => child.once('exit', () => { alive = false; resolve(); }));
  try {
    await Promise.race([waitForPort(port), exited.then(() => { throw new Error('the Ferrous server exited at start'); })]);
  } catch (e) {
    if (alive) { child.kill('SIGKILL'); await exited; }
    throw e;
  }
  return { port, async stop() { child.kill('SIGKILL'); await exited; } };
}

interface Sample { rps: number; cpuUs: number }

/** One redis-benchmark run: requests/s, and the server's CPU µs per request. */
function benchmark(port: number, pid: number, pipeline: number, args: string[], n = pipeline > 1 ? REQUESTS_PIPELINED : REQUESTS_PLAIN): Sample {
  const cpu0 = cpuSeconds(pid);
  const r = spawnSync('redis-benchmark', ['-p', String(port), '-c', '50', '-n', String(n), '-P', String(pipeline), '-q', ...args], {
    encoding: 'latin1', timeout: 120_000,
  });
  const cpuUs = ((cpuSeconds(pid) - cpu0) * 1e6) / n;
  const m = /([\d.]+) requests per second/.exec(r.stdout ?? '');
  return { rps: m ? Number(m[1]) : NaN, cpuUs };
}

interface Line { name: string; args: (shas: Map<string, string>) => string[] }

async function prepare(port: number, bodies: string[]): Promise<{ shas: Map<string, string>; check: string }> {
  const c = await RawRespClient.connect(port);
  const shas = new Map<string, string>();
  let check = '';
  try {
    for (const b of bodies) {
      const r = await c.command('SCRIPT', 'LOAD', b);
      const m = /^\$40\r\n([0-9a-f]{40})\r\n$/.exec(r);
      if (m) shas.set(b, m[1]); else check = `SCRIPT LOAD failed: ${JSON.stringify(r)}`;
    }
    if (check === '') {
      const r = await c.command('EVALSHA', shas.get(INCR)!, '1', 'bench:check');
      if (!r.startsWith(':')) check = `EVALSHA answered ${JSON.stringify(r)}`;
    }
  } finally {
    c.close();
  }
  return { shas, check };
}

/** '' when the command answers without an error, else the error reply. */
async function runsCleanly(port: number, args: string[]): Promise<string> {
  const c = await RawRespClient.connect(port);
  try {
    const r = await c.command(...args);
    return r.startsWith('-') ? r.trim() : '';
  } finally {
    c.close();
  }
}

async function hasCommand(port: number, name: string): Promise<boolean> {
  const c = await RawRespClient.connect(port);
  try {
    const r = await c.command('COMMAND', 'INFO', name);
    return r !== '*1\r\n*-1\r\n' && r.startsWith('*1\r\n*');
  } catch {
    return false;
  } finally {
    c.close();
  }
}

/** A Reply sink that discards everything but keeps SCRIPT LOAD's SHA; errors stop the run. */
function discardingSink(): Reply & { lastBulk: string | null } {
  return {
    resp: 2, lastBulk: null,
    status() {}, error(s: string) { throw new Error(`error reply: ${s}`); }, integer() {},
    bulk(s: string | null) { this.lastBulk = s; }, nullArray() {}, arrayLen() {}, mapLen() {},
    setLen() {}, pushLen() {}, double() {}, bool() {}, bigNumber() {}, verbatim() {},
  };
}

async function inProcess(): Promise<void> {
  const { Engine } = await import('../src/server/engine');
  const { Client } = await import('../src/server/client');
  const engine = new Engine({ config: { save: '', appendonly: 'no' } });
  const client = new Client(1, Date.now(), true, () => {});
  client.canSuspend = true; // as a connection: the busy-script undo journal is on
  const sink = discardingSink();
  const load = (body: string): string => {
    engine.execute(client, ['SCRIPT', 'LOAD', body], sink);
    return sink.lastBulk!;
  };
  const lines: Array<{ name: string; argv: string[]; n: number }> = [
    { name: 'INCR (no script)', argv: ['INCR', 'bench:plain'], n: 200_000 },
    { name: "EVALSHA 'return 1'", argv: ['EVALSHA', load('return 1'), '0'], n: 200_000 },
    { name: "EVALSHA redis.call('INCR')", argv: ['EVALSHA', load(INCR), '1', 'bench:incr'], n: 200_000 },
    { name: "EVAL (cached) redis.call('INCR')", argv: ['EVAL', INCR, '1', 'bench:incr'], n: 200_000 },
    { name: 'EVALSHA 10 redis.calls', argv: ['EVALSHA', load(TEN_MIXED), '4', 'b:s', 'b:n', 'b:h', 'b:l', 'value'], n: 50_000 },
    { name: 'EVALSHA 1000-iteration Lua loop', argv: ['EVALSHA', load(LOOP), '0'], n: 20_000 },
  ];
  // A server hands every command a fresh argv; so does this loop.
  const run = (argv: string[], n: number) => { for (let i = 0; i < n; i++) engine.execute(client, argv.slice(), sink); };
  for (const line of lines) run(line.argv, line.n / 10);
  const samples = new Map<string, number[]>();
  for (let round = 0; round < 7; round++) {
    for (const line of lines) {
      const before = process.cpuUsage();
      run(line.argv, line.n);
      const used = process.cpuUsage(before);
      const list = samples.get(line.name) ?? [];
      list.push(((used.user + used.system) * 1000) / line.n);
      samples.set(line.name, list);
    }
  }
  console.log('Ferrous in-process (engine.execute, no sockets): CPU ns per command, median of 7 rounds');
  for (const line of lines) {
    const sorted = samples.get(line.name)!.sort((a, b) => a - b);
    console.log(line.name.padEnd(40), sorted[3].toFixed(0).padStart(8));
  }
  engine.close();
}

async function main(): Promise<void> {
  if (process.argv.includes('--in-process')) { await inProcess(); return; }
  const redis = await startRedisOracle();
  let ferrous: { port: number; stop(): Promise<void> };
  try {
    ferrous = await startFerrous();
  } catch (e) {
    await redis.stop();
    throw e;
  }
  try {
    const mixed = (await hasCommand(ferrous.port, 'hset')) && (await hasCommand(ferrous.port, 'lpush'));
    const ten = mixed ? TEN_MIXED : TEN_STRINGS;
    const bodies = [INCR, ten, LOOP];
    const r = await prepare(redis.port, bodies);
    const f = await prepare(ferrous.port, bodies);
    const lines: Line[] = [
      { name: "EVALSHA redis.call('INCR')", args: (s) => ['EVALSHA', s.get(INCR)!, '1', 'bench:incr'] },
      { name: `EVALSHA 10 redis.calls (${mixed ? 'strings, hashes, lists' : 'strings only: no hash/list commands yet'})`, args: (s) => ['EVALSHA', s.get(ten)!, '4', 'b:s', 'b:n', 'b:h', 'b:l', 'value'] },
      { name: "EVAL (cached) redis.call('INCR')", args: () => ['EVAL', INCR, '1', 'bench:incr'] },
      { name: 'EVALSHA 1000-iteration Lua loop', args: (s) => ['EVALSHA', s.get(LOOP)!, '0'] },
    ];
    const pids = { redis: await serverPid(redis.port), ferrous: await serverPid(ferrous.port) };
    console.log(`redis-server ${redis.version} vs Ferrous; redis-benchmark -c 50, -n ${REQUESTS_PLAIN} (-P 1) / ${REQUESTS_PIPELINED} (-P 16); median of ${RUNS} runs after a warm-up run`);
    if (f.check !== '') console.log(`Ferrous cannot run scripts in this build (${f.check}); its column shows n/a`);
    console.log(['line'.padEnd(50), 'pipeline', 'redis req/s'.padStart(12), 'ferrous req/s'.padStart(14), 'ratio'.padStart(6), '   CPU us/req redis', 'ferrous'].join(' '));
    for (const line of lines) {
      // Each line must really run its script on both servers (an error reply is not a result).
      const redisOk = await runsCleanly(redis.port, line.args(r.shas));
      const ferrousOk = f.check === '' && (await runsCleanly(ferrous.port, line.args(f.shas)));
      if (redisOk !== '') console.log(`  redis-server fails this line: ${redisOk}`);
      if (f.check === '' && ferrousOk !== '') console.log(`  Ferrous fails this line: ${ferrousOk}`);
      const runRedis = redisOk === '';
      const runFerrous = f.check === '' && ferrousOk === '';
      for (const p of [1, 16]) {
        if (runRedis) benchmark(redis.port, pids.redis, p, line.args(r.shas), REQUESTS_PLAIN);
        if (runFerrous) benchmark(ferrous.port, pids.ferrous, p, line.args(f.shas), REQUESTS_PLAIN);
        const redisSamples: Sample[] = [];
        const ferrousSamples: Sample[] = [];
        for (let run = 0; run < RUNS; run++) {
          if (runRedis) redisSamples.push(benchmark(redis.port, pids.redis, p, line.args(r.shas)));
          if (runFerrous) ferrousSamples.push(benchmark(ferrous.port, pids.ferrous, p, line.args(f.shas)));
        }
        const rr = median(redisSamples.map((x) => x.rps));
        const fr = median(ferrousSamples.map((x) => x.rps));
        const ratio = Number.isFinite(fr) && rr > 0 ? (fr / rr).toFixed(2) + 'x' : 'n/a';
        const us = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
        console.log([
          line.name.padEnd(50), String(p).padStart(8), (Number.isFinite(rr) ? rr.toFixed(0) : 'n/a').padStart(12),
          (Number.isFinite(fr) ? fr.toFixed(0) : 'n/a').padStart(14), ratio.padStart(6),
          us(median(redisSamples.map((x) => x.cpuUs))).padStart(19), us(median(ferrousSamples.map((x) => x.cpuUs))).padStart(7),
        ].join(' '));
      }
    }
  } finally {
    await ferrous.stop();
    await redis.stop();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });

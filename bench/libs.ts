// npm run bench:libs — cjson / cmsgpack encode and decode, Ferrous vs real Redis.
//
// Documents: a ~1 KB and a ~100 KB JSON document (records with strings, numbers, booleans,
// nulls, nested objects and arrays), and their msgpack encodings.
//
// Both sides are measured the same way, on the same work: a Lua script runs the operation n
// times in a loop (`for i = 1, n do cjson.decode(s) end`; decoded tables are built and dropped,
// their garbage collection included on both sides) and the time of a run with n = 0 is
// subtracted, so the figure is the library's cost per call inside Lua.
//   Ferrous: the loop run by the Ferrous Lua engine in this process.
//   Redis:   the loop run by EVALSHA in a real redis-server (skipped when it is missing).
// The two sides take turns (one ~100 ms window each, 5 rounds per line), so a burst of load on
// the shared machine hits both, and each side's figure is the median of its 5 windows. Each
// window is timed by the wall clock and by CPU time (Ferrous: process.cpuUsage, which includes
// V8's GC helper threads; Redis: INFO's used_cpu_*_main_thread, the thread that runs Lua); the
// CPU figures stay steady when other processes compete for the cores.
// "Ferrous direct" is the host function called from a JS loop (no Lua around it), for reference.

import * as os from 'node:os';
import { LuaTable, type LuaValue } from '../src/lua/value';
import { openRedisLibraries } from '../src/scripting/libs';
import { startRedisOracle } from '../test/support/redis-oracle';
import { RawRespClient } from '../test/support/resp-client';

function makeDocument(targetBytes: number): string {
  const records: unknown[] = [];
  let i = 0;
  for (;;) {
    records.push({
      id: 1000 + i,
      name: `user-${i}`,
      email: `user${i}@example.com`,
      active: i % 3 !== 0,
      score: Math.round(((i * 7919) % 10007) * 1.37) / 100,
      tags: ['alpha', 'beta', `t${i % 7}`],
      address: { street: `${i} Main Street`, city: 'Springfield', zip: `${10000 + i}` },
      notes: null,
    });
    i++;
    const text = JSON.stringify({ version: 3, records });
    if (text.length >= targetBytes) return text;
  }
}

type Fn = (...args: unknown[]) => unknown;

function measure(label: string, op: () => void, ms = 400): number {
  for (let i = 0; i < 50; i++) op(); // warm up
  let n = 0;
  const start = performance.now();
  let now = start;
  let batch = 1;
  while (now - start < ms) {
    for (let i = 0; i < batch; i++) op();
    n += batch;
    if (batch < 1 << 16) batch *= 2;
    now = performance.now();
  }
  void label;
  return (n * 1000) / (now - start);
}

async function main(): Promise<void> {
  const g = { globals: new LuaTable() };
  openRedisLibraries(g);
  const cjson = g.globals.get('cjson') as LuaTable;
  const cmsgpack = g.globals.get('cmsgpack') as LuaTable;
  const encode = cjson.get('encode') as Fn;
  const decode = cjson.get('decode') as Fn;
  const pack = cmsgpack.get('pack') as Fn;
  const unpack = cmsgpack.get('unpack') as Fn;

  const docs = [
    { name: '1 KB', json: makeDocument(1000) },
    { name: '100 KB', json: makeDocument(100000) },
  ];

  // The same loops as the Redis scripts below, run by the Ferrous engine (if it is built).
  const luaLoops: Record<string, string> = {
    'cjson.encode': 'local t, n = ... for i = 1, n do cjson.encode(t) end',
    'cjson.decode': 'local s, n = ... for i = 1, n do cjson.decode(s) end',
    'cmsgpack.pack': 'local t, n = ... for i = 1, n do cmsgpack.pack(t) end',
    'cmsgpack.unpack': 'local s, n = ... for i = 1, n do cmsgpack.unpack(s) end',
  };
  let runLua: ((op: string, arg: unknown, n: number) => void) | undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { LuaState } = require('../src/lua/state');
    const L = new LuaState({ stdout: () => {}, stderr: () => {} });
    openRedisLibraries(L);
    const fns: Record<string, unknown> = {};
    for (const [op, src] of Object.entries(luaLoops)) fns[op] = L.load(src, '@bench');
    runLua = (op, arg, n) => { L.call(fns[op], arg, n); };
    runLua('cjson.encode', new LuaTable(), 1);
  } catch {
    runLua = undefined;
  }

  interface Row { op: string; doc: (typeof docs)[number]; size: string; arg: unknown; ours: number; lua?: number; redis?: number; luaCpu?: number; redisCpu?: number }
  const rows: Row[] = [];
  for (const d of docs) {
    const table = decode(d.json) as LuaValue;
    const msgpack = pack(table) as string;
    const js = `${d.name} (${d.json.length} B)`;
    const mp = `${d.name} (${msgpack.length} B)`;
    rows.push({ op: 'cjson.encode', doc: d, size: js, arg: table, ours: measure('encode', () => { encode(table); }) });
    rows.push({ op: 'cjson.decode', doc: d, size: js, arg: d.json, ours: measure('decode', () => { decode(d.json); }) });
    rows.push({ op: 'cmsgpack.pack', doc: d, size: mp, arg: table, ours: measure('pack', () => { pack(table); }) });
    rows.push({ op: 'cmsgpack.unpack', doc: d, size: mp, arg: msgpack, ours: measure('unpack', () => { unpack(msgpack); }) });
  }

  // One window of one side: the ops/s by wall-clock time and by CPU time of the process that
  // runs the loop (robust against other load on the machine).
  interface Window { wall: number; cpu: number }
  const cpuMs = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

  // Ferrous's side of a window: n calls in one run of the Lua loop, minus a run with n = 0.
  const ferrousWindow = (row: Row, n: number): Window => {
    const run = runLua!;
    let t0 = performance.now();
    let c0 = cpuMs();
    run(row.op, row.arg, 0);
    const baseWall = performance.now() - t0;
    const baseCpu = cpuMs() - c0;
    t0 = performance.now();
    c0 = cpuMs();
    run(row.op, row.arg, n);
    const wall = performance.now() - t0 - baseWall;
    const cpu = cpuMs() - c0 - baseCpu;
    return { wall: (n * 1000) / Math.max(wall, 1e-6), cpu: (n * 1000) / Math.max(cpu, 1e-6) };
  };

  let oracle: Awaited<ReturnType<typeof startRedisOracle>> | undefined;
  let client: RawRespClient | undefined;
  const shas: Record<string, string> = {};
  let redisNote = '';
  try {
    oracle = await startRedisOracle();
    client = await RawRespClient.connect(oracle.port);
    const scripts: Record<string, string> = {
      'cjson.encode': "local t = cjson.decode(ARGV[2]) for i = 1, tonumber(ARGV[1]) do cjson.encode(t) end return 1",
      'cjson.decode': "local s = ARGV[2] for i = 1, tonumber(ARGV[1]) do cjson.decode(s) end return 1",
      'cmsgpack.pack': "local t = cjson.decode(ARGV[2]) for i = 1, tonumber(ARGV[1]) do cmsgpack.pack(t) end return 1",
      'cmsgpack.unpack': "local s = cmsgpack.pack(cjson.decode(ARGV[2])) for i = 1, tonumber(ARGV[1]) do cmsgpack.unpack(s) end return 1",
    };
    for (const [op, body] of Object.entries(scripts)) {
      const r = await client.command('SCRIPT', 'LOAD', body);
      shas[op] = r.split('\r\n')[1];
    }
    redisNote = `redis-server ${oracle.version}`;
  } catch (e) {
    redisNote = `Redis not measured: ${(e as Error).message}`;
    client?.close();
    client = undefined;
  }

  // Redis's side of a window: EVALSHA with n calls, minus an n = 0 call (the best of 5, by wall
  // time); CPU time is the server's main thread (INFO cpu; Lua runs there) over the same calls.
  const redisCpuMs = async (): Promise<number> => {
    const info = await client!.command('INFO', 'cpu');
    const field = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? NaN);
    return (field('used_cpu_user_main_thread') + field('used_cpu_sys_main_thread')) * 1000;
  };
  const redisBase = new Map<Row, Window>();
  const redisWindow = async (row: Row, n: number): Promise<Window> => {
    const run = async (count: number): Promise<Window> => {
      const c0 = await redisCpuMs();
      const t0 = performance.now();
      const reply = await client!.command('EVALSHA', shas[row.op], '0', String(count), row.doc.json);
      const wall = performance.now() - t0;
      if (reply.startsWith('-')) throw new Error(`redis: ${reply}`);
      return { wall, cpu: (await redisCpuMs()) - c0 };
    };
    if (!redisBase.has(row)) {
      let base: Window = { wall: Infinity, cpu: Infinity };
      for (let r = 0; r < 5; r++) {
        const w = await run(0);
        if (w.wall < base.wall) base = w;
      }
      redisBase.set(row, base);
    }
    const base = redisBase.get(row)!;
    const w = await run(n);
    return { wall: (n * 1000) / Math.max(w.wall - base.wall, 1e-6), cpu: (n * 1000) / Math.max(w.cpu - base.cpu, 1e-6) };
  };

  const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
  const ROUNDS = 5;
  for (const row of rows) {
    // n for a ~100 ms window, from the direct figure (Lua adds little per call).
    const n = Math.max(1, Math.round(row.ours / 10));
    const ours: Window[] = [];
    const theirs: Window[] = [];
    if (runLua !== undefined) ferrousWindow(row, Math.max(1, n >> 2)); // warm up the loop
    for (let r = 0; r < ROUNDS; r++) {
      if (runLua !== undefined) ours.push(ferrousWindow(row, n));
      if (client !== undefined) theirs.push(await redisWindow(row, n));
    }
    if (ours.length > 0) { row.lua = median(ours.map((w) => w.wall)); row.luaCpu = median(ours.map((w) => w.cpu)); }
    if (theirs.length > 0) { row.redis = median(theirs.map((w) => w.wall)); row.redisCpu = median(theirs.map((w) => w.cpu)); }
  }
  client?.close();
  await oracle?.stop();

  const fmt = (n: number | undefined) => (n === undefined ? '-' : Math.round(n).toLocaleString('en-US'));
  console.log(`Redis Lua libraries, ops/s. Ferrous direct = host function called from JS; Ferrous Lua = called`);
  console.log(`from a Lua loop in the Ferrous engine; Redis = ${redisNote}, per call inside its Lua loop.`);
  console.log(`Lua columns: median of 5 alternating ~100 ms windows per side, by wall-clock time and (cpu) by`);
  console.log(`CPU time (Ferrous: the process; Redis: its main thread). Load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}.`);
  console.log('operation         document              Ferrous direct   Ferrous Lua        Redis   Lua/Redis |  Lua (cpu)  Redis (cpu)  ratio (cpu)');
  for (const r of rows) {
    const ratio = (a?: number, b?: number) => (a === undefined || b === undefined ? '-' : (a / b).toFixed(2) + 'x');
    console.log(`${r.op.padEnd(17)} ${r.size.padEnd(20)} ${fmt(r.ours).padStart(15)} ${fmt(r.lua).padStart(13)} ${fmt(r.redis).padStart(12)} ${ratio(r.lua, r.redis).padStart(11)} | ${fmt(r.luaCpu).padStart(10)} ${fmt(r.redisCpu).padStart(12)} ${ratio(r.luaCpu, r.redisCpu).padStart(12)}`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });

// npm run bench:libs — cjson / cmsgpack encode and decode, Ferrous vs real Redis.
//
// Documents: a ~1 KB and a ~100 KB JSON document (records with strings, numbers, booleans,
// nulls, nested objects and arrays), and their msgpack encodings.
//
// Ferrous: the library functions called in-process in a loop (the same host functions a Lua
// script calls), and the same loop written in Lua and run by the Ferrous engine.
// Redis:   EVALSHA of a script that runs the same operation n times inside Lua; the time of
//          n = 0 (round trip, argument transfer, setup) is subtracted, so the figure is
//          Redis's C library speed per call. Needs redis-server (skipped when missing).
//
// Every measurement is bounded (about 0.4 s per side per operation).

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

async function redisOpsPerSec(client: RawRespClient, sha: string, args: string[], perCallGuess: number): Promise<number> {
  const run = async (n: number): Promise<number> => {
    const t0 = performance.now();
    const reply = await client.command('EVALSHA', sha, '0', String(n), ...args);
    if (reply.startsWith('-')) throw new Error(`redis: ${reply}`);
    return performance.now() - t0;
  };
  // Choose n so one call takes about 100 ms, then take the best of a few runs.
  const n = Math.max(1, Math.round(100 / Math.max(perCallGuess, 1e-4)));
  let base = Infinity;
  let full = Infinity;
  for (let r = 0; r < 4; r++) {
    base = Math.min(base, await run(0));
    full = Math.min(full, await run(n));
  }
  return (n * 1000) / Math.max(full - base, 1e-6);
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
  const measureLua = (op: string, arg: unknown): number | undefined => {
    if (runLua === undefined) return undefined;
    const run = runLua;
    return measure(op, () => run(op, arg, 1)) ;
  };

  interface Row { op: string; size: string; ours: number; lua?: number; redis?: number }
  const rows: Row[] = [];
  for (const d of docs) {
    const table = decode(d.json) as LuaValue;
    const msgpack = pack(table) as string;
    const js = `${d.name} (${d.json.length} B)`;
    const mp = `${d.name} (${msgpack.length} B)`;
    rows.push({ op: 'cjson.encode', size: js, ours: measure('encode', () => { encode(table); }), lua: measureLua('cjson.encode', table) });
    rows.push({ op: 'cjson.decode', size: js, ours: measure('decode', () => { decode(d.json); }), lua: measureLua('cjson.decode', d.json) });
    rows.push({ op: 'cmsgpack.pack', size: mp, ours: measure('pack', () => { pack(table); }), lua: measureLua('cmsgpack.pack', table) });
    rows.push({ op: 'cmsgpack.unpack', size: mp, ours: measure('unpack', () => { unpack(msgpack); }), lua: measureLua('cmsgpack.unpack', msgpack) });
  }

  let redisNote = '';
  try {
    const oracle = await startRedisOracle();
    const client = await RawRespClient.connect(oracle.port);
    try {
      const scripts: Record<string, string> = {
        'cjson.encode': "local t = cjson.decode(ARGV[2]) for i = 1, tonumber(ARGV[1]) do cjson.encode(t) end return 1",
        'cjson.decode': "local s = ARGV[2] for i = 1, tonumber(ARGV[1]) do cjson.decode(s) end return 1",
        'cmsgpack.pack': "local t = cjson.decode(ARGV[2]) for i = 1, tonumber(ARGV[1]) do cmsgpack.pack(t) end return 1",
        'cmsgpack.unpack': "local s = cmsgpack.pack(cjson.decode(ARGV[2])) for i = 1, tonumber(ARGV[1]) do cmsgpack.unpack(s) end return 1",
      };
      const shas: Record<string, string> = {};
      for (const [op, body] of Object.entries(scripts)) {
        const r = await client.command('SCRIPT', 'LOAD', body);
        shas[op] = r.split('\r\n')[1];
      }
      for (const row of rows) {
        const doc = docs.find((d) => row.size.startsWith(d.name))!;
        row.redis = await redisOpsPerSec(client, shas[row.op], [doc.json], 1000 / row.ours);
      }
      redisNote = `redis-server ${oracle.version}`;
    } finally {
      client.close();
      await oracle.stop();
    }
  } catch (e) {
    redisNote = `Redis not measured: ${(e as Error).message}`;
  }

  const fmt = (n: number | undefined) => (n === undefined ? '-' : Math.round(n).toLocaleString('en-US'));
  console.log(`Redis Lua libraries, ops/s. Ferrous direct = host function called from JS; Ferrous Lua = called`);
  console.log(`from a Lua loop in the Ferrous engine; Redis = ${redisNote}, per call inside its Lua.`);
  console.log('operation         document              Ferrous direct   Ferrous Lua        Redis   Lua/Redis');
  for (const r of rows) {
    const ratio = r.redis === undefined || r.lua === undefined ? '-' : (r.lua / r.redis).toFixed(2) + 'x';
    console.log(`${r.op.padEnd(17)} ${r.size.padEnd(20)} ${fmt(r.ours).padStart(15)} ${fmt(r.lua).padStart(13)} ${fmt(r.redis).padStart(12)} ${ratio.padStart(11)}`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });

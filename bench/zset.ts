// Sorted-set complexity bench: ZRANK and ZRANGEBYSCORE ... LIMIT 0 10 on sorted sets of 10k,
// 100k and 1M members, run in-process through the engine (engine.command: the command path
// without sockets). With a skiplist with spans both stay O(log n). Wall times at 1M members are
// dominated by cache misses (and by other processes on a shared machine), so the bench also
// prints the average number of skiplist nodes a rank search compares against: that count is
// the algorithmic cost, and it grows by a constant per 10x (log n), not 10x.
//
// Run: npx tsc -p . --outDir /tmp/dist && node --expose-gc /tmp/dist/bench/zset.js
// (with --expose-gc the heap bytes per member of the loaded set are printed too)
// Environment: BENCH_SIZES (comma-separated, default 10000,100000,1000000), BENCH_OPS (default 100000).

import { createEngine } from '../src/index';
import type { ZSetObject } from '../src/store/t_zset';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const OPS = Number(process.env.BENCH_OPS ?? 100000);

function timeOps(label: string, ops: number, fn: (i: number) => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) fn(i);
  const ns = Number(process.hrtime.bigint() - start);
  return ns / ops / 1000;
}

function main(): void {
  console.log('members    ZADD(new) us/op   ZRANK us/op   ZRANGEBYSCORE LIMIT 0 10 us/op   ZRANGE rank n/2 +10 us/op   heap B/member   nodes/rank search');
  const gc = (globalThis as { gc?: () => void }).gc;
  for (const n of SIZES) {
    const engine = createEngine();
    try {
      // Load: ZADD in batches of 1000 pairs; scores random so insertion order is not sorted.
      gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      const batch: string[] = [];
      const loadStart = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        batch.push(String(Math.floor(Math.random() * n * 10)), 'member:' + i);
        if (batch.length === 2000) { engine.command('ZADD', 'z', ...batch); batch.length = 0; }
      }
      if (batch.length) engine.command('ZADD', 'z', ...batch);
      const loadUs = Number(process.hrtime.bigint() - loadStart) / n / 1000;
      gc?.();
      const heapPerMember = gc ? ((process.memoryUsage().heapUsed - heapBefore) / n).toFixed(0) : '-';
      const card = engine.command('ZCARD', 'z');
      if (card !== n) throw new Error(`expected ${n} members, got ${String(card)}`);
      const members = Array.from({ length: 1024 }, () => 'member:' + Math.floor(Math.random() * n));
      const scores = Array.from({ length: 1024 }, () => String(Math.floor(Math.random() * n * 10)));
      const rankUs = timeOps('zrank', OPS, (i) => { engine.command('ZRANK', 'z', members[i & 1023]); });
      const rangeUs = timeOps('zrangebyscore', OPS, (i) => {
        engine.command('ZRANGEBYSCORE', 'z', scores[i & 1023], '+inf', 'LIMIT', '0', '10');
      });
      const z = engine.keyspace.dbs[0].peek('z') as ZSetObject;
      let steps = 0;
      for (const m of members) steps += z.zsl.rankSearchSteps(z.score(m)!, m);
      const stepsPerSearch = (steps / members.length).toFixed(1);
      const mid = String(Math.floor(n / 2));
      const midEnd = String(Math.floor(n / 2) + 9);
      const byRankUs = timeOps('zrange', OPS, () => { engine.command('ZRANGE', 'z', mid, midEnd); });
      console.log(`${String(n).padEnd(10)} ${loadUs.toFixed(2).padStart(16)} ${rankUs.toFixed(2).padStart(13)} ${rangeUs.toFixed(2).padStart(34)} ${byRankUs.toFixed(2).padStart(27)} ${heapPerMember.padStart(15)} ${stepsPerSearch.padStart(19)}`);
    } finally {
      engine.close();
    }
  }
}

main();

// Active expiry, as Redis's activeExpireCycle (expire.c): besides the lazy check on every
// access, a periodic cycle looks at keys with a TTL and deletes the expired ones, so keys that
// are never touched again still go away.
//
// Redis samples random entries of the expires dict. A JS Map has no random access, so each
// database keeps a rotating iterator over its expires Map instead (Map iterators stay valid
// while entries are added and deleted). Walking round-robin visits every volatile key once per
// lap, which finds expired keys at least as well as random sampling. As in Redis: 20 keys per
// loop; keep looping on a database while more than 10% of the sampled keys were expired
// (ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE); stop when the time budget is spent.

import type { Database, Keyspace } from './keyspace';

/** ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP */
const KEYS_PER_LOOP = 20;
/** ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE (percent) */
const ACCEPTABLE_STALE = 10;

/**
 * Next entry of the database's rotating expires iterator, restarting at the end (or null).
 * Eviction's volatile-* policies sample keys through it too.
 */
export function nextVolatile(db: Database): [string, number] | null {
  if (db.expires.size === 0) return null;
  let it = db.expireCursor;
  if (it === null) it = db.expireCursor = db.expires.entries();
  let r = it.next();
  if (r.done) {
    it = db.expireCursor = db.expires.entries();
    r = it.next();
    if (r.done) return null;
  }
  return r.value;
}

/**
 * Samples keys with a TTL and deletes the expired ones, spending at most about timeBudgetMs
 * (wall clock). Returns the number of keys expired. Call it from a timer (Redis: 10 times a
 * second with a 25 ms budget).
 */
export function activeExpireCycle(keyspace: Keyspace, timeBudgetMs: number): number {
  const start = Date.now();
  const now = keyspace.now();
  let expired = 0;
  let iterations = 0;
  for (const db of keyspace.dbs) {
    if (db.expires.size === 0) continue;
    for (;;) {
      const sample = Math.min(KEYS_PER_LOOP, db.expires.size);
      if (sample === 0) break;
      let expiredHere = 0;
      let ttlSum = 0;
      let ttlCount = 0;
      for (let i = 0; i < sample; i++) {
        const entry = nextVolatile(db);
        if (entry === null) break;
        const [key, when] = entry;
        if (when <= now) {
          db.deleteExpired(key);
          expiredHere++;
        } else {
          ttlSum += when - now;
          ttlCount++;
        }
      }
      expired += expiredHere;
      if (ttlCount > 0) {
        // Running average as Redis keeps it for INFO keyspace avg_ttl.
        const avg = ttlSum / ttlCount;
        db.avgTtl = db.avgTtl === 0 ? avg : (db.avgTtl / 50) * 49 + avg / 50;
      }
      iterations++;
      if ((iterations & 15) === 0 && Date.now() - start > timeBudgetMs) return expired;
      if (expiredHere * 100 <= sample * ACCEPTABLE_STALE) break;
    }
    if (Date.now() - start > timeBudgetMs) break;
  }
  return expired;
}

// maxmemory: the memory estimate and the eviction policies (Redis's evict.c, approximated).
//
// Memory: each Database keeps a running estimate of its bytes (keys, values, per-key
// overhead, TTL entries), updated on every insert/replace/delete and, for container values,
// re-read after in-place changes (Database.modified). memoryUsage() sums them plus a fixed
// baseline: O(databases), cheap enough to call before every write command. Measured: 1M keys
// "key:000000000001" -> "xxx" estimate 106.8MB, real V8 heap growth 111.3MB.
//
// Eviction, as Redis: sample maxmemory-samples keys, evict the best candidate (idlest for LRU,
// least frequent for LFU, nearest expiry for volatile-ttl, any for random), repeat until under
// the limit. allkeys-* sample random slots of the dense key arrays; volatile-* sample the
// rotating iterator of the expires Map (see expire.ts).

import type { Database, Keyspace } from './keyspace';
import { objectMemoryUsage, type Value } from './object';
import { nextVolatile } from './expire';

export type EvictionPolicy =
  | 'noeviction' | 'allkeys-lru' | 'volatile-lru' | 'allkeys-lfu' | 'volatile-lfu'
  | 'allkeys-random' | 'volatile-random' | 'volatile-ttl';

export const EVICTION_POLICIES: readonly EvictionPolicy[] = [
  'noeviction', 'allkeys-lru', 'volatile-lru', 'allkeys-lfu', 'volatile-lfu',
  'allkeys-random', 'volatile-random', 'volatile-ttl',
];

export interface EvictionConfig {
  /** Bytes; 0 = no limit. */
  maxmemory: number;
  policy: EvictionPolicy;
  /** maxmemory-samples (Redis default 5). */
  samples: number;
}

/**
 * Fixed server overhead counted in memoryUsage, like the ~1MB a fresh redis-server reports as
 * used_memory: so `CONFIG SET maxmemory 1` refuses writes even on an empty dataset, as in Redis.
 */
export const BASELINE_BYTES = 1024 * 1024;

/** Estimated used memory: baseline plus the dataset (what maxmemory is compared with). */
export function memoryUsage(keyspace: Keyspace): number {
  return BASELINE_BYTES + keyspace.usedBytes();
}

/** MEMORY USAGE key: bytes of the key and its value (including per-key overhead). */
export function keyMemoryUsage(key: string, value: Value): number {
  return 56 + 16 + ((key.length + 7) & ~7) + objectMemoryUsage(value);
}


/** Applies the policy's per-key clock mode to the keyspace (LFU words vs LRU seconds). */
export function applyEvictionPolicy(keyspace: Keyspace, policy: EvictionPolicy): void {
  keyspace.lfuMode = policy === 'allkeys-lfu' || policy === 'volatile-lfu';
}

/**
 * performEvictions: evicts keys until the estimate is under maxmemory. Returns true when
 * still over the limit (the caller then refuses denyoom commands with -OOM), false when fine.
 */
export function performEvictions(keyspace: Keyspace, config: EvictionConfig): boolean {
  if (config.maxmemory <= 0) return false;
  applyEvictionPolicy(keyspace, config.policy);
  let used = memoryUsage(keyspace);
  if (used <= config.maxmemory) return false;
  if (config.policy === 'noeviction') return true;
  const samples = Math.max(1, Math.min(64, config.samples | 0));
  // Bounded: at most as many evictions as there are keys.
  let budget = keyspace.totalKeys();
  while (used > config.maxmemory && budget-- > 0) {
    const victim = pickVictim(keyspace, config.policy, samples);
    if (victim === null) return true; // nothing evictable (e.g. volatile-* with no TTLs)
    victim.db.delete(victim.key);
    keyspace.stats.evictedKeys++;
    keyspace.dirty++;
    if (keyspace.keyspaceEvents !== 0) keyspace.onEvicted?.(victim.db, victim.key);
    used = memoryUsage(keyspace);
  }
  return used > config.maxmemory;
}

interface Victim { db: Database; key: string }

/** Where the random policies continue, per keyspace (Redis's static next_db). */
const nextRandomDb = new WeakMap<Keyspace, number>();

function pickVictim(keyspace: Keyspace, policy: EvictionPolicy, samples: number): Victim | null {
  const volatile = policy.startsWith('volatile-');
  const random = policy.endsWith('-random');
  const lfu = policy.endsWith('-lfu');
  let best: Victim | null = null;
  let bestScore = -Infinity;
  const nowLru = keyspace.lruClock();
  const now = keyspace.now();
  if (random) {
    // As Redis: the random policies visit the databases round-robin, one key each time.
    const n = keyspace.dbs.length;
    for (let i = 0; i < n; i++) {
      const db = keyspace.dbs[nextRandomDb.get(keyspace) ?? 0];
      nextRandomDb.set(keyspace, (db.id + 1) % n);
      const pool = volatile ? db.expires.size : db.size;
      if (pool === 0) continue;
      const key = volatile ? sampleVolatile(db) : db.keyAt(Math.floor(Math.random() * db.size));
      if (key !== null) return { db, key };
    }
    return null;
  }
  for (const db of keyspace.dbs) {
    const pool = volatile ? db.expires.size : db.size;
    if (pool === 0) continue;
    for (let i = 0; i < samples; i++) {
      let key: string | null;
      if (volatile) key = sampleVolatile(db);
      else key = db.keyAt(Math.floor(Math.random() * db.size));
      if (key === null) break;
      let score: number;
      if (policy === 'volatile-ttl') {
        score = -(db.getExpire(key) - now); // nearest expiry is best
      } else {
        const slot = slotOf(db, key);
        if (slot < 0) continue;
        const word = db.clockAt(slot);
        if (lfu) score = 255 - keyspace.lfuDecayed(word);
        else score = nowLru >= word ? nowLru - word : nowLru + 0x1000000 - word; // idle seconds
      }
      if (score > bestScore) {
        bestScore = score;
        best = { db, key };
      }
    }
  }
  return best;
}

/** A key from the rotating iterator over the database's expires Map (shared with active expiry). */
function sampleVolatile(db: Database): string | null {
  const entry = nextVolatile(db);
  return entry === null ? null : entry[0];
}

function slotOf(db: Database, key: string): number {
  return db.slotOf(key);
}

/** Reads maxmemory / maxmemory-policy / maxmemory-samples from a config getter. */
export function evictionConfigFrom(get: (name: string) => string | undefined): EvictionConfig {
  const maxmemory = Number(get('maxmemory') ?? '0');
  const policy = (get('maxmemory-policy') ?? 'noeviction') as EvictionPolicy;
  const samples = Number(get('maxmemory-samples') ?? '5');
  return {
    maxmemory: Number.isFinite(maxmemory) ? maxmemory : 0,
    policy: EVICTION_POLICIES.includes(policy) ? policy : 'noeviction',
    samples: Number.isFinite(samples) && samples > 0 ? samples : 5,
  };
}

// The keyspace: an array of databases (16 by default), each a dictionary of keys plus an
// expires dictionary, as Redis's redisDb { dict, expires }.
//
// Layout of one Database (chosen for GET/SET speed, memory, random sampling and SCAN):
//   index:   KeyIndex              key -> position in the dense arrays below, and
//                                  slot -> key (dense, no holes); see key-index.ts
//   values:  Value[]               slot -> value    (plain JS string for strings)
//   clocks:  Uint32Array           slot -> LRU clock (seconds) or LFU word, per key access
//                                  (both fit 24 bits; a typed array costs 4 bytes a key,
//                                  outside the JS heap, where a JS array costs 8 plus slack)
//   expires: Map<key, ms>          absolute expire time in ms, only for keys with a TTL
// A delete moves the last slot into the hole (swap-remove), so the arrays stay dense and
// RANDOMKEY / eviction sampling are O(1): pick a random slot.
//
// SCAN walks the slots from the top down, and its cursor is "how many slots are still to
// visit" (0 = finished). Swap-remove only ever moves an element from the last slot to a
// lower one, and inserts append at the top, so an element that stays in the database for a
// whole scan can only move downwards: if it was already returned it may be returned again
// (allowed), if it was not it is still ahead of the cursor. Every element present for the
// whole scan is therefore returned at least once, which is Redis's SCAN guarantee.
//
// The expires Map (V8 limits a Map to 2^24 entries) bounds keys with a TTL to ~16.7M per database.

import { RedisObject, type Value, objectMemoryUsage } from './object';
import { KeyIndex } from './key-index';
import { grow, grownCapacity } from './dense-array';

export type { Value } from './object';

/** Counters the engine reports in INFO stats. */
export interface KeyspaceStats {
  expiredKeys: number;
  evictedKeys: number;
  keyspaceHits: number;
  keyspaceMisses: number;
  /** Keys whose TTL was found stale by the active cycle but which were not expired (unused). */
  expiredStalePerc: number;
  /** Objects Redis's lazy free would have released (INFO lazyfreed_objects; see lazyfree.ts). */
  lazyfreedObjects: number;
}

/** Fixed per-key cost counted in the memory estimate (close to Redis's dictEntry + robj header). */
export const KEY_OVERHEAD_BYTES = 56;
/** Extra cost of a key's entry in the expires Map. */
export const EXPIRE_OVERHEAD_BYTES = 32;

/** Initial capacity of a database's clock array; it doubles as keys are added. */
const MIN_CLOCK_CAPACITY = 16;

/** LFU: Redis's LFU_INIT_VAL, the counter of a newly created key. */
const LFU_INIT_VAL = 5;

export class Database {
  readonly id: number;
  readonly keyspace: Keyspace;

  private index = new KeyIndex();
  private valueArr: Value[] = [];
  /** Room in valueArr before it must grow (dense-array.ts). */
  private valueCapacity = 0;
  /** Access clocks by slot; only the first keyArr.length entries are in use. */
  private clocks = new Uint32Array(MIN_CLOCK_CAPACITY);
  /** key -> absolute expire time (ms). Public for the active expire cycle and eviction. */
  expires = new Map<string, number>();
  /** Rotating iterator over `expires` for the active expire cycle and volatile-* sampling. */
  expireCursor: IterableIterator<[string, number]> | null = null;
  /** Estimated bytes used by this database's keys and values. */
  usedBytes = 0;
  /** For INFO keyspace avg_ttl: running average as Redis keeps it (updated by the expire cycle). */
  avgTtl = 0;
  /**
   * OBJECT ENCODING of strings whose encoding does not follow from their bytes: Redis reports
   * 'raw' for short strings made in place (APPEND, SETRANGE, SETBIT, BITFIELD, BITOP) and
   * 'embstr' for INCRBYFLOAT results that look like integers. Any other write of the key
   * clears its entry. null until first needed, so plain GET/SET pay one null check.
   */
  private encodingHints: Map<string, 'raw' | 'embstr'> | null = null;

  constructor(keyspace: Keyspace, id: number) {
    this.keyspace = keyspace;
    this.id = id;
  }

  /** Number of keys, including logically expired ones not yet removed (as DBSIZE). */
  get size(): number { return this.index.keys.length; }

  // ---- lookups ---------------------------------------------------------------------------

  /**
   * lookupKeyRead: the value, or undefined if missing or expired (then deleted). Counts
   * keyspace hits/misses and updates the key's access clock.
   */
  lookupRead(key: string): Value | undefined {
    const slot = this.index.find(key);
    if (slot < 0 || (this.expires.size !== 0 && this.expireIfNeeded(key))) {
      const ks = this.keyspace;
      ks.stats.keyspaceMisses++;
      if (ks.keyspaceEvents !== 0) ks.onKeyMiss?.(this, key);
      return undefined;
    }
    this.keyspace.stats.keyspaceHits++;
    this.touchSlot(slot);
    return this.valueArr[slot];
  }

  /** lookupKeyWrite: like lookupRead but without hit/miss statistics. */
  lookupWrite(key: string): Value | undefined {
    const slot = this.index.find(key);
    if (slot < 0) return undefined;
    if (this.expires.size !== 0 && this.expireIfNeeded(key)) return undefined;
    this.touchSlot(slot);
    return this.valueArr[slot];
  }

  /**
   * Lookup without touching the access clock (LOOKUP_NOTOUCH: TYPE, TTL, OBJECT, MEMORY).
   * notifyMiss false is LOOKUP_NONOTIFY (OBJECT, MEMORY USAGE: no "keymiss" event).
   */
  lookupNoTouch(key: string, notifyMiss = true): Value | undefined {
    const slot = this.index.find(key);
    if (slot < 0 || (this.expires.size !== 0 && this.expireIfNeeded(key))) {
      const ks = this.keyspace;
      ks.stats.keyspaceMisses++;
      if (ks.keyspaceEvents !== 0 && notifyMiss) ks.onKeyMiss?.(this, key);
      return undefined;
    }
    this.keyspace.stats.keyspaceHits++;
    return this.valueArr[slot];
  }

  /** The stored value ignoring expiry entirely (for internal use: eviction, DEBUG). */
  peek(key: string): Value | undefined {
    const slot = this.index.find(key);
    return slot < 0 ? undefined : this.valueArr[slot];
  }

  /** EXISTS semantics: present and not expired; counts hits/misses, leaves the access clock. */
  exists(key: string): boolean {
    return this.lookupNoTouch(key) !== undefined;
  }

  /** Seconds since the key was last accessed (OBJECT IDLETIME), or -1 if missing. */
  idleSeconds(key: string): number {
    const slot = this.index.find(key);
    if (slot < 0) return -1;
    const now = this.keyspace.lruClock();
    const then = this.clocks[slot];
    return now >= then ? now - then : 0;
  }

  /** LFU counter of a key after decay (OBJECT FREQ), or -1 if missing. */
  lfuFrequency(key: string): number {
    const slot = this.index.find(key);
    if (slot < 0) return -1;
    return this.keyspace.lfuDecayed(this.clocks[slot]);
  }

  /**
   * objectSetLRUOrLFU (RESTORE IDLETIME / FREQ): under an LFU policy a counter of `freq`
   * (when >= 0), otherwise an access time `idleSeconds` ago (when >= 0). False if unchanged.
   */
  setAccessInfo(key: string, freq: number, idleSeconds: number): boolean {
    const slot = this.index.find(key);
    if (slot < 0) return false;
    const ks = this.keyspace;
    if (ks.lfuMode) {
      if (freq < 0) return false;
      this.clocks[slot] = ((ks.lfuNew() >>> 8) << 8) | (freq & 0xff);
      return true;
    }
    if (idleSeconds < 0) return false;
    let abs = ks.lruClock() - idleSeconds;
    if (abs < 0) abs = ((abs % 0x1000000) + 0x1000000) % 0x1000000;
    this.clocks[slot] = abs;
    return true;
  }

  private touchSlot(slot: number): void {
    const ks = this.keyspace;
    if (ks.lfuMode) this.clocks[slot] = ks.lfuTouch(this.clocks[slot]);
    else this.clocks[slot] = ks.lruClock();
  }

  /** Slot of a key in the dense arrays, or -1. */
  slotOf(key: string): number {
    const slot = this.index.find(key);
    return slot;
  }

  /** Access clock value (LRU seconds, or LFU word) of a slot: for eviction sampling. */
  clockAt(slot: number): number { return this.clocks[slot]; }
  keyAt(slot: number): string { return this.index.keys[slot]; }
  valueAt(slot: number): Value { return this.valueArr[slot]; }

  // ---- writes ----------------------------------------------------------------------------

  /**
   * setKey: create or overwrite `key`. The TTL is removed unless keepTtl (SET KEEPTTL).
   * Signals the modification.
   */
  set(key: string, value: Value, keepTtl = false): void {
    const slot = this.index.find(key);
    if (slot < 0) {
      this.insertNew(key, value);
    } else {
      this.replaceAt(slot, value);
      if (!keepTtl && this.expires.size !== 0 && this.expires.delete(key)) {
        this.usedBytes -= EXPIRE_OVERHEAD_BYTES;
      }
    }
    this.keyspace.onModified?.(this, key);
  }

  /** dbAdd: key must not exist (caller checked). */
  add(key: string, value: Value): void {
    this.insertNew(key, value);
    this.keyspace.onModified?.(this, key);
  }

  /** dbOverwrite: key must exist; keeps its TTL. */
  overwrite(key: string, value: Value): void {
    const slot = this.index.find(key);
    if (slot < 0) { this.add(key, value); return; }
    this.replaceAt(slot, value);
    this.keyspace.onModified?.(this, key);
  }

  /** Records the OBJECT ENCODING Redis would report for the string just stored at key. */
  setEncodingHint(key: string, encoding: 'raw' | 'embstr'): void {
    if (this.encodingHints === null) this.encodingHints = new Map();
    this.encodingHints.set(key, encoding);
  }

  /** The recorded string encoding of key, if any (see setEncodingHint). */
  encodingHint(key: string): 'raw' | 'embstr' | undefined {
    return this.encodingHints === null ? undefined : this.encodingHints.get(key);
  }

  private insertNew(key: string, value: Value): void {
    const slot = this.index.append(key);
    if (slot === this.valueCapacity) {
      this.valueArr = grow(this.valueArr, slot);
      this.valueCapacity = grownCapacity(slot);
    }
    this.valueArr.push(value);
    const ks = this.keyspace;
    if (slot === this.clocks.length) this.resizeClocks(slot * 2);
    this.clocks[slot] = ks.lfuMode ? ks.lfuNew() : ks.lruClock();
    this.usedBytes += KEY_OVERHEAD_BYTES + 16 + ((key.length + 7) & ~7) + this.account(value);
    // dbAdd's "new" keyspace event (one field test when notifications are off).
    if (ks.keyspaceEvents !== 0) ks.onNewKey?.(this, key);
  }

  /** Moves the clocks into a typed array of `capacity` entries (grow or shrink). */
  private resizeClocks(capacity: number): void {
    const next = new Uint32Array(Math.max(capacity, MIN_CLOCK_CAPACITY));
    next.set(this.clocks.subarray(0, this.index.keys.length));
    this.clocks = next;
  }

  private replaceAt(slot: number, value: Value): void {
    if (this.encodingHints !== null) this.encodingHints.delete(this.index.keys[slot]);
    const old = this.valueArr[slot];
    this.usedBytes += this.account(value) - this.accounted(old);
    this.valueArr[slot] = value;
    this.touchSlot(slot);
  }

  private account(value: Value): number {
    if (typeof value === 'string') return 16 + ((value.length + 7) & ~7);
    const bytes = value.memoryUsage();
    value.accountedBytes = bytes;
    return bytes;
  }

  private accounted(value: Value): number {
    if (typeof value === 'string') return 16 + ((value.length + 7) & ~7);
    return value.accountedBytes;
  }

  /**
   * signalModifiedKey: call after changing a stored object in place (LPUSH, HSET, ...). It
   * re-reads the object's size for the memory estimate and runs the keyspace's modify hook
   * (WATCH invalidation, client tracking).
   */
  modified(key: string): void {
    const slot = this.index.find(key);
    if (slot >= 0) {
      const v = this.valueArr[slot];
      if (v instanceof RedisObject) {
        const bytes = v.memoryUsage();
        this.usedBytes += bytes - v.accountedBytes;
        v.accountedBytes = bytes;
      }
    }
    this.keyspace.onModified?.(this, key);
  }

  /** dbDelete: removes key and its TTL; true if it existed. Does not check expiry. */
  delete(key: string): boolean {
    const slot = this.index.find(key);
    if (slot < 0) return false;
    this.removeSlot(key, slot);
    this.keyspace.onModified?.(this, key);
    return true;
  }

  private removeSlot(key: string, slot: number): void {
    const values = this.valueArr;
    const clocks = this.clocks;
    this.usedBytes -= KEY_OVERHEAD_BYTES + 16 + ((key.length + 7) & ~7) + this.accounted(values[slot]);
    const moved = this.index.removeAt(slot);
    if (moved >= 0) {
      values[slot] = values[moved];
      clocks[slot] = clocks[moved];
    }
    values.pop();
    const size = values.length;
    // Below half, V8 may have trimmed the array: the next insert reallocates to be sure.
    if (size * 2 < this.valueCapacity) this.valueCapacity = size;
    // Give memory back once three quarters of the clock array are unused.
    if (size < clocks.length >>> 2 && clocks.length > MIN_CLOCK_CAPACITY) this.resizeClocks(clocks.length >>> 1);
    if (this.encodingHints !== null) this.encodingHints.delete(key);
    if (this.expires.size !== 0 && this.expires.delete(key)) this.usedBytes -= EXPIRE_OVERHEAD_BYTES;
    if (this.usedBytes < 0) this.usedBytes = 0;
  }

  // ---- expiry ----------------------------------------------------------------------------

  /** Absolute expire time in ms, or -1 when the key has no TTL. */
  getExpire(key: string): number {
    // An empty Map still hashes the key (V8's hash of a fresh string: ~50 ns).
    if (this.expires.size === 0) return -1;
    const when = this.expires.get(key);
    return when === undefined ? -1 : when;
  }

  /** Sets the absolute expire time (ms) of an existing key. */
  setExpire(key: string, whenMs: number): void {
    if (this.index.find(key) < 0) return;
    if (!this.expires.has(key)) this.usedBytes += EXPIRE_OVERHEAD_BYTES;
    this.expires.set(key, whenMs);
  }

  /** PERSIST: true if a TTL was removed. */
  removeExpire(key: string): boolean {
    if (this.expires.size !== 0 && this.expires.delete(key)) {
      this.usedBytes -= EXPIRE_OVERHEAD_BYTES;
      return true;
    }
    return false;
  }

  /** True when the key has a TTL that lies in the past (keyIsExpired). */
  isExpired(key: string): boolean {
    if (this.expires.size === 0) return false;
    const when = this.expires.get(key);
    return when !== undefined && when <= this.keyspace.now();
  }

  /** expireIfNeeded: deletes the key if its TTL has passed; true when it was expired. */
  expireIfNeeded(key: string): boolean {
    if (this.expires.size === 0) return false;
    const when = this.expires.get(key);
    if (when === undefined || when > this.keyspace.now()) return false;
    this.deleteExpired(key);
    return true;
  }

  /** Deletes a key because it expired: counts expired_keys and runs the expire hook. */
  deleteExpired(key: string): void {
    const slot = this.index.find(key);
    if (slot < 0) { this.removeExpire(key); return; }
    this.removeSlot(key, slot);
    this.keyspace.stats.expiredKeys++;
    this.keyspace.onExpired?.(this, key);
    this.keyspace.onModified?.(this, key);
  }

  // ---- iteration -------------------------------------------------------------------------

  /** A random key that is not expired (expired ones met on the way are deleted), or null. */
  randomKey(): string | null {
    // Bounded: if every sampled key is expired we delete it, so the loop ends.
    for (let tries = 0; tries < 1000 && this.index.keys.length > 0; tries++) {
      const slot = Math.floor(Math.random() * this.index.keys.length);
      const key = this.index.keys[slot];
      if (this.expires.size !== 0 && this.expireIfNeeded(key)) continue;
      return key;
    }
    return null;
  }

  /**
   * One SCAN step: visits up to `count` slots below `cursor` (0 = start from the top) and
   * calls visit(key, value) for each live key. Returns the next cursor (0 = done).
   */
  scan(cursor: number, count: number, visit: (key: string, value: Value) => void): number {
    let pos = cursor === 0 || cursor > this.index.keys.length ? this.index.keys.length : cursor;
    const hasExpires = this.expires.size !== 0;
    let visited = 0;
    while (pos > 0 && visited < count) {
      pos--;
      if (pos >= this.index.keys.length) continue; // deletions shrank the table under us
      visited++;
      const key = this.index.keys[pos];
      if (hasExpires && this.expireIfNeeded(key)) continue;
      visit(key, this.valueArr[pos]);
    }
    return pos;
  }

  /** Every key, including expired ones not yet removed: callers check isExpired(). */
  allKeys(): readonly string[] { return this.index.keys; }

  /** FLUSHDB: removes everything; returns the number of keys removed. */
  flush(): number {
    const n = this.index.keys.length;
    this.index = new KeyIndex();
    this.valueArr = [];
    this.valueCapacity = 0;
    this.clocks = new Uint32Array(MIN_CLOCK_CAPACITY);
    this.expires = new Map();
    this.expireCursor = null;
    this.encodingHints = null;
    this.usedBytes = 0;
    this.avgTtl = 0;
    return n;
  }

  /** SWAPDB: exchanges the contents (not the identity) of two databases. */
  swapWith(other: Database): void {
    const a = this as Database, b = other;
    [a.index, b.index] = [b.index, a.index];
    [a.valueArr, b.valueArr] = [b.valueArr, a.valueArr];
    [a.valueCapacity, b.valueCapacity] = [b.valueCapacity, a.valueCapacity];
    [a.clocks, b.clocks] = [b.clocks, a.clocks];
    [a.expires, b.expires] = [b.expires, a.expires];
    [a.expireCursor, b.expireCursor] = [b.expireCursor, a.expireCursor];
    [a.usedBytes, b.usedBytes] = [b.usedBytes, a.usedBytes];
    [a.avgTtl, b.avgTtl] = [b.avgTtl, a.avgTtl];
    [a.encodingHints, b.encodingHints] = [b.encodingHints, a.encodingHints];
  }
}

export interface KeyspaceOptions {
  databases?: number;
  /** Time source in ms; the engine passes its per-command cached clock. Default Date.now. */
  clock?: () => number;
}

export class Keyspace {
  readonly dbs: Database[];
  readonly stats: KeyspaceStats = {
    expiredKeys: 0, evictedKeys: 0, keyspaceHits: 0, keyspaceMisses: 0, expiredStalePerc: 0, lazyfreedObjects: 0,
  };
  /** lazyfree-lazy-user-del and lazyfree-lazy-user-flush (set by the server from its config). */
  lazyUserDel = false;
  lazyUserFlush = false;
  /** Writes since the last save (INFO rdb_changes_since_last_save); commands add to it. */
  dirty = 0;
  /** Time source (ms). Replace to use the engine's cached time or a fake clock in tests. */
  clock: () => number;
  /** True while an LFU maxmemory policy is active: the per-key clock word holds LFU data. */
  lfuMode = false;
  /** Redis's lfu-log-factor and lfu-decay-time. */
  lfuLogFactor = 10;
  lfuDecayTime = 1;
  /** Hook called after every key change (WATCH, client tracking); set by the engine. */
  onModified: ((db: Database, key: string) => void) | null = null;
  /** Hook called when a key is removed because it expired (keyspace events, propagation). */
  onExpired: ((db: Database, key: string) => void) | null = null;
  /** Hooks for the "new" (key created) and "keymiss" (read lookup missed) keyspace events. */
  onNewKey: ((db: Database, key: string) => void) | null = null;
  onKeyMiss: ((db: Database, key: string) => void) | null = null;
  /** Hook for the "evicted" keyspace event (src/store/eviction.ts, after the key is gone). */
  onEvicted: ((db: Database, key: string) => void) | null = null;
  /**
   * Hook called when a whole database changes at once (FLUSHDB, FLUSHALL, SWAPDB: Redis's
   * touchAllWatchedKeysInDb), after the change.
   */
  onDatabaseChanged: ((db: Database) => void) | null = null;
  /**
   * Hook called before FLUSHDB / FLUSHALL / SWAPDB change a database (WATCH must know which
   * watched keys existed before: Redis's touchAllWatchedKeysInDb runs before the emptying).
   */
  beforeDatabaseChanged: ((db: Database) => void) | null = null;
  /** notify-keyspace-events as a bitmask (src/server/notify.ts keeps it current); 0 = off. */
  keyspaceEvents = 0;

  constructor(options: KeyspaceOptions = {}) {
    const n = options.databases ?? 16;
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`invalid number of databases: ${n}`);
    this.clock = options.clock ?? Date.now;
    this.dbs = [];
    for (let i = 0; i < n; i++) this.dbs.push(new Database(this, i));
  }

  get count(): number { return this.dbs.length; }

  /** Database by index; undefined when out of range. */
  db(index: number): Database | undefined { return this.dbs[index]; }

  now(): number { return this.clock(); }

  /** Redis's LRU clock: seconds, 24 bits. */
  lruClock(): number { return Math.floor(this.clock() / 1000) & 0xffffff; }

  /** Total keys in all databases. */
  totalKeys(): number {
    let n = 0;
    for (const db of this.dbs) n += db.size;
    return n;
  }

  /** Estimated bytes used by the whole dataset. */
  usedBytes(): number {
    let n = 0;
    for (const db of this.dbs) n += db.usedBytes;
    return n;
  }

  /** FLUSHALL: returns the number of keys removed. */
  flushAll(): number {
    let n = 0;
    if (this.beforeDatabaseChanged !== null) for (const db of this.dbs) this.beforeDatabaseChanged(db);
    for (const db of this.dbs) n += db.flush();
    if (this.onDatabaseChanged !== null) for (const db of this.dbs) this.onDatabaseChanged(db);
    return n;
  }

  /** FLUSHDB of one database: returns the number of keys removed. */
  flushDb(db: Database): number {
    this.beforeDatabaseChanged?.(db);
    const n = db.flush();
    this.onDatabaseChanged?.(db);
    return n;
  }

  /** SWAPDB a b; false if an index is out of range. */
  swap(a: number, b: number): boolean {
    const da = this.dbs[a], dbb = this.dbs[b];
    if (!da || !dbb) return false;
    if (a !== b) {
      this.beforeDatabaseChanged?.(da);
      this.beforeDatabaseChanged?.(dbb);
      da.swapWith(dbb);
      this.onDatabaseChanged?.(da);
      this.onDatabaseChanged?.(dbb);
    }
    return true;
  }

  // ---- LFU (Redis's evict.c: 16 bits last decrement time in minutes, 8 bits log counter) ---

  private lfuMinutes(): number { return Math.floor(this.clock() / 60000) & 0xffff; }

  lfuNew(): number { return (this.lfuMinutes() << 8) | LFU_INIT_VAL; }

  /** The counter of an LFU word after applying the decay for elapsed time (LFUDecrAndReturn). */
  lfuDecayed(word: number): number {
    const ldt = word >>> 8;
    let counter = word & 0xff;
    const now = this.lfuMinutes();
    const elapsed = now >= ldt ? now - ldt : 65535 - ldt + now;
    const periods = this.lfuDecayTime > 0 ? Math.floor(elapsed / this.lfuDecayTime) : 0;
    counter = periods > counter ? 0 : counter - periods;
    return counter;
  }

  /** An access: decay, then logarithmic increment (LFULogIncr), new timestamp. */
  lfuTouch(word: number): number {
    let counter = this.lfuDecayed(word);
    if (counter < 255) {
      const r = Math.random();
      const baseval = counter - LFU_INIT_VAL < 0 ? 0 : counter - LFU_INIT_VAL;
      const p = 1.0 / (baseval * this.lfuLogFactor + 1);
      if (r < p) counter++;
    }
    return (this.lfuMinutes() << 8) | counter;
  }
}


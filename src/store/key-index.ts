// The key index of a database: key -> slot in the database's dense arrays.
//
// An open-addressing hash table (linear probing) over a typed array, instead of a JS Map:
//   keys:    string[]       slot -> key (dense, the database's key array)
//   table:   Int32Array     bucket -> tag << 24 | (slot + 1), 0 = empty (load at most 3/4);
//                           the tag is the top 8 bits of the key's hash, so a lookup compares
//                           strings only for 1 in 256 of the foreign entries it probes
// Two reasons. Speed: every key a client sends is a fresh string, and a Map must compute V8's
// hash of it on each lookup (about 60 ns for a 16-byte key); hashing it here costs a third of
// that. Memory: a Map entry costs ~29 bytes per key on the V8 heap; this index costs 5-11
// bytes per key, outside the heap. Slots have 24 bits: at most 16,777,214 keys per database
// (a V8 Map stops at 2^24 entries too).
//
// The hash is a seeded multiply-xorshift mix of two bytes a round (the seed random per
// process, as V8's and Redis's siphash seeds are), so which keys collide is not known in
// advance to a client (it is no siphash: a determined attacker with timing could do better).
// Deletion shifts the following entries back (no tombstones), so lookups never slow down
// after many deletes. Hashes are not stored: growing the table and deleting recompute them.

import { grow, grownCapacity } from './dense-array';

/** Smallest table (buckets); always a power of two. */
const MIN_BUCKETS = 16;

const SEED = (Math.random() * 0x100000000) | 0;

/** Hash of a key (latin1 string). */
export function hashKey(key: string): number {
  const n = key.length;
  let h = SEED ^ n;
  let i = 0;
  // Two bytes per round (latin1: 8 bits each), so a 20-byte key costs 10 rounds.
  for (; i + 1 < n; i += 2) {
    h = Math.imul(h ^ (key.charCodeAt(i) | (key.charCodeAt(i + 1) << 8)), 0x5bd1e995);
    h ^= h >>> 15;
  }
  if (i < n) {
    h = Math.imul(h ^ key.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 13), 0x85ebca6b);
  return h ^ (h >>> 16);
}

/** Largest slot + 1 an entry can hold (24 bits). */
const MAX_KEYS = 0xffffff - 1;
const TAG_MASK = 0xff000000 | 0;
const SLOT_MASK = 0xffffff;

export class KeyIndex {
  /** slot -> key; read by the database (keyAt, SCAN, RANDOMKEY). Do not modify outside. */
  keys: string[] = [];
  /** Room in `keys` before it must grow (dense-array.ts). */
  private keysCapacity = 0;
  private table = new Int32Array(MIN_BUCKETS);
  private mask = MIN_BUCKETS - 1;
  /**
   * The last key found or added and its slot: a command that reads then writes a key (INCR,
   * APPEND, ...) looks it up twice, and the second lookup then costs one string comparison.
   */
  private lastKey: string | undefined = undefined;
  private lastSlot = -1;

  get size(): number { return this.keys.length; }

  /** Slot of key, or -1. */
  find(key: string): number {
    if (key === this.lastKey) return this.lastSlot;
    const h = hashKey(key);
    const tag = h & TAG_MASK;
    const table = this.table;
    const mask = this.mask;
    for (let b = h & mask; ; b = (b + 1) & mask) {
      const entry = table[b];
      if (entry === 0) return -1;
      if ((entry & TAG_MASK) === tag) {
        const slot = (entry & SLOT_MASK) - 1;
        if (this.keys[slot] === key) {
          this.lastKey = key;
          this.lastSlot = slot;
          return slot;
        }
      }
    }
  }

  /** Adds a key that is not present; returns its slot (the next free one, = old size). */
  append(key: string): number {
    const slot = this.keys.length;
    if (slot >= MAX_KEYS) throw new Error(`ERR too many keys in one database (${MAX_KEYS})`);
    if ((slot + 1) * 4 > this.table.length * 3) this.rebuild(this.table.length * 2);
    if (slot === this.keysCapacity) {
      this.keys = grow(this.keys, slot);
      this.keysCapacity = grownCapacity(slot);
    }
    this.keys.push(key);
    this.place(hashKey(key), slot);
    this.lastKey = key;
    this.lastSlot = slot;
    return slot;
  }

  /**
   * Removes the key at `slot`. The last slot's key moves into the hole (swap-remove), as the
   * database moves its values and clocks: returns the slot that moved (the old last slot),
   * or -1 if `slot` was the last one.
   */
  removeAt(slot: number): number {
    const keys = this.keys;
    this.lastKey = undefined;
    this.unplace(hashKey(keys[slot]), slot);
    const last = keys.length - 1;
    let moved = -1;
    if (slot !== last) {
      const b = this.bucketOf(hashKey(keys[last]), last);
      this.table[b] = (this.table[b] & TAG_MASK) | (slot + 1);
      keys[slot] = keys[last];
      moved = last;
    }
    keys.pop();
    // Below half, V8 may have trimmed the array: the next append reallocates to be sure.
    if (last * 2 < this.keysCapacity) this.keysCapacity = last;
    // Give memory back when the table is mostly empty.
    const buckets = this.table.length;
    if (buckets > MIN_BUCKETS && last * 8 < buckets) this.rebuild(buckets >>> 1);
    return moved;
  }

  clear(): void {
    this.lastKey = undefined;
    this.keys = [];
    this.keysCapacity = 0;
    this.table = new Int32Array(MIN_BUCKETS);
    this.mask = MIN_BUCKETS - 1;
  }

  // ---- buckets ---------------------------------------------------------------------------

  private place(h: number, slot: number): void {
    const table = this.table;
    const mask = this.mask;
    let b = h & mask;
    while (table[b] !== 0) b = (b + 1) & mask;
    table[b] = (h & TAG_MASK) | (slot + 1);
  }

  /** The bucket holding `slot` (whose key hashes to h). */
  private bucketOf(h: number, slot: number): number {
    const table = this.table;
    const mask = this.mask;
    const wanted = slot + 1;
    let b = h & mask;
    while ((table[b] & SLOT_MASK) !== wanted) b = (b + 1) & mask;
    return b;
  }

  /** Empties the bucket of `slot`, shifting later entries of the probe run back into it. */
  private unplace(h: number, slot: number): void {
    const table = this.table;
    const keys = this.keys;
    const mask = this.mask;
    let hole = this.bucketOf(h, slot);
    for (let b = (hole + 1) & mask; table[b] !== 0; b = (b + 1) & mask) {
      const home = hashKey(keys[(table[b] & SLOT_MASK) - 1]) & mask;
      // The entry at b may fill the hole if its home bucket is not between the hole and b.
      if (((b - home) & mask) >= ((b - hole) & mask)) {
        table[hole] = table[b];
        hole = b;
      }
    }
    table[hole] = 0;
  }

  private rebuild(buckets: number): void {
    this.table = new Int32Array(buckets);
    this.mask = buckets - 1;
    const keys = this.keys;
    for (let slot = 0; slot < keys.length; slot++) this.place(hashKey(keys[slot]), slot);
  }
}

// The key index of a database: key -> slot in the database's dense arrays.
//
// An open-addressing hash table (linear probing) over typed arrays, instead of a JS Map:
//   keys:    string[]       slot -> key (dense, the database's key array)
//   hashes:  Int32Array     slot -> hash of its key (for resizing and deletion without rehashing)
//   table:   Int32Array     bucket -> slot + 1, 0 = empty (load factor at most 3/4)
// Two reasons. Speed: every key a client sends is a fresh string, and a Map must compute V8's
// hash of it on each lookup (about 60 ns for a 16-byte key); hashing it here costs a third of
// that. Memory: a Map entry costs ~29 bytes per key on the V8 heap; this index costs 4 bytes
// (hash) plus 5-11 bytes (table), outside the heap.
//
// The hash is a seeded multiply-xorshift mix per byte (seed random per process, as V8's and
// Redis's siphash seeds are), so which keys collide cannot be known in advance by a client.
// Deletion shifts the following entries back (no tombstones), so lookups never slow down
// after many deletes.

/** Smallest table (buckets); always a power of two. */
const MIN_BUCKETS = 16;

const SEED = (Math.random() * 0x100000000) | 0;

/** Hash of a key (latin1 string). */
export function hashKey(key: string): number {
  let h = SEED ^ key.length;
  for (let i = 0; i < key.length; i++) {
    h = Math.imul(h ^ key.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 13), 0x85ebca6b);
  return h ^ (h >>> 16);
}

export class KeyIndex {
  /** slot -> key; read by the database (keyAt, SCAN, RANDOMKEY). Do not modify outside. */
  keys: string[] = [];
  private hashes = new Int32Array(MIN_BUCKETS);
  private table = new Int32Array(MIN_BUCKETS);
  private mask = MIN_BUCKETS - 1;

  get size(): number { return this.keys.length; }

  /**
   * The last key found or added and its slot: a command that reads then writes a key (INCR,
   * APPEND, ...) looks it up twice, and the second lookup then costs one string comparison.
   */
  private lastKey: string | undefined = undefined;
  private lastSlot = -1;

  /** Slot of key, or -1. */
  find(key: string): number {
    if (key === this.lastKey) return this.lastSlot;
    const h = hashKey(key);
    const table = this.table;
    const mask = this.mask;
    const keys = this.keys;
    const hashes = this.hashes;
    for (let b = h & mask; ; b = (b + 1) & mask) {
      const entry = table[b];
      if (entry === 0) return -1;
      const slot = entry - 1;
      if (hashes[slot] === h && keys[slot] === key) {
        this.lastKey = key;
        this.lastSlot = slot;
        return slot;
      }
    }
  }

  /** Adds a key that is not present; returns its slot (the next free one, = old size). */
  append(key: string): number {
    const slot = this.keys.length;
    if ((slot + 1) * 4 > this.table.length * 3) this.rebuild(this.table.length * 2);
    if (slot === this.hashes.length) this.resizeHashes(slot * 2);
    const h = hashKey(key);
    this.keys.push(key);
    this.hashes[slot] = h;
    this.place(h, slot);
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
    const hashes = this.hashes;
    this.lastKey = undefined;
    this.unplace(hashes[slot], slot);
    const last = keys.length - 1;
    let moved = -1;
    if (slot !== last) {
      const h = hashes[last];
      this.retarget(h, last, slot);
      keys[slot] = keys[last];
      hashes[slot] = h;
      moved = last;
    }
    keys.pop();
    // Give memory back when the table is mostly empty.
    const buckets = this.table.length;
    if (buckets > MIN_BUCKETS && last * 8 < buckets) this.rebuild(buckets >>> 1);
    if (this.hashes.length > MIN_BUCKETS && last * 4 < this.hashes.length) this.resizeHashes(this.hashes.length >>> 1);
    return moved;
  }

  clear(): void {
    this.lastKey = undefined;
    this.keys = [];
    this.hashes = new Int32Array(MIN_BUCKETS);
    this.table = new Int32Array(MIN_BUCKETS);
    this.mask = MIN_BUCKETS - 1;
  }

  /** Bytes this index holds outside the keys themselves (MEMORY STATS-like estimates). */
  overheadBytes(): number {
    return this.table.byteLength + this.hashes.byteLength + this.keys.length * 8;
  }

  // ---- buckets ---------------------------------------------------------------------------

  private place(h: number, slot: number): void {
    const table = this.table;
    const mask = this.mask;
    let b = h & mask;
    while (table[b] !== 0) b = (b + 1) & mask;
    table[b] = slot + 1;
  }

  /** The bucket holding `slot` (whose hash is h). */
  private bucketOf(h: number, slot: number): number {
    const table = this.table;
    const mask = this.mask;
    const entry = slot + 1;
    let b = h & mask;
    while (table[b] !== entry) b = (b + 1) & mask;
    return b;
  }

  private retarget(h: number, from: number, to: number): void {
    this.table[this.bucketOf(h, from)] = to + 1;
  }

  /** Empties the bucket of `slot`, shifting later entries of the probe run back into it. */
  private unplace(h: number, slot: number): void {
    const table = this.table;
    const hashes = this.hashes;
    const mask = this.mask;
    let hole = this.bucketOf(h, slot);
    for (let b = (hole + 1) & mask; table[b] !== 0; b = (b + 1) & mask) {
      const home = hashes[table[b] - 1] & mask;
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
    const hashes = this.hashes;
    for (let slot = 0; slot < this.keys.length; slot++) this.place(hashes[slot], slot);
  }

  private resizeHashes(capacity: number): void {
    const next = new Int32Array(Math.max(capacity, MIN_BUCKETS));
    next.set(this.hashes.subarray(0, this.keys.length));
    this.hashes = next;
  }
}

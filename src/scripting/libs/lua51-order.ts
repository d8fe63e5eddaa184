// The next() order Redis's Lua 5.1 gives a table's hash part (string, number and boolean
// keys), reproduced by replaying the keys' insertion into a model of Lua 5.1's node array
// (ltable.c).
//
// Why: cjson.encode and cmsgpack.pack write object keys in next() order, so the bytes a script
// produces depend on it. Ferrous tables iterate in insertion order; replaying the insertions
// into Lua's node array gives Redis's order exactly when the table was built the way the
// model assumes: created empty (`{}`, cjson.decode, cmsgpack.unpack) and filled by
// assignments without deletions. A table constructor with string keys ({a=1, b=2}) presizes
// the node array instead: pass `presize` = the number of keys in the constructor.
//
// Model (Lua 5.1.5 with Redis's every-byte string hash):
//   hash(s)     h = len; for each byte from the last: h ^= (h << 5) + (h >> 2) + byte   (uint32)
//   main pos    strings: h & (size - 1); booleans: b & (size - 1); numbers: node 0 for 0,
//               else (low word + high word of the double) % ((size - 1) | 1)
//   insert      main position free -> there; else take the free node found by scanning down
//               from `lastfree`; if the occupant of the main position is not in its own main
//               position it moves to the free node, else the new key goes to the free node.
//   full        rehash: new size = smallest power of 2 >= number of keys (+1 for the new key),
//               old nodes re-inserted from the last to the first, then the new key.
//   next()      nodes from 0 to size-1.

/** Redis's Lua string hash (lstring.c with step 1). */
export function luaStringHash(s: string): number {
  const l = s.length;
  let h = l >>> 0;
  for (let i = l; i >= 1; i--) {
    h = (h ^ (((h << 5) >>> 0) + (h >>> 2) + s.charCodeAt(i - 1))) >>> 0;
  }
  return h;
}

/** Key kinds: how the main position is derived from the hash. */
const POW2 = 0; // strings, booleans: h & (size - 1)
const MOD = 1; // numbers: h % ((size - 1) | 1), and 0 / -0 always node 0
const ZERO = 2;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** The hash of a key and its kind, or undefined for keys the model cannot place (tables...). */
function keyHash(k: unknown, out: { h: number; kind: number }): boolean {
  switch (typeof k) {
    case 'string': out.h = luaStringHash(k); out.kind = POW2; return true;
    case 'boolean': out.h = k ? 1 : 0; out.kind = POW2; return true;
    case 'number':
      if (k === 0) { out.h = 0; out.kind = ZERO; return true; }
      f64[0] = k;
      out.h = (u32[0] + u32[1]) >>> 0;
      out.kind = MOD;
      return true;
    default: return false;
  }
}

class NodeArray {
  size = 0; // 0 = Lua's dummy node (no room at all)
  keys: unknown[] = [];
  used: boolean[] = [];
  hashes: number[] = [];
  kinds: number[] = [];
  next: number[] = []; // -1 = end of chain
  lastfree = 0;

  setSize(n: number): void {
    let size = 0;
    if (n > 0) { size = 1; while (size < n) size *= 2; }
    this.size = size;
    this.keys = new Array(size).fill(undefined);
    this.used = new Array(size).fill(false);
    this.hashes = new Array(size).fill(0);
    this.kinds = new Array(size).fill(POW2);
    this.next = new Array(size).fill(-1);
    this.lastfree = size;
  }

  count(): number {
    let n = 0;
    for (let i = 0; i < this.size; i++) if (this.used[i]) n++;
    return n;
  }

  mainPos(h: number, kind: number): number {
    if (kind === POW2) return h & (this.size - 1);
    if (kind === ZERO) return 0;
    return h % ((this.size - 1) | 1);
  }

  getFreePos(): number {
    while (this.lastfree-- > 0) {
      if (!this.used[this.lastfree]) return this.lastfree;
    }
    return -1;
  }

  insert(key: unknown, h: number, kind: number): void {
    if (this.size === 0) { this.rehash(); this.insert(key, h, kind); return; }
    let mp = this.mainPos(h, kind);
    if (this.used[mp]) {
      const n = this.getFreePos();
      if (n < 0) { this.rehash(); this.insert(key, h, kind); return; }
      const other = this.mainPos(this.hashes[mp], this.kinds[mp]);
      if (other !== mp) {
        // The colliding node is out of its main position: move it to the free node.
        let prev = other;
        while (this.next[prev] !== mp) prev = this.next[prev];
        this.next[prev] = n;
        this.keys[n] = this.keys[mp];
        this.used[n] = true;
        this.hashes[n] = this.hashes[mp];
        this.kinds[n] = this.kinds[mp];
        this.next[n] = this.next[mp];
        this.next[mp] = -1;
        this.keys[mp] = undefined;
        this.used[mp] = false;
      } else {
        // The colliding node is in its main position: the new key takes the free node.
        this.next[n] = this.next[mp];
        this.next[mp] = n;
        mp = n;
      }
    }
    this.keys[mp] = key;
    this.used[mp] = true;
    this.hashes[mp] = h;
    this.kinds[mp] = kind;
  }

  /** Grows to hold every key plus the one being inserted; re-inserts from the last node. */
  rehash(): void {
    const oldKeys = this.keys;
    const oldUsed = this.used;
    const oldHashes = this.hashes;
    const oldKinds = this.kinds;
    const oldSize = this.size;
    this.setSize(this.count() + 1);
    for (let i = oldSize - 1; i >= 0; i--) {
      if (oldUsed[i]) this.insert(oldKeys[i], oldHashes[i], oldKinds[i]);
    }
  }
}

/**
 * The keys (all distinct) in the order Lua 5.1's next() returns them, given the order in which
 * they were inserted into an empty table (presize 0) or a constructor-presized one.
 */
export function lua51StringKeyOrder(keys: readonly string[], presize = 0): string[] {
  return replay(keys, presize) as string[];
}

const hk = { h: 0, kind: 0 };

/** Insertion of `keys` (all placeable) into a node array of `presize`; the nodes' order. */
function replay(keys: readonly unknown[], presize: number): unknown[] {
  const t = new NodeArray();
  t.setSize(presize);
  for (let i = 0; i < keys.length; i++) {
    keyHash(keys[i], hk);
    t.insert(keys[i], hk.h, hk.kind);
  }
  const out: unknown[] = [];
  for (let i = 0; i < t.size; i++) if (t.used[i]) out.push(t.keys[i]);
  return out;
}

// Encoders ask for the order of every object they write; arrays of records repeat the same
// key sequence, so results are cached by the sequence: a cheap digest (lengths and end
// bytes of the keys) finds the entry without hashing every byte, then the keys are compared
// exactly (a colliding sequence just replaces the entry).
interface OrderEntry { keys: unknown[]; presize: number; order: unknown[] }
const orderCache = new Map<number, OrderEntry>();
const ORDER_CACHE_MAX = 4096;
const scratchKeys: unknown[] = [];
/** The entry redisKeyOrder() used last for each key count below LAST_BY_SIZE. */
const LAST_BY_SIZE = 64;
const lastBySize: (OrderEntry | undefined)[] = new Array<OrderEntry | undefined>(LAST_BY_SIZE).fill(undefined);

/** Drops references a big map left in the scratch array. */
function release(n: number): void {
  if (n > 1024) scratchKeys.length = 0;
}

/** Lua 5.1's luaO_fb2int(luaO_int2fb(n)): the hash size OP_NEWTABLE really asks for. */
export function constructorHashSize(n: number): number {
  let e = 0;
  while (n >= 16) { n = (n + 1) >>> 1; e++; }
  return n < 8 ? n : (n + 0) << e; // "eeeeexxx" floating-point byte, decoded
}

/**
 * Redis's next() order for a hash part, modelled as filled in the Map's insertion order,
 * starting empty or, for a table constructor, presized for `ctorKeys` keyed items. Integer
 * keys 1..n live in Lua's array part (Ferrous's too) and come first either way; rehashes
 * they trigger while hash keys are being added are not modelled. Returns undefined when a key
 * cannot be placed (tables, functions... hash by address); the caller keeps its own order.
 */
export function redisKeyOrder(hash: Map<unknown, unknown>, ctorKeys = 0): unknown[] | undefined {
  const presize = ctorKeys > 0 ? constructorHashSize(ctorKeys) : 0;
  // First the last entry used for this many keys: records of one shape repeat it, and a
  // key-by-key comparison (one pointer compare for keys that are the same string object, as
  // decoded records' keys are) is all it costs. Map keys are never NaN or -0, so === is exact.
  const size = hash.size;
  const last = size < LAST_BY_SIZE ? lastBySize[size] : undefined;
  if (last !== undefined && last.presize === presize) {
    const keys = last.keys;
    let i = 0;
    for (const k of hash.keys()) {
      if (k !== keys[i]) break;
      i++;
    }
    if (i === size) return last.order;
  }
  let n = 0;
  for (const k of hash.keys()) scratchKeys[n++] = k;
  const order = cachedOrder(scratchKeys, n, presize);
  release(n);
  return order;
}

/**
 * redisKeyOrder() for string keys given as an array in insertion order (the property names of
 * a table that keeps its string keys as properties: Object.keys order).
 */
export function redisStringKeyOrder(keys: readonly string[], ctorKeys = 0): unknown[] | undefined {
  const presize = ctorKeys > 0 ? constructorHashSize(ctorKeys) : 0;
  const size = keys.length;
  const last = size < LAST_BY_SIZE ? lastBySize[size] : undefined;
  if (last !== undefined && last.presize === presize) {
    const lastKeys = last.keys;
    let i = 0;
    while (i < size && keys[i] === lastKeys[i]) i++;
    if (i === size) return last.order;
  }
  return cachedOrder(keys, size, presize);
}

/** The order of keys[0..n) from the cache, or replayed and cached. */
function cachedOrder(keys: readonly unknown[], n: number, presize: number): unknown[] | undefined {
  let digest = (n * 31 + presize) >>> 0;
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    let d: number;
    if (typeof k === 'string') {
      const l = k.length;
      d = l === 0 ? 0 : (k.charCodeAt(0) << 8) ^ k.charCodeAt(l - 1) ^ (k.charCodeAt(l >>> 1) << 16) ^ (l << 24);
    } else if (typeof k === 'number') {
      f64[0] = k;
      d = (u32[0] ^ u32[1] ^ 0x5bd1e995) >>> 0;
    } else if (typeof k === 'boolean') {
      d = k ? 0x2545f491 : 0x4f6cdd1d;
    } else {
      return undefined;
    }
    digest = (Math.imul(digest, 0x9e3779b1) ^ d) >>> 0;
  }
  const hit = orderCache.get(digest);
  if (hit !== undefined && hit.keys.length === n && hit.presize === presize) {
    let same = true;
    for (let i = 0; i < n; i++) if (!Object.is(hit.keys[i], keys[i])) { same = false; break; }
    if (same) {
      if (n < LAST_BY_SIZE) lastBySize[n] = hit;
      return hit.order;
    }
  }
  const copy = keys.slice(0, n);
  const order = replay(copy, presize);
  if (orderCache.size >= ORDER_CACHE_MAX) orderCache.clear();
  const entry = { keys: copy, presize, order };
  orderCache.set(digest, entry);
  if (n < LAST_BY_SIZE) lastBySize[n] = entry;
  return order;
}

// The next() order Redis's Lua 5.1 gives a table whose keys are all strings, reproduced by
// replaying the keys' insertion into a model of Lua 5.1's hash part (ltable.c).
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
//   main pos    h & (size - 1)
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

class NodeArray {
  size = 0; // 0 = Lua's dummy node (no room at all)
  keys: (string | undefined)[] = [];
  hashes: number[] = [];
  next: number[] = []; // -1 = end of chain
  lastfree = 0;

  setSize(n: number): void {
    let size = 0;
    if (n > 0) { size = 1; while (size < n) size *= 2; }
    this.size = size;
    this.keys = new Array(size).fill(undefined);
    this.hashes = new Array(size).fill(0);
    this.next = new Array(size).fill(-1);
    this.lastfree = size;
  }

  count(): number {
    let n = 0;
    for (let i = 0; i < this.size; i++) if (this.keys[i] !== undefined) n++;
    return n;
  }

  getFreePos(): number {
    while (this.lastfree-- > 0) {
      if (this.keys[this.lastfree] === undefined) return this.lastfree;
    }
    return -1;
  }

  insert(key: string, h: number): void {
    if (this.size === 0) { this.rehash(); this.insert(key, h); return; }
    let mp = h & (this.size - 1);
    if (this.keys[mp] !== undefined) {
      const n = this.getFreePos();
      if (n < 0) { this.rehash(); this.insert(key, h); return; }
      const other = this.hashes[mp] & (this.size - 1);
      if (other !== mp) {
        // The colliding node is out of its main position: move it to the free node.
        let prev = other;
        while (this.next[prev] !== mp) prev = this.next[prev];
        this.next[prev] = n;
        this.keys[n] = this.keys[mp];
        this.hashes[n] = this.hashes[mp];
        this.next[n] = this.next[mp];
        this.next[mp] = -1;
        this.keys[mp] = undefined;
      } else {
        // The colliding node is in its main position: the new key takes the free node.
        this.next[n] = this.next[mp];
        this.next[mp] = n;
        mp = n;
      }
    }
    this.keys[mp] = key;
    this.hashes[mp] = h;
  }

  /** Grows to hold every key plus the one being inserted; re-inserts from the last node. */
  rehash(): void {
    const oldKeys = this.keys;
    const oldHashes = this.hashes;
    const oldSize = this.size;
    this.setSize(this.count() + 1);
    for (let i = oldSize - 1; i >= 0; i--) {
      const k = oldKeys[i];
      if (k !== undefined) this.insert(k, oldHashes[i]);
    }
  }
}

/**
 * The keys (all distinct) in the order Lua 5.1's next() returns them, given the order in which
 * they were inserted into an empty table (presize 0) or a constructor-presized one.
 */
export function lua51StringKeyOrder(keys: readonly string[], presize = 0): string[] {
  return replay(keys, keys.map(luaStringHash), presize);
}

function replay(keys: readonly string[], hashes: readonly number[], presize: number): string[] {
  const t = new NodeArray();
  t.setSize(presize);
  for (let i = 0; i < keys.length; i++) t.insert(keys[i], hashes[i]);
  const out: string[] = [];
  for (let i = 0; i < t.size; i++) {
    const k = t.keys[i];
    if (k !== undefined) out.push(k);
  }
  return out;
}

// Encoders ask for the order of every object they write; arrays of records repeat the same
// key sequence, so results are cached by the sequence: a cheap digest (lengths and end
// bytes of the keys) finds the entry without hashing every byte, then the keys are compared
// exactly (a colliding sequence just replaces the entry).
interface OrderEntry { keys: string[]; presize: number; order: string[] }
const orderCache = new Map<number, OrderEntry>();
const ORDER_CACHE_MAX = 4096;
const scratchKeys: string[] = [];

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
 * Redis's next() order for a hash part whose keys are all strings, modelled as filled in the
 * Map's insertion order, starting empty or, for a table constructor, presized for `ctorKeys`
 * keyed items. Integer keys 1..n live in Lua's array part and come first either way; rehashes
 * they trigger while string keys are being added are not modelled. Returns undefined when a
 * key is not a string (the caller then keeps the insertion order).
 */
export function redisKeyOrder(hash: Map<unknown, unknown>, ctorKeys = 0): string[] | undefined {
  const presize = ctorKeys > 0 ? constructorHashSize(ctorKeys) : 0;
  let n = 0;
  let digest = (hash.size * 31 + presize) >>> 0;
  for (const k of hash.keys()) {
    if (typeof k !== 'string') return undefined;
    scratchKeys[n++] = k;
    const l = k.length;
    const ends = l === 0 ? 0 : (k.charCodeAt(0) << 8) ^ k.charCodeAt(l - 1) ^ (k.charCodeAt(l >>> 1) << 16);
    digest = (Math.imul(digest ^ l, 0x9e3779b1) ^ ends) >>> 0;
  }
  const hit = orderCache.get(digest);
  if (hit !== undefined && hit.keys.length === n && hit.presize === presize) {
    let same = true;
    for (let i = 0; i < n; i++) if (hit.keys[i] !== scratchKeys[i]) { same = false; break; }
    if (same) { release(n); return hit.order; }
  }
  const keys = scratchKeys.slice(0, n);
  release(n);
  const order = replay(keys, keys.map(luaStringHash), presize);
  if (orderCache.size >= ORDER_CACHE_MAX) orderCache.clear();
  orderCache.set(digest, { keys, presize, order });
  return order;
}

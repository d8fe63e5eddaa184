// The stream type (Redis's t_stream.c).
//
// Entry ids are pairs of unsigned 64-bit integers (ms, seq), kept as BigInt so every id a client
// can write (up to 18446744073709551615-18446744073709551615) is exact.
//
// Entries live in one array sorted by id, with a moving head so trimming from the front is
// O(1) amortised and lookups are a binary search (O(log n)). Redis does not remove an XDEL'd
// entry from its listpack: it marks it deleted (a tombstone) and drops the whole listpack only
// when its last live entry goes. We keep the same tombstones and the same grouping of entries
// into "nodes" (one per Redis listpack, with Redis's size accounting: stream-node-max-entries
// and stream-node-max-bytes with listpack byte sizes computed as listpack.c encodes them),
// because observable behaviour depends on them: approximate trimming (MAXLEN ~ / MINID ~)
// removes whole nodes only, and XINFO STREAM reports radix-tree-keys/-nodes.
//
// Consumer groups: a Map by name (replies list them in name byte order, as Redis's rax), each
// with a pending entries list (PEL) sorted by id, shared NACK objects with the per-consumer PELs.

import { RedisObject, isCanonicalInteger } from './object';

export interface StreamID { ms: bigint; seq: bigint }

export const U64_MAX = 0xffffffffffffffffn;
export const MIN_ID: StreamID = { ms: 0n, seq: 0n };
export const MAX_ID: StreamID = { ms: U64_MAX, seq: U64_MAX };
/** SCG_INVALID_ENTRIES_READ */
export const INVALID_ENTRIES_READ = -1;

export function compareId(a: StreamID, b: StreamID): number {
  if (a.ms !== b.ms) return a.ms > b.ms ? 1 : -1;
  if (a.seq !== b.seq) return a.seq > b.seq ? 1 : -1;
  return 0;
}

export function idToString(id: StreamID): string { return `${id.ms}-${id.seq}`; }

export function isZeroId(id: StreamID): boolean { return id.ms === 0n && id.seq === 0n; }

/** streamIncrID: the successor, or null when id is the maximum (Redis then wraps to 0-0). */
export function incrId(id: StreamID): StreamID | null {
  if (id.seq === U64_MAX) {
    if (id.ms === U64_MAX) return null;
    return { ms: id.ms + 1n, seq: 0n };
  }
  return { ms: id.ms, seq: id.seq + 1n };
}

/** streamDecrID: the predecessor, or null when id is 0-0. */
export function decrId(id: StreamID): StreamID | null {
  if (id.seq === 0n) {
    if (id.ms === 0n) return null;
    return { ms: id.ms - 1n, seq: U64_MAX };
  }
  return { ms: id.ms, seq: id.seq - 1n };
}

// ---- listpack byte accounting (listpack.c encodings) ---------------------------------------

function backlenBytes(l: number): number {
  return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
}

function intEncodingBytes(v: bigint): number {
  if (v >= 0n && v <= 127n) return 1;
  if (v >= -4096n && v <= 4095n) return 2;
  if (v >= -32768n && v <= 32767n) return 3;
  if (v >= -8388608n && v <= 8388607n) return 4;
  if (v >= -2147483648n && v <= 2147483647n) return 5;
  return 9;
}

/** Bytes of one listpack element holding the integer v. */
function lpIntBytes(v: bigint): number {
  const enc = intEncodingBytes(v);
  return enc + backlenBytes(enc);
}

/** Bytes of one listpack element holding the string s (integers are stored as integers). */
function lpStringBytes(s: string): number {
  // lpStringToInt64: a canonical int64 string is stored as an integer.
  if (s.length <= 20 && isCanonicalInteger(s)) return lpIntBytes(BigInt(s));
  const n = s.length;
  const body = (n < 64 ? 1 : n < 4096 ? 2 : 5) + n;
  return body + backlenBytes(body);
}

const LP_HEADER_BYTES = 7; // 4 total bytes + 2 element count + 1 terminator

// ---- entries and nodes ---------------------------------------------------------------------

/** One listpack of Redis's radix tree: the unit approximate trimming removes. */
export class StreamNode {
  /** Live (not deleted) entries. */
  live = 0;
  /** Entries marked deleted but still stored. */
  deleted = 0;
  /** lpBytes() of Redis's listpack for this node. */
  bytes: number;
  constructor(readonly master: StreamID, readonly masterFields: string[]) {
    let bytes = LP_HEADER_BYTES + 2 /* count */ + 2 /* deleted */ + lpIntBytes(BigInt(masterFields.length)) + 2 /* terminator */;
    for (const f of masterFields) bytes += lpStringBytes(f);
    this.bytes = bytes;
  }
}

export class StreamEntry implements StreamID {
  deleted = false;
  constructor(
    readonly ms: bigint, readonly seq: bigint,
    /** field, value, field, value... */
    readonly fields: string[],
    readonly node: StreamNode,
  ) {}
}

/** A pending (delivered, not acknowledged) entry of a consumer group. */
export class StreamNACK implements StreamID {
  constructor(
    readonly ms: bigint, readonly seq: bigint,
    public deliveryTime: number,
    public deliveryCount: number,
    public consumer: StreamConsumer | null,
  ) {}
}

export class StreamConsumer {
  /** Last time the consumer tried an interaction (XREADGROUP, XCLAIM, XAUTOCLAIM). */
  seenTime: number;
  /** Last successful interaction (an entry read or claimed); -1 = never. */
  activeTime = -1;
  /** This consumer's pending entries (shared NACK objects with the group PEL). */
  readonly pel = new IdList<StreamNACK>();
  constructor(readonly name: string, now: number) { this.seenTime = now; }
}

export class ConsumerGroup {
  /** Group PEL: every delivered, unacknowledged entry. */
  readonly pel = new IdList<StreamNACK>();
  readonly consumers = new Map<string, StreamConsumer>();
  constructor(readonly name: string, public lastId: StreamID, public entriesRead: number) {}

  /** Consumers in name byte order (Redis keeps them in a rax). */
  sortedConsumers(): StreamConsumer[] {
    return [...this.consumers.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/** Index of id in a sorted id array, or -(insertion point) - 1. */
export function searchIds(arr: readonly StreamID[], id: StreamID, lo = 0): number {
  let hi = arr.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareId(arr[mid], id);
    if (c < 0) lo = mid + 1;
    else if (c > 0) hi = mid - 1;
    else return mid;
  }
  return -lo - 1;
}

/** First index whose id is >= id. */
export function lowerBound(arr: readonly StreamID[], id: StreamID, lo = 0): number {
  const i = searchIds(arr, id, lo);
  return i >= 0 ? i : -i - 1;
}

/** Items per chunk of an IdList before it splits in two. */
const CHUNK_MAX = 512;

/**
 * A sorted set of id-keyed items (a PEL): chunks of at most CHUNK_MAX items in id order, so
 * lookup, insert, remove and seek are O(log n + CHUNK_MAX) with small constant factors. New
 * deliveries append at the end (ids grow), acknowledgements remove from anywhere.
 */
export class IdList<T extends StreamID> {
  private chunks: T[][] = [];
  size = 0;

  /** Index of the first chunk whose last item is >= id (chunks.length when none). */
  private chunkFor(id: StreamID): number {
    const chunks = this.chunks;
    let lo = 0, hi = chunks.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = chunks[mid];
      if (compareId(c[c.length - 1], id) < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return lo;
  }

  find(id: StreamID): T | undefined {
    const ci = this.chunkFor(id);
    if (ci === this.chunks.length) return undefined;
    const c = this.chunks[ci];
    const i = searchIds(c, id);
    return i >= 0 ? c[i] : undefined;
  }

  /** Adds item; false when its id is already present. */
  insert(item: T): boolean {
    const chunks = this.chunks;
    if (chunks.length === 0) { chunks.push([item]); this.size = 1; return true; }
    let ci = this.chunkFor(item);
    if (ci === chunks.length) ci--; // beyond every item: append to the last chunk
    const c = chunks[ci];
    const i = searchIds(c, item);
    if (i >= 0) return false;
    c.splice(-i - 1, 0, item);
    this.size++;
    if (c.length > CHUNK_MAX) chunks.splice(ci + 1, 0, c.splice(c.length >>> 1));
    return true;
  }

  remove(id: StreamID): T | undefined {
    const ci = this.chunkFor(id);
    if (ci === this.chunks.length) return undefined;
    const c = this.chunks[ci];
    const i = searchIds(c, id);
    if (i < 0) return undefined;
    const item = c[i];
    c.splice(i, 1);
    if (c.length === 0) this.chunks.splice(ci, 1);
    this.size--;
    return item;
  }

  first(): T | undefined { return this.chunks.length === 0 ? undefined : this.chunks[0][0]; }

  last(): T | undefined {
    if (this.chunks.length === 0) return undefined;
    const c = this.chunks[this.chunks.length - 1];
    return c[c.length - 1];
  }

  /** The first item with id >= id. */
  ceiling(id: StreamID): T | undefined {
    const ci = this.chunkFor(id);
    if (ci === this.chunks.length) return undefined;
    const c = this.chunks[ci];
    return c[lowerBound(c, id)];
  }

  /** The first item with id > id. */
  higher(id: StreamID): T | undefined {
    const next = incrId(id);
    return next === null ? undefined : this.ceiling(next);
  }

  /** Items with id >= from in order. The list must not change structure while iterating. */
  *from(from: StreamID): IterableIterator<T> {
    const chunks = this.chunks;
    let ci = this.chunkFor(from);
    if (ci === chunks.length) return;
    for (let i = lowerBound(chunks[ci], from); ci < chunks.length; ci++, i = 0) {
      const c = chunks[ci];
      for (; i < c.length; i++) yield c[i];
    }
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (const c of this.chunks) for (const item of c) yield item;
  }
}

export const TRIM_NONE = 0, TRIM_MAXLEN = 1, TRIM_MINID = 2;

export interface TrimArgs {
  strategy: number;
  approx: boolean;
  /** 0 = no limit. */
  limit: number;
  maxlen: number;
  minid: StreamID;
}

export interface NodeLimits { maxBytes: number; maxEntries: number }

export const DEFAULT_NODE_LIMITS: NodeLimits = { maxBytes: 4096, maxEntries: 100 };
/** STREAM_LISTPACK_MAX_SIZE */
const LISTPACK_MAX_SIZE = 1 << 30;

export class StreamObject extends RedisObject {
  readonly type = 'stream' as const;
  /** Stored entries (live and tombstones) from `head` on, sorted by id. */
  private entries: StreamEntry[] = [];
  private head = 0;
  /** Nodes from `nodeHead` on, in id order. */
  private nodes: StreamNode[] = [];
  private nodeHead = 0;

  length = 0;
  lastId: StreamID = MIN_ID;
  firstId: StreamID = MIN_ID;
  maxDeletedId: StreamID = MIN_ID;
  entriesAdded = 0;
  groups: Map<string, ConsumerGroup> | null = null;

  private lpBytes = 0;
  private storedCount = 0;

  encoding(): string { return 'stream'; }

  memoryUsage(): number {
    let pel = 0;
    if (this.groups !== null) for (const g of this.groups.values()) pel += 100 + g.pel.size * 64 + g.consumers.size * 96;
    return 128 + this.lpBytes + this.storedCount * 56 + pel;
  }

  // ---- reading ---------------------------------------------------------------------------

  /** Stored entries (live and tombstones) in id order, each knowing its node: for DUMP / RDB. */
  storedEntries(): readonly StreamEntry[] {
    return this.head === 0 ? this.entries : this.entries.slice(this.head);
  }

  /** Number of stored nodes (radix-tree-keys). */
  nodeCount(): number { return this.nodes.length - this.nodeHead; }

  /** Index (into the stored entries) of the first entry with id >= id, tombstones included. */
  private seek(id: StreamID): number { return lowerBound(this.entries, id, this.head); }

  /** The live entry with this exact id. */
  get(id: StreamID): StreamEntry | undefined {
    const i = searchIds(this.entries, id, this.head);
    if (i < 0) return undefined;
    const e = this.entries[i];
    return e.deleted ? undefined : e;
  }

  /**
   * Live entries with start <= id <= end, at most count of them (0 = all), ascending or (rev)
   * descending.
   */
  range(start: StreamID, end: StreamID, count: number, rev: boolean): StreamEntry[] {
    const out: StreamEntry[] = [];
    if (compareId(start, end) > 0) return out;
    const entries = this.entries;
    if (!rev) {
      for (let i = this.seek(start); i < entries.length; i++) {
        const e = entries[i];
        if (compareId(e, end) > 0) break;
        if (e.deleted) continue;
        out.push(e);
        if (count !== 0 && out.length >= count) break;
      }
    } else {
      let i = searchIds(entries, end, this.head);
      if (i < 0) i = -i - 2; // last entry < end
      for (; i >= this.head; i--) {
        const e = entries[i];
        if (compareId(e, start) < 0) break;
        if (e.deleted) continue;
        out.push(e);
        if (count !== 0 && out.length >= count) break;
      }
    }
    return out;
  }

  /** First live entry (or undefined). */
  firstEntry(): StreamEntry | undefined {
    for (let i = this.head; i < this.entries.length; i++) if (!this.entries[i].deleted) return this.entries[i];
    return undefined;
  }

  /** Last live entry (streamLastValidID). */
  lastEntry(): StreamEntry | undefined {
    for (let i = this.entries.length - 1; i >= this.head; i--) if (!this.entries[i].deleted) return this.entries[i];
    return undefined;
  }

  /** streamGetEdgeID with tombstones skipped: first live id, or the maximum id when empty. */
  private firstValidIdOrMax(): StreamID {
    const e = this.firstEntry();
    return e === undefined ? MAX_ID : { ms: e.ms, seq: e.seq };
  }

  /** First stored id counting tombstones (streamGetEdgeID(s,1,0)), MAX_ID when none. */
  firstStoredId(): StreamID {
    if (this.head >= this.entries.length) return MAX_ID;
    const e = this.entries[this.head];
    return { ms: e.ms, seq: e.seq };
  }

  // ---- XADD ------------------------------------------------------------------------------

  /**
   * streamAppendItem: the id the entry would get, 'edom' when it is not above the last id,
   * 'erange' when the entry is too large.
   */
  nextId(useId: StreamID | null, seqGiven: boolean, nowMs: number): StreamID | 'edom' {
    let id: StreamID;
    if (useId !== null) {
      if (seqGiven) id = useId;
      else if (this.lastId.ms === useId.ms) {
        if (this.lastId.seq === U64_MAX) return 'edom';
        id = { ms: this.lastId.ms, seq: this.lastId.seq + 1n };
      } else id = { ms: useId.ms, seq: 0n };
    } else {
      const ms = BigInt(nowMs);
      if (ms > this.lastId.ms) id = { ms, seq: 0n };
      else id = incrId(this.lastId) ?? MIN_ID;
    }
    if (compareId(id, this.lastId) <= 0) return 'edom';
    return id;
  }

  /** Appends an entry with an id from nextId(); 'erange' when too large for a listpack. */
  append(id: StreamID, fields: string[], limits: NodeLimits = DEFAULT_NODE_LIMITS): 'erange' | null {
    let totelelen = 0;
    for (let i = 0; i < fields.length; i++) totelelen += fields[i].length;
    if (totelelen > LISTPACK_MAX_SIZE) return 'erange';

    let node = this.nodes.length > this.nodeHead ? this.nodes[this.nodes.length - 1] : null;
    if (node !== null) {
      let maxBytes = limits.maxBytes;
      if (maxBytes === 0 || maxBytes > LISTPACK_MAX_SIZE) maxBytes = LISTPACK_MAX_SIZE;
      if (node.bytes + totelelen >= maxBytes) node = null;
      else if (limits.maxEntries !== 0 && node.live + node.deleted >= limits.maxEntries) node = null;
    }
    const numFields = fields.length / 2;
    let sameFields = false;
    if (node === null) {
      const masterFields: string[] = new Array(numFields);
      for (let i = 0; i < numFields; i++) masterFields[i] = fields[i * 2];
      node = new StreamNode(id, masterFields);
      this.nodes.push(node);
      this.lpBytes += node.bytes;
      sameFields = true;
    } else if (node.masterFields.length === numFields) {
      sameFields = true;
      for (let i = 0; i < numFields; i++) {
        if (node.masterFields[i] !== fields[i * 2]) { sameFields = false; break; }
      }
    }
    // flags + ms delta + seq delta [+ numfields] + (fields) values + lp-count
    let bytes = 2 + lpIntBytes(BigInt.asIntN(64, id.ms - node.master.ms)) + lpIntBytes(BigInt.asIntN(64, id.seq - node.master.seq));
    let lpCount = numFields + 3;
    if (!sameFields) { bytes += lpIntBytes(BigInt(numFields)); lpCount += numFields + 1; }
    for (let i = 0; i < numFields; i++) {
      if (!sameFields) bytes += lpStringBytes(fields[i * 2]);
      bytes += lpStringBytes(fields[i * 2 + 1]);
    }
    bytes += lpIntBytes(BigInt(lpCount));
    node.bytes += bytes;
    this.lpBytes += bytes;
    node.live++;
    this.entries.push(new StreamEntry(id.ms, id.seq, fields, node));
    this.storedCount++;
    this.length++;
    this.entriesAdded++;
    this.lastId = id;
    if (this.length === 1) this.firstId = id;
    return null;
  }

  // ---- deletion and trimming -------------------------------------------------------------

  /** Drops a whole node and its stored entries. */
  private removeNode(node: StreamNode): void {
    const total = node.live + node.deleted;
    let ni = this.nodeHead;
    if (this.nodes[ni] !== node) ni = this.nodes.indexOf(node, this.nodeHead);
    const start = this.seek(node.master);
    if (start === this.head) {
      for (let i = 0; i < total; i++) (this.entries as (StreamEntry | undefined)[])[this.head + i] = undefined;
      this.head += total;
    } else {
      this.entries.splice(start, total);
    }
    if (ni === this.nodeHead) {
      (this.nodes as (StreamNode | undefined)[])[ni] = undefined;
      this.nodeHead++;
    } else {
      this.nodes.splice(ni, 1);
    }
    this.storedCount -= total;
    this.lpBytes -= node.bytes;
    this.length -= node.live;
    this.compact();
  }

  private compact(): void {
    if (this.head > 64 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    if (this.nodeHead > 16 && this.nodeHead * 2 > this.nodes.length) {
      this.nodes = this.nodes.slice(this.nodeHead);
      this.nodeHead = 0;
    }
    if (this.head === this.entries.length) { this.entries = []; this.head = 0; }
    if (this.nodeHead === this.nodes.length) { this.nodes = []; this.nodeHead = 0; }
  }

  /** Marks one live entry deleted (streamIteratorRemoveEntry). */
  private markDeleted(e: StreamEntry): void {
    const node = e.node;
    if (node.live === 1) {
      // The node's last live entry: Redis frees the whole listpack.
      this.removeNode(node);
      return;
    }
    e.deleted = true;
    node.live--;
    node.deleted++;
    this.length--;
  }

  /** XDEL of one id: true when a live entry was deleted. Updates max-deleted and first ids. */
  deleteId(id: StreamID): boolean {
    const e = this.get(id);
    if (e === undefined) return false;
    const wasFirst = compareId(id, this.firstId) === 0;
    this.markDeleted(e);
    if (compareId(id, this.maxDeletedId) > 0) this.maxDeletedId = { ms: id.ms, seq: id.seq };
    if (this.length === 0) this.firstId = MIN_ID;
    else if (wasFirst) this.firstId = this.firstValidIdOrMax();
    return true;
  }

  /** streamTrim: entries removed. */
  trim(args: TrimArgs): number {
    if (args.strategy === TRIM_NONE) return 0;
    let deleted = 0;
    while (this.nodes.length > this.nodeHead) {
      if (args.strategy === TRIM_MAXLEN && this.length <= args.maxlen) break;
      const node = this.nodes[this.nodeHead];
      const entries = node.live;
      if (args.limit !== 0 && deleted + entries > args.limit) break;
      let removeNode: boolean;
      if (args.strategy === TRIM_MAXLEN) {
        removeNode = this.length - entries >= args.maxlen;
      } else {
        // The node's last stored id (a tombstone counts) below minid.
        const lastIdx = this.head + node.live + node.deleted - 1;
        removeNode = compareId(this.entries[lastIdx], args.minid) < 0;
      }
      if (removeNode) {
        this.removeNode(node);
        deleted += entries;
        continue;
      }
      if (args.approx) break;
      // Mark entries of this node deleted one by one.
      const end = this.head + node.live + node.deleted;
      let fromNode = 0;
      for (let i = this.head; i < end; i++) {
        const e = this.entries[i];
        const stop = args.strategy === TRIM_MAXLEN ? this.length <= args.maxlen : compareId(e, args.minid) >= 0;
        if (stop) break;
        if (!e.deleted) {
          e.deleted = true;
          node.live--;
          node.deleted++;
          this.length--;
          fromNode++;
        }
      }
      deleted += fromNode;
      break;
    }
    if (this.length === 0) this.firstId = MIN_ID;
    else if (deleted !== 0) this.firstId = this.firstValidIdOrMax();
    return deleted;
  }

  // ---- consumer groups -------------------------------------------------------------------

  getGroup(name: string): ConsumerGroup | undefined { return this.groups?.get(name); }

  /** streamCreateCG: undefined when the name exists. */
  createGroup(name: string, id: StreamID, entriesRead: number): ConsumerGroup | undefined {
    if (this.groups === null) this.groups = new Map();
    if (this.groups.has(name)) return undefined;
    const g = new ConsumerGroup(name, id, entriesRead);
    this.groups.set(name, g);
    return g;
  }

  /** Groups in name byte order. */
  sortedGroups(): ConsumerGroup[] {
    if (this.groups === null) return [];
    return [...this.groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** streamRangeHasTombstones */
  rangeHasTombstones(start: StreamID | null, end: StreamID | null): boolean {
    if (this.length === 0 || isZeroId(this.maxDeletedId)) return false;
    const s = start ?? MIN_ID;
    const e = end ?? MAX_ID;
    return compareId(s, this.maxDeletedId) <= 0 && compareId(this.maxDeletedId, e) <= 0;
  }

  /** streamEstimateDistanceFromFirstEverEntry */
  estimateDistanceFromFirstEverEntry(id: StreamID): number {
    if (this.entriesAdded === 0) return 0;
    if (this.length === 0 && compareId(id, this.lastId) < 1) return this.entriesAdded;
    if (!isZeroId(id) && compareId(id, this.maxDeletedId) < 0) return INVALID_ENTRIES_READ;
    const cmpLast = compareId(id, this.lastId);
    if (cmpLast === 0) return this.entriesAdded;
    if (cmpLast > 0) return INVALID_ENTRIES_READ;
    const cmpIdFirst = compareId(id, this.firstId);
    const cmpXdelFirst = compareId(this.maxDeletedId, this.firstId);
    if (isZeroId(this.maxDeletedId) || cmpXdelFirst < 0) {
      if (cmpIdFirst < 0) return this.entriesAdded - this.length;
      if (cmpIdFirst === 0) return this.entriesAdded - this.length + 1;
    }
    return INVALID_ENTRIES_READ;
  }

  /** streamReplyWithCGLag: the lag, or null when it cannot be known. */
  groupLag(g: ConsumerGroup): number | null {
    if (this.entriesAdded === 0) return 0;
    if (this.length === 0) return 0;
    if (compareId(g.lastId, this.firstId) < 0 && compareId(this.maxDeletedId, this.firstId) < 0) return this.length;
    if (g.entriesRead !== INVALID_ENTRIES_READ && !this.rangeHasTombstones(g.lastId, null)) {
      return this.entriesAdded - g.entriesRead;
    }
    const read = this.estimateDistanceFromFirstEverEntry(g.lastId);
    return read !== INVALID_ENTRIES_READ ? this.entriesAdded - read : null;
  }

  /**
   * Moves the group's last-delivered id forward to `id` as streamReplyWithRange does when it
   * delivers an entry, keeping the entries-read counter.
   */
  advanceGroup(g: ConsumerGroup, id: StreamID): void {
    if (compareId(id, g.lastId) <= 0) return;
    if (g.entriesRead !== INVALID_ENTRIES_READ && compareId(g.lastId, this.firstId) >= 0 &&
        !this.rangeHasTombstones(g.lastId, null)) {
      g.entriesRead++;
    } else if (this.entriesAdded !== 0) {
      g.entriesRead = this.estimateDistanceFromFirstEverEntry(id);
    }
    g.lastId = { ms: id.ms, seq: id.seq };
  }

  // ---- XINFO internals -------------------------------------------------------------------

  /**
   * Number of nodes of Redis's radix tree holding one 16-byte big-endian key per node: the
   * canonical compressed trie (a compressed node per single-child chain, a branching node per
   * fork, a leaf per key), which is what rax builds for these inserts.
   */
  radixTreeNodes(): number {
    const n = this.nodes.length - this.nodeHead;
    if (n === 0) return 1;
    const keys: string[] = [];
    for (let i = this.nodeHead; i < this.nodes.length; i++) keys.push(encodeIdKey(this.nodes[i].master));
    const count = (lo: number, hi: number, depth: number): number => {
      if (hi - lo === 1) return depth === 16 ? 1 : 2;
      const a = keys[lo], b = keys[hi - 1];
      let d = depth;
      while (d < 16 && a.charCodeAt(d) === b.charCodeAt(d)) d++;
      return (d > depth ? 1 : 0) + branch(lo, hi, d);
    };
    const branch = (lo: number, hi: number, depth: number): number => {
      let total = 1;
      let i = lo;
      while (i < hi) {
        const c = keys[i].charCodeAt(depth);
        let j = i + 1;
        while (j < hi && keys[j].charCodeAt(depth) === c) j++;
        total += count(i, j, depth + 1);
        i = j;
      }
      return total;
    };
    return count(0, n, 0);
  }

  dup(): StreamObject {
    const copy = new StreamObject();
    const nodeMap = new Map<StreamNode, StreamNode>();
    for (let i = this.nodeHead; i < this.nodes.length; i++) {
      const n = this.nodes[i];
      const c = new StreamNode(n.master, n.masterFields);
      c.live = n.live; c.deleted = n.deleted; c.bytes = n.bytes;
      nodeMap.set(n, c);
      copy.nodes.push(c);
    }
    // Entries come in node order, so the copied node is looked up once per node, not per entry
    // (the undo journal copies a stream at a script's first write to it).
    const entries = this.entries;
    const copied: StreamEntry[] = new Array(entries.length - this.head);
    let node: StreamNode | null = null;
    let nodeCopy: StreamNode | undefined;
    for (let i = this.head; i < entries.length; i++) {
      const e = entries[i];
      if (e.node !== node) {
        node = e.node;
        nodeCopy = nodeMap.get(node);
      }
      const c = new StreamEntry(e.ms, e.seq, e.fields, nodeCopy!);
      c.deleted = e.deleted;
      copied[i - this.head] = c;
    }
    copy.entries = copied;
    copy.length = this.length;
    copy.lastId = this.lastId;
    copy.firstId = this.firstId;
    copy.maxDeletedId = this.maxDeletedId;
    copy.entriesAdded = this.entriesAdded;
    copy.lpBytes = this.lpBytes;
    copy.storedCount = this.storedCount;
    if (this.groups !== null) {
      for (const g of this.groups.values()) {
        const cg = copy.createGroup(g.name, g.lastId, g.entriesRead)!;
        const nacks = new Map<StreamNACK, StreamNACK>();
        for (const n of g.pel) {
          const cn = new StreamNACK(n.ms, n.seq, n.deliveryTime, n.deliveryCount, null);
          nacks.set(n, cn);
          cg.pel.insert(cn);
        }
        for (const c of g.consumers.values()) {
          const cc = new StreamConsumer(c.name, c.seenTime);
          cc.activeTime = c.activeTime;
          for (const n of c.pel) {
            const cn = nacks.get(n)!;
            cn.consumer = cc;
            cc.pel.insert(cn);
          }
          cg.consumers.set(c.name, cc);
        }
      }
    }
    return copy;
  }
}

/** streamEncodeID: 16 bytes big-endian as a latin1 string (sorts like the id). */
export function encodeIdKey(id: StreamID): string {
  let s = '';
  for (let shift = 56n; shift >= 0n; shift -= 8n) s += String.fromCharCode(Number((id.ms >> shift) & 0xffn));
  for (let shift = 56n; shift >= 0n; shift -= 8n) s += String.fromCharCode(Number((id.seq >> shift) & 0xffn));
  return s;
}

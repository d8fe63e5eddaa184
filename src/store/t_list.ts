// The list type (Redis's t_list.c + quicklist.c).
//
// Stored as a growable ring buffer (a deque): O(1) push and pop at both ends, O(1) access by
// index (LINDEX, LRANGE, LSET), and O(n) only where Redis is O(n) too (LINSERT, LREM, LTRIM
// of the middle). The buffer's capacity is a power of two so wrapping is a bit mask.
//
// OBJECT ENCODING follows Redis 7.2+ (listTypeTryConversion*, quicklistNodeExceedsLimit):
// list-max-listpack-size -1..-5 limits a listpack's size (4..64 KB; the default -2: 8 KB), a
// positive n its count (with the 8 KB safety limit on size). Before adding elements the
// commands call beforeAppend() with the raw byte length and count of what they add; the list
// becomes a 'quicklist' when its packed size (or count) plus that would pass the limit (Redis
// checks lpBytes + raw lengths, before inserting). After removals it goes back to a listpack
// once it is within half the limit. (Redis also requires the quicklist to have a single node
// then; we do not model nodes.)

import { RedisObject } from './object';
import { encodingLimits } from './encoding-limits';

/** list-max-listpack-size -2: a listpack may hold up to 8 KB. */
/** quicklist.c's optimization_level: the size limits of fills -1..-5. */
const SIZE_LIMITS = [4096, 8192, 16384, 32768, 65536];
/** SIZE_SAFETY_LIMIT: the size limit of a count-limited (positive fill) listpack. */
const SIZE_SAFETY_LIMIT = 8192;

/** quicklistNodeExceedsLimit(list-max-listpack-size, bytes, count). */
function exceedsListpackLimit(bytes: number, count: number, fraction = 1): boolean {
  const fill = encodingLimits.listMaxListpackSize;
  if (fill < 0) return bytes > SIZE_LIMITS[Math.min(-fill - 1, SIZE_LIMITS.length - 1)] / fraction;
  if (bytes > SIZE_SAFETY_LIMIT) return true;
  return count > (fill === 0 ? 1 : fill) / fraction;
}
const LISTPACK_HEADER_BYTES = 7; // 4 total bytes + 2 count + 1 terminator

/** Approximate size of one listpack entry holding s (encoding byte(s) + data + backlen). */
function packedEntryBytes(s: string): number {
  const n = s.length;
  if (n <= 12 && n > 0 && isSmallInt(s)) return n <= 3 ? 2 : n <= 5 ? 3 : n <= 7 ? 4 : 6;
  const header = n < 64 ? 1 : n < 4096 ? 2 : 5;
  const body = header + n;
  const back = body < 128 ? 1 : body < 16384 ? 2 : body < 2097152 ? 3 : body < 268435456 ? 4 : 5;
  return body + back;
}

function isSmallInt(s: string): boolean {
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  if (i === s.length) return false;
  if (s.charCodeAt(i) === 48 && s.length > i + 1) return false;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Per-element heap estimate: a slot in the buffer plus a one-byte V8 string. */
function elementBytes(s: string): number {
  return 8 + 16 + ((s.length + 7) & ~7);
}

export class ListObject extends RedisObject {
  readonly type = 'list' as const;
  private buf: string[];
  private head = 0;
  private len = 0;
  private mask: number;
  /** Running totals kept on every change: heap estimate and listpack size estimate. */
  private heapBytes = 0;
  private packedBytes = LISTPACK_HEADER_BYTES;
  private quicklist = false;

  constructor(capacity = 8) {
    super();
    let cap = 8;
    while (cap < capacity) cap *= 2;
    this.buf = new Array<string>(cap);
    this.mask = cap - 1;
  }

  get length(): number { return this.len; }

  encoding(): string { return this.quicklist ? 'quicklist' : 'listpack'; }

  memoryUsage(): number { return 48 + this.buf.length * 8 + this.heapBytes; }

  /**
   * An independent copy with the same state: the ring buffer copied as it is (one array copy,
   * not a push per element with its size accounting: the undo journal copies a list at a
   * script's first write to it).
   */
  dup(): ListObject {
    const copy = new ListObject(0);
    copy.buf = this.buf.slice();
    copy.head = this.head;
    copy.len = this.len;
    copy.mask = this.mask;
    copy.heapBytes = this.heapBytes;
    copy.packedBytes = this.packedBytes;
    copy.quicklist = this.quicklist;
    return copy;
  }

  // ---- size bookkeeping ------------------------------------------------------------------

  private added(s: string): void {
    this.heapBytes += elementBytes(s);
    this.packedBytes += packedEntryBytes(s);
  }

  /** listTypeTryConversionAppend: call before adding elements of `rawBytes` total length. */
  beforeAppend(rawBytes: number, count = 1): void {
    if (!this.quicklist && exceedsListpackLimit(this.packedBytes + rawBytes, this.len + count)) this.quicklist = true;
  }

  /** listTypeTryConversion(LIST_CONV_AUTO) for a list built in one go (SORT ... STORE). */
  settleEncoding(): void {
    this.quicklist = exceedsListpackLimit(this.packedBytes, this.len);
  }

  private removed(s: string): void {
    this.heapBytes -= elementBytes(s);
    this.packedBytes -= packedEntryBytes(s);
  }

  /** listTypeTryConvertQuicklist: after a shrink, back to listpack below half the limit. */
  private shrunk(): void {
    if (this.quicklist && !exceedsListpackLimit(this.packedBytes, this.len, 2)) this.quicklist = false;
    const cap = this.buf.length;
    if (cap > 64 && this.len < cap / 4) this.resize(cap / 2);
  }

  private grow(): void {
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
  }

  private resize(cap: number): void {
    const next = new Array<string>(cap);
    for (let i = 0; i < this.len; i++) next[i] = this.buf[(this.head + i) & this.mask];
    this.buf = next;
    this.head = 0;
    this.mask = cap - 1;
  }

  // ---- deque operations ------------------------------------------------------------------

  pushHead(s: string): void {
    this.grow();
    this.head = (this.head - 1) & this.mask;
    this.buf[this.head] = s;
    this.len++;
    this.added(s);
  }

  pushTail(s: string): void {
    this.grow();
    this.buf[(this.head + this.len) & this.mask] = s;
    this.len++;
    this.added(s);
  }

  popHead(): string | undefined {
    if (this.len === 0) return undefined;
    const s = this.buf[this.head];
    this.buf[this.head] = undefined as unknown as string; // let the string be collected
    this.head = (this.head + 1) & this.mask;
    this.len--;
    this.removed(s);
    this.shrunk();
    return s;
  }

  popTail(): string | undefined {
    if (this.len === 0) return undefined;
    const at = (this.head + this.len - 1) & this.mask;
    const s = this.buf[at];
    this.buf[at] = undefined as unknown as string;
    this.len--;
    this.removed(s);
    this.shrunk();
    return s;
  }

  /** Element at 0-based index (no negative indices here); caller checks the range. */
  get(i: number): string {
    return this.buf[(this.head + i) & this.mask];
  }

  set(i: number, s: string): void {
    const at = (this.head + i) & this.mask;
    this.removed(this.buf[at]);
    this.buf[at] = s;
    this.added(s);
    if (this.quicklist) this.shrunk();
  }

  /** Inserts s so that it ends up at index i (0..len), shifting the shorter side. */
  insertAt(i: number, s: string): void {
    this.grow();
    const mask = this.mask;
    if (i < this.len - i) {
      // Shift the first i elements one slot to the left.
      this.head = (this.head - 1) & mask;
      for (let k = 0; k < i; k++) this.buf[(this.head + k) & mask] = this.buf[(this.head + k + 1) & mask];
    } else {
      for (let k = this.len; k > i; k--) this.buf[(this.head + k) & mask] = this.buf[(this.head + k - 1) & mask];
    }
    this.buf[(this.head + i) & mask] = s;
    this.len++;
    this.added(s);
  }

  /** Removes the element at index i, shifting the shorter side. */
  removeAt(i: number): string {
    const mask = this.mask;
    const s = this.buf[(this.head + i) & mask];
    if (i < this.len - 1 - i) {
      for (let k = i; k > 0; k--) this.buf[(this.head + k) & mask] = this.buf[(this.head + k - 1) & mask];
      this.buf[this.head] = undefined as unknown as string;
      this.head = (this.head + 1) & mask;
    } else {
      for (let k = i; k < this.len - 1; k++) this.buf[(this.head + k) & mask] = this.buf[(this.head + k + 1) & mask];
      this.buf[(this.head + this.len - 1) & mask] = undefined as unknown as string;
    }
    this.len--;
    this.removed(s);
    this.shrunk();
    return s;
  }

  /**
   * Keeps only elements whose keep(value, index) is true, in one pass (LREM). Returns how many
   * were removed; stops removing after `limit` removals.
   */
  removeWhere(keep: (s: string) => boolean, limit: number, fromTail: boolean): number {
    const kept: string[] = [];
    let removed = 0;
    const n = this.len;
    if (!fromTail) {
      for (let i = 0; i < n; i++) {
        const s = this.get(i);
        if (removed < limit && !keep(s)) { removed++; this.removed(s); } else kept.push(s);
      }
    } else {
      for (let i = n - 1; i >= 0; i--) {
        const s = this.get(i);
        if (removed < limit && !keep(s)) { removed++; this.removed(s); } else kept.push(s);
      }
      kept.reverse();
    }
    if (removed === 0) return 0;
    this.replaceAll(kept);
    return removed;
  }

  /** Keeps the range [start, end] (inclusive, valid indices) and drops the rest (LTRIM). */
  trim(start: number, end: number): void {
    if (start > end || start >= this.len) {
      this.clear();
      return;
    }
    const ltrim = start;
    const rtrim = this.len - 1 - end;
    for (let i = 0; i < ltrim; i++) this.popHead();
    for (let i = 0; i < rtrim; i++) this.popTail();
  }

  clear(): void {
    this.buf = new Array<string>(8);
    this.mask = 7;
    this.head = 0;
    this.len = 0;
    this.heapBytes = 0;
    this.packedBytes = LISTPACK_HEADER_BYTES;
    this.quicklist = false;
  }

  private replaceAll(items: string[]): void {
    let cap = 8;
    while (cap < items.length) cap *= 2;
    const next = new Array<string>(cap);
    for (let i = 0; i < items.length; i++) next[i] = items[i];
    this.buf = next;
    this.mask = cap - 1;
    this.head = 0;
    this.len = items.length;
    this.shrunk();
  }

  /** Elements [start, end] (valid inclusive indices) as an array. */
  range(start: number, end: number): string[] {
    const out: string[] = [];
    for (let i = start; i <= end; i++) out.push(this.get(i));
    return out;
  }

  /** Index of the first element equal to s, or -1. */
  indexOf(s: string): number {
    for (let i = 0; i < this.len; i++) if (this.get(i) === s) return i;
    return -1;
  }

  toArray(): string[] { return this.len === 0 ? [] : this.range(0, this.len - 1); }
}

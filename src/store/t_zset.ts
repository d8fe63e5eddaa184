// The sorted set type (Redis's t_zset.c): a skiplist with spans, as Redis's zskiplist, plus a
// Map member -> score.
//
// The skiplist orders elements by (score, member) with members compared bytewise (JS string
// comparison on latin1 strings is memcmp order). Each forward link carries a span (how many
// elements it jumps), so rank lookups (ZRANK), access by rank (ZRANGE) and range searches
// (ZRANGEBYSCORE ... LIMIT) are O(log n).
//
// OBJECT ENCODING: 'listpack' while entries <= zset-max-listpack-entries (128) and members are
// <= zset-max-listpack-value (64) bytes; 'skiplist' after that, and never back for this object.

import { RedisObject } from './object';
import { encodingLimits } from './encoding-limits';


const MAX_LEVEL = 32;
const P = 0.25;

/**
 * A skiplist node. Level 0 (the ordered list every node is on) is stored in the node itself
 * (`next`, `span0`); the higher levels, which only a quarter of the nodes have, live in one
 * array `up` = [forward1, span1, forward2, span2, ...]. A search step at level 0 then touches
 * only the node: fewer cache misses than separate forward and span arrays per node.
 */
export class ZNode {
  member: string;
  score: number;
  backward: ZNode | null = null;
  /** Level-0 forward link: the next node in (score, member) order. */
  next: ZNode | null = null;
  span0 = 0;
  readonly up: Array<ZNode | null | number> | null;
  readonly level: number;

  constructor(level: number, score: number, member: string) {
    this.member = member;
    this.score = score;
    this.level = level;
    if (level > 1) {
      const up: Array<ZNode | null | number> = []; // built by push: a packed (not holey) array
      for (let k = 1; k < level; k++) up.push(null, 0);
      this.up = up;
    } else {
      this.up = null;
    }
  }
}

function fw(x: ZNode, i: number): ZNode | null {
  return i === 0 ? x.next : (x.up![2 * i - 2] as ZNode | null);
}
function setFw(x: ZNode, i: number, v: ZNode | null): void {
  if (i === 0) x.next = v; else x.up![2 * i - 2] = v;
}
function sp(x: ZNode, i: number): number {
  return i === 0 ? x.span0 : (x.up![2 * i - 1] as number);
}
function setSp(x: ZNode, i: number, v: number): void {
  if (i === 0) x.span0 = v; else x.up![2 * i - 1] = v;
}

/** A score interval; minex/maxex make the bound exclusive. */
export interface ScoreRange { min: number; max: number; minex: boolean; maxex: boolean }

/**
 * A lex interval. min/max are member strings, or null for '-' (min) / '+' (max) unbounded
 * ends; `minInf`/`maxInf` say which infinity a null means (a '+' as min gives an empty range).
 */
export interface LexRange {
  min: string; max: string;
  minex: boolean; maxex: boolean;
  /** -1 = '-' (negative infinity), 1 = '+' (positive infinity), 0 = a real string. */
  minKind: -1 | 0 | 1; maxKind: -1 | 0 | 1;
}

/** Range bound tests (zslValueGteMin/LteMax, zslLexValueGteMin/LteMax), used by ZRANGE's filters too. */
export function scoreGteMin(v: number, r: ScoreRange): boolean { return r.minex ? v > r.min : v >= r.min; }
export function scoreLteMax(v: number, r: ScoreRange): boolean { return r.maxex ? v < r.max : v <= r.max; }

export function lexGteMin(s: string, r: LexRange): boolean {
  if (r.minKind === -1) return true;
  if (r.minKind === 1) return false;
  return r.minex ? s > r.min : s >= r.min;
}
export function lexLteMax(s: string, r: LexRange): boolean {
  if (r.maxKind === 1) return true;
  if (r.maxKind === -1) return false;
  return r.maxex ? s < r.max : s <= r.max;
}

/** Redis's zslLexValueGteMin/LteMax-based emptiness test (zslIsInLexRange's first part). */
function lexRangeEmpty(r: LexRange): boolean {
  if (r.minKind === 1 || r.maxKind === -1) return true;
  if (r.minKind === 0 && r.maxKind === 0) {
    if (r.min > r.max) return true;
    if (r.min === r.max && (r.minex || r.maxex)) return true;
  }
  return false;
}

// Scratch arrays for the search paths of insert/delete: reused, so an insert allocates only
// its node (one skiplist is mutated at a time; nothing here re-enters).
const UPDATE = new Array<ZNode | null>(MAX_LEVEL).fill(null);
const RANK = new Array<number>(MAX_LEVEL).fill(0);

export class ZSkipList {
  readonly header = new ZNode(MAX_LEVEL, 0, '');
  tail: ZNode | null = null;
  length = 0;
  level = 1;

  private static randomLevel(): number {
    let level = 1;
    while (Math.random() < P && level < MAX_LEVEL) level++;
    return level;
  }

  insert(score: number, member: string): ZNode {
    const update = UPDATE as ZNode[];
    const rank = RANK;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      rank[i] = i === this.level - 1 ? 0 : rank[i + 1];
      let f = fw(x, i);
      while (f !== null && (f.score < score || (f.score === score && f.member < member))) {
        rank[i] += sp(x, i);
        x = f;
        f = fw(x, i);
      }
      update[i] = x;
    }
    const level = ZSkipList.randomLevel();
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rank[i] = 0;
        update[i] = this.header;
        setSp(update[i], i, this.length);
      }
      this.level = level;
    }
    const node = new ZNode(level, score, member);
    for (let i = 0; i < level; i++) {
      setFw(node, i, fw(update[i], i));
      setFw(update[i], i, node);
      setSp(node, i, sp(update[i], i) - (rank[0] - rank[i]));
      setSp(update[i], i, rank[0] - rank[i] + 1);
    }
    for (let i = level; i < this.level; i++) setSp(update[i], i, sp(update[i], i) + 1);
    node.backward = update[0] === this.header ? null : update[0];
    if (node.next !== null) node.next.backward = node;
    else this.tail = node;
    this.length++;
    return node;
  }

  private deleteNode(x: ZNode, update: ZNode[]): void {
    for (let i = 0; i < this.level; i++) {
      if (fw(update[i], i) === x) {
        setSp(update[i], i, sp(update[i], i) + sp(x, i) - 1);
        setFw(update[i], i, fw(x, i));
      } else {
        setSp(update[i], i, sp(update[i], i) - 1);
      }
    }
    if (x.next !== null) x.next.backward = x.backward;
    else this.tail = x.backward;
    while (this.level > 1 && fw(this.header, this.level - 1) === null) this.level--;
    this.length--;
  }

  /** Removes (score, member); true if found. */
  delete(score: number, member: string): boolean {
    const update = UPDATE as ZNode[];
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = fw(x, i);
      while (f !== null && (f.score < score || (f.score === score && f.member < member))) {
        x = f;
        f = fw(x, i);
      }
      update[i] = x;
    }
    const target = x.next;
    if (target !== null && target.score === score && target.member === member) {
      this.deleteNode(target, update);
      return true;
    }
    return false;
  }

  /** zslUpdateScore: moves member from curScore to newScore, in place when the order allows. */
  updateScore(curScore: number, member: string, newScore: number): void {
    const update = UPDATE as ZNode[];
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = fw(x, i);
      while (f !== null && (f.score < curScore || (f.score === curScore && f.member < member))) {
        x = f;
        f = fw(x, i);
      }
      update[i] = x;
    }
    const node = x.next!;
    const back = node.backward, next = node.next;
    if ((back === null || back.score < newScore || (back.score === newScore && back.member < member)) &&
        (next === null || next.score > newScore || (next.score === newScore && next.member > member))) {
      node.score = newScore;
      return;
    }
    this.deleteNode(node, update);
    this.insert(newScore, member);
  }

  /** 1-based rank of (score, member), 0 when absent. */
  getRank(score: number, member: string): number {
    let rank = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = fw(x, i);
      while (f !== null && (f.score < score || (f.score === score && f.member <= member))) {
        rank += sp(x, i);
        x = f;
        f = fw(x, i);
      }
      // Score first: comparing numbers avoids touching the member string on every level.
      if (x !== this.header && x.score === score && x.member === member) return rank;
    }
    return 0;
  }

  /**
   * Diagnostics for benchmarks: how many nodes getRank(score, member) compares against. It
   * grows with log(n), which shows the complexity independently of cache effects and load.
   */
  rankSearchSteps(score: number, member: string): number {
    let steps = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = fw(x, i);
      while (f !== null && (steps++, f.score < score || (f.score === score && f.member <= member))) {
        x = f;
        f = fw(x, i);
      }
      if (x !== this.header && x.score === score && x.member === member) return steps;
    }
    return steps;
  }

  /** Node at 1-based rank, or null. */
  byRank(rank: number): ZNode | null {
    if (rank < 1 || rank > this.length) return null;
    let traversed = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = fw(x, i);
      while (f !== null && traversed + sp(x, i) <= rank) {
        traversed += sp(x, i);
        x = f;
        f = fw(x, i);
      }
      if (traversed === rank) return x;
    }
    return null;
  }

  /** First node within the score range, or null. */
  firstInRange(r: ScoreRange): ZNode | null {
    if (!this.isInRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = fw(x, i);
      while (f !== null && !scoreGteMin(f.score, r)) { x = f; f = fw(x, i); }
    }
    const n = x.next;
    return n !== null && scoreLteMax(n.score, r) ? n : null;
  }

  /** Last node within the score range, or null. */
  lastInRange(r: ScoreRange): ZNode | null {
    if (!this.isInRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = fw(x, i);
      while (f !== null && scoreLteMax(f.score, r)) { x = f; f = fw(x, i); }
    }
    return x !== this.header && scoreGteMin(x.score, r) ? x : null;
  }

  private isInRange(r: ScoreRange): boolean {
    if (r.min > r.max || (r.min === r.max && (r.minex || r.maxex))) return false;
    const t = this.tail;
    if (t === null || !scoreGteMin(t.score, r)) return false;
    const h = this.header.next;
    return h !== null && scoreLteMax(h.score, r);
  }

  firstInLexRange(r: LexRange): ZNode | null {
    if (!this.isInLexRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = fw(x, i);
      while (f !== null && !lexGteMin(f.member, r)) { x = f; f = fw(x, i); }
    }
    const n = x.next;
    return n !== null && lexLteMax(n.member, r) ? n : null;
  }

  lastInLexRange(r: LexRange): ZNode | null {
    if (!this.isInLexRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = fw(x, i);
      while (f !== null && lexLteMax(f.member, r)) { x = f; f = fw(x, i); }
    }
    return x !== this.header && lexGteMin(x.member, r) ? x : null;
  }

  /** zslIsInLexRange / zzlIsInLexRange: false when no element can be in the range. */
  isInLexRange(r: LexRange): boolean {
    if (lexRangeEmpty(r)) return false;
    const t = this.tail;
    if (t === null || !lexGteMin(t.member, r)) return false;
    const h = this.header.next;
    return h !== null && lexLteMax(h.member, r);
  }

  /** First node (lowest), or null. */
  first(): ZNode | null { return this.header.next; }
}

function stringBytes(s: string): number {
  return 16 + ((s.length + 7) & ~7);
}

export class ZSetObject extends RedisObject {
  readonly type = 'zset' as const;
  readonly zsl = new ZSkipList();
  readonly dict = new Map<string, number>();
  private bytes = 0;
  private skiplist = false;

  get size(): number { return this.dict.size; }

  encoding(): string { return this.skiplist ? 'skiplist' : 'listpack'; }

  memoryUsage(): number { return 96 + this.dict.size * 112 + this.bytes; }

  dup(): ZSetObject {
    const copy = new ZSetObject();
    for (let n = this.zsl.first(); n !== null; n = n.next) copy.add(n.member, n.score);
    copy.skiplist = this.skiplist;
    return copy;
  }

  /**
   * zsetTypeMaybeConvert (Redis 7.2+): a ZADD of `sizeHint` pairs whose longest member is
   * `maxLen` bytes converts a listpack up front when either exceeds the listpack limits.
   * (zsetTypeCreate makes the same choice for a new key.)
   */
  maybeConvert(sizeHint: number, maxLen: number): void {
    if (sizeHint > encodingLimits.zsetMaxListpackEntries || maxLen > encodingLimits.zsetMaxListpackValue) this.skiplist = true;
  }

  score(member: string): number | undefined { return this.dict.get(member); }

  /** Adds or updates; returns true when the member is new. */
  add(member: string, score: number): boolean {
    // A listpack stores an integral score as an integer (zzlInsertAt's double2ll): -0 becomes 0.
    if (!this.skiplist && score === 0) score = 0;
    const cur = this.dict.get(member);
    if (cur === undefined) {
      this.zsl.insert(score, member);
      this.dict.set(member, score);
      this.bytes += stringBytes(member);
      if (!this.skiplist && (this.dict.size > encodingLimits.zsetMaxListpackEntries || member.length > encodingLimits.zsetMaxListpackValue)) {
        this.skiplist = true;
      }
      return true;
    }
    if (cur !== score) {
      this.zsl.updateScore(cur, member, score);
      this.dict.set(member, score);
    }
    return false;
  }

  delete(member: string): boolean {
    const cur = this.dict.get(member);
    if (cur === undefined) return false;
    this.zsl.delete(cur, member);
    this.dict.delete(member);
    this.bytes -= stringBytes(member);
    return true;
  }

  /** 0-based rank in ascending order, or -1 when absent. */
  rank(member: string): number {
    const s = this.dict.get(member);
    if (s === undefined) return -1;
    return this.zsl.getRank(s, member) - 1;
  }

  /** Node at 0-based ascending rank. */
  at(rank: number): ZNode | null { return this.zsl.byRank(rank + 1); }

  /**
   * First node in a lex range. Lex ranges assume all scores are equal; when they are not, the
   * answer depends on how the search walks. Redis walks a listpack-encoded set linearly
   * (zzlFirstInLexRange) and a skiplist by descending levels (zslFirstInLexRange), so we do the
   * same per encoding: small sets then answer exactly as Redis whatever their scores.
   */
  firstInLexRange(r: LexRange): ZNode | null {
    if (this.skiplist) return this.zsl.firstInLexRange(r);
    if (!this.zsl.isInLexRange(r)) return null;
    for (let n = this.zsl.first(); n !== null; n = n.next) {
      if (lexGteMin(n.member, r)) return lexLteMax(n.member, r) ? n : null;
    }
    return null;
  }

  /** Last node in a lex range (zzlLastInLexRange / zslLastInLexRange, see firstInLexRange). */
  lastInLexRange(r: LexRange): ZNode | null {
    if (this.skiplist) return this.zsl.lastInLexRange(r);
    if (!this.zsl.isInLexRange(r)) return null;
    for (let n = this.zsl.tail; n !== null; n = n.backward) {
      if (lexLteMax(n.member, r)) return lexGteMin(n.member, r) ? n : null;
    }
    return null;
  }
}

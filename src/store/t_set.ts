// The set type (Redis's t_set.c).
//
// Members live in an array with a Map member -> index, so a random member (SPOP, SRANDMEMBER)
// is O(1). While the set is small (intset or listpack encoding) the array is kept in exactly
// the order Redis keeps: an intset is sorted by numeric value, a listpack keeps insertion order
// (removal closes the gap). Once the set is a 'hashtable' removal is a swap with the last
// member (O(1)) and the order is unspecified, as in Redis.
//
// OBJECT ENCODING (Redis 7.2+ defaults): 'intset' while every member is an int64 in canonical
// form and there are <= set-max-intset-entries (512); 'listpack' while <= 128 members of
// <= 64 bytes each; 'hashtable' after that, and never back for this object.

import { RedisObject, isCanonicalInteger } from './object';
import { encodingLimits } from './encoding-limits';


const ENC_INTSET = 0, ENC_LISTPACK = 1, ENC_HASHTABLE = 2;

function stringBytes(s: string): number {
  return 16 + ((s.length + 7) & ~7);
}

/** Numeric order of two canonical int64 texts without parsing them as doubles. */
function compareIntText(a: string, b: string): number {
  const an = a.charCodeAt(0) === 45, bn = b.charCodeAt(0) === 45;
  if (an !== bn) return an ? -1 : 1;
  let c: number;
  if (a.length !== b.length) c = a.length < b.length ? -1 : 1;
  else c = a < b ? -1 : a > b ? 1 : 0;
  return an ? -c : c;
}

export class SetObject extends RedisObject {
  readonly type = 'set' as const;
  readonly members: string[] = [];
  private readonly index = new Map<string, number>();
  private enc = ENC_INTSET;
  private bytes = 0;

  get size(): number { return this.members.length; }

  encoding(): string {
    return this.enc === ENC_INTSET ? 'intset' : this.enc === ENC_LISTPACK ? 'listpack' : 'hashtable';
  }

  memoryUsage(): number { return 64 + this.members.length * 48 + this.bytes; }

  /** setTypeDup: same members, same order, same encoding (a hashtable stays a hashtable). */
  dup(): SetObject {
    const copy = new SetObject();
    copy.enc = this.enc;
    copy.bytes = this.bytes;
    const members = this.members;
    for (let i = 0; i < members.length; i++) {
      copy.members.push(members[i]);
      copy.index.set(members[i], i);
    }
    return copy;
  }

  /**
   * setTypeCreate's choice for a new set about to receive `sizeHint` members, the first being
   * `first` (Redis 7.2+): intset for an integer if the hint fits, else listpack if the hint
   * fits, else hashtable.
   */
  static create(first: string, sizeHint: number): SetObject {
    const s = new SetObject();
    if (isCanonicalInteger(first) && sizeHint <= encodingLimits.setMaxIntsetEntries) return s;
    s.enc = sizeHint <= encodingLimits.setMaxListpackEntries ? ENC_LISTPACK : ENC_HASHTABLE;
    return s;
  }

  /** setTypeMaybeConvert: an add of `sizeHint` members that cannot fit converts up front. */
  maybeConvert(sizeHint: number): void {
    if ((this.enc === ENC_LISTPACK && sizeHint > encodingLimits.setMaxListpackEntries) ||
        (this.enc === ENC_INTSET && sizeHint > encodingLimits.setMaxIntsetEntries)) {
      this.enc = ENC_HASHTABLE;
    }
  }

  has(m: string): boolean { return this.index.has(m); }

  /** Adds a member; true when it was not there. */
  add(m: string): boolean {
    if (this.index.has(m)) return false;
    this.bytes += stringBytes(m);
    const members = this.members;
    if (this.enc === ENC_INTSET) {
      if (isCanonicalInteger(m) && members.length < encodingLimits.setMaxIntsetEntries) {
        // Sorted insert (binary search), then re-index the shifted tail.
        let lo = 0, hi = members.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (compareIntText(members[mid], m) < 0) lo = mid + 1; else hi = mid;
        }
        members.splice(lo, 0, m);
        for (let i = lo; i < members.length; i++) this.index.set(members[i], i);
        return true;
      }
      // setTypeConvert: to a listpack if it fits (intset order is kept), else a hashtable.
      const fits = members.length + 1 <= encodingLimits.setMaxListpackEntries && m.length <= encodingLimits.setMaxListpackValue;
      this.enc = fits ? ENC_LISTPACK : ENC_HASHTABLE;
    } else if (this.enc === ENC_LISTPACK) {
      if (members.length + 1 > encodingLimits.setMaxListpackEntries || m.length > encodingLimits.setMaxListpackValue) {
        this.enc = ENC_HASHTABLE;
      }
    }
    this.index.set(m, members.length);
    members.push(m);
    return true;
  }

  /** Removes a member; true when it was there. */
  delete(m: string): boolean {
    const i = this.index.get(m);
    if (i === undefined) return false;
    this.index.delete(m);
    this.bytes -= stringBytes(m);
    const members = this.members;
    if (this.enc !== ENC_HASHTABLE) {
      members.splice(i, 1);
      for (let k = i; k < members.length; k++) this.index.set(members[k], k);
    } else {
      const last = members.pop()!;
      if (i < members.length) {
        members[i] = last;
        this.index.set(last, i);
      }
    }
    return true;
  }

  /** A uniformly random member (undefined when empty). */
  random(): string | undefined {
    const n = this.members.length;
    return n === 0 ? undefined : this.members[Math.floor(Math.random() * n)];
  }
}

// The hash type (Redis's t_hash.c).
//
// A JS Map field -> value. A Map keeps insertion order and keeps a field's place when its
// value is overwritten or when other fields are deleted, which is exactly the order of a
// Redis listpack-encoded hash: small hashes reply HGETALL/HKEYS in the same order as Redis.
// (Large 'hashtable' hashes have an unspecified order in Redis; ours stays insertion order.)
//
// OBJECT ENCODING: 'listpack' while entries <= hash-max-listpack-entries (512, Redis's default) and every field
// and value is <= hash-max-listpack-value (64) bytes; 'hashtable' after that, and never back.

import { RedisObject } from './object';
import { encodingLimits } from './encoding-limits';


function stringBytes(s: string): number {
  return 16 + ((s.length + 7) & ~7);
}

export class HashObject extends RedisObject {
  readonly type = 'hash' as const;
  readonly map = new Map<string, string>();
  private bytes = 0;
  private hashtable = false;

  get size(): number { return this.map.size; }

  encoding(): string { return this.hashtable ? 'hashtable' : 'listpack'; }

  memoryUsage(): number { return 64 + this.map.size * 40 + this.bytes; }

  dup(): HashObject {
    const copy = new HashObject();
    for (const [f, v] of this.map) copy.set(f, v);
    copy.hashtable = this.hashtable;
    return copy;
  }

  get(field: string): string | undefined { return this.map.get(field); }

  has(field: string): boolean { return this.map.has(field); }

  /** Sets a field; true when the field is new. */
  set(field: string, value: string): boolean {
    const old = this.map.get(field);
    this.map.set(field, value);
    if (old === undefined) {
      this.fieldList = null;
      this.bytes += stringBytes(field) + stringBytes(value);
    } else {
      this.bytes += stringBytes(value) - stringBytes(old);
    }
    if (!this.hashtable && (this.map.size > encodingLimits.hashMaxListpackEntries ||
        field.length > encodingLimits.hashMaxListpackValue || value.length > encodingLimits.hashMaxListpackValue)) {
      this.hashtable = true;
    }
    return old === undefined;
  }

  /** Deletes a field; true when it existed. */
  delete(field: string): boolean {
    const old = this.map.get(field);
    if (old === undefined) return false;
    this.map.delete(field);
    this.fieldList = null;
    this.bytes -= stringBytes(field) + stringBytes(old);
    return true;
  }

  /**
   * A uniformly random field, or undefined when empty. A Map cannot be indexed, so the field
   * list is snapshotted on first use and kept until a field is added or removed: repeated
   * HRANDFIELD calls on an unchanged hash are O(1).
   */
  randomEntry(): [string, string] | undefined {
    const n = this.map.size;
    if (n === 0) return undefined;
    if (this.fieldList === null) this.fieldList = [...this.map.keys()];
    const f = this.fieldList[Math.floor(Math.random() * n)];
    return [f, this.map.get(f)!];
  }

  private fieldList: string[] | null = null;

  /** Every [field, value] pair in order (a fresh array: safe to mutate the hash after). */
  entries(): [string, string][] { return [...this.map]; }
}

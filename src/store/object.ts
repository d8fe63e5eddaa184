// What a database stores under a key.
//
// Strings are stored as plain JS byte strings (latin1), with no wrapper object per key: that
// keeps 1M small string keys close to Redis's memory and makes GET a Map lookup plus an array
// read. Every other type (list, hash, set, zset, stream: one module per type under src/store,
// as Redis's t_*.c) is an instance of a subclass of RedisObject, tagged with its `type`.

export type ObjectType = 'list' | 'hash' | 'set' | 'zset' | 'stream';

/** Base class of every non-string value. */
export abstract class RedisObject {
  abstract readonly type: ObjectType;
  /** OBJECT ENCODING reply: 'listpack', 'quicklist', 'hashtable', 'intset', 'skiplist', 'stream'. */
  abstract encoding(): string;
  /**
   * Estimated bytes this value occupies. Must be O(1) (keep a running count as elements come
   * and go): the keyspace re-reads it after every in-place change (Database.modified()) to keep
   * its memory total exact without walking the dataset.
   */
  abstract memoryUsage(): number;
  /** A deep copy (COPY, scripts that must not alias stored values). */
  abstract dup(): RedisObject;
  /** Bytes the keyspace has counted for this value so far; owned by Database, do not touch. */
  accountedBytes = 0;
}

export type Value = string | RedisObject;

/** TYPE reply for a value. */
export function typeName(v: Value): string {
  return typeof v === 'string' ? 'string' : v.type;
}

/** Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
export const EMBSTR_SIZE_LIMIT = 44;

/**
 * OBJECT ENCODING of a string as Redis reports it: 'int' when the value is the canonical
 * text of a 64-bit integer (string2ll round-trips and at most 20 chars), 'embstr' up to 44
 * bytes, 'raw' above. (Redis reports 'raw' for some short strings built by APPEND/SETRANGE;
 * see stringEncoding's caller in commands/keys.ts.)
 */
export function stringEncoding(s: string): 'int' | 'embstr' | 'raw' {
  if (s.length <= 20 && isCanonicalInteger(s)) return 'int';
  return s.length <= EMBSTR_SIZE_LIMIT ? 'embstr' : 'raw';
}

/** True when s is exactly how Redis would print a signed 64-bit integer (no '+', no leading 0). */
export function isCanonicalInteger(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  let i = 0;
  if (s.charCodeAt(0) === 45 /* - */) {
    if (n === 1) return false;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first < 48 || first > 57) return false;
  if (first === 48) return n === 1; // "0" only; "-0" and "01" are not canonical
  for (let j = i + 1; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return false;
  }
  if (n - i < 19) return true;
  // 19+ digits: compare against the int64 limits exactly.
  const big = BigInt(s);
  return big >= -9223372036854775808n && big <= 9223372036854775807n;
}

/**
 * Estimated heap bytes of a value alone (no key): for strings, a V8 one-byte string header
 * (16) plus the characters rounded to 8.
 */
export function objectMemoryUsage(v: Value): number {
  if (typeof v === 'string') return 16 + ((v.length + 7) & ~7);
  return v.memoryUsage();
}

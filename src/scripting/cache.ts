// The EVAL script cache: sha1 -> compiled script (spec §5.3).
//
// Lookups are case-insensitive (SHAs are stored lower-case). Scripts created by EVAL/EVAL_RO
// live in an LRU list capped at 500 entries as in Redis 7.4: creating the 501st evicts the
// least recently used one (INFO evicted_scripts); running one by EVAL or EVALSHA moves it to
// the recent end. Scripts created by SCRIPT LOAD are never evicted and do not count; a
// script first created by EVAL stays evictable even if SCRIPT LOADed later (as in Redis).

import { createHash } from 'node:crypto';
import type { LuaFunction } from '../lua/value';

export const EVAL_LRU_LIMIT = 500;

export interface CachedScript {
  /** 40 lower-case hex digits. */
  sha: string;
  /** The body as sent (shebang included). */
  body: string;
  /** The compiled chunk. */
  fn: LuaFunction;
  /** SCRIPT_FLAG_* bits from the shebang (shebang.ts). */
  flags: number;
  /** Created by EVAL (evictable). */
  evalCreated: boolean;
}

/** sha1 hex (lower-case) of a byte string. */
export function sha1hex(s: string): string {
  return createHash('sha1').update(Buffer.from(s, 'latin1')).digest('hex');
}

/** Lower-cases an ASCII SHA only when needed (the common case is already lower-case). */
function normalizeSha(sha: string): string {
  for (let i = 0; i < sha.length; i++) {
    const c = sha.charCodeAt(i);
    if (c >= 65 && c <= 90) return sha.toLowerCase();
  }
  return sha;
}

/**
 * The first 7 hex digits of a SHA as a number (28 bits: a small integer), either case; -1
 * if one of them is not a hex digit.
 */
function shaPrefix(sha: string): number {
  let n = 0;
  for (let i = 0; i < 7; i++) {
    const c = sha.charCodeAt(i);
    let digit: number;
    if (c >= 48 && c <= 57) {
      digit = c - 48;
    } else {
      const lower = c | 32;
      if (lower < 97 || lower > 102) return -1;
      digit = lower - 87;
    }
    n = n * 16 + digit;
  }
  return n;
}

/*
 * Why the two quick indexes below: every EVALSHA and EVAL brings its SHA or body as a new
 * string, and a Map lookup by a new string first computes its hash, which V8 does char by
 * char (about 70 ns for a 40-char SHA). A SHA's leading hex digits, or a body's length, are a
 * small integer key found in a few ns; the candidate found is then compared in full (a memory
 * compare). Each quick index holds one script per key (the last added); a miss or a
 * different candidate falls back to the exact Maps, which stay the truth.
 */

export class ScriptCache {
  private readonly scripts = new Map<string, CachedScript>();
  /** body -> script, so a repeated EVAL finds its script without hashing the body again. */
  private readonly byBody = new Map<string, CachedScript>();
  /** Quick index: a SHA's first 7 hex digits -> a script with that prefix. */
  private readonly byShaPrefix = new Map<number, CachedScript>();
  /** Quick index: a body's length -> a script with a body of that length. */
  private readonly byBodyLength = new Map<number, CachedScript>();
  /** EVAL-created scripts, least recently used first (Map keeps insertion order). */
  private readonly evalLru = new Map<string, CachedScript>();
  /** INFO evicted_scripts (survives SCRIPT FLUSH, reset by CONFIG RESETSTAT in Redis). */
  evictedScripts = 0;
  /** Bytes of script bodies held (INFO used_memory_scripts_eval). */
  bodyBytes = 0;

  get size(): number {
    return this.scripts.size;
  }

  get(sha: string): CachedScript | undefined {
    if (sha.length !== 40) return undefined;
    const candidate = this.byShaPrefix.get(shaPrefix(sha));
    if (candidate !== undefined && candidate.sha === sha) return candidate;
    return this.scripts.get(sha) ?? this.scripts.get(normalizeSha(sha));
  }

  /** The cached script whose body is exactly `body` (EVAL's fast path). */
  getByBody(body: string): CachedScript | undefined {
    const candidate = this.byBodyLength.get(body.length);
    if (candidate !== undefined && candidate.body === body) return candidate;
    return this.byBody.get(body);
  }

  has(sha: string): boolean {
    return this.get(sha) !== undefined;
  }

  /** A run of an EVAL-created script makes it the most recently used. */
  touch(script: CachedScript): void {
    if (!script.evalCreated) return;
    const lru = this.evalLru;
    // Already the most recent: nothing to do (the hot path of a repeated EVALSHA).
    if (lru.size > 1) {
      lru.delete(script.sha);
      lru.set(script.sha, script);
    }
  }

  add(script: CachedScript): void {
    if (script.evalCreated) {
      if (this.evalLru.size >= EVAL_LRU_LIMIT) {
        const oldest = this.evalLru.keys().next().value as string;
        const victim = this.scripts.get(oldest);
        this.evalLru.delete(oldest);
        this.scripts.delete(oldest);
        if (victim !== undefined) {
          this.bodyBytes -= victim.body.length;
          this.byBody.delete(victim.body);
          this.forgetQuick(victim);
        }
        this.evictedScripts++;
      }
      this.evalLru.set(script.sha, script);
    }
    this.scripts.set(script.sha, script);
    this.byBody.set(script.body, script);
    this.byShaPrefix.set(shaPrefix(script.sha), script);
    this.byBodyLength.set(script.body.length, script);
    this.bodyBytes += script.body.length;
  }

  /** Drops an evicted script from the quick indexes (where it is the one held). */
  private forgetQuick(script: CachedScript): void {
    const prefix = shaPrefix(script.sha);
    if (this.byShaPrefix.get(prefix) === script) this.byShaPrefix.delete(prefix);
    if (this.byBodyLength.get(script.body.length) === script) this.byBodyLength.delete(script.body.length);
  }

  clear(): void {
    this.scripts.clear();
    this.byBody.clear();
    this.byShaPrefix.clear();
    this.byBodyLength.clear();
    this.evalLru.clear();
    this.bodyBytes = 0;
  }

  /** Estimated bytes the cache holds (dict entries and bodies), for INFO. */
  memoryEstimate(): number {
    return this.bodyBytes + this.scripts.size * 120;
  }
}

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

export class ScriptCache {
  private readonly scripts = new Map<string, CachedScript>();
  /** body -> script, so a repeated EVAL finds its script without hashing the body again. */
  private readonly byBody = new Map<string, CachedScript>();
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
    return this.scripts.get(sha) ?? this.scripts.get(normalizeSha(sha));
  }

  /** The cached script whose body is exactly `body` (EVAL's fast path). */
  getByBody(body: string): CachedScript | undefined {
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
        }
        this.evictedScripts++;
      }
      this.evalLru.set(script.sha, script);
    }
    this.scripts.set(script.sha, script);
    this.byBody.set(script.body, script);
    this.bodyBytes += script.body.length;
  }

  clear(): void {
    this.scripts.clear();
    this.byBody.clear();
    this.evalLru.clear();
    this.bodyBytes = 0;
  }

  /** Estimated bytes the cache holds (dict entries and bodies), for INFO. */
  memoryEstimate(): number {
    return this.bodyBytes + this.scripts.size * 120;
  }
}

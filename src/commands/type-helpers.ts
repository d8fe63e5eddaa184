// Small helpers shared by the list, hash, set and sorted-set command families: typed key
// lookups (lookupKeyRead/Write + checkType), Redis's positive/range integer argument parsers
// with their custom messages, and key-spec shorthands for the command table rows.

import type { CommandContext, KeySpec, Reply } from './types';
import type { ObjectType } from '../store/object';
import { RedisObject } from '../store/object';
import { ERR_WRONGTYPE, ERR_NOT_INTEGER, parseInt64 } from './util';
import { notify, NOTIFY_GENERIC } from '../server/notify';

export const ERR_POSITIVE = 'ERR value is out of range, must be positive';

/**
 * lookupKeyRead + checkType: the object, undefined when the key is missing, or null after
 * replying WRONGTYPE.
 */
export function readTyped<T extends RedisObject>(ctx: CommandContext, key: string, type: ObjectType): T | undefined | null {
  const v = ctx.db.lookupRead(key);
  if (v === undefined) return undefined;
  if (typeof v === 'string' || v.type !== type) {
    ctx.reply.error(ERR_WRONGTYPE);
    return null;
  }
  return v as T;
}

/** lookupKeyWrite + checkType, same contract as readTyped. */
export function writeTyped<T extends RedisObject>(ctx: CommandContext, key: string, type: ObjectType): T | undefined | null {
  const v = ctx.db.lookupWrite(key);
  if (v === undefined) return undefined;
  if (typeof v === 'string' || v.type !== type) {
    ctx.reply.error(ERR_WRONGTYPE);
    return null;
  }
  return v as T;
}

/**
 * After an in-place change of a collection: delete the key when it became empty, else signal
 * the modification; adds `changes` to the dirty counter.
 */
export function afterWrite(ctx: CommandContext, key: string, empty: boolean, changes: number): void {
  if (empty) {
    ctx.db.delete(key);
    notify(ctx, NOTIFY_GENERIC, 'del', key);
  }
  else ctx.db.modified(key);
  ctx.keyspace.dirty += changes;
}

/** getPositiveLongFromObjectOrReply: an int64 >= 0; both failures reply `msg`. */
export function positiveArg(reply: Reply, s: string, msg = ERR_POSITIVE): number | null {
  const v = parseInt64(s);
  if (v === null || v < 0) { reply.error(msg); return null; }
  return v;
}

/**
 * getRangeLongFromObjectOrReply with a message: an int64 in [min, max]; both failures reply
 * `msg` (or the generic range text when msg is omitted).
 */
export function rangeLongArg(reply: Reply, s: string, min: number, max: number, msg?: string): number | null {
  const v = parseInt64(s);
  if (v === null) { reply.error(msg ?? ERR_NOT_INTEGER); return null; }
  if (v < min || v > max) {
    reply.error(msg ?? `ERR value is out of range, value must between ${min} and ${max}`);
    return null;
  }
  return v;
}

/** getLongFromObjectOrReply. */
export function longArg(reply: Reply, s: string): number | null {
  const v = parseInt64(s);
  if (v === null) reply.error(ERR_NOT_INTEGER);
  return v;
}

/** A key spec for keys from argv[index] to lastKey (0 = just one, -1 = last arg). */
export function keySpec(flags: string[], index: number, lastKey = 0, keyStep = 1): KeySpec {
  return { flags, beginSearch: { index }, findKeys: { lastKey, keyStep, limit: 0 } };
}

/** getKeys for `cmd numkeys key...`-style commands whose numkeys sits at argv[at]. */
export function numkeysKeys(at: number): (argv: string[]) => number[] {
  return (argv) => {
    const n = parseInt64(argv[at] ?? '');
    const out: number[] = [];
    if (n === null || n <= 0) return out;
    for (let i = 0; i < n && at + 1 + i < argv.length; i++) out.push(at + 1 + i);
    return out;
  };
}

/** getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX): a count for *RANDMEMBER / HRANDFIELD. */
export function countArg(reply: Reply, s: string): number | null {
  const v = parseInt64(s);
  if (v === null) { reply.error(ERR_NOT_INTEGER); return null; }
  if (s === '-9223372036854775808') {
    reply.error('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
    return null;
  }
  return v;
}

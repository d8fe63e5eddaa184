// Small helpers shared by the list, hash, set and sorted-set command families: typed key
// lookups (lookupKeyRead/Write + checkType), Redis's positive/range integer argument parsers
// with their custom messages, key-spec shorthands for the command table rows, and what the
// families share: member deletion (HDEL/SREM/ZREM) and random picks (*RANDMEMBER/HRANDFIELD).

import type { CommandContext, CommandSpec, KeySpec, Reply } from './types';
import type { ObjectType } from '../store/object';
import { RedisObject } from '../store/object';
import { ERR_WRONGTYPE, ERR_NOT_INTEGER, ERR_SYNTAX, parseInt64, parseInt64Big } from './util';
import { notify, NOTIFY_GENERIC } from './notify';

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

/**
 * The command-table row builder of a data type whose commands take their key at argv[1]
 * (hashes, sets, sorted sets): categories start with write/read and the type's ACL group,
 * the key spec flags are the type's for writes or reads; `extra` overrides any field.
 */
export function typeRowBuilder(group: string, writeKeyFlags: readonly string[], readKeyFlags: readonly string[]) {
  return (
    name: string, arity: number, flags: CommandSpec['flags'], cats: string[], handler: CommandSpec['handler'],
    extra: Partial<CommandSpec> = {},
  ): CommandSpec => {
    const write = flags.includes('write');
    return {
      name, arity, flags, categories: [write ? 'write' : 'read', group, ...cats],
      firstKey: 1, lastKey: 1, keyStep: 1,
      keySpecs: [keySpec([...(write ? writeKeyFlags : readKeyFlags)], 1)], handler, ...extra,
    };
  };
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

/**
 * HDEL, SREM and ZREM: delete each member argv[2..] of `obj` (the key's object, already looked
 * up for writing and type-checked), stopping once the object is empty as Redis does; notify and
 * account only when something went, then reply the number deleted.
 */
export function deleteMembers(
  ctx: CommandContext, key: string,
  obj: { delete(member: string): boolean; readonly size: number } | undefined,
  notifyClass: number, event: string,
): void {
  if (obj === undefined) { ctx.reply.integer(0); return; }
  const argv = ctx.argv;
  let deleted = 0;
  for (let j = 2; j < argv.length; j++) {
    if (obj.delete(argv[j])) {
      deleted++;
      if (obj.size === 0) break;
    }
  }
  if (deleted > 0) {
    notify(ctx, notifyClass, event, key);
    afterWrite(ctx, key, obj.size === 0, deleted);
  }
  ctx.reply.integer(deleted);
}

/**
 * The `count [WITHVALUES|WITHSCORES]` arguments of HRANDFIELD and ZRANDMEMBER, in Redis's
 * order: the count (countArg), then the option word `withWord`, then -LONG_MAX/2 as the lowest
 * negative count allowed with the option (replies are twice as long). The signed count, or
 * null after replying an error.
 */
export function randomCountArgs(reply: Reply, argv: string[], withWord: string): { count: number; withPairs: boolean } | null {
  const count = countArg(reply, argv[2]);
  if (count === null) return null;
  if (argv.length > 4 || (argv.length === 4 && argv[3].toLowerCase() !== withWord)) {
    reply.error(ERR_SYNTAX);
    return null;
  }
  const withPairs = argv.length === 4;
  // -LONG_MAX/2: compared exactly (doubles cannot tell 2^62 from 2^62 - 1).
  if (withPairs && count < 0 && parseInt64Big(argv[2])! < -4611686018427387903n) {
    reply.error('ERR value is out of range');
    return null;
  }
  return { count, withPairs };
}

/** A uniformly random index in 0..n-1 (n > 0): one pick "with repetitions". */
export function randomIndex(n: number): number {
  return Math.floor(Math.random() * n);
}

/**
 * `count` distinct indices in 0..n-1 (count <= n), by a partial Fisher-Yates shuffle of an
 * index array: the picks of HRANDFIELD, SRANDMEMBER and ZRANDMEMBER with a positive count.
 */
export function distinctIndices(n: number, count: number): number[] {
  const idx = new Array<number>(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(Math.random() * (n - i));
    const t = idx[i]; idx[i] = idx[j]; idx[j] = t;
  }
  idx.length = count;
  return idx;
}

/**
 * The `numkeys key [key ...] <where> [COUNT count]` arguments of LMPOP/ZMPOP (numkeys at
 * argv[1]) and BLMPOP/BZMPOP (at argv[2]), checked in Redis's order without touching data.
 * `wheres` are the two words for the end to pop from (LEFT/RIGHT, MIN/MAX); `where` is the
 * index of the one given. COUNT defaults to 1. null after replying an error.
 */
export function mpopArgs(
  reply: Reply, argv: string[], numkeysIdx: number, wheres: readonly [string, string],
): { numkeys: number; where: 0 | 1; count: number } | null {
  const numkeys = rangeLongArg(reply, argv[numkeysIdx], 1, Number.MAX_SAFE_INTEGER, 'ERR numkeys should be greater than 0');
  if (numkeys === null) return null;
  const whereIdx = numkeysIdx + 1 + numkeys;
  const where = whereIdx < argv.length ? wheres.indexOf(argv[whereIdx].toLowerCase()) : -1;
  if (where < 0) { reply.error(ERR_SYNTAX); return null; }
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && argv[j].toLowerCase() === 'count' && more > 0) {
      const c = rangeLongArg(reply, argv[++j], 1, Number.MAX_SAFE_INTEGER, 'ERR count should be greater than 0');
      if (c === null) return null;
      count = c;
    } else {
      reply.error(ERR_SYNTAX);
      return null;
    }
  }
  return { numkeys, where: where as 0 | 1, count: count === -1 ? 1 : count };
}

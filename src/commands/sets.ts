// Set commands (Redis's t_set.c): membership, SPOP/SRANDMEMBER, SMOVE, the algebra commands
// (SINTER/SUNION/SDIFF, their STORE forms, SINTERCARD) and SSCAN.

import type { CommandContext, CommandSpec } from './types';
import { SetObject } from '../store/t_set';
import { ERR_SYNTAX } from './util';
import { parseScanCursor, replyScan } from './keys';
import { parseScanOptions, replyEmptyScan } from './hashes';
import {
  readTyped, writeTyped, afterWrite, positiveArg, rangeLongArg, countArg, keySpec, numkeysKeys,
  deleteMembers, randomIndex, distinctIndices, typeRowBuilder,
} from './type-helpers';
import { notify, NOTIFY_SET, NOTIFY_GENERIC } from './notify';

function lookupRead(ctx: CommandContext, key: string) { return readTyped<SetObject>(ctx, key, 'set'); }
function lookupWrite(ctx: CommandContext, key: string) { return writeTyped<SetObject>(ctx, key, 'set'); }

function saddCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const key = argv[1];
  let set = lookupWrite(ctx, key);
  if (set === null) return;
  let added = 0;
  if (set === undefined) {
    set = SetObject.create(argv[2], argv.length - 2);
    for (let j = 2; j < argv.length; j++) if (set.add(argv[j])) added++;
    ctx.db.add(key, set);
    ctx.keyspace.dirty += added;
  } else {
    set.maybeConvert(argv.length - 2);
    for (let j = 2; j < argv.length; j++) if (set.add(argv[j])) added++;
    if (added > 0) afterWrite(ctx, key, false, added);
  }
  if (added > 0) notify(ctx, NOTIFY_SET, 'sadd', key);
  ctx.reply.integer(added);
}

function sremCommand(ctx: CommandContext): void {
  const key = ctx.argv[1];
  const set = lookupWrite(ctx, key);
  if (set === null) return;
  deleteMembers(ctx, key, set, NOTIFY_SET, 'srem');
}

function smoveCommand(ctx: CommandContext): void {
  const [, srcKey, dstKey, member] = ctx.argv;
  const src = ctx.db.lookupWrite(srcKey);
  const dst = ctx.db.lookupWrite(dstKey);
  if (src === undefined) { ctx.reply.integer(0); return; }
  if (typeof src === 'string' || src.type !== 'set' ||
      (dst !== undefined && (typeof dst === 'string' || dst.type !== 'set'))) {
    ctx.reply.error('WRONGTYPE Operation against a key holding the wrong kind of value');
    return;
  }
  const s = src as SetObject;
  if (src === dst) { ctx.reply.integer(s.has(member) ? 1 : 0); return; }
  if (!s.delete(member)) { ctx.reply.integer(0); return; }
  notify(ctx, NOTIFY_SET, 'srem', srcKey);
  afterWrite(ctx, srcKey, s.size === 0, 0);
  if (dst === undefined) {
    const d = new SetObject();
    d.add(member);
    ctx.db.add(dstKey, d);
    ctx.keyspace.dirty++;
    notify(ctx, NOTIFY_SET, 'sadd', dstKey);
  } else if ((dst as SetObject).add(member)) {
    afterWrite(ctx, dstKey, false, 1);
    notify(ctx, NOTIFY_SET, 'sadd', dstKey);
  }
  ctx.reply.integer(1);
}

function sismemberCommand(ctx: CommandContext): void {
  const set = lookupRead(ctx, ctx.argv[1]);
  if (set === null) return;
  ctx.reply.integer(set !== undefined && set.has(ctx.argv[2]) ? 1 : 0);
}

function smismemberCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const set = lookupRead(ctx, argv[1]);
  if (set === null) return;
  ctx.reply.arrayLen(argv.length - 2);
  for (let j = 2; j < argv.length; j++) ctx.reply.integer(set !== undefined && set.has(argv[j]) ? 1 : 0);
}

function scardCommand(ctx: CommandContext): void {
  const set = lookupRead(ctx, ctx.argv[1]);
  if (set === null) return;
  ctx.reply.integer(set === undefined ? 0 : set.size);
}

function smembersCommand(ctx: CommandContext): void {
  const set = lookupRead(ctx, ctx.argv[1]);
  if (set === null) return;
  if (set === undefined) { ctx.reply.setLen(0); return; }
  const m = set.members;
  ctx.reply.setLen(m.length);
  for (let i = 0; i < m.length; i++) ctx.reply.bulk(m[i]);
}

// ---- random members -----------------------------------------------------------------------

function spopCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  if (argv.length > 3) { ctx.reply.error(ERR_SYNTAX); return; }
  const key = argv[1];
  if (argv.length === 3) {
    const count = positiveArg(ctx.reply, argv[2]);
    if (count === null) return;
    const set = lookupWrite(ctx, key);
    if (set === null) return;
    if (set === undefined || count === 0) { ctx.reply.setLen(0); return; }
    if (count >= set.size) {
      // The whole set, in its own order, then the key goes away.
      const m = set.members.slice();
      notify(ctx, NOTIFY_SET, 'spop', key);
      ctx.reply.setLen(m.length);
      for (const s of m) ctx.reply.bulk(s);
      afterWrite(ctx, key, true, m.length);
      return;
    }
    notify(ctx, NOTIFY_SET, 'spop', key);
    ctx.reply.setLen(count);
    for (let i = 0; i < count; i++) {
      const s = set.random()!;
      set.delete(s);
      ctx.reply.bulk(s);
    }
    afterWrite(ctx, key, set.size === 0, count);
    return;
  }
  const set = lookupWrite(ctx, key);
  if (set === null) return;
  if (set === undefined) { ctx.reply.bulk(null); return; }
  const s = set.random()!;
  set.delete(s);
  notify(ctx, NOTIFY_SET, 'spop', key);
  ctx.reply.bulk(s);
  afterWrite(ctx, key, set.size === 0, 1);
}

function srandmemberCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  if (argv.length > 3) { ctx.reply.error(ERR_SYNTAX); return; }
  if (argv.length === 3) {
    const l = countArg(ctx.reply, argv[2]);
    if (l === null) return;
    const set = lookupRead(ctx, argv[1]);
    if (set === null) return;
    if (set === undefined || l === 0) { ctx.reply.arrayLen(0); return; }
    const m = set.members;
    if (l < 0) {
      const count = -l;
      ctx.reply.arrayLen(count);
      for (let i = 0; i < count; i++) ctx.reply.bulk(m[randomIndex(m.length)]);
      return;
    }
    if (l >= m.length) {
      ctx.reply.arrayLen(m.length);
      for (const s of m) ctx.reply.bulk(s);
      return;
    }
    const picked = distinctIndices(m.length, l);
    ctx.reply.arrayLen(picked.length);
    for (const i of picked) ctx.reply.bulk(m[i]);
    return;
  }
  const set = lookupRead(ctx, argv[1]);
  if (set === null) return;
  ctx.reply.bulk(set === undefined ? null : set.random()!);
}

// ---- algebra ------------------------------------------------------------------------------

/**
 * Looks up every key as a set: (SetObject | null)[] with null for missing keys, or undefined
 * after replying WRONGTYPE (every key is checked, as Redis's loops do).
 */
function lookupSets(ctx: CommandContext, keys: string[]): (SetObject | null)[] | undefined {
  const out: (SetObject | null)[] = [];
  for (const k of keys) {
    const s = lookupRead(ctx, k);
    if (s === null) return undefined;
    out.push(s ?? null);
  }
  return out;
}

/** Stores `result` at dstKey (or deletes dstKey when empty) and replies its size. */
function storeResult(ctx: CommandContext, dstKey: string, result: SetObject, event: string): void {
  if (result.size > 0) {
    ctx.db.set(dstKey, result);
    ctx.keyspace.dirty++;
    ctx.reply.integer(result.size);
    notify(ctx, NOTIFY_SET, event, dstKey);
  } else {
    ctx.reply.integer(0);
    if (ctx.db.delete(dstKey)) {
      ctx.keyspace.dirty++;
      notify(ctx, NOTIFY_GENERIC, 'del', dstKey);
    }
  }
}

function replySet(ctx: CommandContext, result: SetObject): void {
  const m = result.members;
  ctx.reply.setLen(m.length);
  for (let i = 0; i < m.length; i++) ctx.reply.bulk(m[i]);
}

/** sinterGenericCommand; limit applies to the cardinality-only form (0 = none). */
function sinterGeneric(ctx: CommandContext, keys: string[], dstKey: string | null, cardOnly: boolean, limit: number): void {
  const found = lookupSets(ctx, keys);
  if (found === undefined) return;
  if (found.some((s) => s === null)) {
    if (dstKey !== null) {
      if (ctx.db.delete(dstKey)) {
        ctx.keyspace.dirty++;
        notify(ctx, NOTIFY_GENERIC, 'del', dstKey);
      }
      ctx.reply.integer(0);
    } else if (cardOnly) ctx.reply.integer(0);
    else ctx.reply.setLen(0);
    return;
  }
  const sets = (found as SetObject[]).slice().sort((a, b) => a.size - b.size); // stable, as Redis's qsort here
  const first = sets[0];
  if (cardOnly) {
    let card = 0;
    for (const m of first.members) {
      let inAll = true;
      for (let j = 1; j < sets.length; j++) if (sets[j] !== first && !sets[j].has(m)) { inAll = false; break; }
      if (inAll) {
        card++;
        if (limit !== 0 && card >= limit) break;
      }
    }
    ctx.reply.integer(card);
    return;
  }
  const result = new SetObject();
  for (const m of first.members) {
    let inAll = true;
    for (let j = 1; j < sets.length; j++) if (sets[j] !== first && !sets[j].has(m)) { inAll = false; break; }
    if (inAll) result.add(m);
  }
  if (dstKey !== null) storeResult(ctx, dstKey, result, 'sinterstore');
  else replySet(ctx, result);
}

function sunionDiffGeneric(ctx: CommandContext, keys: string[], dstKey: string | null, diff: boolean): void {
  const sets = lookupSets(ctx, keys);
  if (sets === undefined) return;
  const result = new SetObject();
  if (!diff) {
    for (const s of sets) if (s !== null) for (const m of s.members) result.add(m);
  } else if (sets[0] !== null) {
    for (const m of sets[0].members) {
      let keep = true;
      for (let j = 1; j < sets.length; j++) {
        const o = sets[j];
        if (o !== null && o.has(m)) { keep = false; break; }
      }
      if (keep) result.add(m);
    }
  }
  if (dstKey !== null) storeResult(ctx, dstKey, result, diff ? 'sdiffstore' : 'sunionstore');
  else replySet(ctx, result);
}

function sinterCommand(ctx: CommandContext): void { sinterGeneric(ctx, ctx.argv.slice(1), null, false, 0); }
function sinterstoreCommand(ctx: CommandContext): void { sinterGeneric(ctx, ctx.argv.slice(2), ctx.argv[1], false, 0); }
function sunionCommand(ctx: CommandContext): void { sunionDiffGeneric(ctx, ctx.argv.slice(1), null, false); }
function sunionstoreCommand(ctx: CommandContext): void { sunionDiffGeneric(ctx, ctx.argv.slice(2), ctx.argv[1], false); }
function sdiffCommand(ctx: CommandContext): void { sunionDiffGeneric(ctx, ctx.argv.slice(1), null, true); }
function sdiffstoreCommand(ctx: CommandContext): void { sunionDiffGeneric(ctx, ctx.argv.slice(2), ctx.argv[1], true); }

/** SINTERCARD numkeys key [key ...] [LIMIT limit] */
function sintercardCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const numkeys = rangeLongArg(ctx.reply, argv[1], 1, Number.MAX_SAFE_INTEGER, 'ERR numkeys should be greater than 0');
  if (numkeys === null) return;
  if (numkeys > argv.length - 2) { ctx.reply.error("ERR Number of keys can't be greater than number of args"); return; }
  let limit = 0;
  for (let i = 2 + numkeys; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    if (argv[i].toLowerCase() === 'limit' && more > 0) {
      const l = positiveArg(ctx.reply, argv[++i], "ERR LIMIT can't be negative");
      if (l === null) return;
      limit = l;
    } else {
      ctx.reply.error(ERR_SYNTAX);
      return;
    }
  }
  sinterGeneric(ctx, argv.slice(2, 2 + numkeys), null, true, limit);
}

// ---- SSCAN --------------------------------------------------------------------------------

function sscanCommand(ctx: CommandContext): void {
  const cursor = parseScanCursor(ctx, ctx.argv[2]);
  if (cursor === null) return;
  const set = lookupRead(ctx, ctx.argv[1]);
  if (set === null) return;
  if (set === undefined) { replyEmptyScan(ctx); return; }
  const opts = parseScanOptions(ctx, 3, false);
  if (opts === null) return;
  const m = set.members;
  const out: string[] = [];
  let next = 0;
  if (set.encoding() !== 'hashtable') {
    // Small encodings reply everything at once with cursor 0, as Redis does.
    for (const s of m) if (opts.match === null || opts.match(s)) out.push(s);
  } else {
    // Walk positions downwards from the cursor: a swap-remove only moves an already visited
    // (higher) member down, so members present for the whole scan are all reported.
    let pos = cursor === 0 || cursor > m.length ? m.length : cursor;
    let visited = 0;
    while (pos > 0 && visited < opts.count) {
      pos--;
      visited++;
      const s = m[pos];
      if (opts.match === null || opts.match(s)) out.push(s);
    }
    next = pos;
  }
  replyScan(ctx, String(next), out);
}

// ---- the table ----------------------------------------------------------------------------

const row = typeRowBuilder('set', ['RW'], ['RO']);

const allKeys = { lastKey: -1, keySpecs: [keySpec(['RO', 'access'], 1, -1)] };
const storeKeys = {
  lastKey: -1,
  keySpecs: [keySpec(['OW', 'update'], 1), keySpec(['RO', 'access'], 2, -1)],
};

export const commands: CommandSpec[] = [
  row('sadd', -3, ['write', 'denyoom', 'fast'], ['fast'], saddCommand),
  row('srem', -3, ['write', 'fast'], ['fast'], sremCommand),
  row('smove', 4, ['write', 'fast'], ['fast'], smoveCommand, { lastKey: 2, keySpecs: [keySpec(['RW', 'access', 'delete'], 1), keySpec(['RW', 'insert'], 2)] }),
  row('sismember', 3, ['readonly', 'fast'], ['fast'], sismemberCommand),
  row('smismember', -3, ['readonly', 'fast'], ['fast'], smismemberCommand),
  row('scard', 2, ['readonly', 'fast'], ['fast'], scardCommand),
  row('smembers', 2, ['readonly'], ['slow'], smembersCommand, { tips: ['nondeterministic_output_order'] }),
  row('spop', -2, ['write', 'fast'], ['fast'], spopCommand, { tips: ['nondeterministic_output'] }),
  row('srandmember', -2, ['readonly'], ['slow'], srandmemberCommand, { tips: ['nondeterministic_output'] }),
  row('sinter', -2, ['readonly'], ['slow'], sinterCommand, { ...allKeys, tips: ['nondeterministic_output_order'] }),
  row('sinterstore', -3, ['write', 'denyoom'], ['slow'], sinterstoreCommand, storeKeys),
  row('sunion', -2, ['readonly'], ['slow'], sunionCommand, { ...allKeys, tips: ['nondeterministic_output_order'] }),
  row('sunionstore', -3, ['write', 'denyoom'], ['slow'], sunionstoreCommand, storeKeys),
  row('sdiff', -2, ['readonly'], ['slow'], sdiffCommand, { ...allKeys, tips: ['nondeterministic_output_order'] }),
  row('sdiffstore', -3, ['write', 'denyoom'], ['slow'], sdiffstoreCommand, storeKeys),
  row('sintercard', -3, ['readonly', 'movablekeys'], ['slow'], sintercardCommand,
    { firstKey: 0, lastKey: 0, keyStep: 0, getKeys: numkeysKeys(1), keySpecs: [{ flags: ['RO', 'access'], beginSearch: { index: 1 }, findKeys: { keyNumIdx: 0, firstKey: 1, keyStep: 1 } }] }),
  row('sscan', -3, ['readonly'], ['slow'], sscanCommand, { tips: ['nondeterministic_output'] }),
];

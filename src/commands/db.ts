// Database commands: SELECT, MOVE, SWAPDB, DBSIZE, FLUSHDB, FLUSHALL.

import type { CommandContext, CommandSpec } from './types';
import { notify, NOTIFY_GENERIC } from './notify';
import { ERR_SYNTAX, ERR_DB_INDEX, ERR_SAME_OBJECT, int32Arg } from './util';

function selectCommand(ctx: CommandContext): void {
  const id = int32Arg(ctx.reply, ctx.argv[1]);
  if (id === null) return;
  const db = id >= 0 ? ctx.keyspace.db(id) : undefined;
  if (db === undefined) { ctx.reply.error(ERR_DB_INDEX); return; }
  ctx.client.dbIndex = id;
  ctx.db = db;
  ctx.reply.status('OK');
}

function moveCommand(ctx: CommandContext): void {
  const key = ctx.argv[1];
  const id = int32Arg(ctx.reply, ctx.argv[2]);
  if (id === null) return;
  const dst = id >= 0 ? ctx.keyspace.db(id) : undefined;
  if (dst === undefined) { ctx.reply.error(ERR_DB_INDEX); return; }
  const src = ctx.db;
  if (src === dst) { ctx.reply.error(ERR_SAME_OBJECT); return; }
  const v = src.lookupWrite(key);
  if (v === undefined) { ctx.reply.integer(0); return; }
  const expire = src.getExpire(key);
  if (dst.lookupWrite(key) !== undefined) { ctx.reply.integer(0); return; }
  const hint = src.encodingHint(key);
  dst.add(key, v);
  if (expire !== -1) dst.setExpire(key, expire);
  if (hint !== undefined) dst.setEncodingHint(key, hint);
  src.delete(key);
  ctx.keyspace.dirty++;
  notify(ctx, NOTIFY_GENERIC, 'move_from', key);
  if (ctx.keyspace.keyspaceEvents !== 0) notify({ ...ctx, db: dst }, NOTIFY_GENERIC, 'move_to', key);
  ctx.reply.integer(1);
}

function swapdbCommand(ctx: CommandContext): void {
  const a = int32Arg(ctx.reply, ctx.argv[1], 'ERR invalid first DB index');
  if (a === null) return;
  const b = int32Arg(ctx.reply, ctx.argv[2], 'ERR invalid second DB index');
  if (b === null) return;
  if (a < 0 || b < 0 || !ctx.keyspace.swap(a, b)) { ctx.reply.error(ERR_DB_INDEX); return; }
  ctx.keyspace.dirty++;
  ctx.reply.status('OK');
}

function dbsizeCommand(ctx: CommandContext): void {
  ctx.reply.integer(ctx.db.size);
}

/**
 * getFlushCommandFlags: [ASYNC|SYNC] (none: lazyfree-lazy-user-flush); null after replying a
 * syntax error, else whether the flush is asynchronous.
 */
function flushMode(ctx: CommandContext): boolean | null {
  const argv = ctx.argv;
  if (argv.length === 1) return ctx.keyspace.lazyUserFlush;
  if (argv.length === 2) {
    const opt = argv[1].toLowerCase();
    if (opt === 'sync' || opt === 'async') return opt === 'async';
  }
  ctx.reply.error(ERR_SYNTAX);
  return null;
}

function flushdbCommand(ctx: CommandContext): void {
  const async = flushMode(ctx);
  if (async === null) return;
  const removed = ctx.keyspace.flushDb(ctx.db);
  // emptyDbAsync hands the whole key table to the lazy free thread: every key counts.
  if (async) ctx.keyspace.stats.lazyfreedObjects += removed;
  ctx.keyspace.dirty += removed;
  ctx.reply.status('OK');
}

function flushallCommand(ctx: CommandContext): void {
  const async = flushMode(ctx);
  if (async === null) return;
  const removed = ctx.keyspace.flushAll();
  if (async) ctx.keyspace.stats.lazyfreedObjects += removed;
  // Redis adds one more to dirty so that FLUSHALL on an empty dataset still triggers a save.
  ctx.keyspace.dirty += removed + 1;
  ctx.reply.status('OK');
}

export const commands: CommandSpec[] = [
  {
    name: 'select', arity: 2, flags: ['loading', 'stale', 'fast'], firstKey: 0, lastKey: 0, keyStep: 0,
    categories: ['fast', 'connection'],
    handler: selectCommand,
  },
  {
    name: 'move', arity: 3, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, keyStep: 1,
    categories: ['keyspace', 'write', 'fast'],
    keySpecs: [{ flags: ['RW', 'access', 'update'], beginSearch: { index: 1 }, findKeys: { lastKey: 0, keyStep: 1, limit: 0 } }],
    handler: moveCommand,
  },
  {
    name: 'swapdb', arity: 3, flags: ['write', 'fast'], firstKey: 0, lastKey: 0, keyStep: 0,
    categories: ['keyspace', 'write', 'fast', 'dangerous'],
    handler: swapdbCommand,
  },
  {
    name: 'dbsize', arity: 1, flags: ['readonly', 'fast'], firstKey: 0, lastKey: 0, keyStep: 0,
    categories: ['keyspace', 'read', 'fast'],
    tips: ['request_policy:all_shards', 'response_policy:agg_sum'],
    handler: dbsizeCommand,
  },
  {
    name: 'flushdb', arity: -1, flags: ['write'], firstKey: 0, lastKey: 0, keyStep: 0,
    categories: ['keyspace', 'write', 'slow', 'dangerous'],
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    handler: flushdbCommand,
  },
  {
    name: 'flushall', arity: -1, flags: ['write'], firstKey: 0, lastKey: 0, keyStep: 0,
    categories: ['keyspace', 'write', 'slow', 'dangerous'],
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    handler: flushallCommand,
  },
];

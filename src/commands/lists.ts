// List commands (Redis's t_list.c), non-blocking part: pushes, pops (with count), ranges,
// LSET/LINDEX/LINSERT/LREM/LTRIM/LPOS, LMOVE/RPOPLPUSH and LMPOP. Argument checks happen in
// the same order as in Redis, so the same error wins when several are wrong.

import type { CommandContext, CommandSpec } from './types';
import { ListObject } from '../store/t_list';
import { ERR_SYNTAX, ERR_NO_SUCH_KEY } from './util';
import {
  readTyped, writeTyped, afterWrite, positiveArg, longArg, keySpec, numkeysKeys, mpopArgs,
} from './type-helpers';
import { notify, NOTIFY_LIST } from './notify';

const HEAD = 0, TAIL = 1;

function lookupRead(ctx: CommandContext, key: string) { return readTyped<ListObject>(ctx, key, 'list'); }
function lookupWrite(ctx: CommandContext, key: string) { return writeTyped<ListObject>(ctx, key, 'list'); }

/** getListPositionFromObjectOrReply: LEFT = head, RIGHT = tail. */
function whereArg(ctx: CommandContext, s: string): number | null {
  const l = s.toLowerCase();
  if (l === 'left') return HEAD;
  if (l === 'right') return TAIL;
  ctx.reply.error(ERR_SYNTAX);
  return null;
}

// ---- pushes -------------------------------------------------------------------------------

function pushGeneric(ctx: CommandContext, where: number, xx: boolean): void {
  const argv = ctx.argv;
  const key = argv[1];
  let list = lookupWrite(ctx, key);
  if (list === null) return;
  let raw = 0;
  for (let j = 2; j < argv.length; j++) raw += argv[j].length;
  if (list === undefined) {
    if (xx) { ctx.reply.integer(0); return; }
    list = new ListObject(argv.length - 2);
    list.beforeAppend(raw, argv.length - 2);
    for (let j = 2; j < argv.length; j++) {
      if (where === HEAD) list.pushHead(argv[j]); else list.pushTail(argv[j]);
    }
    ctx.db.add(key, list);
  } else {
    list.beforeAppend(raw, argv.length - 2);
    for (let j = 2; j < argv.length; j++) {
      if (where === HEAD) list.pushHead(argv[j]); else list.pushTail(argv[j]);
    }
    ctx.db.modified(key);
  }
  ctx.keyspace.dirty += argv.length - 2;
  ctx.reply.integer(list.length);
  // After the reply, as Redis's pushGenericCommand (the order a subscribed RESP3 client sees).
  notify(ctx, NOTIFY_LIST, where === HEAD ? 'lpush' : 'rpush', key);
}

function lpushCommand(ctx: CommandContext): void { pushGeneric(ctx, HEAD, false); }
function rpushCommand(ctx: CommandContext): void { pushGeneric(ctx, TAIL, false); }
function lpushxCommand(ctx: CommandContext): void { pushGeneric(ctx, HEAD, true); }
function rpushxCommand(ctx: CommandContext): void { pushGeneric(ctx, TAIL, true); }

// ---- pops ---------------------------------------------------------------------------------

/** Pops up to count elements from one end and replies them as an array (listPopRangeAndReplyWithKey's body). */
function popRangeReply(ctx: CommandContext, list: ListObject, where: number, count: number): void {
  const n = Math.min(count, list.length);
  ctx.reply.arrayLen(n);
  for (let i = 0; i < n; i++) ctx.reply.bulk(where === HEAD ? list.popHead()! : list.popTail()!);
}

function popGeneric(ctx: CommandContext, where: number): void {
  const argv = ctx.argv;
  if (argv.length > 3) { ctx.reply.error(`ERR wrong number of arguments for '${argv[0].toLowerCase()}' command`); return; }
  const hasCount = argv.length === 3;
  let count = 0;
  if (hasCount) {
    const c = positiveArg(ctx.reply, argv[2]);
    if (c === null) return;
    count = c;
  }
  const key = argv[1];
  const list = lookupWrite(ctx, key);
  if (list === null) return;
  if (list === undefined) {
    if (hasCount) ctx.reply.nullArray(); else ctx.reply.bulk(null);
    return;
  }
  if (hasCount && count === 0) { ctx.reply.arrayLen(0); return; }
  if (!hasCount) {
    ctx.reply.bulk(where === HEAD ? list.popHead()! : list.popTail()!);
    notify(ctx, NOTIFY_LIST, where === HEAD ? 'lpop' : 'rpop', key);
    afterWrite(ctx, key, list.length === 0, 1);
    return;
  }
  const n = Math.min(count, list.length);
  popRangeReply(ctx, list, where, count);
  notify(ctx, NOTIFY_LIST, where === HEAD ? 'lpop' : 'rpop', key);
  afterWrite(ctx, key, list.length === 0, n);
}

function lpopCommand(ctx: CommandContext): void { popGeneric(ctx, HEAD); }
function rpopCommand(ctx: CommandContext): void { popGeneric(ctx, TAIL); }

/** LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count] */
function lmpopCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const args = mpopArgs(ctx.reply, argv, 1, ['left', 'right']);
  if (args === null) return;
  const { numkeys, count } = args;
  const where = args.where === 0 ? HEAD : TAIL;
  for (let i = 0; i < numkeys; i++) {
    const key = argv[2 + i];
    const list = lookupWrite(ctx, key);
    if (list === null) return;
    if (list === undefined || list.length === 0) continue;
    const n = Math.min(count, list.length);
    ctx.reply.arrayLen(2);
    ctx.reply.bulk(key);
    popRangeReply(ctx, list, where, count);
    notify(ctx, NOTIFY_LIST, where === HEAD ? 'lpop' : 'rpop', key);
    afterWrite(ctx, key, list.length === 0, n);
    return;
  }
  ctx.reply.nullArray();
}

// ---- reads --------------------------------------------------------------------------------

function llenCommand(ctx: CommandContext): void {
  const list = lookupRead(ctx, ctx.argv[1]);
  if (list === null) return;
  ctx.reply.integer(list === undefined ? 0 : list.length);
}

function lrangeCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  let start = longArg(ctx.reply, argv[2]);
  if (start === null) return;
  let end = longArg(ctx.reply, argv[3]);
  if (end === null) return;
  const list = lookupRead(ctx, argv[1]);
  if (list === null) return;
  if (list === undefined) { ctx.reply.arrayLen(0); return; }
  const llen = list.length;
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  if (start > end || start >= llen) { ctx.reply.arrayLen(0); return; }
  if (end >= llen) end = llen - 1;
  const reply = ctx.reply;
  reply.arrayLen(end - start + 1);
  for (let i = start; i <= end; i++) reply.bulk(list.get(i));
}

function lindexCommand(ctx: CommandContext): void {
  const list = lookupRead(ctx, ctx.argv[1]);
  if (list === null) return;
  if (list === undefined) { ctx.reply.bulk(null); return; }
  let index = longArg(ctx.reply, ctx.argv[2]);
  if (index === null) return;
  if (index < 0) index = list.length + index;
  ctx.reply.bulk(index >= 0 && index < list.length ? list.get(index) : null);
}

/** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len] */
function lposCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const element = argv[2];
  let rank = 1, count = -1, maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const more = argv.length - 1 - j;
    if (opt === 'rank' && more > 0) {
      const r = longArg(ctx.reply, argv[++j]);
      if (r === null) return;
      if (r === 0) {
        ctx.reply.error("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list");
        return;
      }
      if (argv[j] === '-9223372036854775808') {
        // Redis 7.4 rejects LLONG_MIN (its negation would overflow).
        ctx.reply.error('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
        return;
      }
      rank = r;
    } else if (opt === 'count' && more > 0) {
      const c = positiveArg(ctx.reply, argv[++j], "ERR COUNT can't be negative");
      if (c === null) return;
      count = c;
    } else if (opt === 'maxlen' && more > 0) {
      const m = positiveArg(ctx.reply, argv[++j], "ERR MAXLEN can't be negative");
      if (m === null) return;
      maxlen = m;
    } else {
      ctx.reply.error(ERR_SYNTAX);
      return;
    }
  }
  let fromTail = false;
  if (rank < 0) { rank = -rank; fromTail = true; }
  const list = lookupRead(ctx, argv[1]);
  if (list === null) return;
  if (list === undefined) {
    if (count !== -1) ctx.reply.arrayLen(0); else ctx.reply.bulk(null);
    return;
  }
  const llen = list.length;
  const found: number[] = [];
  let matches = 0;
  for (let index = 0; index < llen && (maxlen === 0 || index < maxlen); index++) {
    const pos = fromTail ? llen - 1 - index : index;
    if (list.get(pos) !== element) continue;
    matches++;
    if (matches >= rank) {
      found.push(pos);
      if (count === -1 || (count !== 0 && matches - rank + 1 >= count)) break;
    }
  }
  if (count !== -1) {
    ctx.reply.arrayLen(found.length);
    for (const p of found) ctx.reply.integer(p);
  } else if (found.length > 0) {
    ctx.reply.integer(found[0]);
  } else {
    ctx.reply.bulk(null);
  }
}

// ---- in-place edits -----------------------------------------------------------------------

function lsetCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const key = argv[1];
  const list = lookupWrite(ctx, key);
  if (list === null) return;
  if (list === undefined) { ctx.reply.error(ERR_NO_SUCH_KEY); return; }
  let index = longArg(ctx.reply, argv[2]);
  if (index === null) return;
  list.beforeAppend(argv[3].length); // Redis converts before knowing whether the index is valid
  if (index < 0) index = list.length + index;
  if (index < 0 || index >= list.length) { ctx.reply.error('ERR index out of range'); return; }
  list.set(index, argv[3]);
  ctx.reply.status('OK');
  afterWrite(ctx, key, false, 1);
  notify(ctx, NOTIFY_LIST, 'lset', key);
}

/** LINSERT key BEFORE|AFTER pivot element */
function linsertCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const pos = argv[2].toLowerCase();
  let after: boolean;
  if (pos === 'after') after = true;
  else if (pos === 'before') after = false;
  else { ctx.reply.error(ERR_SYNTAX); return; }
  const key = argv[1];
  const list = lookupWrite(ctx, key);
  if (list === null) return;
  if (list === undefined) { ctx.reply.integer(0); return; }
  list.beforeAppend(argv[4].length); // as Redis: before looking for the pivot
  const at = list.indexOf(argv[3]);
  if (at < 0) { ctx.reply.integer(-1); return; }
  list.insertAt(after ? at + 1 : at, argv[4]);
  afterWrite(ctx, key, false, 1);
  notify(ctx, NOTIFY_LIST, 'linsert', key);
  ctx.reply.integer(list.length);
}

/** LREM key count element: count > 0 from the head, < 0 from the tail, 0 all. */
function lremCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const toRemove = longArg(ctx.reply, argv[2]);
  if (toRemove === null) return;
  const key = argv[1];
  const list = lookupWrite(ctx, key);
  if (list === null) return;
  if (list === undefined) { ctx.reply.integer(0); return; }
  const element = argv[3];
  const limit = toRemove === 0 ? Infinity : Math.abs(toRemove);
  const removed = list.removeWhere((s) => s !== element, limit, toRemove < 0);
  if (removed > 0) {
    notify(ctx, NOTIFY_LIST, 'lrem', key);
    afterWrite(ctx, key, list.length === 0, removed);
  }
  ctx.reply.integer(removed);
}

function ltrimCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  let start = longArg(ctx.reply, argv[2]);
  if (start === null) return;
  let end = longArg(ctx.reply, argv[3]);
  if (end === null) return;
  const key = argv[1];
  const list = lookupWrite(ctx, key);
  if (list === null) return;
  if (list === undefined) { ctx.reply.status('OK'); return; }
  const llen = list.length;
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  let ltrim: number, rtrim: number;
  if (start > end || start >= llen) {
    ltrim = llen;
    rtrim = 0;
  } else {
    if (end >= llen) end = llen - 1;
    ltrim = start;
    rtrim = llen - end - 1;
  }
  if (ltrim + rtrim === llen) list.clear();
  else list.trim(ltrim, llen - 1 - rtrim);
  notify(ctx, NOTIFY_LIST, 'ltrim', key);
  afterWrite(ctx, key, list.length === 0, ltrim + rtrim);
  ctx.reply.status('OK');
}

// ---- moves --------------------------------------------------------------------------------

function lmoveGeneric(ctx: CommandContext, from: number, to: number): void {
  const src = ctx.argv[1], dst = ctx.argv[2];
  const slist = lookupWrite(ctx, src);
  if (slist === null) return;
  if (slist === undefined || slist.length === 0) { ctx.reply.bulk(null); return; }
  let dlist = lookupWrite(ctx, dst);
  if (dlist === null) return;
  const value = from === HEAD ? slist.popHead()! : slist.popTail()!;
  if (dlist === undefined) {
    dlist = new ListObject();
    dlist.beforeAppend(value.length);
    if (to === HEAD) dlist.pushHead(value); else dlist.pushTail(value);
    ctx.db.add(dst, dlist);
  } else {
    dlist.beforeAppend(value.length);
    if (to === HEAD) dlist.pushHead(value); else dlist.pushTail(value);
    ctx.db.modified(dst);
  }
  // lmoveHandlePush: the push event, the reply, then the pop event (and del).
  notify(ctx, NOTIFY_LIST, to === HEAD ? 'lpush' : 'rpush', dst);
  ctx.reply.bulk(value);
  notify(ctx, NOTIFY_LIST, from === HEAD ? 'lpop' : 'rpop', src);
  afterWrite(ctx, src, slist.length === 0, 1);
}

function rpoplpushCommand(ctx: CommandContext): void { lmoveGeneric(ctx, TAIL, HEAD); }

function lmoveCommand(ctx: CommandContext): void {
  const from = whereArg(ctx, ctx.argv[3]);
  if (from === null) return;
  const to = whereArg(ctx, ctx.argv[4]);
  if (to === null) return;
  lmoveGeneric(ctx, from, to);
}

// ---- the table ----------------------------------------------------------------------------

function row(
  name: string, arity: number, flags: CommandSpec['flags'], cats: string[], handler: CommandSpec['handler'],
  keys: Partial<CommandSpec> = {},
): CommandSpec {
  return {
    name, arity, flags, categories: ['list', ...cats], firstKey: 1, lastKey: 1, keyStep: 1,
    keySpecs: [keySpec(flags.includes('write') ? ['RW'] : ['RO'], 1)], handler, ...keys,
  };
}

const W = ['write'];
const R = ['read'];

export const commands: CommandSpec[] = [
  row('lpush', -3, ['write', 'denyoom', 'fast'], [...W, 'fast'], lpushCommand),
  row('rpush', -3, ['write', 'denyoom', 'fast'], [...W, 'fast'], rpushCommand),
  row('lpushx', -3, ['write', 'denyoom', 'fast'], [...W, 'fast'], lpushxCommand),
  row('rpushx', -3, ['write', 'denyoom', 'fast'], [...W, 'fast'], rpushxCommand),
  row('lpop', -2, ['write', 'fast'], [...W, 'fast'], lpopCommand),
  row('rpop', -2, ['write', 'fast'], [...W, 'fast'], rpopCommand),
  row('llen', 2, ['readonly', 'fast'], [...R, 'fast'], llenCommand),
  row('lrange', 4, ['readonly'], [...R, 'slow'], lrangeCommand),
  row('lindex', 3, ['readonly'], [...R, 'slow'], lindexCommand),
  row('lpos', -3, ['readonly'], [...R, 'slow'], lposCommand),
  row('lset', 4, ['write', 'denyoom'], [...W, 'slow'], lsetCommand),
  row('linsert', 5, ['write', 'denyoom'], [...W, 'slow'], linsertCommand),
  row('lrem', 4, ['write'], [...W, 'slow'], lremCommand),
  row('ltrim', 4, ['write'], [...W, 'slow'], ltrimCommand),
  row('rpoplpush', 3, ['write', 'denyoom'], [...W, 'slow'], rpoplpushCommand,
    { lastKey: 2, keySpecs: [keySpec(['RW', 'access', 'delete'], 1), keySpec(['RW', 'insert'], 2)] }),
  row('lmove', 5, ['write', 'denyoom'], [...W, 'slow'], lmoveCommand,
    { lastKey: 2, keySpecs: [keySpec(['RW', 'access', 'delete'], 1), keySpec(['RW', 'insert'], 2)] }),
  row('lmpop', -4, ['write', 'movablekeys'], [...W, 'slow'], lmpopCommand,
    { firstKey: 0, lastKey: 0, keyStep: 0, getKeys: numkeysKeys(1), keySpecs: [{ flags: ['RW', 'access', 'delete'], beginSearch: { index: 1 }, findKeys: { keyNumIdx: 0, firstKey: 1, keyStep: 1 } }] }),
];

// String commands (Redis's t_string.c): GET/SET and friends, counters, ranges, LCS.
// Values are plain JS byte strings; replies and error texts follow Redis 7.

import type { CommandContext, CommandSpec } from './types';
import { isCanonicalInteger } from '../store/object';
import {
  ERR_WRONGTYPE, ERR_SYNTAX, ERR_NOT_INTEGER, ERR_NOT_FLOAT, ERR_OVERFLOW, INT64_MAX, INT64_MIN,
  errInvalidExpire, errWrongArgs, parseInt64, parseInt64Big, parseLongDouble, addLongDouble,
  formatLongDoubleHuman,
} from './util';
import { keySpec } from './type-helpers';
import { integerText } from '../store/number-text';
import { notify, NOTIFY_STRING, NOTIFY_GENERIC } from './notify';

/** V8's maximum string length (String::kMaxLength on 64-bit): the hard cap on any value. */
export const MAX_STRING_LENGTH = 536870888;
const ERR_STRING_TOO_LONG = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)';

/** proto-max-bulk-len from the config (default 512MB). */
export function protoMaxBulkLen(ctx: CommandContext): number {
  const v = Number(ctx.engine.config.get('proto-max-bulk-len') ?? 536870912);
  return Number.isFinite(v) && v > 0 ? v : 536870912;
}

/** checkStringLength: replies the error and returns false when size+append is too big. */
export function checkStringLength(ctx: CommandContext, size: number, append: number): boolean {
  const total = size + append;
  if (total > protoMaxBulkLen(ctx) || total > MAX_STRING_LENGTH) {
    ctx.reply.error(ERR_STRING_TOO_LONG);
    return false;
  }
  return true;
}

// ---- GET / SET family ---------------------------------------------------------------------

function getCommand(ctx: CommandContext): void {
  const v = ctx.db.lookupRead(ctx.argv[1]);
  if (v === undefined) ctx.reply.bulk(null);
  else if (typeof v === 'string') ctx.reply.bulk(v);
  else ctx.reply.error(ERR_WRONGTYPE);
}

/** getGenericCommand: replies the value (or null); false when it replied WRONGTYPE. */
function replyGet(ctx: CommandContext, key: string): boolean {
  const v = ctx.db.lookupRead(key);
  if (v === undefined) { ctx.reply.bulk(null); return true; }
  if (typeof v !== 'string') { ctx.reply.error(ERR_WRONGTYPE); return false; }
  ctx.reply.bulk(v);
  return true;
}

const F_NX = 1, F_XX = 2, F_GET = 4, F_KEEPTTL = 8, F_PERSIST = 16, F_EX = 32, F_PX = 64,
  F_EXAT = 128, F_PXAT = 256;
const F_ANY_EXPIRE = F_EX | F_PX | F_EXAT | F_PXAT;

interface ExtendedArgs { flags: number; expire: string | null }

/**
 * parseExtendedStringArgumentsOrReply for SET (isSet) and GETEX: the option flags and the
 * expire argument, or null after replying a syntax error. Mirrors Redis's checks exactly
 * (repeating the same option is allowed, conflicting ones are a syntax error).
 */
function parseExtendedArgs(ctx: CommandContext, from: number, isSet: boolean): ExtendedArgs | null {
  const argv = ctx.argv;
  let flags = 0;
  let expire: string | null = null;
  for (let j = from; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const hasNext = j < argv.length - 1;
    if (opt === 'nx' && !(flags & F_XX) && isSet) flags |= F_NX;
    else if (opt === 'xx' && !(flags & F_NX) && isSet) flags |= F_XX;
    else if (opt === 'get' && isSet) flags |= F_GET;
    else if (opt === 'keepttl' && !(flags & F_PERSIST) && !(flags & F_ANY_EXPIRE) && isSet) flags |= F_KEEPTTL;
    else if (opt === 'persist' && !isSet && !(flags & F_ANY_EXPIRE) && !(flags & F_KEEPTTL)) flags |= F_PERSIST;
    else if (hasNext && !(flags & (F_KEEPTTL | F_PERSIST)) && expireOption(opt) !== 0 &&
             !(flags & (F_ANY_EXPIRE & ~expireOption(opt)))) {
      flags |= expireOption(opt);
      expire = argv[++j];
    } else {
      ctx.reply.error(ERR_SYNTAX);
      return null;
    }
  }
  return { flags, expire };
}

function expireOption(opt: string): number {
  switch (opt) {
    case 'ex': return F_EX;
    case 'px': return F_PX;
    case 'exat': return F_EXAT;
    case 'pxat': return F_PXAT;
    default: return 0;
  }
}

/**
 * getExpireMillisecondsOrReply: the absolute expire time in ms, or null after replying.
 * `relative` for EX/PX (added to the command time), `seconds` for EX/EXAT.
 */
function expireMillis(ctx: CommandContext, arg: string, flags: number, cmdName: string): number | null {
  const seconds = (flags & (F_EX | F_EXAT)) !== 0;
  if (arg.length <= 12) {
    // Fast path: up to 12 digits, so even seconds * 1000 + now stays an exact double.
    const n = parseInt64(arg);
    if (n === null) { ctx.reply.error(ERR_NOT_INTEGER); return null; }
    if (n <= 0) { ctx.reply.error(errInvalidExpire(cmdName)); return null; }
    const ms = seconds ? n * 1000 : n;
    return flags & (F_EX | F_PX) ? ms + ctx.engine.now() : ms;
  }
  const big = parseInt64Big(arg);
  if (big === null) { ctx.reply.error(ERR_NOT_INTEGER); return null; }
  if (big <= 0n || (seconds && big > INT64_MAX / 1000n)) {
    ctx.reply.error(errInvalidExpire(cmdName));
    return null;
  }
  let ms = seconds ? big * 1000n : big;
  if (flags & (F_EX | F_PX)) ms += BigInt(ctx.engine.now());
  if (ms <= 0n || ms > INT64_MAX) {
    ctx.reply.error(errInvalidExpire(cmdName));
    return null;
  }
  return Number(ms);
}

/** setGenericCommand. okReply/abortReply: null = +OK / null bulk, else integers 1 / 0. */
function setGeneric(
  ctx: CommandContext, flags: number, key: string, value: string, expire: string | null,
  cmdName: string, intReplies: boolean,
): void {
  let when = 0;
  if (expire !== null) {
    const ms = expireMillis(ctx, expire, flags, cmdName);
    if (ms === null) return;
    when = ms;
  }
  if (flags & F_GET) {
    if (!replyGet(ctx, key)) return;
  }
  const db = ctx.db;
  const found = db.lookupWrite(key) !== undefined;
  if (((flags & F_NX) && found) || ((flags & F_XX) && !found)) {
    if (!(flags & F_GET)) {
      if (intReplies) ctx.reply.integer(0);
      else ctx.reply.bulk(null);
    }
    return;
  }
  db.set(key, value, (flags & F_KEEPTTL) !== 0);
  ctx.keyspace.dirty++;
  notify(ctx, NOTIFY_STRING, 'set', key);
  if (expire !== null) {
    db.setExpire(key, when);
    notify(ctx, NOTIFY_GENERIC, 'expire', key);
  }
  if (!(flags & F_GET)) {
    if (intReplies) ctx.reply.integer(1);
    else ctx.reply.status('OK');
  }
}

function setCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  if (argv.length === 3) {
    // Plain SET key value: the hot path, no option parsing.
    ctx.db.set(argv[1], argv[2]);
    ctx.keyspace.dirty++;
    if (ctx.keyspace.keyspaceEvents !== 0) notify(ctx, NOTIFY_STRING, 'set', argv[1]);
    ctx.reply.status('OK');
    return;
  }
  const opts = parseExtendedArgs(ctx, 3, true);
  if (opts === null) return;
  setGeneric(ctx, opts.flags, argv[1], argv[2], opts.expire, 'set', false);
}

function setnxCommand(ctx: CommandContext): void {
  setGeneric(ctx, F_NX, ctx.argv[1], ctx.argv[2], null, 'setnx', true);
}

function setexCommand(ctx: CommandContext): void {
  setGeneric(ctx, F_EX, ctx.argv[1], ctx.argv[3], ctx.argv[2], 'setex', false);
}

function psetexCommand(ctx: CommandContext): void {
  setGeneric(ctx, F_PX, ctx.argv[1], ctx.argv[3], ctx.argv[2], 'psetex', false);
}

function getexCommand(ctx: CommandContext): void {
  const opts = parseExtendedArgs(ctx, 2, false);
  if (opts === null) return;
  const key = ctx.argv[1];
  const db = ctx.db;
  const v = db.lookupRead(key);
  if (v === undefined) { ctx.reply.bulk(null); return; }
  if (typeof v !== 'string') { ctx.reply.error(ERR_WRONGTYPE); return; }
  let when = 0;
  if (opts.expire !== null) {
    const ms = expireMillis(ctx, opts.expire, opts.flags, 'getex');
    if (ms === null) return;
    when = ms;
  }
  ctx.reply.bulk(v);
  if ((opts.flags & (F_EXAT | F_PXAT)) && when <= ctx.engine.now()) {
    db.delete(key);
    ctx.keyspace.dirty++;
    notify(ctx, NOTIFY_GENERIC, 'del', key);
  } else if (opts.expire !== null) {
    db.setExpire(key, when);
    ctx.keyspace.onModified?.(db, key);
    ctx.keyspace.dirty++;
    notify(ctx, NOTIFY_GENERIC, 'expire', key);
  } else if (opts.flags & F_PERSIST) {
    if (db.removeExpire(key)) {
      ctx.keyspace.onModified?.(db, key);
      ctx.keyspace.dirty++;
      notify(ctx, NOTIFY_GENERIC, 'persist', key);
    }
  }
}

function getdelCommand(ctx: CommandContext): void {
  const key = ctx.argv[1];
  const v = ctx.db.lookupRead(key);
  if (v === undefined) { ctx.reply.bulk(null); return; }
  if (typeof v !== 'string') { ctx.reply.error(ERR_WRONGTYPE); return; }
  ctx.reply.bulk(v);
  ctx.db.delete(key);
  ctx.keyspace.dirty++;
  notify(ctx, NOTIFY_GENERIC, 'del', key);
}

function getsetCommand(ctx: CommandContext): void {
  if (!replyGet(ctx, ctx.argv[1])) return;
  ctx.db.set(ctx.argv[1], ctx.argv[2]);
  ctx.keyspace.dirty++;
  notify(ctx, NOTIFY_STRING, 'set', ctx.argv[1]);
}

function mgetCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const db = ctx.db;
  const reply = ctx.reply;
  reply.arrayLen(argv.length - 1);
  for (let i = 1; i < argv.length; i++) {
    const v = db.lookupRead(argv[i]);
    reply.bulk(typeof v === 'string' ? v : null);
  }
}

function msetGeneric(ctx: CommandContext, nx: boolean): void {
  const argv = ctx.argv;
  if (argv.length % 2 === 0) {
    ctx.reply.error(errWrongArgs(nx ? 'msetnx' : 'mset'));
    return;
  }
  const db = ctx.db;
  if (nx) {
    for (let j = 1; j < argv.length; j += 2) {
      if (db.lookupWrite(argv[j]) !== undefined) {
        ctx.reply.integer(0);
        return;
      }
    }
  }
  for (let j = 1; j < argv.length; j += 2) {
    db.set(argv[j], argv[j + 1]);
    notify(ctx, NOTIFY_STRING, 'set', argv[j]);
  }
  ctx.keyspace.dirty += (argv.length - 1) / 2;
  if (nx) ctx.reply.integer(1);
  else ctx.reply.status('OK');
}

function msetCommand(ctx: CommandContext): void { msetGeneric(ctx, false); }
function msetnxCommand(ctx: CommandContext): void { msetGeneric(ctx, true); }

// ---- APPEND, STRLEN, ranges ---------------------------------------------------------------

function appendCommand(ctx: CommandContext): void {
  const [, key, add] = ctx.argv;
  const db = ctx.db;
  const v = db.lookupWrite(key);
  if (v === undefined) {
    db.add(key, add);
    ctx.keyspace.dirty++;
    notify(ctx, NOTIFY_STRING, 'append', key);
    ctx.reply.integer(add.length);
    return;
  }
  if (typeof v !== 'string') { ctx.reply.error(ERR_WRONGTYPE); return; }
  if (!checkStringLength(ctx, v.length, add.length)) return;
  const next = v + add;
  db.overwrite(key, next);
  db.setEncodingHint(key, 'raw');
  ctx.keyspace.dirty++;
  notify(ctx, NOTIFY_STRING, 'append', key);
  ctx.reply.integer(next.length);
}

function strlenCommand(ctx: CommandContext): void {
  const v = ctx.db.lookupRead(ctx.argv[1]);
  if (v === undefined) ctx.reply.integer(0);
  else if (typeof v !== 'string') ctx.reply.error(ERR_WRONGTYPE);
  else ctx.reply.integer(v.length);
}

function getrangeCommand(ctx: CommandContext): void {
  let start = parseInt64(ctx.argv[2]);
  if (start === null) { ctx.reply.error(ERR_NOT_INTEGER); return; }
  let end = parseInt64(ctx.argv[3]);
  if (end === null) { ctx.reply.error(ERR_NOT_INTEGER); return; }
  const v = ctx.db.lookupRead(ctx.argv[1]);
  if (v === undefined) { ctx.reply.bulk(''); return; }
  if (typeof v !== 'string') { ctx.reply.error(ERR_WRONGTYPE); return; }
  const len = v.length;
  if (start < 0 && end < 0 && start > end) { ctx.reply.bulk(''); return; }
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len === 0) ctx.reply.bulk('');
  else ctx.reply.bulk(v.slice(start, end + 1));
}

function setrangeCommand(ctx: CommandContext): void {
  const [, key, offsetArg, value] = ctx.argv;
  const offset = parseInt64(offsetArg);
  if (offset === null) { ctx.reply.error(ERR_NOT_INTEGER); return; }
  if (offset < 0) { ctx.reply.error('ERR offset is out of range'); return; }
  const db = ctx.db;
  const v = db.lookupWrite(key);
  let old: string;
  if (v === undefined) {
    if (value.length === 0) { ctx.reply.integer(0); return; }
    if (!checkStringLength(ctx, offset, value.length)) return;
    old = '';
  } else {
    if (typeof v !== 'string') { ctx.reply.error(ERR_WRONGTYPE); return; }
    if (value.length === 0) { ctx.reply.integer(v.length); return; }
    if (!checkStringLength(ctx, offset, value.length)) return;
    old = v;
  }
  const padded = old.length >= offset ? old.slice(0, offset) : old + '\0'.repeat(offset - old.length);
  const next = padded + value + old.slice(offset + value.length);
  if (v === undefined) db.add(key, next);
  else db.overwrite(key, next);
  db.setEncodingHint(key, 'raw');
  ctx.keyspace.dirty++;
  notify(ctx, NOTIFY_STRING, 'setrange', key);
  ctx.reply.integer(next.length);
}

// ---- counters -----------------------------------------------------------------------------

/** incrDecrCommand: adds `incr` (a safe integer or a BigInt) to the integer at key. */
function incrDecr(ctx: CommandContext, incr: number | bigint): void {
  const key = ctx.argv[1];
  const db = ctx.db;
  const v = db.lookupWrite(key);
  let current: string;
  if (v === undefined) current = '0';
  else if (typeof v !== 'string') { ctx.reply.error(ERR_WRONGTYPE); return; }
  else current = v;
  let result: string;
  let resultNum: number | bigint;
  const small = current.length <= 15 && typeof incr === 'number' ? parseInt64(current) : null;
  if (small !== null && typeof incr === 'number') {
    // Both operands below 10^15 in magnitude: the sum is exact in a double.
    const sum = small + (incr as number);
    resultNum = sum;
    result = integerText(sum);
  } else {
    const old = parseInt64Big(current);
    if (old === null) { ctx.reply.error(ERR_NOT_INTEGER); return; }
    const by = BigInt(incr);
    const sum = old + by;
    if (sum > INT64_MAX || sum < INT64_MIN) { ctx.reply.error(ERR_OVERFLOW); return; }
    resultNum = sum;
    result = sum.toString();
  }
  if (v === undefined) db.add(key, result);
  else db.overwrite(key, result);
  ctx.keyspace.dirty++;
  notify(ctx, NOTIFY_STRING, 'incrby', key);
  ctx.reply.integer(resultNum);
}

/** The increment argument: a number when within ±10^15 (fast path), else a BigInt. */
function incrementArg(ctx: CommandContext, s: string): number | bigint | null {
  if (s.length <= 15) {
    const n = parseInt64(s);
    if (n === null) ctx.reply.error(ERR_NOT_INTEGER);
    return n;
  }
  const big = parseInt64Big(s);
  if (big === null) ctx.reply.error(ERR_NOT_INTEGER);
  return big;
}

function incrCommand(ctx: CommandContext): void { incrDecr(ctx, 1); }
function decrCommand(ctx: CommandContext): void { incrDecr(ctx, -1); }

function incrbyCommand(ctx: CommandContext): void {
  const by = incrementArg(ctx, ctx.argv[2]);
  if (by !== null) incrDecr(ctx, by);
}

function decrbyCommand(ctx: CommandContext): void {
  const by = incrementArg(ctx, ctx.argv[2]);
  if (by === null) return;
  if (typeof by === 'bigint') {
    if (by === INT64_MIN) { ctx.reply.error('ERR decrement would overflow'); return; }
    incrDecr(ctx, -by);
  } else {
    incrDecr(ctx, -by);
  }
}

function incrbyfloatCommand(ctx: CommandContext): void {
  const key = ctx.argv[1];
  const db = ctx.db;
  const v = db.lookupWrite(key);
  if (v !== undefined && typeof v !== 'string') { ctx.reply.error(ERR_WRONGTYPE); return; }
  const current = v === undefined ? { neg: false, mant: 0n, exp: 0 } : parseLongDouble(v);
  if (current === null) { ctx.reply.error(ERR_NOT_FLOAT); return; }
  const incr = parseLongDouble(ctx.argv[2]);
  if (incr === null) { ctx.reply.error(ERR_NOT_FLOAT); return; }
  const sum = typeof current === 'string' || typeof incr === 'string' ? null : addLongDouble(current, incr);
  if (sum === null) { ctx.reply.error('ERR increment would produce NaN or Infinity'); return; }
  const text = formatLongDoubleHuman(sum);
  if (v === undefined) db.add(key, text);
  else db.overwrite(key, text);
  // Redis stores the result without trying the integer encoding.
  if (isCanonicalInteger(text)) db.setEncodingHint(key, 'embstr');
  ctx.keyspace.dirty++;
  notify(ctx, NOTIFY_STRING, 'incrbyfloat', key);
  ctx.reply.bulk(text);
}

// ---- LCS ----------------------------------------------------------------------------------

function lcsCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const db = ctx.db;
  const va = db.lookupRead(argv[1]);
  const vb = db.lookupRead(argv[2]);
  if ((va !== undefined && typeof va !== 'string') || (vb !== undefined && typeof vb !== 'string')) {
    ctx.reply.error('ERR The specified keys must contain string values');
    return;
  }
  const a = va === undefined ? '' : va;
  const b = vb === undefined ? '' : vb;
  let getIdx = false, getLen = false, withMatchLen = false;
  let minMatchLen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const moreArgs = argv.length - 1 - j;
    if (opt === 'idx') getIdx = true;
    else if (opt === 'len') getLen = true;
    else if (opt === 'withmatchlen') withMatchLen = true;
    else if (opt === 'minmatchlen' && moreArgs > 0) {
      const n = parseInt64(argv[j + 1]);
      if (n === null) { ctx.reply.error(ERR_NOT_INTEGER); return; }
      minMatchLen = n < 0 ? 0 : n;
      j++;
    } else {
      ctx.reply.error(ERR_SYNTAX);
      return;
    }
  }
  if (getIdx && getLen) {
    ctx.reply.error('ERR If you want both the length and indexes, please just use IDX.');
    return;
  }
  const alen = a.length, blen = b.length;
  const cells = (alen + 1) * (blen + 1);
  if (cells * 4 > protoMaxBulkLen(ctx)) {
    ctx.reply.error('ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len');
    return;
  }
  // LCS[i][j] = length of the LCS of a[0..i-1] and b[0..j-1], row-major with stride blen+1.
  const w = blen + 1;
  const table = new Uint32Array(cells);
  for (let i = 1; i <= alen; i++) {
    const ac = a.charCodeAt(i - 1);
    for (let j = 1; j <= blen; j++) {
      if (ac === b.charCodeAt(j - 1)) table[i * w + j] = table[(i - 1) * w + j - 1] + 1;
      else {
        const l1 = table[(i - 1) * w + j], l2 = table[i * w + j - 1];
        table[i * w + j] = l1 > l2 ? l1 : l2;
      }
    }
  }
  const total = table[alen * w + blen];
  const computeLcs = getIdx || !getLen;
  const result: number[] = computeLcs ? new Array<number>(total) : [];
  let idx = total;
  const ranges: number[][] = [];
  let aStart = alen, aEnd = 0, bStart = 0, bEnd = 0; // aStart === alen: no range open
  let i = alen, j = blen;
  while (computeLcs && i > 0 && j > 0) {
    let emit = false;
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      result[idx - 1] = a.charCodeAt(i - 1);
      if (aStart === alen) {
        aStart = i - 1; aEnd = i - 1; bStart = j - 1; bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        aStart--; bStart--;
      } else {
        emit = true;
      }
      if (aStart === 0 || bStart === 0) emit = true;
      idx--; i--; j--;
    } else {
      const l1 = table[(i - 1) * w + j], l2 = table[i * w + j - 1];
      if (l1 > l2) i--; else j--;
      if (aStart !== alen) emit = true;
    }
    const matchLen = aEnd - aStart + 1;
    if (emit) {
      if (minMatchLen === 0 || matchLen >= minMatchLen) ranges.push([aStart, aEnd, bStart, bEnd, matchLen]);
      aStart = alen;
    }
  }
  const reply = ctx.reply;
  if (getIdx) {
    reply.mapLen(2);
    reply.bulk('matches');
    reply.arrayLen(ranges.length);
    for (const [as, ae, bs, be, ml] of ranges) {
      reply.arrayLen(withMatchLen ? 3 : 2);
      reply.arrayLen(2); reply.integer(as); reply.integer(ae);
      reply.arrayLen(2); reply.integer(bs); reply.integer(be);
      if (withMatchLen) reply.integer(ml);
    }
    reply.bulk('len');
    reply.integer(total);
  } else if (getLen) {
    reply.integer(total);
  } else {
    let s = '';
    for (let k = 0; k < result.length; k += 8192) {
      s += String.fromCharCode.apply(null, result.slice(k, k + 8192));
    }
    reply.bulk(s);
  }
}

// ---- the table rows (metadata as Redis's COMMAND INFO reports it) -------------------------

/** A table row for a command whose only key is argv[1]. */
function oneKey(
  name: string, arity: number, flags: CommandSpec['flags'], categories: string[], keyFlags: string[],
  handler: CommandSpec['handler'],
): CommandSpec {
  return { name, arity, flags, firstKey: 1, lastKey: 1, keyStep: 1, categories, keySpecs: [keySpec(keyFlags, 1)], handler };
}

export const commands: CommandSpec[] = [
  oneKey('get', 2, ['readonly', 'fast'], ['read', 'string', 'fast'], ['RO', 'access'], getCommand),
  {
    name: 'set', arity: -3, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, keyStep: 1,
    categories: ['write', 'string', 'slow'],
    keySpecs: [{ notes: 'RW and ACCESS due to the optional `GET` argument', flags: ['RW', 'access', 'update', 'variable_flags'], beginSearch: { index: 1 }, findKeys: { lastKey: 0, keyStep: 1, limit: 0 } }],
    handler: setCommand,
  },
  oneKey('setnx', 3, ['write', 'denyoom', 'fast'], ['write', 'string', 'fast'], ['OW', 'insert'], setnxCommand),
  oneKey('setex', 4, ['write', 'denyoom'], ['write', 'string', 'slow'], ['OW', 'update'], setexCommand),
  oneKey('psetex', 4, ['write', 'denyoom'], ['write', 'string', 'slow'], ['OW', 'update'], psetexCommand),
  {
    name: 'mget', arity: -2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: -1, keyStep: 1,
    categories: ['read', 'string', 'fast'],
    tips: ['request_policy:multi_shard'],
    keySpecs: [{ flags: ['RO', 'access'], beginSearch: { index: 1 }, findKeys: { lastKey: -1, keyStep: 1, limit: 0 } }],
    handler: mgetCommand,
  },
  {
    name: 'mset', arity: -3, flags: ['write', 'denyoom'], firstKey: 1, lastKey: -1, keyStep: 2,
    categories: ['write', 'string', 'slow'],
    tips: ['request_policy:multi_shard', 'response_policy:all_succeeded'],
    keySpecs: [{ flags: ['OW', 'update'], beginSearch: { index: 1 }, findKeys: { lastKey: -1, keyStep: 2, limit: 0 } }],
    handler: msetCommand,
  },
  {
    name: 'msetnx', arity: -3, flags: ['write', 'denyoom'], firstKey: 1, lastKey: -1, keyStep: 2,
    categories: ['write', 'string', 'slow'],
    tips: ['request_policy:multi_shard', 'response_policy:agg_min'],
    keySpecs: [{ flags: ['OW', 'insert'], beginSearch: { index: 1 }, findKeys: { lastKey: -1, keyStep: 2, limit: 0 } }],
    handler: msetnxCommand,
  },
  oneKey('getset', 3, ['write', 'denyoom', 'fast'], ['write', 'string', 'fast'], ['RW', 'access', 'update'], getsetCommand),
  oneKey('getdel', 2, ['write', 'fast'], ['write', 'string', 'fast'], ['RW', 'access', 'delete'], getdelCommand),
  {
    name: 'getex', arity: -2, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, keyStep: 1,
    categories: ['write', 'string', 'fast'],
    keySpecs: [{ notes: 'RW and UPDATE because it changes the TTL', flags: ['RW', 'access', 'update'], beginSearch: { index: 1 }, findKeys: { lastKey: 0, keyStep: 1, limit: 0 } }],
    handler: getexCommand,
  },
  oneKey('append', 3, ['write', 'denyoom', 'fast'], ['write', 'string', 'fast'], ['RW', 'insert'], appendCommand),
  oneKey('strlen', 2, ['readonly', 'fast'], ['read', 'string', 'fast'], ['RO'], strlenCommand),
  oneKey('getrange', 4, ['readonly'], ['read', 'string', 'slow'], ['RO', 'access'], getrangeCommand),
  oneKey('substr', 4, ['readonly'], ['read', 'string', 'slow'], ['RO', 'access'], getrangeCommand),
  oneKey('setrange', 4, ['write', 'denyoom'], ['write', 'string', 'slow'], ['RW', 'update'], setrangeCommand),
  oneKey('incr', 2, ['write', 'denyoom', 'fast'], ['write', 'string', 'fast'], ['RW', 'access', 'update'], incrCommand),
  oneKey('decr', 2, ['write', 'denyoom', 'fast'], ['write', 'string', 'fast'], ['RW', 'access', 'update'], decrCommand),
  oneKey('incrby', 3, ['write', 'denyoom', 'fast'], ['write', 'string', 'fast'], ['RW', 'access', 'update'], incrbyCommand),
  oneKey('decrby', 3, ['write', 'denyoom', 'fast'], ['write', 'string', 'fast'], ['RW', 'access', 'update'], decrbyCommand),
  oneKey('incrbyfloat', 3, ['write', 'denyoom', 'fast'], ['write', 'string', 'fast'], ['RW', 'access', 'update'], incrbyfloatCommand),
  {
    name: 'lcs', arity: -3, flags: ['readonly'], firstKey: 1, lastKey: 2, keyStep: 1,
    categories: ['read', 'string', 'slow'],
    keySpecs: [{ flags: ['RO', 'access'], beginSearch: { index: 1 }, findKeys: { lastKey: 1, keyStep: 1, limit: 0 } }],
    handler: lcsCommand,
  },
];

// Stream commands (Redis's t_stream.c): XADD, XLEN, XRANGE/XREVRANGE, XDEL, XTRIM, XREAD,
// XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM, XINFO, XSETID.
//
// Argument checks run in Redis's order (options first, then the key lookup, then ids), since
// which error a client sees for a bad call depends on it. BLOCK is parsed and validated; the
// waiting itself is src/commands/blocking.ts (it wraps xread/xreadgroup); here a BLOCK call that finds nothing
// to serve replies as if its timeout had expired (what Redis does for clients that may not block, e.g.
// inside MULTI or a script).

import type { CommandContext, CommandSpec, Reply } from './types';
import {
  StreamObject, type StreamEntry, type StreamID, type TrimArgs, type ConsumerGroup, type NodeLimits,
  StreamConsumer, StreamNACK, type IdList, compareId, idToString, incrId, decrId, isZeroId,
  MAX_ID, MIN_ID, U64_MAX, INVALID_ENTRIES_READ, TRIM_NONE, TRIM_MAXLEN, TRIM_MINID, DEFAULT_NODE_LIMITS,
} from '../store/t_stream';
import { ERR_SYNTAX, ERR_NOT_INTEGER, ERR_NO_SUCH_KEY, errWrongArgs, parseInt64 } from './util';
import { readTyped, writeTyped, keySpec } from './type-helpers';
import { replyHelp } from './spec';
import { notify, NOTIFY_STREAM } from './notify';

const ERR_INVALID_ID = 'ERR Invalid stream ID specified as stream command argument';
const ERR_START_ID = 'ERR invalid start ID for the interval';
const ERR_END_ID = 'ERR invalid end ID for the interval';

// ---- ids -----------------------------------------------------------------------------------

/** isspace() of the C locale. */
function isCSpace(c: number): boolean { return c === 32 || (c >= 9 && c <= 13); }

/**
 * string2ull: string2ll when it succeeds (negative values rejected), else strtoull(s, 10)
 * which also takes leading spaces, a sign and leading zeros ("-1" wraps modulo 2^64 in C but
 * string2ll already rejected it; "-0" is 0).
 */
function parseU64(s: string): bigint | null {
  const ll = parseInt64(s);
  if (ll !== null) {
    if (ll < 0) return null;
    if (s.length < 16) return BigInt(ll);
    return BigInt(s);
  }
  let i = 0;
  const n = s.length;
  if (n === 0) return null;
  while (i < n && isCSpace(s.charCodeAt(i))) i++;
  let neg = false;
  if (i < n && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) { neg = s.charCodeAt(i) === 45; i++; }
  const digitsStart = i;
  while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === digitsStart || i !== n) return null;
  const v = BigInt(s.slice(digitsStart, n));
  if (v > U64_MAX) return null; // ERANGE
  return neg ? (U64_MAX + 1n - v) & U64_MAX : v;
}

interface ParsedId { id: StreamID; seqGiven: boolean }

/**
 * streamGenericParseIDOrReply without the reply: "-" and "+" (unless strict), "ms" (seq =
 * missingSeq), "ms-seq", and with allowSeqStar "ms-*". null when invalid.
 */
function parseId(arg: string, missingSeq: bigint, strict: boolean, allowSeqStar = false): ParsedId | null {
  if (arg.length > 127) return null;
  const nul = arg.indexOf('\0');
  const buf = nul < 0 ? arg : arg.slice(0, nul);
  if (strict && (buf === '-' || buf === '+')) return null;
  if (buf === '-') return { id: MIN_ID, seqGiven: true };
  if (buf === '+') return { id: MAX_ID, seqGiven: true };
  const dash = buf.indexOf('-');
  const msPart = dash < 0 ? buf : buf.slice(0, dash);
  const ms = parseU64(msPart);
  if (ms === null) return null;
  if (dash < 0) return { id: { ms, seq: missingSeq }, seqGiven: true };
  const seqPart = buf.slice(dash + 1);
  if (allowSeqStar && seqPart === '*') return { id: { ms, seq: 0n }, seqGiven: false };
  const seq = parseU64(seqPart);
  if (seq === null) return null;
  return { id: { ms, seq }, seqGiven: true };
}

function idArg(reply: Reply, arg: string, missingSeq: bigint, strict: boolean): StreamID | null {
  const p = parseId(arg, missingSeq, strict);
  if (p === null) { reply.error(ERR_INVALID_ID); return null; }
  return p.id;
}

/** The strict ids argv[from..] of XDEL and XACK, all checked before any is used; null after replying. */
function idListArg(reply: Reply, argv: string[], from: number): StreamID[] | null {
  const ids: StreamID[] = [];
  for (let j = from; j < argv.length; j++) {
    const id = idArg(reply, argv[j], 0n, true);
    if (id === null) return null;
    ids.push(id);
  }
  return ids;
}

/** streamParseIntervalIDOrReply: "(" makes the bound exclusive (and strict). */
function intervalIdArg(reply: Reply, arg: string, missingSeq: bigint): { id: StreamID; exclusive: boolean } | null {
  const exclusive = arg.length > 1 && arg.charCodeAt(0) === 40;
  const p = exclusive ? parseId(arg.slice(1), missingSeq, true) : parseId(arg, missingSeq, false);
  if (p === null) { reply.error(ERR_INVALID_ID); return null; }
  return { id: p.id, exclusive };
}

/** Start and end of a range argument pair, with exclusive bounds applied; null after an error. */
function rangeArgs(reply: Reply, startArg: string, endArg: string): { start: StreamID; end: StreamID } | null {
  const s = intervalIdArg(reply, startArg, 0n);
  if (s === null) return null;
  let start = s.id;
  if (s.exclusive) {
    const next = incrId(start);
    if (next === null) { reply.error(ERR_START_ID); return null; }
    start = next;
  }
  const e = intervalIdArg(reply, endArg, U64_MAX);
  if (e === null) return null;
  let end = e.id;
  if (e.exclusive) {
    const prev = decrId(end);
    if (prev === null) { reply.error(ERR_END_ID); return null; }
    end = prev;
  }
  return { start, end };
}

function replyId(reply: Reply, id: StreamID): void { reply.bulk(idToString(id)); }

function replyEntry(reply: Reply, e: StreamEntry): void {
  reply.arrayLen(2);
  reply.bulk(idToString(e));
  const f = e.fields;
  reply.arrayLen(f.length);
  for (let i = 0; i < f.length; i++) reply.bulk(f[i]);
}

function replyEntries(reply: Reply, list: readonly StreamEntry[]): void {
  reply.arrayLen(list.length);
  for (const e of list) replyEntry(reply, e);
}

function lookupRead(ctx: CommandContext, key: string) { return readTyped<StreamObject>(ctx, key, 'stream'); }
function lookupWrite(ctx: CommandContext, key: string) { return writeTyped<StreamObject>(ctx, key, 'stream'); }

function nodeLimits(ctx: CommandContext): NodeLimits {
  const bytes = Number(ctx.engine.config.get('stream-node-max-bytes') ?? '4096');
  const entries = Number(ctx.engine.config.get('stream-node-max-entries') ?? '100');
  if (bytes === DEFAULT_NODE_LIMITS.maxBytes && entries === DEFAULT_NODE_LIMITS.maxEntries) return DEFAULT_NODE_LIMITS;
  return {
    maxBytes: Number.isFinite(bytes) ? bytes : DEFAULT_NODE_LIMITS.maxBytes,
    maxEntries: Number.isFinite(entries) ? entries : DEFAULT_NODE_LIMITS.maxEntries,
  };
}

function modified(ctx: CommandContext, key: string, dirty: number): void {
  ctx.db.modified(key);
  ctx.keyspace.dirty += dirty;
}

// ---- XADD / XTRIM --------------------------------------------------------------------------

interface AddTrimArgs extends TrimArgs {
  id: StreamID | null;
  seqGiven: boolean;
  noMkstream: boolean;
  /** Position of the id argument (XADD). */
  idPos: number;
}

/** streamParseAddOrTrimArgsOrReply; null after an error reply. */
function parseAddOrTrimArgs(ctx: CommandContext, xadd: boolean): AddTrimArgs | null {
  const argv = ctx.argv;
  const reply = ctx.reply;
  const args: AddTrimArgs = {
    strategy: TRIM_NONE, approx: false, limit: 0, maxlen: 0, minid: MIN_ID,
    id: null, seqGiven: true, noMkstream: false, idPos: 0,
  };
  let limitGiven = false;
  let i = 2;
  for (; i < argv.length; i++) {
    const moreargs = argv.length - 1 - i;
    const opt = argv[i];
    const lower = opt.length <= 10 ? opt.toLowerCase() : '';
    if (xadd && opt === '*') {
      break;
    } else if ((lower === 'maxlen' || lower === 'minid') && moreargs) {
      if (args.strategy !== TRIM_NONE) {
        reply.error('ERR syntax error, MAXLEN and MINID options at the same time are not compatible');
        return null;
      }
      args.approx = false;
      const next = argv[i + 1];
      if (moreargs >= 2 && next === '~') { args.approx = true; i++; }
      else if (moreargs >= 2 && next === '=') i++;
      if (lower === 'maxlen') {
        const v = parseInt64(argv[i + 1]);
        if (v === null) { reply.error(ERR_NOT_INTEGER); return null; }
        if (v < 0) { reply.error('ERR The MAXLEN argument must be >= 0.'); return null; }
        args.maxlen = v;
        args.strategy = TRIM_MAXLEN;
      } else {
        const id = idArg(reply, argv[i + 1], 0n, true);
        if (id === null) return null;
        args.minid = id;
        args.strategy = TRIM_MINID;
      }
      i++;
    } else if (lower === 'limit' && moreargs) {
      const v = parseInt64(argv[i + 1]);
      if (v === null) { reply.error(ERR_NOT_INTEGER); return null; }
      if (v < 0) { reply.error('ERR The LIMIT argument must be >= 0.'); return null; }
      args.limit = v;
      limitGiven = true;
      i++;
    } else if (xadd && lower === 'nomkstream') {
      args.noMkstream = true;
    } else if (xadd) {
      const p = parseId(opt, 0n, true, true);
      if (p === null) { reply.error(ERR_INVALID_ID); return null; }
      args.id = p.id;
      args.seqGiven = p.seqGiven;
      break;
    } else {
      reply.error(ERR_SYNTAX);
      return null;
    }
  }
  if (args.limit !== 0 && args.strategy === TRIM_NONE) {
    reply.error('ERR syntax error, LIMIT cannot be used without specifying a trimming strategy');
    return null;
  }
  if (!xadd && args.strategy === TRIM_NONE) {
    reply.error('ERR syntax error, XTRIM must be called with a trimming strategy');
    return null;
  }
  if (limitGiven) {
    if (!args.approx) {
      reply.error('ERR syntax error, LIMIT cannot be used without the special ~ option');
      return null;
    }
  } else if (args.approx) {
    const maxEntries = nodeLimits(ctx).maxEntries;
    args.limit = 100 * maxEntries;
    if (args.limit <= 0) args.limit = 10000;
    if (args.limit > 1000000) args.limit = 1000000;
  } else {
    args.limit = 0;
  }
  args.idPos = i;
  return args;
}

function xaddCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const reply = ctx.reply;
  const args = parseAddOrTrimArgs(ctx, true);
  if (args === null) return;
  const fieldPos = args.idPos + 1;
  const nfields = argv.length - fieldPos;
  if (nfields < 2 || nfields % 2 === 1) { reply.error(errWrongArgs('xadd')); return; }
  if (args.id !== null && args.seqGiven && isZeroId(args.id)) {
    reply.error('ERR The ID specified in XADD must be greater than 0-0');
    return;
  }
  const key = argv[1];
  let s = lookupWrite(ctx, key);
  if (s === null) return;
  let created = false;
  if (s === undefined) {
    if (args.noMkstream) { reply.bulk(null); return; }
    s = new StreamObject();
    created = true;
  }
  if (s.lastId.ms === U64_MAX && s.lastId.seq === U64_MAX) {
    reply.error('ERR The stream has exhausted the last possible ID, unable to add more items');
    if (created) ctx.db.add(key, s); // Redis created the (empty) key before this check
    return;
  }
  const id = s.nextId(args.id, args.seqGiven, ctx.engine.now());
  if (id === 'edom') {
    reply.error('ERR The ID specified in XADD is equal or smaller than the target stream top item');
    if (created) ctx.db.add(key, s);
    return;
  }
  if (s.append(id, argv.slice(fieldPos), nodeLimits(ctx)) !== null) {
    reply.error('ERR Elements are too large to be stored');
    if (created) ctx.db.add(key, s);
    return;
  }
  replyId(reply, id);
  if (args.strategy !== TRIM_NONE) s.trim(args);
  if (created) ctx.db.add(key, s);
  modified(ctx, key, 1);
  notify(ctx, NOTIFY_STREAM, 'xadd', key);
}

function xtrimCommand(ctx: CommandContext): void {
  const args = parseAddOrTrimArgs(ctx, false);
  if (args === null) return;
  const key = ctx.argv[1];
  const s = lookupWrite(ctx, key);
  if (s === null) return;
  if (s === undefined) { ctx.reply.integer(0); return; }
  const deleted = s.trim(args);
  if (deleted !== 0) {
    modified(ctx, key, deleted);
    notify(ctx, NOTIFY_STREAM, 'xtrim', key);
  }
  ctx.reply.integer(deleted);
}

// ---- XLEN / XRANGE / XDEL ------------------------------------------------------------------

function xlenCommand(ctx: CommandContext): void {
  const s = lookupRead(ctx, ctx.argv[1]);
  if (s === null) return;
  ctx.reply.integer(s === undefined ? 0 : s.length);
}

function xrangeGeneric(ctx: CommandContext, rev: boolean): void {
  const argv = ctx.argv;
  const reply = ctx.reply;
  const r = rev ? rangeArgs(reply, argv[3], argv[2]) : rangeArgs(reply, argv[2], argv[3]);
  if (r === null) return;
  let count = -1;
  for (let j = 4; j < argv.length; j++) {
    if (argv[j].toLowerCase() === 'count' && j + 1 < argv.length) {
      const v = parseInt64(argv[j + 1]);
      if (v === null) { reply.error(ERR_NOT_INTEGER); return; }
      count = v < 0 ? 0 : v;
      j++;
    } else {
      reply.error(ERR_SYNTAX);
      return;
    }
  }
  const s = lookupRead(ctx, argv[1]);
  if (s === null) return;
  if (s === undefined) { reply.arrayLen(0); return; }
  if (count === 0) { reply.nullArray(); return; }
  replyEntries(reply, s.range(r.start, r.end, count === -1 ? 0 : count, rev));
}

function xrangeCommand(ctx: CommandContext): void { xrangeGeneric(ctx, false); }
function xrevrangeCommand(ctx: CommandContext): void { xrangeGeneric(ctx, true); }

function xdelCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const key = argv[1];
  const s = lookupWrite(ctx, key);
  if (s === null) return;
  if (s === undefined) { ctx.reply.integer(0); return; }
  const ids = idListArg(ctx.reply, argv, 2);
  if (ids === null) return;
  let deleted = 0;
  for (const id of ids) if (s.deleteId(id)) deleted++;
  if (deleted !== 0) {
    modified(ctx, key, deleted);
    notify(ctx, NOTIFY_STREAM, 'xdel', key);
  }
  ctx.reply.integer(deleted);
}

// ---- reading with groups (streamReplyWithRange) --------------------------------------------

const RWR_NOACK = 1;
const RWR_HISTORY = 4;

/**
 * Entries after `start` (inclusive) for XREAD/XREADGROUP: plain reads, new entries for a group
 * (moving its last id and filling the PELs), or a consumer's own history.
 */
function replyRange(
  ctx: CommandContext, s: StreamObject, start: StreamID, count: number,
  group: ConsumerGroup | null, consumer: StreamConsumer | null, flags: number,
): void {
  const reply = ctx.reply;
  const now = ctx.engine.now();
  if (group !== null && consumer !== null && (flags & RWR_HISTORY) !== 0) {
    // streamReplyWithRangeFromConsumerPEL
    const list: StreamNACK[] = [];
    for (const nack of consumer.pel.from(start)) {
      if (count !== 0 && list.length >= count) break;
      list.push(nack);
    }
    reply.arrayLen(list.length);
    for (const nack of list) {
      const e = s.get(nack);
      if (e === undefined) {
        reply.arrayLen(2);
        replyId(reply, nack);
        reply.nullArray();
      } else {
        replyEntry(reply, e);
        nack.deliveryTime = now;
        nack.deliveryCount++;
      }
    }
    return;
  }
  const list = s.range(start, MAX_ID, count, false);
  reply.arrayLen(list.length);
  for (const e of list) {
    if (group !== null) s.advanceGroup(group, e);
    replyEntry(reply, e);
    if (group !== null && consumer !== null && (flags & RWR_NOACK) === 0) {
      let nack = group.pel.find(e);
      if (nack === undefined) {
        nack = new StreamNACK(e.ms, e.seq, now, 1, consumer);
        group.pel.insert(nack);
        consumer.pel.insert(nack);
      } else {
        if (nack.consumer !== null) nack.consumer.pel.remove(nack);
        nack.consumer = consumer;
        nack.deliveryTime = now;
        nack.deliveryCount = 1;
        consumer.pel.insert(nack);
      }
      consumer.activeTime = now;
    }
  }
}

/** Redis's getTimeoutFromObjectOrReply for milliseconds; null after an error. */
function timeoutArg(reply: Reply, s: string): number | null {
  const v = parseInt64(s);
  if (v === null) { reply.error('ERR timeout is not an integer or out of range'); return null; }
  if (v < 0) { reply.error('ERR timeout is negative'); return null; }
  return v;
}

function xreadCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const reply = ctx.reply;
  const xreadgroup = argv[0].length === 10;
  let count = 0;
  let streamsArg = 0;
  let streamsCount = 0;
  let noack = false;
  let groupName: string | null = null;
  let consumerName = '';
  for (let i = 1; i < argv.length; i++) {
    const moreargs = argv.length - i - 1;
    const o = argv[i].toLowerCase();
    if (o === 'block' && moreargs) {
      i++;
      if (timeoutArg(reply, argv[i]) === null) return;
    } else if (o === 'count' && moreargs) {
      i++;
      const v = parseInt64(argv[i]);
      if (v === null) { reply.error(ERR_NOT_INTEGER); return; }
      count = v < 0 ? 0 : v;
    } else if (o === 'streams' && moreargs) {
      streamsArg = i + 1;
      streamsCount = argv.length - streamsArg;
      if (streamsCount % 2 !== 0) {
        const symbol = xreadgroup ? '>' : '$';
        reply.error(`ERR Unbalanced '${xreadgroup ? 'xreadgroup' : 'xread'}' list of streams: for each stream key an ID or '${symbol}' must be specified.`);
        return;
      }
      streamsCount /= 2;
      break;
    } else if (o === 'group' && moreargs >= 2) {
      if (!xreadgroup) { reply.error('ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.'); return; }
      groupName = argv[i + 1];
      consumerName = argv[i + 2];
      i += 2;
    } else if (o === 'noack') {
      if (!xreadgroup) { reply.error('ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.'); return; }
      noack = true;
    } else {
      reply.error(ERR_SYNTAX);
      return;
    }
  }
  if (streamsArg === 0) { reply.error(ERR_SYNTAX); return; }
  if (xreadgroup && groupName === null) { reply.error('ERR Missing GROUP option for XREADGROUP'); return; }

  const ids: StreamID[] = new Array(streamsCount);
  const groups: (ConsumerGroup | null)[] = new Array(streamsCount).fill(null);
  for (let i = streamsArg + streamsCount; i < argv.length; i++) {
    const idx = i - streamsArg - streamsCount;
    const key = argv[i - streamsCount];
    const s = lookupRead(ctx, key);
    if (s === null) return;
    if (groupName !== null) {
      const g = s === undefined ? undefined : s.getGroup(groupName);
      if (g === undefined) {
        reply.error(`NOGROUP No such key '${key}' or consumer group '${groupName}' in XREADGROUP with GROUP option`);
        return;
      }
      groups[idx] = g;
    }
    const arg = argv[i];
    if (arg === '$') {
      if (xreadgroup) {
        reply.error('ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.');
        return;
      }
      ids[idx] = s !== undefined ? s.lastId : MIN_ID;
      continue;
    } else if (arg === '+') {
      if (xreadgroup) {
        reply.error('ERR The + ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The + ID would just return an empty result set.');
        return;
      }
      if (s !== undefined && s.length !== 0) {
        ids[idx] = decrId(s.lastEntry()!) ?? MAX_ID;
      } else {
        ids[idx] = MIN_ID;
      }
      continue;
    } else if (arg === '>') {
      if (!xreadgroup) {
        reply.error('ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.');
        return;
      }
      ids[idx] = MAX_ID;
      continue;
    }
    const id = idArg(reply, arg, 0n, true);
    if (id === null) return;
    ids[idx] = id;
  }

  // Serve synchronously. The reply header needs the number of served streams, so the
  // decisions are made first (they have side effects only on the groups being served).
  const now = ctx.engine.now();
  let served = 0;
  const plan: { s: StreamObject; key: string; gt: StreamID; history: boolean; consumer: StreamConsumer | null; group: ConsumerGroup | null }[] = [];
  let dirty = 0;
  for (let i = 0; i < streamsCount; i++) {
    const key = argv[streamsArg + i];
    const s = lookupRead(ctx, key);
    if (s === null || s === undefined) continue;
    let gt = ids[i];
    let serve = false;
    let history = false;
    let consumer: StreamConsumer | null = null;
    const group = groups[i];
    if (group !== null) {
      if (gt.ms !== U64_MAX || gt.seq !== U64_MAX) {
        serve = true;
        history = true;
      } else if (s.length !== 0) {
        const last = s.lastEntry()!;
        if (compareId(last, group.lastId) > 0) {
          serve = true;
          gt = group.lastId;
        }
      }
      consumer = group.consumers.get(consumerName) ?? null;
      if (consumer === null) {
        consumer = new StreamConsumer(consumerName, now);
        group.consumers.set(consumerName, consumer);
        dirty++;
        notify(ctx, NOTIFY_STREAM, 'xgroup-createconsumer', key);
      }
      consumer.seenTime = now;
    } else if (s.length !== 0) {
      if (compareId(s.lastEntry()!, gt) > 0) serve = true;
    }
    if (serve) {
      served++;
      plan.push({ s, key, gt, history, consumer, group });
    }
  }
  if (served === 0) {
    reply.nullArray();
    if (dirty !== 0) ctx.keyspace.dirty += dirty;
    return;
  }
  if (reply.resp === 2) reply.arrayLen(served); else reply.mapLen(served);
  for (const p of plan) {
    if (reply.resp === 2) reply.arrayLen(2);
    reply.bulk(p.key);
    const start = incrId(p.gt) ?? MIN_ID;
    const flags = (noack ? RWR_NOACK : 0) | (p.history ? RWR_HISTORY : 0);
    replyRange(ctx, p.s, start, count, p.group, p.consumer, flags);
    if (p.group !== null) {
      ctx.db.modified(p.key);
      dirty++;
    }
  }
  if (dirty !== 0) ctx.keyspace.dirty += dirty;
}

/** xreadGetKeys: the keys after STREAMS (first half of the remaining arguments). */
function xreadGetKeys(argv: string[]): number[] {
  let streamsPos = -1;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i].toLowerCase();
    if (a === 'block' || a === 'count') i++;
    else if (a === 'group') i += 2;
    else if (a === 'noack') continue;
    else if (a === 'streams') { streamsPos = i; break; }
    else break;
  }
  const num = argv.length - streamsPos - 1;
  if (streamsPos === -1 || num === 0 || num % 2 !== 0) return [];
  const out: number[] = [];
  for (let i = 0; i < num / 2; i++) out.push(streamsPos + 1 + i);
  return out;
}

// ---- XGROUP --------------------------------------------------------------------------------

const XGROUP_HELP = [
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  '      Set the group\'s entries_read counter (internal use).',
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
];

function subcommandSyntaxError(ctx: CommandContext, container: string): void {
  ctx.reply.error(`ERR unknown subcommand or wrong number of arguments for '${ctx.argv[1]}'. Try ${container} HELP.`);
}

function xgroupCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const reply = ctx.reply;
  const opt = argv[1].toLowerCase();
  let mkstream = false;
  let entriesRead = INVALID_ENTRIES_READ;
  let s: StreamObject | undefined;
  let group: ConsumerGroup | undefined;
  if (argv.length >= 4) {
    const create = opt === 'create';
    const setid = opt === 'setid';
    let i = 5;
    while (i < argv.length) {
      const a = argv[i].toLowerCase();
      if (create && a === 'mkstream') {
        mkstream = true;
        i++;
      } else if ((create || setid) && a === 'entriesread' && i + 1 < argv.length) {
        const v = parseInt64(argv[i + 1]);
        if (v === null) { reply.error(ERR_NOT_INTEGER); return; }
        if (v < 0 && v !== INVALID_ENTRIES_READ) { reply.error('ERR value for ENTRIESREAD must be positive or -1'); return; }
        entriesRead = v;
        i += 2;
      } else {
        subcommandSyntaxError(ctx, 'XGROUP');
        return;
      }
    }
    const o = lookupWrite(ctx, argv[2]);
    if (o === null) return;
    s = o;
  }
  if (argv.length >= 4 && !mkstream) {
    if (s === undefined) {
      reply.error('ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.');
      return;
    }
    group = s.getGroup(argv[3]);
    if (group === undefined && (opt === 'setid' || opt === 'createconsumer' || opt === 'delconsumer')) {
      reply.error(`NOGROUP No such consumer group '${argv[3]}' for key name '${argv[2]}'`);
      return;
    }
  }
  const key = argv[2];
  if (argv.length === 2 && opt === 'help') {
    replyHelp(reply, 'XGROUP', XGROUP_HELP);
  } else if (opt === 'create' && argv.length >= 5 && argv.length <= 8) {
    let id: StreamID;
    if (argv[4] === '$') {
      id = s !== undefined ? s.lastId : MIN_ID;
    } else {
      const p = idArg(reply, argv[4], 0n, true);
      if (p === null) return;
      id = p;
    }
    if (s === undefined) {
      s = new StreamObject();
      ctx.db.add(key, s);
    }
    if (s.createGroup(argv[3], id, entriesRead) !== undefined) {
      reply.status('OK');
      modified(ctx, key, 1);
      notify(ctx, NOTIFY_STREAM, 'xgroup-create', key);
    } else {
      reply.error('BUSYGROUP Consumer Group name already exists');
    }
  } else if (opt === 'setid' && (argv.length === 5 || argv.length === 7)) {
    let id: StreamID;
    if (argv[4] === '$') id = s!.lastId;
    else {
      const p = idArg(reply, argv[4], 0n, false);
      if (p === null) return;
      id = p;
    }
    group!.lastId = id;
    group!.entriesRead = entriesRead;
    reply.status('OK');
    modified(ctx, key, 1);
    notify(ctx, NOTIFY_STREAM, 'xgroup-setid', key);
  } else if (opt === 'destroy' && argv.length === 4) {
    if (group !== undefined) {
      s!.groups!.delete(argv[3]);
      reply.integer(1);
      modified(ctx, key, 1);
      notify(ctx, NOTIFY_STREAM, 'xgroup-destroy', key);
    } else {
      reply.integer(0);
    }
  } else if (opt === 'createconsumer' && argv.length === 5) {
    if (group!.consumers.has(argv[4])) {
      reply.integer(0);
    } else {
      group!.consumers.set(argv[4], new StreamConsumer(argv[4], ctx.engine.now()));
      reply.integer(1);
      modified(ctx, key, 1);
      notify(ctx, NOTIFY_STREAM, 'xgroup-createconsumer', key);
    }
  } else if (opt === 'delconsumer' && argv.length === 5) {
    const consumer = group!.consumers.get(argv[4]);
    let pending = 0;
    if (consumer !== undefined) {
      pending = consumer.pel.size;
      for (const nack of consumer.pel) group!.pel.remove(nack);
      group!.consumers.delete(argv[4]);
      modified(ctx, key, 1);
      notify(ctx, NOTIFY_STREAM, 'xgroup-delconsumer', key);
    }
    reply.integer(pending);
  } else {
    subcommandSyntaxError(ctx, 'XGROUP');
  }
}

// ---- XSETID / XACK / XPENDING --------------------------------------------------------------

function xsetidCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const reply = ctx.reply;
  const id = idArg(reply, argv[2], 0n, true);
  if (id === null) return;
  let maxXdel: StreamID = MIN_ID;
  let entriesAdded = -1;
  for (let i = 3; i < argv.length;) {
    const moreargs = argv.length - 1 - i;
    const opt = argv[i].toLowerCase();
    if (opt === 'entriesadded' && moreargs) {
      const v = parseInt64(argv[i + 1]);
      if (v === null) { reply.error(ERR_NOT_INTEGER); return; }
      if (v < 0) { reply.error('ERR entries_added must be positive'); return; }
      entriesAdded = v;
      i += 2;
    } else if (opt === 'maxdeletedid' && moreargs) {
      const m = idArg(reply, argv[i + 1], 0n, true);
      if (m === null) return;
      if (compareId(id, m) < 0) { reply.error('ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id'); return; }
      maxXdel = m;
      i += 2;
    } else {
      reply.error(ERR_SYNTAX);
      return;
    }
  }
  const s = lookupWrite(ctx, argv[1]);
  if (s === null) return;
  if (s === undefined) { reply.error(ERR_NO_SUCH_KEY); return; }
  if (compareId(id, s.maxDeletedId) < 0) {
    reply.error('ERR The ID specified in XSETID is smaller than current max_deleted_entry_id');
    return;
  }
  if (s.length > 0) {
    if (compareId(id, s.lastEntry()!) < 0) {
      reply.error('ERR The ID specified in XSETID is smaller than the target stream top item');
      return;
    }
    if (entriesAdded !== -1 && s.length > entriesAdded) {
      reply.error('ERR The entries_added specified in XSETID is smaller than the target stream length');
      return;
    }
  }
  s.lastId = id;
  if (entriesAdded !== -1) s.entriesAdded = entriesAdded;
  if (!isZeroId(maxXdel)) s.maxDeletedId = maxXdel;
  reply.status('OK');
  modified(ctx, argv[1], 1);
  notify(ctx, NOTIFY_STREAM, 'xsetid', argv[1]);
}

function xackCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const s = lookupRead(ctx, argv[1]);
  if (s === null) return;
  const group = s === undefined ? undefined : s.getGroup(argv[2]);
  if (group === undefined) { ctx.reply.integer(0); return; }
  const ids = idListArg(ctx.reply, argv, 3);
  if (ids === null) return;
  let acked = 0;
  for (const id of ids) {
    const nack = group.pel.remove(id);
    if (nack !== undefined) {
      if (nack.consumer !== null) nack.consumer.pel.remove(id);
      acked++;
    }
  }
  if (acked !== 0) modified(ctx, argv[1], acked);
  ctx.reply.integer(acked);
}

function xpendingCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const reply = ctx.reply;
  const justinfo = argv.length === 3;
  if (argv.length !== 3 && (argv.length < 6 || argv.length > 9)) { reply.error(ERR_SYNTAX); return; }
  let count = 0;
  let minidle = 0;
  let start = MIN_ID, end = MAX_ID;
  let consumerName: string | null = null;
  if (argv.length >= 6) {
    let startidx = 3;
    if (argv[3].toLowerCase() === 'idle') {
      const v = parseInt64(argv[4]);
      if (v === null) { reply.error(ERR_NOT_INTEGER); return; }
      minidle = v;
      if (argv.length < 8) { reply.error(ERR_SYNTAX); return; }
      startidx += 2;
    }
    const c = parseInt64(argv[startidx + 2]);
    if (c === null) { reply.error(ERR_NOT_INTEGER); return; }
    count = c < 0 ? 0 : c;
    const r = rangeArgs(reply, argv[startidx], argv[startidx + 1]);
    if (r === null) return;
    start = r.start;
    end = r.end;
    if (startidx + 3 < argv.length) consumerName = argv[startidx + 3];
  }
  const s = lookupRead(ctx, argv[1]);
  if (s === null) return;
  const group = s === undefined ? undefined : s.getGroup(argv[2]);
  if (group === undefined) {
    reply.error(`NOGROUP No such key '${argv[1]}' or consumer group '${argv[2]}'`);
    return;
  }
  if (justinfo) {
    reply.arrayLen(4);
    reply.integer(group.pel.size);
    if (group.pel.size === 0) {
      reply.bulk(null);
      reply.bulk(null);
      reply.nullArray();
      return;
    }
    replyId(reply, group.pel.first()!);
    replyId(reply, group.pel.last()!);
    const withPending = group.sortedConsumers().filter((c) => c.pel.size !== 0);
    reply.arrayLen(withPending.length);
    for (const c of withPending) {
      reply.arrayLen(2);
      reply.bulk(c.name);
      reply.bulk(String(c.pel.size));
    }
    return;
  }
  let pel = group.pel;
  if (consumerName !== null) {
    const consumer = group.consumers.get(consumerName);
    if (consumer === undefined) { reply.arrayLen(0); return; }
    pel = consumer.pel;
  }
  const now = ctx.engine.now();
  const out: StreamNACK[] = [];
  for (const nack of pel.from(start)) {
    if (count <= 0 || compareId(nack, end) > 0) break;
    if (minidle !== 0 && now - nack.deliveryTime < minidle) continue;
    out.push(nack);
    count--;
  }
  reply.arrayLen(out.length);
  for (const nack of out) {
    reply.arrayLen(4);
    replyId(reply, nack);
    reply.bulk(nack.consumer!.name);
    const elapsed = now - nack.deliveryTime;
    reply.integer(elapsed < 0 ? 0 : elapsed);
    reply.integer(nack.deliveryCount);
  }
}

// ---- XCLAIM / XAUTOCLAIM -------------------------------------------------------------------

function lookupConsumerOrCreate(ctx: CommandContext, key: string, group: ConsumerGroup, name: string): StreamConsumer {
  let consumer = group.consumers.get(name);
  if (consumer === undefined) {
    consumer = new StreamConsumer(name, ctx.engine.now());
    group.consumers.set(name, consumer);
    ctx.keyspace.dirty++;
    notify(ctx, NOTIFY_STREAM, 'xgroup-createconsumer', key);
  }
  consumer.seenTime = ctx.engine.now();
  return consumer;
}

function xclaimCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const reply = ctx.reply;
  const s = lookupRead(ctx, argv[1]);
  if (s === null) return;
  const group = s === undefined ? undefined : s.getGroup(argv[2]);
  if (s === undefined || group === undefined) {
    reply.error(`NOGROUP No such key '${argv[1]}' or consumer group '${argv[2]}'`);
    return;
  }
  const mi = parseInt64(argv[4]);
  if (mi === null) { reply.error('ERR Invalid min-idle-time argument for XCLAIM'); return; }
  const minidle = mi < 0 ? 0 : mi;
  const ids: StreamID[] = [];
  let j = 5;
  for (; j < argv.length; j++) {
    const p = parseId(argv[j], 0n, true);
    if (p === null) break;
    ids.push(p.id);
  }
  const now = ctx.engine.now();
  let retrycount = -1;
  let deliverytime = -1;
  let force = false;
  let justid = false;
  let lastId: StreamID = MIN_ID;
  for (; j < argv.length; j++) {
    const moreargs = argv.length - 1 - j;
    const opt = argv[j].toLowerCase();
    if (opt === 'force') force = true;
    else if (opt === 'justid') justid = true;
    else if (opt === 'idle' && moreargs) {
      j++;
      const v = parseInt64(argv[j]);
      if (v === null) { reply.error('ERR Invalid IDLE option argument for XCLAIM'); return; }
      deliverytime = now - v;
    } else if (opt === 'time' && moreargs) {
      j++;
      const v = parseInt64(argv[j]);
      if (v === null) { reply.error('ERR Invalid TIME option argument for XCLAIM'); return; }
      deliverytime = v;
    } else if (opt === 'retrycount' && moreargs) {
      j++;
      const v = parseInt64(argv[j]);
      if (v === null) { reply.error('ERR Invalid RETRYCOUNT option argument for XCLAIM'); return; }
      retrycount = v;
    } else if (opt === 'lastid' && moreargs) {
      j++;
      const id = idArg(reply, argv[j], 0n, true);
      if (id === null) return;
      lastId = id;
    } else {
      reply.error(`ERR Unrecognized XCLAIM option '${argv[j]}'`);
      return;
    }
  }
  let dirty = 0;
  if (compareId(lastId, group.lastId) > 0) { group.lastId = lastId; dirty++; }
  if (deliverytime !== -1) {
    if (deliverytime < 0 || deliverytime > now) deliverytime = now;
  } else {
    deliverytime = now;
  }
  const consumer = lookupConsumerOrCreate(ctx, argv[1], group, argv[3]);
  const claimed: (StreamEntry | StreamID)[] = [];
  for (const id of ids) {
    let nack = group.pel.find(id);
    const entry = s.get(id);
    if (entry === undefined) {
      if (nack !== undefined) {
        group.pel.remove(nack);
        if (nack.consumer !== null) nack.consumer.pel.remove(nack);
        dirty++;
      }
      continue;
    }
    if (force && nack === undefined) {
      nack = new StreamNACK(id.ms, id.seq, now, 1, null);
      group.pel.insert(nack);
    }
    if (nack === undefined) continue;
    if (nack.consumer !== null && minidle !== 0 && now - nack.deliveryTime < minidle) continue;
    if (nack.consumer !== consumer && nack.consumer !== null) nack.consumer.pel.remove(nack);
    nack.deliveryTime = deliverytime;
    if (retrycount >= 0) nack.deliveryCount = retrycount;
    else if (!justid) nack.deliveryCount++;
    if (nack.consumer !== consumer) {
      consumer.pel.insert(nack);
      nack.consumer = consumer;
    }
    claimed.push(justid ? id : entry);
    consumer.activeTime = now;
    dirty++;
  }
  reply.arrayLen(claimed.length);
  for (const c of claimed) {
    if (justid) replyId(reply, c);
    else replyEntry(reply, c as StreamEntry);
  }
  if (dirty !== 0) modified(ctx, argv[1], dirty);
}

function xautoclaimCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const reply = ctx.reply;
  const mi = parseInt64(argv[4]);
  if (mi === null) { reply.error('ERR Invalid min-idle-time argument for XAUTOCLAIM'); return; }
  const minidle = mi < 0 ? 0 : mi;
  const sr = intervalIdArg(reply, argv[5], 0n);
  if (sr === null) return;
  let start = sr.id;
  if (sr.exclusive) {
    const next = incrId(start);
    if (next === null) { reply.error(ERR_START_ID); return; }
    start = next;
  }
  let count = 100;
  let justid = false;
  const ATTEMPTS_FACTOR = 10;
  const maxCount = Math.floor(Number(INT64_MAX_N) / 16);
  for (let j = 6; j < argv.length; j++) {
    const moreargs = argv.length - 1 - j;
    const opt = argv[j].toLowerCase();
    if (opt === 'count' && moreargs) {
      // getRangeLongFromObjectOrReply with a message: both failures reply it.
      const v = parseInt64(argv[j + 1]);
      if (v === null || v < 1 || v > maxCount) { reply.error('ERR COUNT must be > 0'); return; }
      count = v;
      j++;
    } else if (opt === 'justid') {
      justid = true;
    } else {
      reply.error(ERR_SYNTAX);
      return;
    }
  }
  const s = lookupRead(ctx, argv[1]);
  if (s === null) return;
  const group = s === undefined ? undefined : s.getGroup(argv[2]);
  if (s === undefined || group === undefined) {
    reply.error(`NOGROUP No such key '${argv[1]}' or consumer group '${argv[2]}'`);
    return;
  }
  const consumer = lookupConsumerOrCreate(ctx, argv[1], group, argv[3]);
  const now = ctx.engine.now();
  let attempts = count * ATTEMPTS_FACTOR;
  const pel = group.pel;
  let cur = pel.ceiling(start);
  const claimed: (StreamEntry | StreamID)[] = [];
  const deletedIds: StreamID[] = [];
  let dirty = 0;
  while (attempts-- > 0 && count > 0 && cur !== undefined) {
    const nack = cur;
    const entry = s.get(nack);
    if (entry === undefined) {
      pel.remove(nack);
      if (nack.consumer !== null) nack.consumer.pel.remove(nack);
      cur = pel.ceiling(nack);
      deletedIds.push(nack);
      count--;
      dirty++;
      continue;
    }
    cur = pel.higher(nack);
    if (minidle !== 0 && now - nack.deliveryTime < minidle) continue;
    if (nack.consumer !== consumer && nack.consumer !== null) nack.consumer.pel.remove(nack);
    nack.deliveryTime = now;
    if (!justid) nack.deliveryCount++;
    if (nack.consumer !== consumer) {
      consumer.pel.insert(nack);
      nack.consumer = consumer;
    }
    claimed.push(justid ? nack : entry);
    count--;
    consumer.activeTime = now;
    dirty++;
  }
  reply.arrayLen(3);
  replyId(reply, cur ?? MIN_ID);
  reply.arrayLen(claimed.length);
  for (const c of claimed) {
    if (justid) replyId(reply, c);
    else replyEntry(reply, c as StreamEntry);
  }
  reply.arrayLen(deletedIds.length);
  for (const id of deletedIds) replyId(reply, id);
  if (dirty !== 0) modified(ctx, argv[1], dirty);
}

const INT64_MAX_N = 9223372036854775807n;

// ---- XINFO ---------------------------------------------------------------------------------

const XINFO_HELP = [
  'CONSUMERS <key> <groupname>',
  '    Show consumers of <groupname>.',
  'GROUPS <key>',
  '    Show the stream consumer groups.',
  'STREAM <key> [FULL [COUNT <count>]',
  '    Show information about the stream.',
];

function replyLag(reply: Reply, s: StreamObject, g: ConsumerGroup): void {
  const lag = s.groupLag(g);
  if (lag === null) reply.bulk(null); else reply.integer(lag);
}

function replyEntriesRead(reply: Reply, g: ConsumerGroup): void {
  if (g.entriesRead !== INVALID_ENTRIES_READ) reply.integer(g.entriesRead); else reply.bulk(null);
}

/**
 * The `pending` list of XINFO STREAM FULL for a group (with each entry's consumer) or a
 * consumer: the first `count` entries of the PEL (all of them for COUNT 0), each as
 * id, [consumer,] delivery time, delivery count.
 */
function replyFullPending(reply: Reply, pel: IdList<StreamNACK>, count: number, withConsumer: boolean): void {
  const n = count === 0 ? pel.size : Math.min(count, pel.size);
  reply.arrayLen(n);
  let i = 0;
  for (const nack of pel) {
    if (i++ === n) break;
    reply.arrayLen(withConsumer ? 4 : 3);
    replyId(reply, nack);
    if (withConsumer) reply.bulk(nack.consumer!.name);
    reply.integer(nack.deliveryTime);
    reply.integer(nack.deliveryCount);
  }
}

function xinfoStream(ctx: CommandContext, s: StreamObject): void {
  const argv = ctx.argv;
  const reply = ctx.reply;
  let full = true;
  let count = 10;
  const optc = argv.length - 3;
  if (optc === 0) {
    full = false;
  } else {
    if (optc !== 1 && optc !== 3) { subcommandSyntaxError(ctx, 'XINFO'); return; }
    if (argv[3].toLowerCase() !== 'full') { subcommandSyntaxError(ctx, 'XINFO'); return; }
    if (optc === 3) {
      if (argv[4].toLowerCase() !== 'count') { subcommandSyntaxError(ctx, 'XINFO'); return; }
      const v = parseInt64(argv[5]);
      if (v === null) { reply.error(ERR_NOT_INTEGER); return; }
      count = v < 0 ? 10 : v;
    }
  }
  reply.mapLen(full ? 9 : 10);
  reply.bulk('length'); reply.integer(s.length);
  reply.bulk('radix-tree-keys'); reply.integer(s.nodeCount());
  reply.bulk('radix-tree-nodes'); reply.integer(s.radixTreeNodes());
  reply.bulk('last-generated-id'); replyId(reply, s.lastId);
  reply.bulk('max-deleted-entry-id'); replyId(reply, s.maxDeletedId);
  reply.bulk('entries-added'); reply.integer(s.entriesAdded);
  reply.bulk('recorded-first-entry-id'); replyId(reply, s.firstId);
  if (!full) {
    reply.bulk('groups'); reply.integer(s.groups === null ? 0 : s.groups.size);
    const first = s.firstEntry();
    reply.bulk('first-entry');
    if (first === undefined) reply.bulk(null); else replyEntry(reply, first);
    const last = s.lastEntry();
    reply.bulk('last-entry');
    if (last === undefined) reply.bulk(null); else replyEntry(reply, last);
    return;
  }
  reply.bulk('entries');
  replyEntries(reply, s.range(MIN_ID, MAX_ID, count, false));
  reply.bulk('groups');
  const groups = s.sortedGroups();
  reply.arrayLen(groups.length);
  for (const g of groups) {
    reply.mapLen(7);
    reply.bulk('name'); reply.bulk(g.name);
    reply.bulk('last-delivered-id'); replyId(reply, g.lastId);
    reply.bulk('entries-read'); replyEntriesRead(reply, g);
    reply.bulk('lag'); replyLag(reply, s, g);
    reply.bulk('pel-count'); reply.integer(g.pel.size);
    reply.bulk('pending'); replyFullPending(reply, g.pel, count, true);
    reply.bulk('consumers');
    const consumers = g.sortedConsumers();
    reply.arrayLen(consumers.length);
    for (const c of consumers) {
      reply.mapLen(5);
      reply.bulk('name'); reply.bulk(c.name);
      reply.bulk('seen-time'); reply.integer(c.seenTime);
      reply.bulk('active-time'); reply.integer(c.activeTime);
      reply.bulk('pel-count'); reply.integer(c.pel.size);
      reply.bulk('pending'); replyFullPending(reply, c.pel, count, false);
    }
  }
}

function xinfoSub(ctx: CommandContext, which: 'stream' | 'groups' | 'consumers'): void {
  const argv = ctx.argv;
  const reply = ctx.reply;
  const s = lookupRead(ctx, argv[2]);
  if (s === null) return;
  if (s === undefined) { reply.error(ERR_NO_SUCH_KEY); return; }
  if (which === 'consumers') {
    const g = s.getGroup(argv[3]);
    if (g === undefined) {
      reply.error(`NOGROUP No such consumer group '${argv[3]}' for key name '${argv[2]}'`);
      return;
    }
    const now = ctx.engine.now();
    const consumers = g.sortedConsumers();
    reply.arrayLen(consumers.length);
    for (const c of consumers) {
      const inactive = c.activeTime !== -1 ? now - c.activeTime : -1;
      let idle = now - c.seenTime;
      if (idle < 0) idle = 0;
      reply.mapLen(4);
      reply.bulk('name'); reply.bulk(c.name);
      reply.bulk('pending'); reply.integer(c.pel.size);
      reply.bulk('idle'); reply.integer(idle);
      reply.bulk('inactive'); reply.integer(inactive);
    }
  } else if (which === 'groups') {
    const groups = s.sortedGroups();
    reply.arrayLen(groups.length);
    for (const g of groups) {
      reply.mapLen(6);
      reply.bulk('name'); reply.bulk(g.name);
      reply.bulk('consumers'); reply.integer(g.consumers.size);
      reply.bulk('pending'); reply.integer(g.pel.size);
      reply.bulk('last-delivered-id'); replyId(reply, g.lastId);
      reply.bulk('entries-read'); replyEntriesRead(reply, g);
      reply.bulk('lag'); replyLag(reply, s, g);
    }
  } else {
    xinfoStream(ctx, s);
  }
}

// ---- the table -----------------------------------------------------------------------------

type Flags = CommandSpec['flags'];

function row(name: string, arity: number, flags: Flags, speed: 'fast' | 'slow', handler: CommandSpec['handler'], keyFlags: string[], extra: Partial<CommandSpec> = {}): CommandSpec {
  const write = flags.includes('write');
  return {
    name, arity, flags, categories: [write ? 'write' : 'read', 'stream', speed],
    firstKey: 1, lastKey: 1, keyStep: 1, keySpecs: [keySpec(keyFlags, 1)], handler, ...extra,
  };
}

function sub(container: string, name: string, arity: number, flags: Flags, handler: CommandSpec['handler'], keyFlags: string[] | null): CommandSpec {
  const write = flags.includes('write');
  if (keyFlags === null) {
    return { name: `${container}|${name}`, arity, flags, categories: ['stream', 'slow'], firstKey: 0, lastKey: 0, keyStep: 0, handler };
  }
  return {
    name: `${container}|${name}`, arity, flags, categories: [write ? 'write' : 'read', 'stream', 'slow'],
    firstKey: 2, lastKey: 2, keyStep: 1, keySpecs: [keySpec(keyFlags, 2)], handler,
  };
}

const streamsKeySpec = (startFrom: number) => ({
  flags: ['RO', 'access'], beginSearch: { keyword: 'STREAMS', startFrom }, findKeys: { lastKey: -1, keyStep: 1, limit: 2 },
});

export const commands: CommandSpec[] = [
  row('xadd', -5, ['write', 'denyoom', 'fast'], 'fast', xaddCommand, ['RW', 'update'], {
    tips: ['nondeterministic_output'],
    keySpecs: [{ ...keySpec(['RW', 'update'], 1), notes: 'UPDATE instead of INSERT because of the optional trimming feature' }],
  }),
  row('xlen', 2, ['readonly', 'fast'], 'fast', xlenCommand, ['RO']),
  row('xrange', -4, ['readonly'], 'slow', xrangeCommand, ['RO', 'access']),
  row('xrevrange', -4, ['readonly'], 'slow', xrevrangeCommand, ['RO', 'access']),
  row('xdel', -3, ['write', 'fast'], 'fast', xdelCommand, ['RW', 'delete']),
  row('xtrim', -4, ['write'], 'slow', xtrimCommand, ['RW', 'delete'], { tips: ['nondeterministic_output'] }),
  row('xsetid', -3, ['write', 'denyoom', 'fast'], 'fast', xsetidCommand, ['RW', 'update']),
  row('xack', -4, ['write', 'fast'], 'fast', xackCommand, ['RW', 'update']),
  row('xpending', -3, ['readonly'], 'slow', xpendingCommand, ['RO', 'access'], { tips: ['nondeterministic_output'] }),
  row('xclaim', -6, ['write', 'fast'], 'fast', xclaimCommand, ['RW', 'update'], { tips: ['nondeterministic_output'] }),
  row('xautoclaim', -6, ['write', 'fast'], 'fast', xautoclaimCommand, ['RW', 'delete'], { tips: ['nondeterministic_output'] }),
  {
    name: 'xread', arity: -4, flags: ['readonly', 'blocking', 'movablekeys'], categories: ['read', 'stream', 'slow', 'blocking'],
    firstKey: 0, lastKey: 0, keyStep: 0, keySpecs: [streamsKeySpec(1)], getKeys: xreadGetKeys, handler: xreadCommand,
  },
  {
    name: 'xreadgroup', arity: -7, flags: ['write', 'blocking', 'movablekeys'], categories: ['write', 'stream', 'slow', 'blocking'],
    firstKey: 0, lastKey: 0, keyStep: 0, keySpecs: [streamsKeySpec(4)], getKeys: xreadGetKeys, handler: xreadCommand,
  },
  {
    name: 'xgroup', arity: -2, flags: [], firstKey: 0, lastKey: 0, keyStep: 0, categories: ['slow'],
    // In the order COMMAND INFO lists them (Redis's subcommand dict order).
    subcommands: [
      sub('xgroup', 'delconsumer', 5, ['write'], xgroupCommand, ['RW', 'delete']),
      sub('xgroup', 'create', -5, ['write', 'denyoom'], xgroupCommand, ['RW', 'insert']),
      sub('xgroup', 'destroy', 4, ['write'], xgroupCommand, ['RW', 'delete']),
      sub('xgroup', 'help', 2, ['loading', 'stale'], xgroupCommand, null),
      sub('xgroup', 'createconsumer', 5, ['write', 'denyoom'], xgroupCommand, ['RW', 'insert']),
      sub('xgroup', 'setid', -5, ['write'], xgroupCommand, ['RW', 'update']),
    ],
    handler: (ctx) => { ctx.reply.error(`ERR unknown subcommand '${ctx.argv[1] ?? ''}'. Try XGROUP HELP.`); },
  },
  {
    name: 'xinfo', arity: -2, flags: [], firstKey: 0, lastKey: 0, keyStep: 0, categories: ['slow'],
    subcommands: [
      sub('xinfo', 'help', 2, ['loading', 'stale'], (ctx) => replyHelp(ctx.reply, 'XINFO', XINFO_HELP), null),
      sub('xinfo', 'groups', 3, ['readonly'], (ctx) => xinfoSub(ctx, 'groups'), ['RO', 'access']),
      sub('xinfo', 'stream', -3, ['readonly'], (ctx) => xinfoSub(ctx, 'stream'), ['RO', 'access']),
      { ...sub('xinfo', 'consumers', 4, ['readonly'], (ctx) => xinfoSub(ctx, 'consumers'), ['RO', 'access']), tips: ['nondeterministic_output'] },
    ],
    handler: (ctx) => { ctx.reply.error(`ERR unknown subcommand '${ctx.argv[1] ?? ''}'. Try XINFO HELP.`); },
  },
];

// Sorted set commands (Redis's t_zset.c), non-blocking part: ZADD/ZINCRBY, score and rank
// reads, the ZRANGE family (and ZRANGESTORE), removals by member and by range, pops, the
// algebra commands (ZUNION/ZINTER/ZDIFF, STORE forms, ZINTERCARD), ZRANDMEMBER and ZSCAN.
//
// Argument checks run in Redis's order so the same error wins. Range searches use the
// skiplist's spans: ZRANGEBYSCORE ... LIMIT offset count jumps to the offset by rank in
// O(log n) instead of walking it.

import type { CommandContext, CommandSpec, Reply } from './types';
import {
  ZSetObject, type ZNode, type ScoreRange, type LexRange, scoreGteMin, scoreLteMax, lexGteMin, lexLteMax,
} from '../store/t_zset';
import { SetObject } from '../store/t_set';
import { ERR_SYNTAX, ERR_WRONGTYPE, ERR_NOT_FLOAT, parseDouble, parseInt64 } from './util';
import { formatDouble } from '../store/number-text';
import { parseScanCursor, replyScan } from './keys';
import { parseScanOptions, replyEmptyScan } from './hashes';
import {
  readTyped, writeTyped, afterWrite, positiveArg, longArg, keySpec,
  deleteMembers, randomCountArgs, randomIndex, distinctIndices, mpopArgs, typeRowBuilder,
} from './type-helpers';
import { notify, NOTIFY_ZSET, NOTIFY_GENERIC } from './notify';
// ZSCAN prints scores as Redis's d2string, the same %.17g text the reply writer uses for doubles.

function lookupRead(ctx: CommandContext, key: string) { return readTyped<ZSetObject>(ctx, key, 'zset'); }
function lookupWrite(ctx: CommandContext, key: string) { return writeTyped<ZSetObject>(ctx, key, 'zset'); }

const ERR_MINMAX_FLOAT = 'ERR min or max is not a float';
const ERR_MINMAX_LEX = 'ERR min or max not valid string range item';

// ---- range parsing ------------------------------------------------------------------------

const STRTOD_RE = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?|inf|infinity)$/i;

/**
 * A bare strtod() as zslParseRange uses it: leading whitespace skipped, the rest must be
 * consumed, overflow gives +-inf, "" gives 0, NaN is rejected. null when invalid.
 */
function strtodAll(s: string): number | null {
  const nul = s.indexOf('\0');
  let t = nul < 0 ? s : s.slice(0, nul);
  t = t.replace(/^[ \t\n\v\f\r]+/, '');
  if (t === '') return s.length === 0 || nul >= 0 || /^[ \t\n\v\f\r]*$/.test(s) ? 0 : null;
  if (!STRTOD_RE.test(t)) return null;
  const lower = t.toLowerCase();
  if (lower.endsWith('inf') || lower.endsWith('infinity')) return t[0] === '-' ? -Infinity : Infinity;
  if (/0x/i.test(t)) {
    const v = parseDouble(t);
    if (v !== null) return v;
    return t[0] === '-' ? -Infinity : Infinity;
  }
  return Number(t);
}

/** zslParseRange: "(1" exclusive, "1" inclusive, "-inf"/"+inf". null when invalid. */
function parseScoreRange(minArg: string, maxArg: string): ScoreRange | null {
  const r: ScoreRange = { min: 0, max: 0, minex: false, maxex: false };
  let a = minArg, b = maxArg;
  if (a.startsWith('(')) { r.minex = true; a = a.slice(1); }
  if (b.startsWith('(')) { r.maxex = true; b = b.slice(1); }
  const min = strtodAll(a), max = strtodAll(b);
  if (min === null || max === null) return null;
  r.min = min;
  r.max = max;
  return r;
}

function parseLexItem(s: string): { value: string; ex: boolean; kind: -1 | 0 | 1 } | null {
  switch (s[0]) {
    case '+': return s.length === 1 ? { value: '', ex: true, kind: 1 } : null;
    case '-': return s.length === 1 ? { value: '', ex: true, kind: -1 } : null;
    case '(': return { value: s.slice(1), ex: true, kind: 0 };
    case '[': return { value: s.slice(1), ex: false, kind: 0 };
    default: return null;
  }
}

/** zslParseLexRange. */
function parseLexRange(minArg: string, maxArg: string): LexRange | null {
  const a = parseLexItem(minArg), b = parseLexItem(maxArg);
  if (a === null || b === null) return null;
  return { min: a.value, max: b.value, minex: a.ex, maxex: b.ex, minKind: a.kind, maxKind: b.kind };
}

// ---- range selection (shared by ZRANGE*, ZRANGESTORE, ZREMRANGEBY*) -----------------------

/** Ascending 1-based rank of a node. */
function nodeRank(z: ZSetObject, n: ZNode): number { return z.zsl.getRank(n.score, n.member); }

/** Nodes in ascending or descending rank order between two valid 0-based ranks. */
function nodesByRank(z: ZSetObject, start: number, end: number, reverse: boolean): ZNode[] {
  const out: ZNode[] = [];
  const llen = z.size;
  let n = reverse ? z.at(llen - 1 - start) : z.at(start);
  for (let i = start; i <= end && n !== null; i++) {
    out.push(n);
    n = reverse ? n.backward : n.next;
  }
  return out;
}

/**
 * genericZrangebyscore/bylex selection: from the first node in range (last when reverse),
 * skip `offset` nodes by rank, then take up to `limit` nodes (-1 = all) while in range.
 */
function nodesByRange(
  z: ZSetObject, first: ZNode | null, offset: number, limit: number, reverse: boolean,
  inRange: (n: ZNode) => boolean,
): ZNode[] {
  const out: ZNode[] = [];
  if (first === null || offset < 0) return out;
  let n: ZNode | null = first;
  if (offset > 0) {
    const r = nodeRank(z, first) + (reverse ? -offset : offset);
    n = z.zsl.byRank(r);
  }
  while (n !== null && limit !== 0) {
    if (!inRange(n)) break;
    out.push(n);
    if (limit > 0) limit--;
    n = reverse ? n.backward : n.next;
  }
  return out;
}

function selectByScore(z: ZSetObject, r: ScoreRange, offset: number, limit: number, reverse: boolean): ZNode[] {
  if (offset > 0 && offset >= z.size) return [];
  const first = reverse ? z.zsl.lastInRange(r) : z.zsl.firstInRange(r);
  return nodesByRange(z, first, offset, limit, reverse,
    reverse ? (n) => scoreGteMin(n.score, r) : (n) => scoreLteMax(n.score, r));
}

function selectByLex(z: ZSetObject, r: LexRange, offset: number, limit: number, reverse: boolean): ZNode[] {
  if (offset > 0 && offset >= z.size) return [];
  const first = reverse ? z.lastInLexRange(r) : z.firstInLexRange(r);
  return nodesByRange(z, first, offset, limit, reverse,
    reverse ? (n) => lexGteMin(n.member, r) : (n) => lexLteMax(n.member, r));
}

/** Sanitized rank range [start, end] or null when empty (the code every rank command shares). */
function rankRange(start: number, end: number, llen: number): [number, number] | null {
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  if (start > end || start >= llen) return null;
  if (end >= llen) end = llen - 1;
  return [start, end];
}

/** Replies member (and score) pairs: flat in RESP2, [member, score] pairs in RESP3. */
function replyMembers(reply: Reply, items: ArrayLike<{ member: string; score: number }>, withScores: boolean): void {
  const n = items.length;
  const nested = withScores && reply.resp === 3;
  reply.arrayLen(withScores && !nested ? n * 2 : n);
  for (let i = 0; i < n; i++) {
    const it = items[i];
    if (nested) reply.arrayLen(2);
    reply.bulk(it.member);
    if (withScores) reply.double(it.score);
  }
}

// ---- ZRANGE family ------------------------------------------------------------------------

const RANGE_AUTO = 0, RANGE_RANK = 1, RANGE_SCORE = 2, RANGE_LEX = 3;
const DIR_AUTO = 0, DIR_FORWARD = 1, DIR_REVERSE = 2;

/** zrangeGenericCommand: argv[argcStart] is the source key, then min, max, options. */
function zrangeGeneric(ctx: CommandContext, argcStart: number, store: boolean, rangeType: number, direction: number): void {
  const argv = ctx.argv;
  const reply = ctx.reply;
  const key = argv[argcStart];
  let minIdx = argcStart + 1, maxIdx = argcStart + 2;
  let withScores = false;
  let offset = 0, limit = -1;
  for (let j = argcStart + 3; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const opt = argv[j].toLowerCase();
    if (!store && opt === 'withscores') {
      withScores = true;
    } else if (opt === 'limit' && left >= 2) {
      const o = longArg(reply, argv[j + 1]);
      if (o === null) return;
      const l = longArg(reply, argv[j + 2]);
      if (l === null) return;
      offset = o;
      limit = l;
      j += 2;
    } else if (direction === DIR_AUTO && opt === 'rev') {
      direction = DIR_REVERSE;
    } else if (rangeType === RANGE_AUTO && opt === 'bylex') {
      rangeType = RANGE_LEX;
    } else if (rangeType === RANGE_AUTO && opt === 'byscore') {
      rangeType = RANGE_SCORE;
    } else {
      reply.error(ERR_SYNTAX);
      return;
    }
  }
  if (direction === DIR_AUTO) direction = DIR_FORWARD;
  if (rangeType === RANGE_AUTO) rangeType = RANGE_RANK;
  if (limit !== -1 && rangeType === RANGE_RANK) {
    reply.error('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
    return;
  }
  if (withScores && rangeType === RANGE_LEX) {
    reply.error('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
    return;
  }
  const reverse = direction === DIR_REVERSE;
  if (reverse && rangeType !== RANGE_RANK) { const t = maxIdx; maxIdx = minIdx; minIdx = t; }

  let start = 0, end = 0;
  let scoreRange: ScoreRange | null = null;
  let lexRange: LexRange | null = null;
  if (rangeType === RANGE_RANK) {
    const s = longArg(reply, argv[minIdx]);
    if (s === null) return;
    const e = longArg(reply, argv[maxIdx]);
    if (e === null) return;
    start = s;
    end = e;
  } else if (rangeType === RANGE_SCORE) {
    scoreRange = parseScoreRange(argv[minIdx], argv[maxIdx]);
    if (scoreRange === null) { reply.error(ERR_MINMAX_FLOAT); return; }
  } else {
    lexRange = parseLexRange(argv[minIdx], argv[maxIdx]);
    if (lexRange === null) { reply.error(ERR_MINMAX_LEX); return; }
  }

  const z = lookupRead(ctx, key);
  if (z === null) return;
  let nodes: ZNode[];
  if (z === undefined) {
    nodes = [];
  } else if (rangeType === RANGE_RANK) {
    const rr = rankRange(start, end, z.size);
    nodes = rr === null ? [] : nodesByRank(z, rr[0], rr[1], reverse);
  } else if (rangeType === RANGE_SCORE) {
    nodes = selectByScore(z, scoreRange!, offset, limit, reverse);
  } else {
    nodes = selectByLex(z, lexRange!, offset, limit, reverse);
  }

  if (store) {
    const dst = argv[1];
    if (nodes.length > 0) {
      const result = new ZSetObject();
      for (const n of nodes) result.add(n.member, n.score);
      ctx.db.set(dst, result);
      ctx.keyspace.dirty++;
      notify(ctx, NOTIFY_ZSET, 'zrangestore', dst);
    } else if (ctx.db.delete(dst)) {
      ctx.keyspace.dirty++;
      notify(ctx, NOTIFY_GENERIC, 'del', dst);
    }
    reply.integer(nodes.length);
    return;
  }
  replyMembers(reply, nodes, withScores);
}

function zrangeCommand(ctx: CommandContext): void { zrangeGeneric(ctx, 1, false, RANGE_AUTO, DIR_AUTO); }
function zrangestoreCommand(ctx: CommandContext): void { zrangeGeneric(ctx, 2, true, RANGE_AUTO, DIR_AUTO); }
function zrevrangeCommand(ctx: CommandContext): void { zrangeGeneric(ctx, 1, false, RANGE_RANK, DIR_REVERSE); }
function zrangebyscoreCommand(ctx: CommandContext): void { zrangeGeneric(ctx, 1, false, RANGE_SCORE, DIR_FORWARD); }
function zrevrangebyscoreCommand(ctx: CommandContext): void { zrangeGeneric(ctx, 1, false, RANGE_SCORE, DIR_REVERSE); }
function zrangebylexCommand(ctx: CommandContext): void { zrangeGeneric(ctx, 1, false, RANGE_LEX, DIR_FORWARD); }
function zrevrangebylexCommand(ctx: CommandContext): void { zrangeGeneric(ctx, 1, false, RANGE_LEX, DIR_REVERSE); }

// ---- ZADD / ZINCRBY -----------------------------------------------------------------------

const IN_NX = 1, IN_XX = 2, IN_GT = 4, IN_LT = 8, IN_INCR = 16;

function zaddGeneric(ctx: CommandContext, flags: number): void {
  const argv = ctx.argv;
  const reply = ctx.reply;
  const key = argv[1];
  let ch = false;
  let scoreIdx = 2;
  for (; scoreIdx < argv.length; scoreIdx++) {
    const opt = argv[scoreIdx].toLowerCase();
    if (opt === 'nx') flags |= IN_NX;
    else if (opt === 'xx') flags |= IN_XX;
    else if (opt === 'ch') ch = true;
    else if (opt === 'incr') flags |= IN_INCR;
    else if (opt === 'gt') flags |= IN_GT;
    else if (opt === 'lt') flags |= IN_LT;
    else break;
  }
  let elements = argv.length - scoreIdx;
  if (elements % 2 !== 0 || elements === 0) { reply.error(ERR_SYNTAX); return; }
  elements /= 2;
  const nx = (flags & IN_NX) !== 0, xx = (flags & IN_XX) !== 0, gt = (flags & IN_GT) !== 0,
    lt = (flags & IN_LT) !== 0, incr = (flags & IN_INCR) !== 0;
  if (nx && xx) { reply.error('ERR XX and NX options at the same time are not compatible'); return; }
  if ((gt && nx) || (lt && nx) || (gt && lt)) {
    reply.error('ERR GT, LT, and/or NX options at the same time are not compatible');
    return;
  }
  if (incr && elements > 1) { reply.error('ERR INCR option supports a single increment-element pair'); return; }
  const scores = new Array<number>(elements);
  for (let j = 0; j < elements; j++) {
    const text = argv[scoreIdx + j * 2];
    // Fast path for the common integer score; anything else goes through strtod's grammar.
    const s = (text.length <= 15 ? parseInt64(text) : null) ?? parseDouble(text);
    if (s === null) { reply.error(ERR_NOT_FLOAT); return; }
    scores[j] = s;
  }
  let z = lookupWrite(ctx, key);
  if (z === null) return;
  let added = 0, updated = 0, processed = 0;
  let score = 0;
  let maxLen = 0;
  for (let j = 0; j < elements; j++) maxLen = Math.max(maxLen, argv[scoreIdx + 1 + j * 2].length);
  if (z === undefined && !xx) {
    z = new ZSetObject();
    z.maybeConvert(elements, maxLen);
    ctx.db.add(key, z);
  } else if (z !== undefined) {
    z.maybeConvert(elements, maxLen);
  }
  if (z !== undefined) {
    for (let j = 0; j < elements; j++) {
      score = scores[j];
      const member = argv[scoreIdx + 1 + j * 2];
      const cur = z.score(member);
      if (cur !== undefined) {
        if (nx) continue;
        if (incr) {
          score += cur;
          if (Number.isNaN(score)) {
            reply.error('ERR resulting score is not a number (NaN)');
            if (added + updated > 0) afterWrite(ctx, key, false, added + updated);
            return;
          }
        }
        if ((lt && score >= cur) || (gt && score <= cur)) continue;
        if (score !== cur) {
          z.add(member, score);
          updated++;
        }
        processed++;
      } else if (!xx) {
        z.add(member, score);
        added++;
        processed++;
      }
    }
    if (added + updated > 0) afterWrite(ctx, key, false, added + updated);
  }
  if (incr) {
    if (processed > 0) reply.double(score); else reply.bulk(null);
  } else {
    reply.integer(ch ? added + updated : added);
  }
  // After the reply, as Redis's zaddGenericCommand (cleanup section).
  if (added + updated > 0) notify(ctx, NOTIFY_ZSET, incr ? 'zincr' : 'zadd', key);
}

function zaddCommand(ctx: CommandContext): void { zaddGeneric(ctx, 0); }
function zincrbyCommand(ctx: CommandContext): void { zaddGeneric(ctx, IN_INCR); }

// ---- reads --------------------------------------------------------------------------------

function zcardCommand(ctx: CommandContext): void {
  const z = lookupRead(ctx, ctx.argv[1]);
  if (z === null) return;
  ctx.reply.integer(z === undefined ? 0 : z.size);
}

function zscoreCommand(ctx: CommandContext): void {
  const z = lookupRead(ctx, ctx.argv[1]);
  if (z === null) return;
  const s = z === undefined ? undefined : z.score(ctx.argv[2]);
  if (s === undefined) ctx.reply.bulk(null); else ctx.reply.double(s);
}

function zmscoreCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const z = lookupRead(ctx, argv[1]);
  if (z === null) return;
  ctx.reply.arrayLen(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const s = z === undefined ? undefined : z.score(argv[j]);
    if (s === undefined) ctx.reply.bulk(null); else ctx.reply.double(s);
  }
}

function zcountCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const r = parseScoreRange(argv[2], argv[3]);
  if (r === null) { ctx.reply.error(ERR_MINMAX_FLOAT); return; }
  const z = lookupRead(ctx, argv[1]);
  if (z === null) return;
  if (z === undefined) { ctx.reply.integer(0); return; }
  const first = z.zsl.firstInRange(r);
  if (first === null) { ctx.reply.integer(0); return; }
  const last = z.zsl.lastInRange(r)!;
  ctx.reply.integer(nodeRank(z, last) - nodeRank(z, first) + 1);
}

function zlexcountCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const r = parseLexRange(argv[2], argv[3]);
  if (r === null) { ctx.reply.error(ERR_MINMAX_LEX); return; }
  const z = lookupRead(ctx, argv[1]);
  if (z === null) return;
  if (z === undefined) { ctx.reply.integer(0); return; }
  const first = z.firstInLexRange(r);
  if (first === null) { ctx.reply.integer(0); return; }
  const last = z.lastInLexRange(r)!;
  ctx.reply.integer(nodeRank(z, last) - nodeRank(z, first) + 1);
}

function zrankGeneric(ctx: CommandContext, reverse: boolean): void {
  const argv = ctx.argv;
  if (argv.length > 4) { ctx.reply.error(`ERR wrong number of arguments for '${reverse ? 'zrevrank' : 'zrank'}' command`); return; }
  let withScore = false;
  if (argv.length > 3) {
    if (argv[3].toLowerCase() === 'withscore') withScore = true;
    else { ctx.reply.error(ERR_SYNTAX); return; }
  }
  const z = lookupRead(ctx, argv[1]);
  if (z === null) return;
  const rank = z === undefined ? -1 : z.rank(argv[2]);
  if (rank < 0) {
    if (withScore) ctx.reply.nullArray(); else ctx.reply.bulk(null);
    return;
  }
  const r = reverse ? z!.size - 1 - rank : rank;
  if (withScore) {
    ctx.reply.arrayLen(2);
    ctx.reply.integer(r);
    ctx.reply.double(z!.score(argv[2])!);
  } else {
    ctx.reply.integer(r);
  }
}

function zrankCommand(ctx: CommandContext): void { zrankGeneric(ctx, false); }
function zrevrankCommand(ctx: CommandContext): void { zrankGeneric(ctx, true); }

// ---- removals -----------------------------------------------------------------------------

function zremCommand(ctx: CommandContext): void {
  const key = ctx.argv[1];
  const z = lookupWrite(ctx, key);
  if (z === null) return;
  deleteMembers(ctx, key, z, NOTIFY_ZSET, 'zrem');
}

function zremrangeGeneric(ctx: CommandContext, rangeType: number): void {
  const argv = ctx.argv;
  const key = argv[1];
  let start = 0, end = 0;
  let sr: ScoreRange | null = null, lr: LexRange | null = null;
  if (rangeType === RANGE_RANK) {
    const s = longArg(ctx.reply, argv[2]);
    if (s === null) return;
    const e = longArg(ctx.reply, argv[3]);
    if (e === null) return;
    start = s; end = e;
  } else if (rangeType === RANGE_SCORE) {
    sr = parseScoreRange(argv[2], argv[3]);
    if (sr === null) { ctx.reply.error(ERR_MINMAX_FLOAT); return; }
  } else {
    lr = parseLexRange(argv[2], argv[3]);
    if (lr === null) { ctx.reply.error(ERR_MINMAX_LEX); return; }
  }
  const z = lookupWrite(ctx, key);
  if (z === null) return;
  if (z === undefined) { ctx.reply.integer(0); return; }
  let nodes: ZNode[];
  if (rangeType === RANGE_RANK) {
    const rr = rankRange(start, end, z.size);
    nodes = rr === null ? [] : nodesByRank(z, rr[0], rr[1], false);
  } else if (rangeType === RANGE_SCORE) {
    nodes = selectByScore(z, sr!, 0, -1, false);
  } else {
    nodes = selectByLex(z, lr!, 0, -1, false);
  }
  const members = nodes.map((n) => n.member);
  for (const m of members) z.delete(m);
  if (members.length > 0) {
    notify(ctx, NOTIFY_ZSET, rangeType === RANGE_RANK ? 'zremrangebyrank' : rangeType === RANGE_LEX ? 'zremrangebylex' : 'zremrangebyscore', key);
    afterWrite(ctx, key, z.size === 0, members.length);
  }
  ctx.reply.integer(members.length);
}

function zremrangebyrankCommand(ctx: CommandContext): void { zremrangeGeneric(ctx, RANGE_RANK); }
function zremrangebyscoreCommand(ctx: CommandContext): void { zremrangeGeneric(ctx, RANGE_SCORE); }
function zremrangebylexCommand(ctx: CommandContext): void { zremrangeGeneric(ctx, RANGE_LEX); }

// ---- pops ---------------------------------------------------------------------------------

const POP_MIN = 0, POP_MAX = 1;

/**
 * genericZpopCommand: pops from the first non-empty key. count -1 = single pop. emitKey:
 * ZMPOP's [key, [...]] shape; nested: [member, score] pairs; nilWhenEmpty: null array.
 */
function zpopGeneric(
  ctx: CommandContext, keys: string[], where: number, emitKey: boolean, count: number,
  nested: boolean, nilWhenEmpty: boolean,
): void {
  const reply = ctx.reply;
  let z: ZSetObject | undefined;
  let key = '';
  for (const k of keys) {
    const found = lookupWrite(ctx, k);
    if (found === null) return;
    if (found === undefined) continue;
    z = found;
    key = k;
    break;
  }
  if (z === undefined) {
    if (nilWhenEmpty) reply.nullArray(); else reply.arrayLen(0);
    return;
  }
  if (count === 0) { reply.arrayLen(0); return; }
  if (count === -1) count = 1;
  const n = Math.min(count, z.size);
  if (!nested && !emitKey) reply.arrayLen(n * 2);
  else if (nested && !emitKey) reply.arrayLen(n);
  else {
    reply.arrayLen(2);
    reply.bulk(key);
    reply.arrayLen(n);
  }
  for (let i = 0; i < n; i++) {
    const node = where === POP_MIN ? z.zsl.first()! : z.zsl.tail!;
    const member = node.member, score = node.score;
    z.delete(member);
    if (nested) reply.arrayLen(2);
    reply.bulk(member);
    reply.double(score);
  }
  notify(ctx, NOTIFY_ZSET, where === POP_MIN ? 'zpopmin' : 'zpopmax', key);
  afterWrite(ctx, key, z.size === 0, n);
}

function zpopMinMax(ctx: CommandContext, where: number): void {
  const argv = ctx.argv;
  if (argv.length > 3) { ctx.reply.error(ERR_SYNTAX); return; }
  let count = -1;
  if (argv.length === 3) {
    const c = positiveArg(ctx.reply, argv[2]);
    if (c === null) return;
    count = c;
  }
  zpopGeneric(ctx, [argv[1]], where, false, count, ctx.reply.resp === 3 && count !== -1, false);
}

function zpopminCommand(ctx: CommandContext): void { zpopMinMax(ctx, POP_MIN); }
function zpopmaxCommand(ctx: CommandContext): void { zpopMinMax(ctx, POP_MAX); }

/** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count] */
function zmpopCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const args = mpopArgs(ctx.reply, argv, 1, ['min', 'max']);
  if (args === null) return;
  const where = args.where === 0 ? POP_MIN : POP_MAX;
  zpopGeneric(ctx, argv.slice(2, 2 + args.numkeys), where, true, args.count, true, true);
}

// ---- algebra ------------------------------------------------------------------------------

const OP_UNION = 0, OP_INTER = 1, OP_DIFF = 2;
const AGG_SUM = 0, AGG_MIN = 1, AGG_MAX = 2;

/** An input of ZUNION & co: a sorted set, a plain set (every score 1), or missing. */
interface OpSource { z: ZSetObject | null; s: SetObject | null; weight: number; size: number }

function sourceScore(src: OpSource, member: string): number | undefined {
  if (src.z !== null) return src.z.score(member);
  if (src.s !== null) return src.s.has(member) ? 1 : undefined;
  return undefined;
}

function forEachMember(src: OpSource, fn: (member: string, score: number) => boolean | void): void {
  if (src.z !== null) {
    for (let n = src.z.zsl.first(); n !== null; n = n.next) if (fn(n.member, n.score) === false) return;
  } else if (src.s !== null) {
    for (const m of src.s.members.slice()) if (fn(m, 1) === false) return;
  }
}

function aggregate(target: number, val: number, agg: number): number {
  if (agg === AGG_SUM) {
    const sum = target + val;
    return Number.isNaN(sum) ? 0 : sum;
  }
  if (agg === AGG_MIN) return val < target ? val : target;
  return val > target ? val : target;
}

/** zunionInterDiffGenericCommand. */
function zsetOpGeneric(ctx: CommandContext, dstKey: string | null, numkeysIdx: number, op: number, cardOnly: boolean): void {
  const argv = ctx.argv;
  const reply = ctx.reply;
  const setnum = longArg(reply, argv[numkeysIdx]);
  if (setnum === null) return;
  if (setnum < 1) {
    reply.error(`ERR at least 1 input key is needed for '${argv[0].toLowerCase()}' command`);
    return;
  }
  if (setnum > argv.length - (numkeysIdx + 1)) { reply.error(ERR_SYNTAX); return; }
  const src: OpSource[] = [];
  let j = numkeysIdx + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const v = ctx.db.lookupRead(argv[j]); // lookupKeyRead for STORE too: Redis 7.0 emits keymiss here
    if (v === undefined) { src.push({ z: null, s: null, weight: 1, size: 0 }); continue; }
    if (typeof v === 'string' || (v.type !== 'zset' && v.type !== 'set')) { reply.error(ERR_WRONGTYPE); return; }
    if (v.type === 'zset') src.push({ z: v as ZSetObject, s: null, weight: 1, size: (v as ZSetObject).size });
    else src.push({ z: null, s: v as SetObject, weight: 1, size: (v as SetObject).size });
  }
  let agg = AGG_SUM;
  let withScores = false;
  let limit = 0;
  while (j < argv.length) {
    const remaining = argv.length - j;
    const opt = argv[j].toLowerCase();
    if (op !== OP_DIFF && !cardOnly && remaining >= setnum + 1 && opt === 'weights') {
      j++;
      for (let i = 0; i < setnum; i++, j++) {
        const w = parseDouble(argv[j]);
        if (w === null) { reply.error('ERR weight value is not a float'); return; }
        src[i].weight = w;
      }
    } else if (op !== OP_DIFF && !cardOnly && remaining >= 2 && opt === 'aggregate') {
      const a = argv[j + 1].toLowerCase();
      if (a === 'sum') agg = AGG_SUM;
      else if (a === 'min') agg = AGG_MIN;
      else if (a === 'max') agg = AGG_MAX;
      else { reply.error(ERR_SYNTAX); return; }
      j += 2;
    } else if (remaining >= 1 && dstKey === null && !cardOnly && opt === 'withscores') {
      withScores = true;
      j++;
    } else if (cardOnly && remaining >= 2 && opt === 'limit') {
      const l = positiveArg(reply, argv[j + 1], "ERR LIMIT can't be negative");
      if (l === null) return;
      limit = l;
      j += 2;
    } else {
      reply.error(ERR_SYNTAX);
      return;
    }
  }
  const sources = op !== OP_DIFF ? src.slice().sort((a, b) => a.size - b.size) : src;
  const result = new ZSetObject();
  let cardinality = 0;
  if (op === OP_INTER) {
    if (sources[0].size > 0) {
      forEachMember(sources[0], (member, s0) => {
        let score = sources[0].weight * s0;
        if (Number.isNaN(score)) score = 0;
        let k = 1;
        for (; k < sources.length; k++) {
          const other = sourceScore(sources[k], member);
          if (other === undefined) break;
          let v = other * sources[k].weight;
          if (Number.isNaN(v)) v = 0;
          score = aggregate(score, v, agg);
        }
        if (k === sources.length) {
          if (cardOnly) {
            cardinality++;
            if (limit !== 0 && cardinality === limit) return false;
          } else {
            result.add(member, score);
          }
        }
        return true;
      });
    }
  } else if (op === OP_UNION) {
    const acc = new Map<string, number>();
    for (const s of sources) {
      forEachMember(s, (member, sc) => {
        let v = s.weight * sc;
        if (Number.isNaN(v)) v = 0;
        const cur = acc.get(member);
        acc.set(member, cur === undefined ? v : aggregate(cur, v, agg));
      });
    }
    for (const [m, s] of acc) result.add(m, s);
  } else {
    forEachMember(sources[0], (member, s0) => {
      for (let k = 1; k < sources.length; k++) if (sourceScore(sources[k], member) !== undefined) return;
      result.add(member, s0);
    });
  }
  if (dstKey !== null) {
    if (result.size > 0) {
      ctx.db.set(dstKey, result);
      reply.integer(result.size);
      ctx.keyspace.dirty++;
      notify(ctx, NOTIFY_ZSET, op === OP_UNION ? 'zunionstore' : op === OP_INTER ? 'zinterstore' : 'zdiffstore', dstKey);
    } else {
      reply.integer(0);
      if (ctx.db.delete(dstKey)) {
        ctx.keyspace.dirty++;
        notify(ctx, NOTIFY_GENERIC, 'del', dstKey);
      }
    }
  } else if (cardOnly) {
    reply.integer(cardinality);
  } else {
    const items: ZNode[] = [];
    for (let n = result.zsl.first(); n !== null; n = n.next) items.push(n);
    replyMembers(reply, items, withScores);
  }
}

function zunionCommand(ctx: CommandContext): void { zsetOpGeneric(ctx, null, 1, OP_UNION, false); }
function zinterCommand(ctx: CommandContext): void { zsetOpGeneric(ctx, null, 1, OP_INTER, false); }
function zdiffCommand(ctx: CommandContext): void { zsetOpGeneric(ctx, null, 1, OP_DIFF, false); }
function zunionstoreCommand(ctx: CommandContext): void { zsetOpGeneric(ctx, ctx.argv[1], 2, OP_UNION, false); }
function zinterstoreCommand(ctx: CommandContext): void { zsetOpGeneric(ctx, ctx.argv[1], 2, OP_INTER, false); }
function zdiffstoreCommand(ctx: CommandContext): void { zsetOpGeneric(ctx, ctx.argv[1], 2, OP_DIFF, false); }
function zintercardCommand(ctx: CommandContext): void { zsetOpGeneric(ctx, null, 1, OP_INTER, true); }

// ---- ZRANDMEMBER --------------------------------------------------------------------------

function zrandmemberCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const reply = ctx.reply;
  if (argv.length >= 3) {
    const args = randomCountArgs(reply, argv, 'withscores');
    if (args === null) return;
    const l = args.count;
    const withScores = args.withPairs;
    const z = lookupRead(ctx, argv[1]);
    if (z === null) return;
    if (z === undefined || l === 0) { reply.arrayLen(0); return; }
    const count = Math.abs(l);
    const size = z.size;
    let picked: ZNode[];
    if (l < 0 || count === 1) {
      picked = new Array<ZNode>(count);
      for (let i = 0; i < count; i++) picked[i] = z.at(randomIndex(size))!;
    } else if (count >= size) {
      // The whole set, walked from the tail as Redis's zset iterator (zuiInitIterator) does.
      picked = [];
      for (let n = z.zsl.tail; n !== null; n = n.backward) picked.push(n);
    } else {
      // Distinct ranks, then looked up by rank.
      const ranks = distinctIndices(size, count);
      picked = new Array<ZNode>(count);
      for (let i = 0; i < count; i++) picked[i] = z.at(ranks[i])!;
    }
    replyMembers(reply, picked, withScores);
    return;
  }
  const z = lookupRead(ctx, argv[1]);
  if (z === null) return;
  if (z === undefined) { reply.bulk(null); return; }
  reply.bulk(z.at(randomIndex(z.size))!.member);
}

// ---- ZSCAN --------------------------------------------------------------------------------

function zscanCommand(ctx: CommandContext): void {
  const cursor = parseScanCursor(ctx, ctx.argv[2]);
  if (cursor === null) return;
  const z = lookupRead(ctx, ctx.argv[1]);
  if (z === null) return;
  if (z === undefined) { replyEmptyScan(ctx); return; }
  const opts = parseScanOptions(ctx, 3, false);
  if (opts === null) return;
  // One call returns everything (cursor 0): as Redis for listpack-encoded sorted sets; for
  // larger ones COUNT is only a hint, so this is still a complete, valid iteration.
  const out: string[] = [];
  for (let n = z.zsl.first(); n !== null; n = n.next) {
    if (opts.match !== null && !opts.match(n.member)) continue;
    out.push(n.member, formatDouble(n.score));
  }
  replyScan(ctx, '0', out);
}

// ---- the table ----------------------------------------------------------------------------

const row = typeRowBuilder('sortedset', ['RW'], ['RO', 'access']);

function numkeysAt(at: number): (argv: string[]) => number[] {
  return (argv) => {
    const out: number[] = [];
    const n = Number(argv[at]);
    if (!Number.isInteger(n) || n <= 0) return out;
    for (let i = 0; i < n && at + 1 + i < argv.length; i++) out.push(at + 1 + i);
    return out;
  };
}

const movable = (at: number, flags: string[]) => ({
  firstKey: 0, lastKey: 0, keyStep: 0, getKeys: numkeysAt(at),
  keySpecs: [{ flags, beginSearch: { index: at }, findKeys: { keyNumIdx: 0, firstKey: 1, keyStep: 1 } }],
});
const storeMovable = (flags: string[]) => ({
  firstKey: 1, lastKey: 1, keyStep: 1,
  getKeys: (argv: string[]) => [1, ...numkeysAt(2)(argv)],
  keySpecs: [keySpec(['OW', 'update'], 1), { flags, beginSearch: { index: 2 }, findKeys: { keyNumIdx: 0, firstKey: 1, keyStep: 1 } }],
});

export const commands: CommandSpec[] = [
  row('zadd', -4, ['write', 'denyoom', 'fast'], ['fast'], zaddCommand),
  row('zincrby', 4, ['write', 'denyoom', 'fast'], ['fast'], zincrbyCommand),
  row('zcard', 2, ['readonly', 'fast'], ['fast'], zcardCommand),
  row('zscore', 3, ['readonly', 'fast'], ['fast'], zscoreCommand),
  row('zmscore', -3, ['readonly', 'fast'], ['fast'], zmscoreCommand),
  row('zcount', 4, ['readonly', 'fast'], ['fast'], zcountCommand),
  row('zlexcount', 4, ['readonly', 'fast'], ['fast'], zlexcountCommand),
  row('zrank', -3, ['readonly', 'fast'], ['fast'], zrankCommand),
  row('zrevrank', -3, ['readonly', 'fast'], ['fast'], zrevrankCommand),
  row('zrange', -4, ['readonly'], ['slow'], zrangeCommand),
  row('zrangestore', -5, ['write', 'denyoom'], ['slow'], zrangestoreCommand,
    { lastKey: 2, keySpecs: [keySpec(['OW', 'update'], 1), keySpec(['RO', 'access'], 2)] }),
  row('zrevrange', -4, ['readonly'], ['slow'], zrevrangeCommand),
  row('zrangebyscore', -4, ['readonly'], ['slow'], zrangebyscoreCommand),
  row('zrevrangebyscore', -4, ['readonly'], ['slow'], zrevrangebyscoreCommand),
  row('zrangebylex', -4, ['readonly'], ['slow'], zrangebylexCommand),
  row('zrevrangebylex', -4, ['readonly'], ['slow'], zrevrangebylexCommand),
  row('zrem', -3, ['write', 'fast'], ['fast'], zremCommand),
  row('zremrangebyscore', 4, ['write'], ['slow'], zremrangebyscoreCommand),
  row('zremrangebyrank', 4, ['write'], ['slow'], zremrangebyrankCommand),
  row('zremrangebylex', 4, ['write'], ['slow'], zremrangebylexCommand),
  row('zpopmin', -2, ['write', 'fast'], ['fast'], zpopminCommand),
  row('zpopmax', -2, ['write', 'fast'], ['fast'], zpopmaxCommand),
  row('zmpop', -4, ['write', 'movablekeys'], ['slow'], zmpopCommand, movable(1, ['RW', 'access', 'delete'])),
  row('zunion', -3, ['readonly', 'movablekeys'], ['slow'], zunionCommand, movable(1, ['RO', 'access'])),
  row('zinter', -3, ['readonly', 'movablekeys'], ['slow'], zinterCommand, movable(1, ['RO', 'access'])),
  row('zdiff', -3, ['readonly', 'movablekeys'], ['slow'], zdiffCommand, movable(1, ['RO', 'access'])),
  row('zintercard', -3, ['readonly', 'movablekeys'], ['slow'], zintercardCommand, movable(1, ['RO', 'access'])),
  row('zunionstore', -4, ['write', 'denyoom', 'movablekeys'], ['slow'], zunionstoreCommand, storeMovable(['RO', 'access'])),
  row('zinterstore', -4, ['write', 'denyoom', 'movablekeys'], ['slow'], zinterstoreCommand, storeMovable(['RO', 'access'])),
  row('zdiffstore', -4, ['write', 'denyoom', 'movablekeys'], ['slow'], zdiffstoreCommand, storeMovable(['RO', 'access'])),
  row('zrandmember', -2, ['readonly'], ['slow'], zrandmemberCommand, { tips: ['nondeterministic_output'] }),
  row('zscan', -3, ['readonly'], ['slow'], zscanCommand, { tips: ['nondeterministic_output'] }),
];

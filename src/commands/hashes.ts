// Hash commands (Redis's t_hash.c): HSET/HMSET/HSETNX, reads, HDEL, counters, HRANDFIELD and
// HSCAN. Field expiry (HEXPIRE family) is not implemented.

import type { CommandContext, CommandSpec } from './types';
import { HashObject } from '../store/t_hash';
import { compileMatcher } from '../store/glob';
import {
  ERR_SYNTAX, ERR_NOT_FLOAT, ERR_OVERFLOW, errWrongArgs, parseInt64, parseInt64Big, parseLongDouble,
  addLongDouble, formatLongDoubleHuman, INT64_MAX, INT64_MIN,
} from './util';
import { parseScanCursor, replyScan } from './keys';
import {
  readTyped, writeTyped, afterWrite, longArg, deleteMembers, randomCountArgs, randomIndex,
  distinctIndices, typeRowBuilder,
} from './type-helpers';
import { notify, NOTIFY_HASH } from './notify';
import { integerText } from '../store/number-text';

function lookupRead(ctx: CommandContext, key: string) { return readTyped<HashObject>(ctx, key, 'hash'); }

/** hashTypeLookupWriteOrCreate: the hash (created and stored if missing) or null after WRONGTYPE. */
function lookupOrCreate(ctx: CommandContext, key: string): HashObject | null {
  const h = writeTyped<HashObject>(ctx, key, 'hash');
  if (h === null) return null;
  if (h !== undefined) return h;
  const created = new HashObject();
  ctx.db.add(key, created);
  return created;
}

// ---- writes -------------------------------------------------------------------------------

function hsetGeneric(ctx: CommandContext, isHmset: boolean): void {
  const argv = ctx.argv;
  if (argv.length % 2 === 1) { ctx.reply.error(errWrongArgs(isHmset ? 'hmset' : 'hset')); return; }
  const key = argv[1];
  const h = lookupOrCreate(ctx, key);
  if (h === null) return;
  let created = 0;
  for (let j = 2; j < argv.length; j += 2) if (h.set(argv[j], argv[j + 1])) created++;
  if (isHmset) ctx.reply.status('OK'); else ctx.reply.integer(created);
  afterWrite(ctx, key, false, (argv.length - 2) / 2);
  notify(ctx, NOTIFY_HASH, 'hset', key);
}

function hsetCommand(ctx: CommandContext): void { hsetGeneric(ctx, false); }
function hmsetCommand(ctx: CommandContext): void { hsetGeneric(ctx, true); }

function hsetnxCommand(ctx: CommandContext): void {
  const [, key, field, value] = ctx.argv;
  const h = lookupOrCreate(ctx, key);
  if (h === null) return;
  if (h.has(field)) { ctx.reply.integer(0); return; }
  h.set(field, value);
  ctx.reply.integer(1);
  afterWrite(ctx, key, false, 1);
  notify(ctx, NOTIFY_HASH, 'hset', key);
}

function hdelCommand(ctx: CommandContext): void {
  const key = ctx.argv[1];
  const h = writeTyped<HashObject>(ctx, key, 'hash');
  if (h === null) return;
  deleteMembers(ctx, key, h, NOTIFY_HASH, 'hdel');
}

function hincrbyCommand(ctx: CommandContext): void {
  const [, key, field, incrArg] = ctx.argv;
  // Operands of at most 15 characters (the common case) are below 10^15 in magnitude: their sum
  // is exact in a double, so no BigInt is made. Longer ones take the exact int64 path.
  const small = incrArg.length <= 15 ? parseInt64(incrArg) : null;
  const incr = small ?? parseInt64Big(incrArg);
  if (incr === null) { longArg(ctx.reply, incrArg); return; }
  const h = lookupOrCreate(ctx, key);
  if (h === null) return;
  const cur = h.get(field);
  if (small !== null && (cur === undefined || cur.length <= 15)) {
    const value = cur === undefined ? 0 : parseInt64(cur);
    if (value === null) { ctx.reply.error('ERR hash value is not an integer'); return; }
    const sum = value + small;
    h.set(field, integerText(sum));
    ctx.reply.integer(sum);
  } else {
    let value = 0n;
    if (cur !== undefined) {
      const v = parseInt64Big(cur);
      if (v === null) { ctx.reply.error('ERR hash value is not an integer'); return; }
      value = v;
    }
    const sum = value + BigInt(incr);
    if (sum > INT64_MAX || sum < INT64_MIN) { ctx.reply.error(ERR_OVERFLOW); return; }
    h.set(field, sum.toString());
    ctx.reply.integer(sum);
  }
  afterWrite(ctx, key, false, 1);
  notify(ctx, NOTIFY_HASH, 'hincrby', key);
}

function hincrbyfloatCommand(ctx: CommandContext): void {
  const [, key, field, incrArg] = ctx.argv;
  const incr = parseLongDouble(incrArg);
  if (incr === null) { ctx.reply.error(ERR_NOT_FLOAT); return; }
  if (typeof incr === 'string') { ctx.reply.error('ERR value is NaN or Infinity'); return; }
  const h = lookupOrCreate(ctx, key);
  if (h === null) return;
  const cur = h.get(field);
  let value = { neg: false, mant: 0n, exp: 0 };
  if (cur !== undefined) {
    const v = parseLongDouble(cur);
    if (v === null) { ctx.reply.error('ERR hash value is not a float'); return; }
    if (typeof v === 'string') { ctx.reply.error('ERR increment would produce NaN or Infinity'); return; }
    value = v;
  }
  const sum = addLongDouble(value, incr);
  if (sum === null) { ctx.reply.error('ERR increment would produce NaN or Infinity'); return; }
  const text = formatLongDoubleHuman(sum);
  h.set(field, text);
  ctx.reply.bulk(text);
  afterWrite(ctx, key, false, 1);
  notify(ctx, NOTIFY_HASH, 'hincrbyfloat', key);
}

// ---- reads --------------------------------------------------------------------------------

function hgetCommand(ctx: CommandContext): void {
  const h = lookupRead(ctx, ctx.argv[1]);
  if (h === null) return;
  ctx.reply.bulk(h === undefined ? null : h.get(ctx.argv[2]) ?? null);
}

function hmgetCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const h = lookupRead(ctx, argv[1]);
  if (h === null) return;
  ctx.reply.arrayLen(argv.length - 2);
  for (let j = 2; j < argv.length; j++) ctx.reply.bulk(h === undefined ? null : h.get(argv[j]) ?? null);
}

function hlenCommand(ctx: CommandContext): void {
  const h = lookupRead(ctx, ctx.argv[1]);
  if (h === null) return;
  ctx.reply.integer(h === undefined ? 0 : h.size);
}

function hstrlenCommand(ctx: CommandContext): void {
  const h = lookupRead(ctx, ctx.argv[1]);
  if (h === null) return;
  ctx.reply.integer(h === undefined ? 0 : h.get(ctx.argv[2])?.length ?? 0);
}

function hexistsCommand(ctx: CommandContext): void {
  const h = lookupRead(ctx, ctx.argv[1]);
  if (h === null) return;
  ctx.reply.integer(h !== undefined && h.has(ctx.argv[2]) ? 1 : 0);
}

const KEYS = 1, VALUES = 2;

function hgetallGeneric(ctx: CommandContext, what: number): void {
  const h = lookupRead(ctx, ctx.argv[1]);
  if (h === null) return;
  const reply = ctx.reply;
  const both = what === (KEYS | VALUES);
  const n = h === undefined ? 0 : h.size;
  if (both) reply.mapLen(n); else reply.arrayLen(n);
  if (h === undefined) return;
  for (const [f, v] of h.map) {
    if (what & KEYS) reply.bulk(f);
    if (what & VALUES) reply.bulk(v);
  }
}

function hgetallCommand(ctx: CommandContext): void { hgetallGeneric(ctx, KEYS | VALUES); }
function hkeysCommand(ctx: CommandContext): void { hgetallGeneric(ctx, KEYS); }
function hvalsCommand(ctx: CommandContext): void { hgetallGeneric(ctx, VALUES); }

// ---- HRANDFIELD ---------------------------------------------------------------------------

function hrandfieldCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const reply = ctx.reply;
  if (argv.length >= 3) {
    const args = randomCountArgs(reply, argv, 'withvalues');
    if (args === null) return;
    const l = args.count;
    const withValues = args.withPairs;
    const h = lookupRead(ctx, argv[1]);
    if (h === null) return;
    if (h === undefined || l === 0) { reply.arrayLen(0); return; }
    const resp3Pairs = withValues && reply.resp === 3;
    const emit = (f: string, v: string): void => {
      if (resp3Pairs) reply.arrayLen(2);
      reply.bulk(f);
      if (withValues) reply.bulk(v);
    };
    const count = Math.abs(l);
    if (l < 0 || count === 1) {
      // With repetitions (or a single pick): count independent random picks.
      const entries = h.entries();
      reply.arrayLen(withValues && reply.resp === 2 ? count * 2 : count);
      for (let i = 0; i < count; i++) {
        const e = entries[randomIndex(entries.length)];
        emit(e[0], e[1]);
      }
      return;
    }
    const entries = h.entries();
    const picked = count >= entries.length ? entries : distinctIndices(entries.length, count).map((i) => entries[i]);
    reply.arrayLen(withValues && reply.resp === 2 ? picked.length * 2 : picked.length);
    for (const [f, v] of picked) emit(f, v);
    return;
  }
  const h = lookupRead(ctx, argv[1]);
  if (h === null) return;
  if (h === undefined) { reply.bulk(null); return; }
  reply.bulk(h.randomEntry()![0]);
}

// ---- HSCAN --------------------------------------------------------------------------------

export interface ScanOptions { count: number; match: ((s: string) => boolean) | null; noValues: boolean }

/**
 * The COUNT / MATCH (/ NOVALUES for HSCAN) options of HSCAN, SSCAN and ZSCAN from argv[from];
 * null after replying an error.
 */
export function parseScanOptions(ctx: CommandContext, from: number, allowNoValues: boolean): ScanOptions | null {
  const argv = ctx.argv;
  const opts: ScanOptions = { count: 10, match: null, noValues: false };
  for (let i = from; i < argv.length;) {
    const opt = argv[i].toLowerCase();
    const left = argv.length - i;
    if (opt === 'count' && left >= 2) {
      const n = longArg(ctx.reply, argv[i + 1]);
      if (n === null) return null;
      if (n < 1) { ctx.reply.error(ERR_SYNTAX); return null; }
      opts.count = n;
      i += 2;
    } else if (opt === 'match' && left >= 2) {
      opts.match = argv[i + 1] === '*' ? null : compileMatcher(argv[i + 1]);
      i += 2;
    } else if (opt === 'novalues' && allowNoValues) {
      opts.noValues = true;
      i += 1;
    } else {
      ctx.reply.error(ERR_SYNTAX);
      return null;
    }
  }
  return opts;
}

/** The empty HSCAN/SSCAN/ZSCAN reply for a missing key. */
export function replyEmptyScan(ctx: CommandContext): void {
  replyScan(ctx, '0', []);
}

function hscanCommand(ctx: CommandContext): void {
  const cursor = parseScanCursor(ctx, ctx.argv[2]);
  if (cursor === null) return;
  const h = lookupRead(ctx, ctx.argv[1]);
  if (h === null) return;
  if (h === undefined) { replyEmptyScan(ctx); return; }
  const opts = parseScanOptions(ctx, 3, true);
  if (opts === null) return;
  // A Map has no stable positions to resume from, so one call walks the whole hash and
  // returns cursor 0 (as Redis does for listpack-encoded hashes). COUNT is only a hint.
  const out: string[] = [];
  for (const [f, v] of h.map) {
    if (opts.match !== null && !opts.match(f)) continue;
    out.push(f);
    if (!opts.noValues) out.push(v);
  }
  replyScan(ctx, '0', out);
}

// ---- the table ----------------------------------------------------------------------------

const row = typeRowBuilder('hash', ['RW', 'update'], ['RO', 'access']);

export const commands: CommandSpec[] = [
  row('hset', -4, ['write', 'denyoom', 'fast'], ['fast'], hsetCommand),
  row('hmset', -4, ['write', 'denyoom', 'fast'], ['fast'], hmsetCommand),
  row('hsetnx', 4, ['write', 'denyoom', 'fast'], ['fast'], hsetnxCommand),
  row('hget', 3, ['readonly', 'fast'], ['fast'], hgetCommand),
  row('hmget', -3, ['readonly', 'fast'], ['fast'], hmgetCommand),
  row('hdel', -3, ['write', 'fast'], ['fast'], hdelCommand),
  row('hlen', 2, ['readonly', 'fast'], ['fast'], hlenCommand),
  row('hstrlen', 3, ['readonly', 'fast'], ['fast'], hstrlenCommand),
  row('hexists', 3, ['readonly', 'fast'], ['fast'], hexistsCommand),
  row('hgetall', 2, ['readonly'], ['slow'], hgetallCommand, { tips: ['nondeterministic_output_order'] }),
  row('hkeys', 2, ['readonly'], ['slow'], hkeysCommand, { tips: ['nondeterministic_output_order'] }),
  row('hvals', 2, ['readonly'], ['slow'], hvalsCommand, { tips: ['nondeterministic_output_order'] }),
  row('hincrby', 4, ['write', 'denyoom', 'fast'], ['fast'], hincrbyCommand),
  row('hincrbyfloat', 4, ['write', 'denyoom', 'fast'], ['fast'], hincrbyfloatCommand),
  row('hrandfield', -2, ['readonly'], ['slow'], hrandfieldCommand, { tips: ['nondeterministic_output'] }),
  row('hscan', -3, ['readonly'], ['slow'], hscanCommand, { tips: ['nondeterministic_output'] }),
];

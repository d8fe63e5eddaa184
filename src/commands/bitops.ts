// Bit commands (Redis's bitops.c): SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD(_RO).
// Bit 0 is the most significant bit of byte 0, as in Redis. Strings are immutable in JS, so
// SETBIT rebuilds the value (O(length)); fine for the bitmap sizes scripts and tests use.

import type { CommandContext, CommandSpec } from './types';
import { notify, NOTIFY_STRING, NOTIFY_GENERIC } from './notify';
import { ERR_WRONGTYPE, ERR_SYNTAX, ERR_NOT_INTEGER, parseInt64, parseInt64Big } from './util';
import { protoMaxBulkLen, MAX_STRING_LENGTH } from './strings';

const ERR_BIT_OFFSET = 'ERR bit offset is not an integer or out of range';
const ERR_BIT_VALUE = 'ERR bit is not an integer or out of range';

/** Bits set in each byte value. */
const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1];

/** getBitOffsetFromArgument: a bit offset below proto-max-bulk-len bytes, or null after replying. */
function bitOffsetArg(ctx: CommandContext, s: string): number | null {
  const v = parseInt64(s);
  if (v === null || v < 0 || Math.floor(v / 8) >= protoMaxBulkLen(ctx) || Math.floor(v / 8) >= MAX_STRING_LENGTH) {
    ctx.reply.error(ERR_BIT_OFFSET);
    return null;
  }
  return v;
}

function setbitCommand(ctx: CommandContext): void {
  const key = ctx.argv[1];
  const offset = bitOffsetArg(ctx, ctx.argv[2]);
  if (offset === null) return;
  const on = parseInt64(ctx.argv[3]);
  if (on === null || (on !== 0 && on !== 1)) { ctx.reply.error(ERR_BIT_VALUE); return; }
  const db = ctx.db;
  const v = db.lookupWrite(key);
  if (v !== undefined && typeof v !== 'string') { ctx.reply.error(ERR_WRONGTYPE); return; }
  const byte = offset >>> 3;
  const mask = 1 << (7 - (offset & 7));
  let s = v === undefined ? '' : v;
  if (s.length <= byte) s += '\0'.repeat(byte + 1 - s.length);
  const old = s.charCodeAt(byte);
  const next = on ? old | mask : old & ~mask;
  if (next !== old) s = s.slice(0, byte) + String.fromCharCode(next) + s.slice(byte + 1);
  if (v === undefined) db.add(key, s);
  else if (s !== v) db.overwrite(key, s);
  else db.modified(key);
  db.setEncodingHint(key, 'raw');
  ctx.keyspace.dirty++;
  // As Redis: the event only when the string was created, grew or the bit flipped.
  if (v === undefined || s !== v) notify(ctx, NOTIFY_STRING, 'setbit', key);
  ctx.reply.integer(old & mask ? 1 : 0);
}

function getbitCommand(ctx: CommandContext): void {
  const offset = bitOffsetArg(ctx, ctx.argv[2]);
  if (offset === null) return;
  const v = ctx.db.lookupRead(ctx.argv[1]);
  if (v === undefined) { ctx.reply.integer(0); return; }
  if (typeof v !== 'string') { ctx.reply.error(ERR_WRONGTYPE); return; }
  const byte = offset >>> 3;
  if (byte >= v.length) { ctx.reply.integer(0); return; }
  ctx.reply.integer(v.charCodeAt(byte) & (1 << (7 - (offset & 7))) ? 1 : 0);
}

/** Parses an optional BYTE|BIT unit argument; null after replying a syntax error. */
function unitArg(ctx: CommandContext, s: string): boolean | null {
  const u = s.toLowerCase();
  if (u === 'bit') return true;
  if (u === 'byte') return false;
  ctx.reply.error(ERR_SYNTAX);
  return null;
}

/** Converts Redis start/end (negative from the end) to a clamped inclusive [start, end]. */
function clampRange(start: number, end: number, total: number): [number, number] {
  if (start < 0) start = total + start;
  if (end < 0) end = total + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= total) end = total - 1;
  return [start, end];
}

function bitcountCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  // Redis 7.x looks the key up before parsing the range: a missing key answers 0 even when
  // the arguments are wrong (Redis 8 changed this, PR #11734).
  const v = ctx.db.lookupRead(argv[1]);
  if (v === undefined) { ctx.reply.integer(0); return; }
  if (typeof v !== 'string') { ctx.reply.error(ERR_WRONGTYPE); return; }
  let start = 0, end = 0, isBit = false;
  if (argv.length === 4 || argv.length === 5) {
    const s = parseInt64(argv[2]);
    if (s === null) { ctx.reply.error(ERR_NOT_INTEGER); return; }
    const e = parseInt64(argv[3]);
    if (e === null) { ctx.reply.error(ERR_NOT_INTEGER); return; }
    start = s; end = e;
    if (argv.length === 5) {
      const u = unitArg(ctx, argv[4]);
      if (u === null) return;
      isBit = u;
    }
  } else if (argv.length === 2) {
    ctx.reply.integer(popcount(v, 0, v.length - 1));
    return;
  } else {
    ctx.reply.error(ERR_SYNTAX);
    return;
  }
  if (start < 0 && end < 0 && start > end) { ctx.reply.integer(0); return; }
  const total = isBit ? v.length * 8 : v.length;
  [start, end] = clampRange(start, end, total);
  if (start > end) { ctx.reply.integer(0); return; }
  if (!isBit) { ctx.reply.integer(popcount(v, start, end)); return; }
  // Bit range: count whole bytes, then drop the bits outside the range in the edge bytes.
  const firstByte = Math.floor(start / 8), lastByte = Math.floor(end / 8);
  let count = popcount(v, firstByte, lastByte);
  const firstNegMask = ~((1 << (8 - (start & 7))) - 1) & 0xff;
  const lastNegMask = (1 << (7 - (end & 7))) - 1;
  count -= POPCOUNT[v.charCodeAt(firstByte) & firstNegMask] + POPCOUNT[v.charCodeAt(lastByte) & lastNegMask];
  ctx.reply.integer(count);
}

function popcount(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i <= to; i++) n += POPCOUNT[s.charCodeAt(i)];
  return n;
}

function bitposCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const bit = parseInt64(argv[2]);
  if (bit === null) { ctx.reply.error(ERR_NOT_INTEGER); return; }
  if (bit !== 0 && bit !== 1) { ctx.reply.error('ERR The bit argument must be 1 or 0.'); return; }
  // As BITCOUNT: Redis 7.x answers for a missing key before parsing the range.
  const v = ctx.db.lookupRead(argv[1]);
  if (v === undefined) { ctx.reply.integer(bit ? -1 : 0); return; }
  if (typeof v !== 'string') { ctx.reply.error(ERR_WRONGTYPE); return; }
  let start = 0, end = 0, isBit = false, endGiven = false;
  const ranged = argv.length >= 4 && argv.length <= 6;
  if (ranged) {
    const s = parseInt64(argv[3]);
    if (s === null) { ctx.reply.error(ERR_NOT_INTEGER); return; }
    start = s;
    if (argv.length === 6) {
      const u = unitArg(ctx, argv[5]);
      if (u === null) return;
      isBit = u;
    }
    if (argv.length >= 5) {
      const e = parseInt64(argv[4]);
      if (e === null) { ctx.reply.error(ERR_NOT_INTEGER); return; }
      end = e;
      endGiven = true;
    }
  } else if (argv.length !== 3) {
    ctx.reply.error(ERR_SYNTAX);
    return;
  }
  // Work in bit positions: [startBit, endBit] inclusive.
  let startBit: number, endBit: number;
  if (ranged) {
    const total = isBit ? v.length * 8 : v.length;
    if (!endGiven) end = total - 1;
    [start, end] = clampRange(start, end, total);
    if (start > end) { ctx.reply.integer(-1); return; }
    startBit = isBit ? start : start * 8;
    endBit = isBit ? end : end * 8 + 7;
  } else {
    if (v.length === 0) { ctx.reply.integer(-1); return; }
    startBit = 0;
    endBit = v.length * 8 - 1;
  }
  const pos = findBit(v, startBit, endBit, bit);
  if (pos >= 0) { ctx.reply.integer(pos); return; }
  // Not found. Looking for 0 without an explicit end: the string is seen as zero-padded on
  // the right, so the answer is the first bit after the last byte of the range.
  if (bit === 0 && !endGiven) ctx.reply.integer((Math.floor(endBit / 8) + 1) * 8);
  else ctx.reply.integer(-1);
}

/** First bit position in [from, to] whose value is `bit`, or -1. */
function findBit(s: string, from: number, to: number, bit: number): number {
  const skipByte = bit ? 0x00 : 0xff;
  let i = from;
  while (i <= to) {
    if ((i & 7) === 0 && i + 7 <= to && s.charCodeAt(i >>> 3) === skipByte) { i += 8; continue; }
    const b = (s.charCodeAt(i >>> 3) >> (7 - (i & 7))) & 1;
    if (b === bit) return i;
    i++;
  }
  return -1;
}

function bitopCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const op = argv[1].toLowerCase();
  if (op !== 'and' && op !== 'or' && op !== 'xor' && op !== 'not') { ctx.reply.error(ERR_SYNTAX); return; }
  if (op === 'not' && argv.length !== 4) {
    ctx.reply.error('ERR BITOP NOT must be called with a single source key.');
    return;
  }
  const db = ctx.db;
  const target = argv[2];
  const sources: string[] = [];
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const v = db.lookupRead(argv[j]);
    if (v === undefined) { sources.push(''); continue; }
    if (typeof v !== 'string') { ctx.reply.error(ERR_WRONGTYPE); return; }
    sources.push(v);
    if (v.length > maxlen) maxlen = v.length;
  }
  if (maxlen > 0) {
    const out = new Uint8Array(maxlen);
    const first = sources[0];
    for (let i = 0; i < maxlen; i++) out[i] = i < first.length ? first.charCodeAt(i) : 0;
    if (op === 'not') {
      for (let i = 0; i < maxlen; i++) out[i] = ~out[i] & 0xff;
    } else {
      for (let k = 1; k < sources.length; k++) {
        const src = sources[k];
        for (let i = 0; i < maxlen; i++) {
          const b = i < src.length ? src.charCodeAt(i) : 0;
          if (op === 'and') out[i] &= b;
          else if (op === 'or') out[i] |= b;
          else out[i] ^= b;
        }
      }
    }
    db.set(target, Buffer.from(out.buffer, out.byteOffset, out.length).toString('latin1'));
    db.setEncodingHint(target, 'raw');
    ctx.keyspace.dirty++;
    notify(ctx, NOTIFY_STRING, 'set', target);
  } else if (db.delete(target)) {
    ctx.keyspace.dirty++;
    notify(ctx, NOTIFY_GENERIC, 'del', target);
  }
  ctx.reply.integer(maxlen);
}


// ---- BITFIELD ------------------------------------------------------------------------------

const ERR_BITFIELD_TYPE = 'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';
const OW_WRAP = 0, OW_SAT = 1, OW_FAIL = 2;
const OP_GET = 0, OP_SET = 1, OP_INCRBY = 2;

interface BitfieldOp { op: number; offset: number; value: bigint; signed: boolean; bits: number; overflow: number }

/** The `bits`-wide field at bit `offset` of bytes, as an unsigned BigInt (bits past the end are 0). */
function readField(bytes: Uint8Array, offset: number, bits: number): bigint {
  let v = 0n;
  for (let j = 0; j < bits; j++) {
    const pos = offset + j;
    const byte = pos >>> 3;
    const bit = byte < bytes.length ? (bytes[byte] >> (7 - (pos & 7))) & 1 : 0;
    v = (v << 1n) | BigInt(bit);
  }
  return v;
}

function writeField(bytes: Uint8Array, offset: number, bits: number, value: bigint): void {
  const u = BigInt.asUintN(bits, value);
  for (let j = 0; j < bits; j++) {
    const pos = offset + j;
    const bit = Number((u >> BigInt(bits - 1 - j)) & 1n);
    const mask = 1 << (7 - (pos & 7));
    if (bit) bytes[pos >>> 3] |= mask; else bytes[pos >>> 3] &= ~mask;
  }
}

/**
 * checkUnsignedBitfieldOverflow / checkSignedBitfieldOverflow: 0 when value+incr fits, else
 * 1 (over) or -1 (under) and the replacement value for WRAP/SAT in limit[0].
 */
function fieldOverflow(value: bigint, incr: bigint, bits: number, signed: boolean, owtype: number, limit: bigint[]): number {
  if (!signed) {
    const max = (1n << BigInt(bits)) - 1n;
    if (value > max || (incr > 0n && incr > max - value)) {
      if (owtype === OW_WRAP) limit[0] = BigInt.asUintN(bits, value + incr);
      else if (owtype === OW_SAT) limit[0] = max;
      return 1;
    }
    if (incr < 0n && incr < -value) {
      if (owtype === OW_WRAP) limit[0] = BigInt.asUintN(bits, value + incr);
      else if (owtype === OW_SAT) limit[0] = 0n;
      return -1;
    }
    return 0;
  }
  const max = (1n << BigInt(bits - 1)) - 1n;
  const min = -max - 1n;
  // As in C, maxincr/minincr are computed in wrapping 64-bit arithmetic.
  const maxincr = BigInt.asIntN(64, max - value);
  const minincr = BigInt.asIntN(64, min - value);
  if (value > max || (bits !== 64 && incr > maxincr) || (value >= 0n && incr > 0n && incr > maxincr)) {
    if (owtype === OW_WRAP) limit[0] = BigInt.asIntN(bits, value + incr);
    else if (owtype === OW_SAT) limit[0] = max;
    return 1;
  }
  if (value < min || (bits !== 64 && incr < minincr) || (value < 0n && incr < 0n && incr < minincr)) {
    if (owtype === OW_WRAP) limit[0] = BigInt.asIntN(bits, value + incr);
    else if (owtype === OW_SAT) limit[0] = min;
    return -1;
  }
  return 0;
}

function bitfieldGeneric(ctx: CommandContext, readonlyCommand: boolean): void {
  const argv = ctx.argv;
  const ops: BitfieldOp[] = [];
  let owtype = OW_WRAP;
  let readonly = true;
  let highestWrite = 0;
  for (let j = 2; j < argv.length; j++) {
    const remaining = argv.length - j - 1;
    const sub = argv[j].toLowerCase();
    let op: number;
    if (sub === 'get' && remaining >= 2) op = OP_GET;
    else if (sub === 'set' && remaining >= 3) op = OP_SET;
    else if (sub === 'incrby' && remaining >= 3) op = OP_INCRBY;
    else if (sub === 'overflow' && remaining >= 1) {
      const t = argv[++j].toLowerCase();
      if (t === 'wrap') owtype = OW_WRAP;
      else if (t === 'sat') owtype = OW_SAT;
      else if (t === 'fail') owtype = OW_FAIL;
      else { ctx.reply.error('ERR Invalid OVERFLOW type specified'); return; }
      continue;
    } else {
      ctx.reply.error(ERR_SYNTAX);
      return;
    }
    // getBitfieldTypeFromArgument
    const type = argv[j + 1];
    const signed = type.charCodeAt(0) === 105; // 'i'
    const bitsN = type.charCodeAt(0) === 105 || type.charCodeAt(0) === 117 ? parseInt64(type.slice(1)) : null;
    if (bitsN === null || bitsN < 1 || (signed && bitsN > 64) || (!signed && bitsN > 63)) {
      ctx.reply.error(ERR_BITFIELD_TYPE);
      return;
    }
    const bits = bitsN;
    // getBitOffsetFromArgument with '#' meaning "in units of the type's width"
    const offArg = argv[j + 2];
    const byWidth = offArg.charCodeAt(0) === 35;
    let offset = parseInt64(byWidth ? offArg.slice(1) : offArg);
    if (offset !== null && byWidth) offset *= bits;
    if (offset === null || offset < 0 || Math.floor(offset / 8) >= protoMaxBulkLen(ctx) ||
        Math.floor(offset / 8) >= MAX_STRING_LENGTH) {
      ctx.reply.error(ERR_BIT_OFFSET);
      return;
    }
    let value = 0n;
    if (op !== OP_GET) {
      readonly = false;
      if (offset + bits - 1 > highestWrite) highestWrite = offset + bits - 1;
      const v = parseInt64Big(argv[j + 3]);
      if (v === null) { ctx.reply.error(ERR_NOT_INTEGER); return; }
      value = v;
    }
    ops.push({ op, offset, value, signed, bits, overflow: owtype });
    j += op === OP_GET ? 2 : 3;
  }
  if (!readonly && readonlyCommand) {
    ctx.reply.error('ERR BITFIELD_RO only supports the GET subcommand');
    return;
  }
  const db = ctx.db;
  const key = argv[1];
  const current = readonly ? db.lookupRead(key) : db.lookupWrite(key);
  if (current !== undefined && typeof current !== 'string') { ctx.reply.error(ERR_WRONGTYPE); return; }
  let bytes: Uint8Array;
  const old = current ?? '';
  let grown = current === undefined;
  if (readonly) {
    bytes = Buffer.from(old, 'latin1');
  } else {
    const needed = (highestWrite >>> 3) + 1;
    bytes = new Uint8Array(Math.max(old.length, needed));
    bytes.set(Buffer.from(old, 'latin1'));
    if (needed > old.length) grown = true;
  }
  let changes = 0;
  const limit: bigint[] = [0n];
  const reply = ctx.reply;
  reply.arrayLen(ops.length);
  for (const o of ops) {
    const raw = readField(bytes, o.offset, o.bits);
    const oldVal = o.signed ? BigInt.asIntN(o.bits, raw) : raw;
    if (o.op === OP_GET) { reply.integer(oldVal); continue; }
    let newVal: bigint, ret: bigint, overflow: number;
    if (o.op === OP_INCRBY) {
      overflow = fieldOverflow(oldVal, o.value, o.bits, o.signed, o.overflow, limit);
      newVal = overflow ? limit[0] : oldVal + o.value;
      ret = newVal;
    } else {
      // SET: an unsigned field sees the 64-bit two's complement of a negative value.
      const v = o.signed ? o.value : BigInt.asUintN(64, o.value);
      overflow = fieldOverflow(v, 0n, o.bits, o.signed, o.overflow, limit);
      newVal = overflow ? limit[0] : v;
      ret = oldVal;
    }
    if (overflow && o.overflow === OW_FAIL) { reply.bulk(null); continue; }
    reply.integer(ret);
    writeField(bytes, o.offset, o.bits, newVal);
    if (grown || oldVal !== newVal) changes++;
  }
  if (!readonly && (changes > 0 || grown)) {
    const next = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
    if (current === undefined) db.add(key, next);
    else db.overwrite(key, next);
    ctx.keyspace.dirty += changes;
  }
  if (changes > 0) notify(ctx, NOTIFY_STRING, 'setbit', key);
  if (!readonly) db.setEncodingHint(key, 'raw');
}

function bitfieldCommand(ctx: CommandContext): void { bitfieldGeneric(ctx, false); }
function bitfieldRoCommand(ctx: CommandContext): void { bitfieldGeneric(ctx, true); }

const K1 = { lastKey: 0, keyStep: 1, limit: 0 };

export const commands: CommandSpec[] = [
  {
    name: 'setbit', arity: 4, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, keyStep: 1,
    categories: ['write', 'bitmap', 'slow'],
    keySpecs: [{ flags: ['RW', 'access', 'update'], beginSearch: { index: 1 }, findKeys: K1 }],
    handler: setbitCommand,
  },
  {
    name: 'getbit', arity: 3, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, keyStep: 1,
    categories: ['read', 'bitmap', 'fast'],
    keySpecs: [{ flags: ['RO', 'access'], beginSearch: { index: 1 }, findKeys: K1 }],
    handler: getbitCommand,
  },
  {
    name: 'bitcount', arity: -2, flags: ['readonly'], firstKey: 1, lastKey: 1, keyStep: 1,
    categories: ['read', 'bitmap', 'slow'],
    keySpecs: [{ flags: ['RO', 'access'], beginSearch: { index: 1 }, findKeys: K1 }],
    handler: bitcountCommand,
  },
  {
    name: 'bitpos', arity: -3, flags: ['readonly'], firstKey: 1, lastKey: 1, keyStep: 1,
    categories: ['read', 'bitmap', 'slow'],
    keySpecs: [{ flags: ['RO', 'access'], beginSearch: { index: 1 }, findKeys: K1 }],
    handler: bitposCommand,
  },
  {
    name: 'bitop', arity: -4, flags: ['write', 'denyoom'], firstKey: 2, lastKey: -1, keyStep: 1,
    categories: ['write', 'bitmap', 'slow'],
    keySpecs: [
      { flags: ['OW', 'update'], beginSearch: { index: 2 }, findKeys: K1 },
      { flags: ['RO', 'access'], beginSearch: { index: 3 }, findKeys: { lastKey: -1, keyStep: 1, limit: 0 } },
    ],
    handler: bitopCommand,
  },
  {
    name: 'bitfield', arity: -2, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, keyStep: 1,
    categories: ['write', 'bitmap', 'slow'],
    keySpecs: [{ notes: 'This command allows both access and modification of the key', flags: ['RW', 'access', 'update', 'variable_flags'], beginSearch: { index: 1 }, findKeys: K1 }],
    handler: bitfieldCommand,
  },
  {
    name: 'bitfield_ro', arity: -2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, keyStep: 1,
    categories: ['read', 'bitmap', 'fast'],
    keySpecs: [{ flags: ['RO', 'access'], beginSearch: { index: 1 }, findKeys: K1 }],
    handler: bitfieldRoCommand,
  },
];

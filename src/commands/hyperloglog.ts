// HyperLogLog commands (Redis's hyperloglog.c): PFADD, PFCOUNT, PFMERGE. The value is a
// string in Redis's HLL layout (src/store/hll.ts), so GET/SET/DUMP-style access and TYPE see a
// string, as in Redis.

import type { CommandContext, CommandSpec } from './types';
import { notify, NOTIFY_STRING } from './notify';
import { ERR_WRONGTYPE } from './util';
import { keySpec } from './type-helpers';
import {
  isHllString, loadHll, forget, remember, encodeHll, emptyHll, hllAdd, hllCount, invalidateCache,
  storeCachedCount, mergeInto, raiseTo, describeSparse, decodeHll, HLL_REGISTERS, type HllValue,
} from '../store/hll';

const ERR_NOT_HLL = 'WRONGTYPE Key is not a valid HyperLogLog string value.';
const ERR_INVALID_HLL = 'INVALIDOBJ Corrupted HLL object detected';

function sparseMaxBytes(ctx: CommandContext): number {
  const v = Number(ctx.engine.config.get('hll-sparse-max-bytes') ?? 3000);
  return Number.isFinite(v) && v >= 0 ? v : 3000;
}

/**
 * isHLLObjectOrReply: the HLL string, undefined when the key is missing, or null after
 * replying an error.
 */
function lookupHllString(ctx: CommandContext, key: string, write: boolean): string | undefined | null {
  const v = write ? ctx.db.lookupWrite(key) : ctx.db.lookupRead(key);
  if (v === undefined) return undefined;
  if (typeof v !== 'string') { ctx.reply.error(ERR_WRONGTYPE); return null; }
  if (!isHllString(v)) { ctx.reply.error(ERR_NOT_HLL); return null; }
  return v;
}

/** The decoded registers of an HLL string, or null after replying INVALIDOBJ. */
function decodeOrReply(ctx: CommandContext, s: string): HllValue | null {
  const h = loadHll(s);
  if (h === null) ctx.reply.error(ERR_INVALID_HLL);
  return h;
}

/** Stores a changed HLL value under key (the old string's cache entry was forgotten). */
function storeHll(ctx: CommandContext, key: string, h: HllValue, created: boolean): void {
  const text = encodeHll(h, sparseMaxBytes(ctx));
  remember(text, h);
  if (created) ctx.db.add(key, text); else ctx.db.overwrite(key, text);
}

function pfaddCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const key = argv[1];
  const old = lookupHllString(ctx, key, true);
  if (old === null) return;
  let h: HllValue | null;
  let updated = 0;
  if (old === undefined) {
    h = emptyHll();
    updated++;
  } else {
    h = decodeOrReply(ctx, old);
    if (h === null) return;
  }
  for (let j = 2; j < argv.length; j++) if (hllAdd(h, argv[j])) updated++;
  if (updated > 0) {
    // The decoded value changed: it must no longer answer for the old string.
    if (old !== undefined) forget(old);
    invalidateCache(h);
    storeHll(ctx, key, h, old === undefined);
    ctx.keyspace.dirty += updated;
    notify(ctx, NOTIFY_STRING, 'pfadd', key);
  }
  ctx.reply.integer(updated > 0 ? 1 : 0);
}

/**
 * The register-wise maximum of the HLLs at argv[1..] (missing keys count as empty), as
 * PFCOUNT of several keys and PFMERGE build it; anyDense when one of them was dense.
 * null after replying an error (wrong type, invalid HLL).
 */
function unionOfKeys(ctx: CommandContext, argv: string[]): { max: Uint8Array; anyDense: boolean } | null {
  const max = new Uint8Array(HLL_REGISTERS);
  let anyDense = false;
  for (let j = 1; j < argv.length; j++) {
    const s = lookupHllString(ctx, argv[j], false);
    if (s === null) return null;
    if (s === undefined) continue;
    const h = decodeOrReply(ctx, s);
    if (h === null) return null;
    if (h.dense) anyDense = true;
    mergeInto(max, h.registers);
  }
  return { max, anyDense };
}

function pfcountCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  if (argv.length > 2) {
    const union = unionOfKeys(ctx, argv);
    if (union === null) return;
    ctx.reply.integer(hllCount(union.max));
    return;
  }
  const key = argv[1];
  const s = lookupHllString(ctx, key, false); // a read lookup, as Redis (keymiss, miss stats)
  if (s === null) return;
  if (s === undefined) { ctx.reply.integer(0); return; }
  // A valid cached cardinality is answered without looking at the registers (as Redis).
  if ((s.charCodeAt(15) & 0x80) === 0) {
    let v = 0;
    for (let i = 15; i >= 8; i--) v = v * 256 + s.charCodeAt(i);
    ctx.reply.integer(v);
    return;
  }
  const h = decodeOrReply(ctx, s);
  if (h === null) return;
  forget(s);
  const card = hllCount(h.registers);
  storeCachedCount(h, card);
  // The cached cardinality lives in the string: store it back (Redis propagates this too).
  storeHll(ctx, key, h, false);
  ctx.keyspace.dirty++;
  ctx.reply.integer(card);
}

function pfmergeCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const union = unionOfKeys(ctx, argv);
  if (union === null) return;
  const dstKey = argv[1];
  const old = lookupHllString(ctx, dstKey, true);
  if (old === null) return;
  let dst: HllValue | null;
  if (old === undefined) dst = emptyHll();
  else {
    dst = decodeOrReply(ctx, old);
    if (dst === null) return;
    forget(old);
  }
  if (union.anyDense) dst.dense = true;
  raiseTo(dst, union.max);
  invalidateCache(dst);
  storeHll(ctx, dstKey, dst, old === undefined);
  ctx.keyspace.dirty++;
  notify(ctx, NOTIFY_STRING, 'pfadd', dstKey);
  ctx.reply.status('OK');
}

/** PFDEBUG GETREG|DECODE|ENCODING|TODENSE key (hyperloglog.c's debugging command). */
function pfdebugCommand(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  const sub = argv[1].toLowerCase();
  const key = argv[2];
  const s = lookupHllString(ctx, key, true);
  if (s === null) return;
  if (s === undefined) { reply.error('ERR The specified key does not exist'); return; }
  const known = sub === 'getreg' || sub === 'decode' || sub === 'encoding' || sub === 'todense';
  if (!known) { reply.error(`ERR Unknown PFDEBUG subcommand '${argv[1]}'`); return; }
  const sparse = s.charCodeAt(4) === 1;
  if (sub === 'encoding') { reply.status(sparse ? 'sparse' : 'dense'); return; }
  if (sub === 'decode') {
    const text = describeSparse(s);
    if (text === null) { reply.error('ERR HLL encoding is not sparse'); return; }
    reply.bulk(text);
    return;
  }
  // GETREG and TODENSE turn a sparse value dense (hllSparseToDense), as Redis does.
  let h: HllValue | null = null;
  if (sparse) {
    h = decodeOrReply(ctx, s);
    if (h === null) return;
    h.dense = true;
    forget(s);
    storeHll(ctx, key, h, false);
    ctx.keyspace.dirty++;
  }
  if (sub === 'todense') { reply.integer(sparse ? 1 : 0); return; }
  if (h === null) { h = decodeOrReply(ctx, s); if (h === null) return; }
  reply.arrayLen(HLL_REGISTERS);
  for (let r = 0; r < HLL_REGISTERS; r++) reply.integer(h.registers[r]);
}

/**
 * PFSELFTEST: Redis checks its register access and its estimator; this checks that both
 * encodings of random register sets decode to the same registers and count the same.
 */
function pfselftestCommand(ctx: CommandContext): void {
  let seed = 12345;
  const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed; };
  for (let round = 0; round < 64; round++) {
    const h = emptyHll();
    const n = round < 32 ? round * 20 : 1000 + round * 500;
    for (let i = 0; i < n; i++) hllAdd(h, `e${random()}`);
    const sparse = encodeHll({ ...h, dense: false, packed: null }, 1 << 30);
    const dense = encodeHll({ ...h, dense: true, packed: null });
    const a = decodeHll(sparse), b = decodeHll(dense);
    const same = a !== null && b !== null && a.registers.every((v, i) => v === b.registers[i] && v === h.registers[i]);
    if (!same || hllCount(a!.registers) !== hllCount(b!.registers)) {
      ctx.reply.error(`TESTFAILED sparse and dense encodings disagree (round ${round})`);
      return;
    }
  }
  ctx.reply.status('OK');
}

export const commands: CommandSpec[] = [
  {
    name: 'pfadd', arity: -2, flags: ['write', 'denyoom', 'fast'], categories: ['write', 'hyperloglog', 'fast'],
    firstKey: 1, lastKey: 1, keyStep: 1, keySpecs: [keySpec(['RW', 'insert'], 1)], handler: pfaddCommand,
  },
  {
    name: 'pfcount', arity: -2, flags: ['readonly', 'may_replicate'], categories: ['read', 'hyperloglog', 'slow'],
    firstKey: 1, lastKey: -1, keyStep: 1, keySpecs: [keySpec(['RW', 'access'], 1, -1)], handler: pfcountCommand,
  },
  {
    name: 'pfmerge', arity: -2, flags: ['write', 'denyoom'], categories: ['write', 'hyperloglog', 'slow'],
    firstKey: 1, lastKey: -1, keyStep: 1,
    keySpecs: [keySpec(['RW', 'access', 'insert'], 1), keySpec(['RO', 'access'], 2, -1)], handler: pfmergeCommand,
  },
  {
    name: 'pfdebug', arity: 3, flags: ['write', 'denyoom', 'admin'], categories: ['write', 'hyperloglog', 'admin', 'slow', 'dangerous'],
    firstKey: 2, lastKey: 2, keyStep: 1, keySpecs: [keySpec(['RW', 'access'], 2)], handler: pfdebugCommand,
  },
  {
    name: 'pfselftest', arity: 1, flags: ['admin'], categories: ['hyperloglog', 'admin', 'slow', 'dangerous'],
    firstKey: 0, lastKey: 0, keyStep: 0, handler: pfselftestCommand,
  },
];

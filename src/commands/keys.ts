// Generic key commands (Redis's db.c / expire.c / object.c): DEL, EXISTS, TYPE, KEYS, SCAN,
// RANDOMKEY, RENAME, COPY, TOUCH, OBJECT, the EXPIRE family, TTL family, PERSIST.

import type { CommandContext, CommandSpec, KeySpec } from './types';
import type { Database } from '../store/keyspace';
import { stringEncoding, isCanonicalInteger, typeName, type Value } from '../store/object';
import { compileMatcher } from '../store/glob';
import {
  ERR_SYNTAX, ERR_NOT_INTEGER, ERR_NO_SUCH_KEY, ERR_SAME_OBJECT, ERR_DB_INDEX,
  errInvalidExpire, parseInt64, parseInt64Big, int32Arg, INT64_MAX, INT64_MIN,
} from './util';
import { notify, NOTIFY_GENERIC } from './notify';
import { freedLazily } from '../store/lazyfree';

// ---- existence and deletion ---------------------------------------------------------------

function delCommand(ctx: CommandContext): void {
  deleteKeys(ctx, ctx.keyspace.lazyUserDel);
}

function unlinkCommand(ctx: CommandContext): void {
  deleteKeys(ctx, true);
}

/** delGenericCommand: DEL, or UNLINK (lazy: big values count as freed by the lazy free thread). */
function deleteKeys(ctx: CommandContext, lazy: boolean): void {
  const argv = ctx.argv;
  const db = ctx.db;
  let deleted = 0;
  for (let j = 1; j < argv.length; j++) {
    const key = argv[j];
    if (db.expires.size !== 0 && db.expireIfNeeded(key)) continue;
    const value = lazy ? db.peek(key) : undefined;
    if (db.delete(key)) {
      deleted++;
      if (value !== undefined && freedLazily(value)) ctx.keyspace.stats.lazyfreedObjects++;
      notify(ctx, NOTIFY_GENERIC, 'del', key);
    }
  }
  ctx.keyspace.dirty += deleted;
  ctx.reply.integer(deleted);
}

function existsCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  let count = 0;
  for (let j = 1; j < argv.length; j++) if (ctx.db.exists(argv[j])) count++;
  ctx.reply.integer(count);
}

function touchCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  let count = 0;
  for (let j = 1; j < argv.length; j++) if (ctx.db.lookupRead(argv[j]) !== undefined) count++;
  ctx.reply.integer(count);
}

function typeCommand(ctx: CommandContext): void {
  const v = ctx.db.lookupNoTouch(ctx.argv[1]);
  ctx.reply.status(v === undefined ? 'none' : typeName(v));
}

// ---- KEYS, SCAN, RANDOMKEY ----------------------------------------------------------------

function keysCommand(ctx: CommandContext): void {
  const db = ctx.db;
  const match = compileMatcher(ctx.argv[1]);
  const keys = db.allKeys();
  const out: string[] = [];
  const hasExpires = db.expires.size !== 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (match(key) && !(hasExpires && db.isExpired(key))) out.push(key);
  }
  ctx.reply.arrayLen(out.length);
  for (const k of out) ctx.reply.bulk(k);
}

/** The reply of SCAN and HSCAN/SSCAN/ZSCAN: the next cursor, then the elements found. */
export function replyScan(ctx: CommandContext, cursor: string, items: readonly string[]): void {
  ctx.reply.arrayLen(2);
  ctx.reply.bulk(cursor);
  ctx.reply.arrayLen(items.length);
  for (const s of items) ctx.reply.bulk(s);
}

/**
 * parseScanCursorOrReply: strtoul(s, 10) must consume the whole string, no leading space, no
 * overflow. A negative number wraps as in C. Returns the cursor or null after replying.
 */
export function parseScanCursor(ctx: CommandContext, s: string): number | null {
  if (s === '') return 0;
  if (!/^[+-]?\d+$/.test(s)) { ctx.reply.error('ERR invalid cursor'); return null; }
  const v = BigInt(s.replace(/^\+/, ''));
  const mag = v < 0n ? -v : v;
  if (mag > 18446744073709551615n) { ctx.reply.error('ERR invalid cursor'); return null; }
  const wrapped = v < 0n ? (18446744073709551616n - mag) % 18446744073709551616n : v;
  return wrapped > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(wrapped);
}

function scanCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const cursor = parseScanCursor(ctx, argv[1]);
  if (cursor === null) return;
  let count = 10;
  let pattern: string | null = null;
  let type: string | null = null;
  for (let i = 2; i < argv.length;) {
    const opt = argv[i].toLowerCase();
    const left = argv.length - i;
    if (opt === 'count' && left >= 2) {
      const n = parseInt64(argv[i + 1]);
      if (n === null) { ctx.reply.error(ERR_NOT_INTEGER); return; }
      if (n < 1) { ctx.reply.error(ERR_SYNTAX); return; }
      count = n;
      i += 2;
    } else if (opt === 'match' && left >= 2) {
      pattern = argv[i + 1] === '*' ? null : argv[i + 1];
      i += 2;
    } else if (opt === 'type' && left >= 2) {
      type = argv[i + 1];
      i += 2;
    } else {
      ctx.reply.error(ERR_SYNTAX);
      return;
    }
  }
  const match = pattern === null ? null : compileMatcher(pattern);
  const typeLower = type === null ? null : type.toLowerCase();
  const found: string[] = [];
  const next = ctx.db.scan(cursor, count, (key, value) => {
    if (match !== null && !match(key)) return;
    if (typeLower !== null && typeName(value) !== typeLower) return;
    found.push(key);
  });
  replyScan(ctx, String(next), found);
}

function randomkeyCommand(ctx: CommandContext): void {
  ctx.reply.bulk(ctx.db.randomKey());
}

// ---- RENAME, COPY -------------------------------------------------------------------------

function renameGeneric(ctx: CommandContext, nx: boolean): void {
  const [, src, dst] = ctx.argv;
  const db = ctx.db;
  const v = db.lookupWrite(src);
  if (v === undefined) { ctx.reply.error(ERR_NO_SUCH_KEY); return; }
  if (src === dst) {
    if (nx) ctx.reply.integer(0); else ctx.reply.status('OK');
    return;
  }
  const expire = db.getExpire(src);
  if (db.lookupWrite(dst) !== undefined) {
    if (nx) { ctx.reply.integer(0); return; }
    db.delete(dst);
  }
  const hint = db.encodingHint(src);
  db.add(dst, v);
  if (expire !== -1) db.setExpire(dst, expire);
  if (hint !== undefined) db.setEncodingHint(dst, hint);
  db.delete(src);
  ctx.keyspace.dirty++;
  notify(ctx, NOTIFY_GENERIC, 'rename_from', src);
  notify(ctx, NOTIFY_GENERIC, 'rename_to', dst);
  if (nx) ctx.reply.integer(1); else ctx.reply.status('OK');
}

function renameCommand(ctx: CommandContext): void { renameGeneric(ctx, false); }
function renamenxCommand(ctx: CommandContext): void { renameGeneric(ctx, true); }

function copyCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  const [, src, dstKey] = argv;
  let replace = false;
  let dst: Database = ctx.db;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const additional = argv.length - j - 1;
    if (opt === 'replace') {
      replace = true;
    } else if (opt === 'db' && additional >= 1) {
      const id = int32Arg(ctx.reply, argv[j + 1]);
      if (id === null) return;
      const target = ctx.keyspace.db(id);
      if (target === undefined || id < 0) { ctx.reply.error(ERR_DB_INDEX); return; }
      dst = target;
      j++;
    } else {
      ctx.reply.error(ERR_SYNTAX);
      return;
    }
  }
  const db = ctx.db;
  if (dst === db && src === dstKey) { ctx.reply.error(ERR_SAME_OBJECT); return; }
  const v = db.lookupRead(src);
  if (v === undefined) { ctx.reply.integer(0); return; }
  const expire = db.getExpire(src);
  if (dst.lookupWrite(dstKey) !== undefined) {
    if (!replace) { ctx.reply.integer(0); return; }
    dst.delete(dstKey);
  }
  dst.add(dstKey, typeof v === 'string' ? v : v.dup());
  if (expire !== -1) dst.setExpire(dstKey, expire);
  const hint = db.encodingHint(src);
  if (hint !== undefined) dst.setEncodingHint(dstKey, hint);
  ctx.keyspace.dirty++;
  // The event names the destination database.
  notify({ ...ctx, db: dst }, NOTIFY_GENERIC, 'copy_to', dstKey);
  ctx.reply.integer(1);
}

// ---- OBJECT -------------------------------------------------------------------------------

const OBJECT_HELP = [
  'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
  'HELP',
  '    Prints this help.',
];

function maxmemoryPolicy(ctx: CommandContext): string {
  return (ctx.engine.config.get('maxmemory-policy') ?? 'noeviction').toLowerCase();
}

function objectEncoding(v: Value): string {
  return typeof v === 'string' ? stringEncoding(v) : v.encoding();
}

/** OBJECT ENCODING of the value stored at key (also for DEBUG OBJECT). */
export function objectEncodingOf(db: Database, key: string, v: Value): string {
  const hint = typeof v === 'string' && v.length <= 44 ? db.encodingHint(key) : undefined;
  return hint ?? objectEncoding(v);
}

function objectLookup(ctx: CommandContext): Value | undefined {
  const v = ctx.db.lookupNoTouch(ctx.argv[2], false);
  if (v === undefined) ctx.reply.bulk(null);
  return v;
}

function objectEncodingCommand(ctx: CommandContext): void {
  const v = objectLookup(ctx);
  if (v !== undefined) ctx.reply.bulk(objectEncodingOf(ctx.db, ctx.argv[2], v));
}

function objectRefcountCommand(ctx: CommandContext): void {
  const v = objectLookup(ctx);
  if (v === undefined) return;
  // Redis shares the objects of the integers 0..9999 (OBJ_SHARED_INTEGERS) unless an LRU/LFU
  // policy needs per-key access data; shared objects report INT_MAX.
  const policy = maxmemoryPolicy(ctx);
  const maxmemory = Number(ctx.engine.config.get('maxmemory') ?? '0');
  const noShared = maxmemory !== 0 && (policy.endsWith('-lru') || policy.endsWith('-lfu'));
  if (typeof v === 'string' && !noShared && v.length <= 4 && isCanonicalInteger(v) && v.charCodeAt(0) !== 45) {
    ctx.reply.integer(2147483647);
  } else {
    ctx.reply.integer(1);
  }
}

function objectIdletimeCommand(ctx: CommandContext): void {
  const v = objectLookup(ctx);
  if (v === undefined) return;
  if (maxmemoryPolicy(ctx).endsWith('-lfu')) {
    ctx.reply.error('ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.');
    return;
  }
  ctx.reply.integer(ctx.db.idleSeconds(ctx.argv[2]));
}

function objectFreqCommand(ctx: CommandContext): void {
  const v = objectLookup(ctx);
  if (v === undefined) return;
  if (!maxmemoryPolicy(ctx).endsWith('-lfu')) {
    ctx.reply.error('ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.');
    return;
  }
  ctx.reply.integer(ctx.db.lfuFrequency(ctx.argv[2]));
}

function objectHelpCommand(ctx: CommandContext): void {
  ctx.reply.arrayLen(OBJECT_HELP.length);
  for (const line of OBJECT_HELP) ctx.reply.status(line);
}

/** The container itself is never run by the engine (it resolves subcommands); just in case. */
function objectCommand(ctx: CommandContext): void {
  const sub = ctx.argv[1] ?? '';
  ctx.reply.error(`ERR unknown subcommand '${sub}'. Try OBJECT HELP.`);
}

// ---- EXPIRE family ------------------------------------------------------------------------

const EXPIRE_NX = 1, EXPIRE_XX = 2, EXPIRE_GT = 4, EXPIRE_LT = 8;

/** expireGenericCommand: basetime in ms (0 for the *AT variants), unit seconds or ms. */
function expireGeneric(ctx: CommandContext, basetime: number, seconds: boolean, cmdName: string): void {
  const argv = ctx.argv;
  const key = argv[1];
  let flags = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    if (opt === 'nx') flags |= EXPIRE_NX;
    else if (opt === 'xx') flags |= EXPIRE_XX;
    else if (opt === 'gt') flags |= EXPIRE_GT;
    else if (opt === 'lt') flags |= EXPIRE_LT;
    else { ctx.reply.error(`ERR Unsupported option ${argv[j]}`); return; }
  }
  if ((flags & EXPIRE_NX) && (flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT))) {
    ctx.reply.error('ERR NX and XX, GT or LT options at the same time are not compatible');
    return;
  }
  if ((flags & EXPIRE_GT) && (flags & EXPIRE_LT)) {
    ctx.reply.error('ERR GT and LT options at the same time are not compatible');
    return;
  }
  const param = parseInt64Big(argv[2]);
  if (param === null) { ctx.reply.error(ERR_NOT_INTEGER); return; }
  let when = param;
  if (seconds) {
    if (when > INT64_MAX / 1000n || when < INT64_MIN / 1000n) {
      ctx.reply.error(errInvalidExpire(cmdName));
      return;
    }
    when *= 1000n;
  }
  const base = BigInt(basetime);
  if (when > INT64_MAX - base) { ctx.reply.error(errInvalidExpire(cmdName)); return; }
  when += base;
  const db = ctx.db;
  if (db.lookupWrite(key) === undefined) { ctx.reply.integer(0); return; }
  if (flags) {
    const current = db.getExpire(key);
    if ((flags & EXPIRE_NX) && current !== -1) { ctx.reply.integer(0); return; }
    if ((flags & EXPIRE_XX) && current === -1) { ctx.reply.integer(0); return; }
    if ((flags & EXPIRE_GT) && (when <= BigInt(current) || current === -1)) { ctx.reply.integer(0); return; }
    if ((flags & EXPIRE_LT) && current !== -1 && when >= BigInt(current)) { ctx.reply.integer(0); return; }
  }
  ctx.keyspace.dirty++;
  if (when <= BigInt(ctx.engine.now())) {
    db.delete(key);
    notify(ctx, NOTIFY_GENERIC, 'del', key);
  } else {
    // Times beyond 2^53 ms (285,000 years) lose precision in a double; they never expire anyway.
    db.setExpire(key, Number(when));
    ctx.keyspace.onModified?.(db, key);
    // Redis replies before this event (expireGenericCommand).
    ctx.reply.integer(1);
    notify(ctx, NOTIFY_GENERIC, 'expire', key);
    return;
  }
  ctx.reply.integer(1);
}

function expireCommand(ctx: CommandContext): void { expireGeneric(ctx, ctx.engine.now(), true, 'expire'); }
function pexpireCommand(ctx: CommandContext): void { expireGeneric(ctx, ctx.engine.now(), false, 'pexpire'); }
function expireatCommand(ctx: CommandContext): void { expireGeneric(ctx, 0, true, 'expireat'); }
function pexpireatCommand(ctx: CommandContext): void { expireGeneric(ctx, 0, false, 'pexpireat'); }

/** ttlGenericCommand(outputMs, outputAbs). */
function ttlGeneric(ctx: CommandContext, outputMs: boolean, outputAbs: boolean): void {
  const key = ctx.argv[1];
  const db = ctx.db;
  if (db.lookupNoTouch(key) === undefined) { ctx.reply.integer(-2); return; }
  const expire = db.getExpire(key);
  if (expire === -1) { ctx.reply.integer(-1); return; }
  let ttl = outputAbs ? expire : expire - ctx.engine.now();
  if (ttl < 0) ttl = 0;
  ctx.reply.integer(outputMs ? ttl : Math.floor((ttl + 500) / 1000));
}

function ttlCommand(ctx: CommandContext): void { ttlGeneric(ctx, false, false); }
function pttlCommand(ctx: CommandContext): void { ttlGeneric(ctx, true, false); }
function expiretimeCommand(ctx: CommandContext): void { ttlGeneric(ctx, false, true); }
function pexpiretimeCommand(ctx: CommandContext): void { ttlGeneric(ctx, true, true); }

function persistCommand(ctx: CommandContext): void {
  const key = ctx.argv[1];
  const db = ctx.db;
  if (db.lookupWrite(key) === undefined) { ctx.reply.integer(0); return; }
  if (db.removeExpire(key)) {
    ctx.keyspace.onModified?.(db, key);
    ctx.keyspace.dirty++;
    notify(ctx, NOTIFY_GENERIC, 'persist', key);
    ctx.reply.integer(1);
  } else {
    ctx.reply.integer(0);
  }
}

// ---- the table rows -----------------------------------------------------------------------

const K1: KeySpec['findKeys'] = { lastKey: 0, keyStep: 1, limit: 0 };
const ALL: KeySpec['findKeys'] = { lastKey: -1, keyStep: 1, limit: 0 };

const objectSub = (name: string, handler: (ctx: CommandContext) => void): CommandSpec => ({
  name: `object|${name}`, arity: 3, flags: ['readonly'], firstKey: 2, lastKey: 2, keyStep: 1,
  categories: ['keyspace', 'read', 'slow'],
  tips: ['nondeterministic_output'],
  keySpecs: [{ flags: ['RO'], beginSearch: { index: 2 }, findKeys: K1 }],
  handler,
});

const expireRow = (name: string, handler: (ctx: CommandContext) => void): CommandSpec => ({
  name, arity: -3, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, keyStep: 1,
  categories: ['keyspace', 'write', 'fast'],
  keySpecs: [{ flags: ['RW', 'update'], beginSearch: { index: 1 }, findKeys: K1 }],
  handler,
});

const ttlRow = (name: string, handler: (ctx: CommandContext) => void): CommandSpec => ({
  name, arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, keyStep: 1,
  categories: ['keyspace', 'read', 'fast'],
  ...(name.endsWith('ttl') ? { tips: ['nondeterministic_output'] } : {}),
  keySpecs: [{ flags: ['RO', 'access'], beginSearch: { index: 1 }, findKeys: K1 }],
  handler,
});

export const commands: CommandSpec[] = [
  {
    name: 'del', arity: -2, flags: ['write'], firstKey: 1, lastKey: -1, keyStep: 1,
    categories: ['keyspace', 'write', 'slow'],
    tips: ['request_policy:multi_shard', 'response_policy:agg_sum'],
    keySpecs: [{ flags: ['RM', 'delete'], beginSearch: { index: 1 }, findKeys: ALL }],
    handler: delCommand,
  },
  {
    name: 'unlink', arity: -2, flags: ['write', 'fast'], firstKey: 1, lastKey: -1, keyStep: 1,
    categories: ['keyspace', 'write', 'fast'],
    tips: ['request_policy:multi_shard', 'response_policy:agg_sum'],
    keySpecs: [{ flags: ['RM', 'delete'], beginSearch: { index: 1 }, findKeys: ALL }],
    handler: unlinkCommand,
  },
  {
    name: 'exists', arity: -2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: -1, keyStep: 1,
    categories: ['keyspace', 'read', 'fast'],
    tips: ['request_policy:multi_shard', 'response_policy:agg_sum'],
    keySpecs: [{ flags: ['RO'], beginSearch: { index: 1 }, findKeys: ALL }],
    handler: existsCommand,
  },
  {
    name: 'type', arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, keyStep: 1,
    categories: ['keyspace', 'read', 'fast'],
    keySpecs: [{ flags: ['RO'], beginSearch: { index: 1 }, findKeys: K1 }],
    handler: typeCommand,
  },
  {
    name: 'keys', arity: 2, flags: ['readonly'], firstKey: 0, lastKey: 0, keyStep: 0,
    categories: ['keyspace', 'read', 'slow', 'dangerous'],
    tips: ['request_policy:all_shards', 'nondeterministic_output_order'],
    handler: keysCommand,
  },
  {
    name: 'scan', arity: -2, flags: ['readonly'], firstKey: 0, lastKey: 0, keyStep: 0,
    categories: ['keyspace', 'read', 'slow'],
    tips: ['nondeterministic_output', 'request_policy:special'],
    handler: scanCommand,
  },
  {
    name: 'randomkey', arity: 1, flags: ['readonly'], firstKey: 0, lastKey: 0, keyStep: 0,
    categories: ['keyspace', 'read', 'slow'],
    tips: ['request_policy:all_shards', 'nondeterministic_output'],
    handler: randomkeyCommand,
  },
  {
    name: 'rename', arity: 3, flags: ['write'], firstKey: 1, lastKey: 2, keyStep: 1,
    categories: ['keyspace', 'write', 'slow'],
    keySpecs: [
      { flags: ['RW', 'access', 'delete'], beginSearch: { index: 1 }, findKeys: K1 },
      { flags: ['OW', 'update'], beginSearch: { index: 2 }, findKeys: K1 },
    ],
    handler: renameCommand,
  },
  {
    name: 'renamenx', arity: 3, flags: ['write', 'fast'], firstKey: 1, lastKey: 2, keyStep: 1,
    categories: ['keyspace', 'write', 'fast'],
    keySpecs: [
      { flags: ['RW', 'access', 'delete'], beginSearch: { index: 1 }, findKeys: K1 },
      { flags: ['OW', 'insert'], beginSearch: { index: 2 }, findKeys: K1 },
    ],
    handler: renamenxCommand,
  },
  {
    name: 'copy', arity: -3, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 2, keyStep: 1,
    categories: ['keyspace', 'write', 'slow'],
    keySpecs: [
      { flags: ['RO', 'access'], beginSearch: { index: 1 }, findKeys: K1 },
      { flags: ['OW', 'update'], beginSearch: { index: 2 }, findKeys: K1 },
    ],
    handler: copyCommand,
  },
  {
    name: 'touch', arity: -2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: -1, keyStep: 1,
    categories: ['keyspace', 'read', 'fast'],
    tips: ['request_policy:multi_shard', 'response_policy:agg_sum'],
    keySpecs: [{ flags: ['RO'], beginSearch: { index: 1 }, findKeys: ALL }],
    handler: touchCommand,
  },
  {
    name: 'object', arity: -2, flags: [], firstKey: 0, lastKey: 0, keyStep: 0,
    categories: ['slow'],
    subcommands: [
      objectSub('freq', objectFreqCommand),
      objectSub('encoding', objectEncodingCommand),
      {
        name: 'object|help', arity: 2, flags: ['loading', 'stale'], firstKey: 0, lastKey: 0, keyStep: 0,
        categories: ['keyspace', 'slow'],
        handler: objectHelpCommand,
      },
      objectSub('idletime', objectIdletimeCommand),
      objectSub('refcount', objectRefcountCommand),
    ],
    handler: objectCommand,
  },
  expireRow('expire', expireCommand),
  expireRow('pexpire', pexpireCommand),
  expireRow('expireat', expireatCommand),
  expireRow('pexpireat', pexpireatCommand),
  ttlRow('ttl', ttlCommand),
  ttlRow('pttl', pttlCommand),
  ttlRow('expiretime', expiretimeCommand),
  ttlRow('pexpiretime', pexpiretimeCommand),
  {
    name: 'persist', arity: 2, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, keyStep: 1,
    categories: ['keyspace', 'write', 'fast'],
    keySpecs: [{ flags: ['RW', 'update'], beginSearch: { index: 1 }, findKeys: K1 }],
    handler: persistCommand,
  },
];


// The blocking commands: BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP,
// XREAD / XREADGROUP with BLOCK, and WAIT.
//
// Each one is its non-blocking twin plus waiting: when a key it names exists, the twin's handler
// (from the list and zset tables) serves it (or fails with WRONGTYPE) on the real reply; XREAD
// runs into a recording reply that is replayed when it found something. Otherwise the client
// blocks (src/server/blocking.ts) and the same attempt runs again whenever a key it waits for
// is written. Where the client may not block
// (inside MULTI/EXEC, in a script, the embedded client) the command answers as if its timeout
// had passed, as Redis does for CLIENT_DENY_BLOCKING clients.

import type { CommandContext, CommandSpec, Reply } from '../../commands/types';
import type { ObjectType } from '../../store/object';
import { commands as listCommands } from '../../commands/lists';
import { commands as zsetCommands } from '../../commands/zsets';
import { commands as streamCommands } from '../../commands/streams';
import { ERR_SYNTAX, ERR_WRONGTYPE, parseInt64 } from '../../commands/util';
import { keySpec, numkeysKeys, mpopArgs } from '../../commands/type-helpers';
import { canBlock, blockClient, type BlockRequest } from '../blocking';

// ---- a reply that records, to replay later ------------------------------------------------

type Op = [method: keyof Reply, arg: unknown];

/** Records the calls a handler makes; replay() sends them to a real sink. */
class RecordingReply implements Reply {
  readonly ops: Op[] = [];
  constructor(readonly resp: 2 | 3) {}
  status(s: string): void { this.ops.push(['status', s]); }
  error(s: string): void { this.ops.push(['error', s]); }
  integer(n: number | bigint): void { this.ops.push(['integer', n]); }
  bulk(s: string | null): void { this.ops.push(['bulk', s]); }
  nullArray(): void { this.ops.push(['nullArray', null]); }
  arrayLen(n: number): void { this.ops.push(['arrayLen', n]); }
  mapLen(n: number): void { this.ops.push(['mapLen', n]); }
  setLen(n: number): void { this.ops.push(['setLen', n]); }
  pushLen(n: number): void { this.ops.push(['pushLen', n]); }
  double(d: number): void { this.ops.push(['double', d]); }
  bool(b: boolean): void { this.ops.push(['bool', b]); }
  bigNumber(digits: string): void { this.ops.push(['bigNumber', digits]); }
  verbatim(format: string, text: string): void { this.ops.push(['verbatim', [format, text]]); }

  replay(to: Reply, from = 0): void {
    const ops = this.ops;
    for (let i = from; i < ops.length; i++) {
      const [m, a] = ops[i];
      if (m === 'verbatim') { const [f, t] = a as [string, string]; to.verbatim(f, t); continue; }
      (to[m] as (x: unknown) => void).call(to, a);
    }
  }

  get first(): Op | undefined { return this.ops[0]; }
  get isError(): boolean { return this.ops.length !== 0 && this.ops[0][0] === 'error'; }
}

function handlerOf(table: readonly CommandSpec[], name: string): CommandSpec['handler'] {
  const spec = table.find((c) => c.name === name);
  if (spec === undefined) throw new Error(`blocking: no '${name}' command to build on`);
  return spec.handler;
}

const lpop = handlerOf(listCommands, 'lpop');
const rpop = handlerOf(listCommands, 'rpop');
const lmove = handlerOf(listCommands, 'lmove');
const lmpop = handlerOf(listCommands, 'lmpop');
const zpopmin = handlerOf(zsetCommands, 'zpopmin');
const zpopmax = handlerOf(zsetCommands, 'zpopmax');
const zmpop = handlerOf(zsetCommands, 'zmpop');
const xreadSpec = streamCommands.find((c) => c.name === 'xread')!;
const xreadgroupSpec = streamCommands.find((c) => c.name === 'xreadgroup')!;

/** Runs a handler with other arguments into a recording reply. */
function record(ctx: CommandContext, handler: CommandSpec['handler'], argv: string[]): RecordingReply {
  const rec = new RecordingReply(ctx.reply.resp);
  handler({ argv, reply: rec, client: ctx.client, db: ctx.db, keyspace: ctx.keyspace, engine: ctx.engine });
  return rec;
}

// ---- timeouts -----------------------------------------------------------------------------

/**
 * getTimeoutFromObjectOrReply(UNIT_SECONDS): a long double of seconds, rounded up to ms.
 * Returns ms, or null after replying the error.
 */
export function secondsTimeoutArg(reply: Reply, s: string): number | null {
  let v: number;
  const lower = s.toLowerCase();
  if (s.length === 0 || /^\s/.test(s) || /\s$/.test(s)) v = NaN;
  else if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') v = Infinity;
  else if (lower === '-inf' || lower === '-infinity') v = -Infinity;
  else v = Number(s);
  if (Number.isNaN(v)) { reply.error('ERR timeout is not a float or out of range'); return null; }
  const ms = v * 1000;
  // Redis 7.0 casts to long long: beyond its range (inf, 1e400) the value turns negative.
  const t = ms >= 9223372036854775807 ? -1 : Math.ceil(ms);
  if (t < 0) { reply.error('ERR timeout is negative'); return null; }
  return t;
}

/** Milliseconds timeout (XREAD BLOCK, WAIT): an int64 >= 0. */
function msTimeoutArg(reply: Reply, s: string): number | null {
  const v = parseInt64(s);
  if (v === null) { reply.error('ERR timeout is not an integer or out of range'); return null; }
  if (v < 0) { reply.error('ERR timeout is negative'); return null; }
  return v;
}

/** Serves now, or blocks, or (may not block) answers the timed-out reply. */
function serveOrBlock(ctx: CommandContext, request: BlockRequest): void {
  if (request.attempt(ctx)) return;
  if (!canBlock(ctx)) { request.timedOut(ctx.reply); return; }
  blockClient(ctx, request);
}

const nullArrayReply = (reply: Reply): void => reply.nullArray();

// ---- BLPOP / BRPOP / BZPOPMIN / BZPOPMAX --------------------------------------------------

/**
 * A reply that drops the first array header and forwards everything else: ZPOPMIN's
 * [member, score] written into BZPOPMIN's [key, member, score].
 */
function withoutFirstHeader(to: Reply): Reply {
  let skipped = false;
  return new Proxy(to, {
    get(target, prop) {
      if (prop === 'arrayLen' && !skipped) return () => { skipped = true; };
      const v = (target as unknown as Record<string | symbol, unknown>)[prop];
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** The first of keys that exists (any type), or null: where a pop family command acts. */
function firstExisting(ctx: CommandContext, keys: readonly string[]): string | null {
  for (const key of keys) if (ctx.db.lookupWrite(key) !== undefined) return key;
  return null;
}

/**
 * BLPOP key [key ...] timeout, and the zset twins: [key, popped...] from the first key that
 * exists. The non-blocking pop runs on the real reply (no recording), so keyspace events
 * follow the reply as in Redis.
 */
function blockingPop(pop: CommandSpec['handler'], name: string, type: ObjectType) {
  return (ctx: CommandContext): void => {
    const argv = ctx.argv;
    const timeoutMs = secondsTimeoutArg(ctx.reply, argv[argv.length - 1]);
    if (timeoutMs === null) return;
    const keys = argv.slice(1, -1);
    serveOrBlock(ctx, {
      keys, type, timeoutMs, timedOut: nullArrayReply,
      attempt(c) {
        const key = firstExisting(c, keys);
        if (key === null) return false;
        const v = c.db.peek(key)!;
        if (typeof v === 'string' || v.type !== type) { c.reply.error(ERR_WRONGTYPE); return true; }
        if (type === 'list') {
          c.reply.arrayLen(2);
          c.reply.bulk(key);
          pop({ ...c, argv: [name, key] });
        } else {
          c.reply.arrayLen(3);
          c.reply.bulk(key);
          pop({ ...c, argv: [name, key], reply: withoutFirstHeader(c.reply) });
        }
        return true;
      },
    });
  };
}

// ---- BLMOVE / BRPOPLPUSH --------------------------------------------------------------------

function whereOk(reply: Reply, s: string): boolean {
  const l = s.toLowerCase();
  if (l === 'left' || l === 'right') return true;
  reply.error(ERR_SYNTAX);
  return false;
}

function blmoveGeneric(ctx: CommandContext, src: string, dst: string, from: string, to: string, timeoutArg: string): void {
  const timeoutMs = secondsTimeoutArg(ctx.reply, timeoutArg);
  if (timeoutMs === null) return;
  const argv = ['lmove', src, dst, from, to];
  const request: BlockRequest = {
    keys: [src], type: 'list', timeoutMs, timedOut: nullArrayReply,
    attempt(c) {
      // A source that exists either serves or fails (WRONGTYPE): LMOVE answers both.
      if (c.db.lookupWrite(src) === undefined) return false;
      lmove({ ...c, argv });
      return true;
    },
  };
  if (request.attempt(ctx)) return;
  // A client that may not block gets a null bulk here (blmoveGenericCommand), not the
  // null array a timed-out blocked client gets.
  if (!canBlock(ctx)) { ctx.reply.bulk(null); return; }
  blockClient(ctx, request);
}

function blmoveCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  if (!whereOk(ctx.reply, argv[3]) || !whereOk(ctx.reply, argv[4])) return;
  blmoveGeneric(ctx, argv[1], argv[2], argv[3], argv[4], argv[5]);
}

function brpoplpushCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  blmoveGeneric(ctx, argv[1], argv[2], 'right', 'left', argv[3]);
}

// ---- BLMPOP / BZMPOP ------------------------------------------------------------------------

function blockingMpop(mpop: CommandSpec['handler'], type: ObjectType, wheres: readonly [string, string]) {
  return (ctx: CommandContext): void => {
    const argv = ctx.argv;
    // The argument checks come first, the timeout after them and before any key (lmpopGenericCommand).
    if (mpopArgs(ctx.reply, argv, 2, wheres) === null) return;
    const timeoutMs = secondsTimeoutArg(ctx.reply, argv[1]);
    if (timeoutMs === null) return;
    const numkeys = Number(argv[2]);
    const inner = [type === 'list' ? 'lmpop' : 'zmpop', ...argv.slice(2)];
    const keys = argv.slice(3, 3 + numkeys);
    serveOrBlock(ctx, {
      keys, type, timeoutMs, timedOut: nullArrayReply,
      attempt(c) {
        // LMPOP/ZMPOP act on the first key that exists (serving, or failing with WRONGTYPE).
        if (firstExisting(c, keys) === null) return false;
        mpop({ ...c, argv: inner });
        return true;
      },
    });
  };
}

// ---- XREAD / XREADGROUP BLOCK --------------------------------------------------------------

/** The BLOCK argument's index in an XREAD/XREADGROUP call, or -1 (options end at STREAMS). */
function blockArgIndex(argv: string[]): number {
  for (let i = 1; i < argv.length - 1; i++) {
    const a = argv[i].toLowerCase();
    if (a === 'streams') return -1;
    if (a === 'block') return i + 1;
    if (a === 'count') i++;
    else if (a === 'group') i += 2;
  }
  return -1;
}

function blockingXread(inner: CommandSpec['handler']) {
  return (ctx: CommandContext): void => {
    const argv = ctx.argv;
    const rec = record(ctx, inner, argv);
    const first = rec.first;
    const blockIdx = blockArgIndex(argv);
    if (first === undefined || first[0] !== 'nullArray' || blockIdx < 0 || !canBlock(ctx)) {
      rec.replay(ctx.reply);
      return;
    }
    const timeoutMs = msTimeoutArg(ctx.reply, argv[blockIdx]);
    if (timeoutMs === null) return;
    // Keys and ids follow STREAMS; '$' means "after the last entry now": resolve it before
    // waiting, so a retry reads what arrived since (Redis keeps those ids in the block state).
    let streamsIdx = -1;
    for (let i = 1; i < argv.length; i++) {
      const a = argv[i].toLowerCase();
      if (a === 'streams') { streamsIdx = i + 1; break; }
      if (a === 'block' || a === 'count') i++;
      else if (a === 'group') i += 2;
    }
    const n = (argv.length - streamsIdx) / 2;
    const keys = argv.slice(streamsIdx, streamsIdx + n);
    const blockedArgv = argv.slice();
    for (let i = 0; i < n; i++) {
      if (blockedArgv[streamsIdx + n + i] !== '$') continue;
      const s = ctx.db.peek(keys[i]);
      const lastId = s !== undefined && typeof s !== 'string' && s.type === 'stream'
        ? (s as unknown as { lastId: { ms: bigint; seq: bigint } }).lastId : null;
      blockedArgv[streamsIdx + n + i] = lastId === null ? '0-0' : `${lastId.ms}-${lastId.seq}`;
    }
    const group = argv[0].length === 10;
    blockClient({ ...ctx, argv: blockedArgv }, {
      keys, type: 'stream', timeoutMs, timedOut: nullArrayReply,
      attempt(c) {
        const r = record(c, inner, blockedArgv);
        const f = r.first;
        if (f === undefined || f[0] === 'nullArray') return false;
        if (group && f[0] === 'error' && String(f[1]).startsWith('NOGROUP')) {
          // The group went away while we waited: Redis's text for a blocked reader.
          c.reply.error('NOGROUP the consumer group this client was blocked on no longer exists');
          return true;
        }
        r.replay(c.reply);
        return true;
      },
      keyGone: group ? (reply) => reply.error('UNBLOCKED the stream key no longer exists') : undefined,
    });
  };
}

// ---- WAIT ---------------------------------------------------------------------------------

/** WAIT numreplicas timeout: no replicas here, so 0 now, or 0 after the timeout. */
function waitCommand(ctx: CommandContext): void {
  const numreplicas = parseInt64(ctx.argv[1]);
  if (numreplicas === null) { ctx.reply.error('ERR value is not an integer or out of range'); return; }
  const timeoutMs = msTimeoutArg(ctx.reply, ctx.argv[2]);
  if (timeoutMs === null) return;
  const request: BlockRequest = {
    keys: [], type: null, timeoutMs, attempt: () => false, timedOut: (reply) => reply.integer(0),
  };
  if (numreplicas <= 0 || !canBlock(ctx)) { ctx.reply.integer(0); return; }
  blockClient(ctx, request);
}

/**
 * WAITAOF numlocal numreplicas timeout (7.2+). There are no replicas and no AOF is written, so
 * the acknowledgements are [0, 0] ([1, 0] with appendonly yes: nothing is pending to fsync);
 * a client that may block waits out its timeout for replicas that never come, as WAIT does;
 * scripts and MULTI get the counts at once (CLIENT_DENY_BLOCKING).
 */
function waitaofCommand(ctx: CommandContext): void {
  const [, localArg, replicasArg, timeoutArg] = ctx.argv;
  const numlocal = parseInt64(localArg);
  if (numlocal === null) { ctx.reply.error('ERR value is not an integer or out of range'); return; }
  if (numlocal < 0 || numlocal > 1) { ctx.reply.error('ERR value is out of range, value must between 0 and 1'); return; }
  const numreplicas = parseInt64(replicasArg);
  if (numreplicas === null) { ctx.reply.error('ERR value is not an integer or out of range'); return; }
  if (numreplicas < 0) { ctx.reply.error('ERR value is out of range, must be positive'); return; }
  const timeoutMs = msTimeoutArg(ctx.reply, timeoutArg);
  if (timeoutMs === null) return;
  const aof = (ctx.engine as unknown as { config: { get(name: string): string | undefined } }).config.get('appendonly') === 'yes';
  if (numlocal > 0 && !aof) {
    ctx.reply.error('ERR WAITAOF cannot be used when numlocal is set but appendonly is disabled.');
    return;
  }
  const acklocal = aof ? 1 : 0;
  const acks = (reply: Reply): void => {
    reply.arrayLen(2);
    reply.integer(acklocal);
    reply.integer(0);
  };
  if (numreplicas === 0 || !canBlock(ctx)) { acks(ctx.reply); return; }
  blockClient(ctx, { keys: [], type: null, timeoutMs, attempt: () => false, timedOut: acks });
}

// ---- the table ----------------------------------------------------------------------------
// Flags as Redis 7.4: since 7.2 the blocking commands and WAIT are allowed in scripts (where
// they never block); 7.0 marked most of them noscript.

const listPopSpecs = [keySpec(['RW', 'access', 'delete'], 1, -2)];
const moveSpecs = [keySpec(['RW', 'access', 'delete'], 1), keySpec(['RW', 'insert'], 2)];
const mpopSpecs = [{ flags: ['RW', 'access', 'delete'], beginSearch: { index: 2 }, findKeys: { keyNumIdx: 0, firstKey: 1, keyStep: 1 } }];

export const commands: CommandSpec[] = [
  {
    name: 'blpop', arity: -3, flags: ['write', 'blocking'], categories: ['write', 'list', 'slow', 'blocking'],
    firstKey: 1, lastKey: -2, keyStep: 1, keySpecs: listPopSpecs, handler: blockingPop(lpop, 'lpop', 'list'),
  },
  {
    name: 'brpop', arity: -3, flags: ['write', 'blocking'], categories: ['write', 'list', 'slow', 'blocking'],
    firstKey: 1, lastKey: -2, keyStep: 1, keySpecs: listPopSpecs,
    handler: blockingPop(rpop, 'rpop', 'list'),
  },
  {
    name: 'blmove', arity: 6, flags: ['write', 'denyoom', 'blocking'], categories: ['write', 'list', 'slow', 'blocking'],
    firstKey: 1, lastKey: 2, keyStep: 1, keySpecs: moveSpecs, handler: blmoveCommand,
  },
  {
    name: 'brpoplpush', arity: 4, flags: ['write', 'denyoom', 'blocking'], categories: ['write', 'list', 'slow', 'blocking'],
    firstKey: 1, lastKey: 2, keyStep: 1, keySpecs: moveSpecs, handler: brpoplpushCommand,
  },
  {
    name: 'blmpop', arity: -5, flags: ['write', 'blocking', 'movablekeys'], categories: ['write', 'list', 'slow', 'blocking'],
    firstKey: 0, lastKey: 0, keyStep: 0, getKeys: numkeysKeys(2), keySpecs: mpopSpecs,
    handler: blockingMpop(lmpop, 'list', ['left', 'right']),
  },
  {
    name: 'bzpopmin', arity: -3, flags: ['write', 'blocking', 'fast'], categories: ['write', 'sortedset', 'fast', 'blocking'],
    firstKey: 1, lastKey: -2, keyStep: 1, keySpecs: listPopSpecs, handler: blockingPop(zpopmin, 'zpopmin', 'zset'),
  },
  {
    name: 'bzpopmax', arity: -3, flags: ['write', 'blocking', 'fast'], categories: ['write', 'sortedset', 'fast', 'blocking'],
    firstKey: 1, lastKey: -2, keyStep: 1, keySpecs: listPopSpecs, handler: blockingPop(zpopmax, 'zpopmax', 'zset'),
  },
  {
    name: 'bzmpop', arity: -5, flags: ['write', 'blocking', 'movablekeys'], categories: ['write', 'sortedset', 'slow', 'blocking'],
    firstKey: 0, lastKey: 0, keyStep: 0, getKeys: numkeysKeys(2), keySpecs: mpopSpecs,
    handler: blockingMpop(zmpop, 'zset', ['min', 'max']),
  },
  { ...xreadSpec, handler: blockingXread(xreadSpec.handler) },
  { ...xreadgroupSpec, handler: blockingXread(xreadgroupSpec.handler) },
  {
    name: 'wait', arity: 3, flags: [], categories: ['slow', 'connection'],
    firstKey: 0, lastKey: 0, keyStep: 0, tips: ['request_policy:all_shards', 'response_policy:agg_min'], handler: waitCommand,
  },
  {
    name: 'waitaof', arity: 4, flags: [], categories: ['slow', 'connection'],
    firstKey: 0, lastKey: 0, keyStep: 0, tips: ['request_policy:all_shards', 'response_policy:agg_min'], handler: waitaofCommand,
  },
];

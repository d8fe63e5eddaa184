// Server commands: INFO, CONFIG, COMMAND, DEBUG, MONITOR, SLOWLOG, LATENCY, TIME, LASTSAVE,
// SHUTDOWN, MEMORY, and the standalone answers of ROLE, MODULE LIST, ACL WHOAMI / USERS.
// Texts, flags and arities as Redis 7.

import type { CommandContext, CommandFlag, CommandSpec, KeySpec, Reply } from '../../commands/types';
import type { Engine } from '../engine';
import type { Client } from '../client';
import { spec, container, replyHelp } from '../../commands/spec';
import { ERR_SYNTAX } from '../../commands/util';
import { infoString, selectSections } from '../info';
import { lookupConfigDef, normalizeValue } from '../config';
import { stringMatch } from '../../store/glob';
import { getKeys } from '../../commands/table';
import { keyMemoryUsage } from '../../store/eviction';
import { objectEncodingOf } from '../../commands/keys';
import { RespWriter } from '../resp-writer';
import { fullGc } from '../gc';
import { debugReload } from '../../commands/persistence';
import { datasetDigestHex, keyDigestHex } from '../../store/digest';
import { bucketMicros } from '../latency';

const engineOf = (ctx: CommandContext): Engine => ctx.engine as unknown as Engine;
const clientOf = (ctx: CommandContext): Client => ctx.client as unknown as Client;

const ADMIN_FLAGS: readonly CommandFlag[] = ['admin', 'noscript', 'loading', 'stale'];
const ADMIN_CATS: readonly string[] = ['admin', 'slow', 'dangerous'];

/** Parses a Redis integer argument (string2ll rules); null if invalid. */
function parseInteger(s: string): number | null {
  if (!/^(0|-?[1-9]\d{0,18})$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

// ---- INFO ---------------------------------------------------------------------------------

function info(ctx: CommandContext): void {
  const engine = engineOf(ctx);
  const text = infoString(engine, selectSections(ctx.argv.slice(1)));
  ctx.reply.verbatim('txt', text);
}

// ---- CONFIG -------------------------------------------------------------------------------

function configGet(ctx: CommandContext): void {
  const pairs = engineOf(ctx).config.match(ctx.argv.slice(2));
  ctx.reply.mapLen(pairs.length);
  for (const [name, value] of pairs) {
    ctx.reply.bulk(name);
    ctx.reply.bulk(value);
  }
}

/** enable-protected-configs: 'yes', or 'local' for loopback clients. */
function protectedAllowed(ctx: CommandContext): boolean {
  const mode = engineOf(ctx).config.get('enable-protected-configs');
  if (mode === 'yes') return true;
  const addr = clientOf(ctx).addr;
  return mode === 'local' && (addr.startsWith('127.') || addr.startsWith('::1') || addr.startsWith('::ffff:127.') || addr === '');
}

function configSet(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  if (argv.length % 2 !== 0) {
    reply.error(ERR_SYNTAX);
    return;
  }
  const config = engineOf(ctx).config;
  // Validate everything first: CONFIG SET with several pairs is all or nothing.
  const seen = new Set<string>();
  const changes: Array<[string, string]> = [];
  for (let i = 2; i < argv.length; i += 2) {
    const def = lookupConfigDef(argv[i]);
    if (def === undefined) {
      reply.error(`ERR Unknown option or number of arguments for CONFIG SET - '${argv[i]}'`);
      return;
    }
    const fail = (why: string) => reply.error(`ERR CONFIG SET failed (possibly related to argument '${argv[i]}') - ${why}`);
    if (def.immutable) { fail("can't set immutable config"); return; }
    if (def.protected && !protectedAllowed(ctx)) { fail("can't set protected config"); return; }
    if (seen.has(def.name)) { fail('duplicate parameter'); return; }
    seen.add(def.name);
    const v = normalizeValue(def, argv[i + 1]);
    if (typeof v !== 'string') { fail(v.error); return; }
    changes.push([def.name, argv[i + 1]]);
  }
  for (const [name, value] of changes) config.set(name, value);
  reply.status('OK');
}

const CONFIG_HELP = [
  'GET <pattern>', '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>', '    Set the configuration <directive> to <value>.',
  'RESETSTAT', '    Reset statistics reported by the INFO command.',
  'REWRITE', '    Rewrite the configuration file.',
];

const configCommand = container('config', -2, [
  spec('config|get', -3, ADMIN_FLAGS, ADMIN_CATS, configGet),
  spec('config|set', -4, ADMIN_FLAGS, ADMIN_CATS, configSet, { tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'] }),
  spec('config|resetstat', 2, ADMIN_FLAGS, ADMIN_CATS, (ctx) => {
    const engine = engineOf(ctx);
    engine.resetStats();
    engine.slowlog.reset();
    ctx.reply.status('OK');
  }),
  spec('config|rewrite', 2, ADMIN_FLAGS, ADMIN_CATS, (ctx) => {
    const err = engineOf(ctx).config.rewrite();
    if (err === null) ctx.reply.status('OK');
    else ctx.reply.error(err);
  }),
  spec('config|help', 2, ['loading', 'stale'], ['slow'], (ctx) => replyHelp(ctx.reply, 'CONFIG', CONFIG_HELP)),
]);

// ---- COMMAND ------------------------------------------------------------------------------

/** Redis 7's key specs: the row's own, else derived from the legacy first/last/step. */
function replyKeySpecs(reply: Reply, cmd: CommandSpec): void {
  let specs: readonly KeySpec[] = cmd.keySpecs ?? [];
  if (cmd.keySpecs === undefined && cmd.firstKey > 0) {
    const writes = cmd.flags.includes('write');
    specs = [{
      flags: writes ? ['RW', 'update'] : ['RO', 'access'],
      beginSearch: { index: cmd.firstKey },
      findKeys: { lastKey: cmd.lastKey >= 0 ? cmd.lastKey - cmd.firstKey : cmd.lastKey, keyStep: cmd.keyStep, limit: 0 },
    }];
  }
  reply.setLen(specs.length);
  for (const ks of specs) {
    reply.mapLen(ks.notes !== undefined ? 4 : 3);
    if (ks.notes !== undefined) { reply.bulk('notes'); reply.bulk(ks.notes); }
    reply.bulk('flags');
    reply.setLen(ks.flags.length);
    for (const f of ks.flags) reply.status(f);
    reply.bulk('begin_search');
    reply.mapLen(2);
    const bs = ks.beginSearch;
    if (bs === 'unknown') {
      reply.bulk('type'); reply.bulk('unknown'); reply.bulk('spec'); reply.mapLen(0);
    } else if ('index' in bs) {
      reply.bulk('type'); reply.bulk('index'); reply.bulk('spec'); reply.mapLen(1);
      reply.bulk('index'); reply.integer(bs.index);
    } else {
      reply.bulk('type'); reply.bulk('keyword'); reply.bulk('spec'); reply.mapLen(2);
      reply.bulk('keyword'); reply.bulk(bs.keyword); reply.bulk('startfrom'); reply.integer(bs.startFrom);
    }
    reply.bulk('find_keys');
    reply.mapLen(2);
    const fk = ks.findKeys;
    if (fk === 'unknown') {
      reply.bulk('type'); reply.bulk('unknown'); reply.bulk('spec'); reply.mapLen(0);
    } else if ('lastKey' in fk) {
      reply.bulk('type'); reply.bulk('range'); reply.bulk('spec'); reply.mapLen(3);
      reply.bulk('lastkey'); reply.integer(fk.lastKey);
      reply.bulk('keystep'); reply.integer(fk.keyStep);
      reply.bulk('limit'); reply.integer(fk.limit);
    } else {
      reply.bulk('type'); reply.bulk('keynum'); reply.bulk('spec'); reply.mapLen(3);
      reply.bulk('keynumidx'); reply.integer(fk.keyNumIdx);
      reply.bulk('firstkey'); reply.integer(fk.firstKey);
      reply.bulk('keystep'); reply.integer(fk.keyStep);
    }
  }
}

function replyCommandInfo(reply: Reply, cmd: CommandSpec): void {
  reply.arrayLen(10);
  reply.bulk(cmd.name);
  reply.integer(cmd.arity);
  const flags = cmd.getKeys !== undefined && !cmd.flags.includes('movablekeys') ? [...cmd.flags, 'movablekeys'] : cmd.flags;
  reply.setLen(flags.length);
  for (const f of flags) reply.status(f);
  reply.integer(cmd.firstKey);
  reply.integer(cmd.lastKey);
  reply.integer(cmd.keyStep);
  reply.setLen(cmd.categories.length);
  for (const c of cmd.categories) reply.status('@' + c);
  const tips = cmd.tips ?? [];
  reply.setLen(tips.length);
  for (const t of tips) reply.bulk(t);
  replyKeySpecs(reply, cmd);
  const subs = cmd.subcommands ?? [];
  reply.setLen(subs.length);
  for (const s of subs) replyCommandInfo(reply, s);
}

/** Finds a command by full name: 'get' or 'config|get'. */
function findByFullName(engine: Engine, name: string): CommandSpec | undefined {
  const bar = name.indexOf('|');
  if (bar < 0) return engine.commandTable.lookup([name]);
  const base = engine.commandTable.lookup([name.slice(0, bar)]);
  const sub = name.slice(bar + 1).toLowerCase();
  return base?.subcommands?.find((s) => s.name.slice(s.name.indexOf('|') + 1) === sub);
}

function commandInfo(ctx: CommandContext): void {
  const engine = engineOf(ctx);
  const { argv, reply } = ctx;
  if (argv.length <= 2) {
    const all = engine.commandTable.all();
    reply.arrayLen(all.length);
    for (const c of all) replyCommandInfo(reply, c);
    return;
  }
  reply.arrayLen(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const cmd = findByFullName(engine, argv[i]);
    if (cmd === undefined) reply.bulk(null);
    else replyCommandInfo(reply, cmd);
  }
}

function groupOf(cmd: CommandSpec): string {
  const known = ['string', 'list', 'hash', 'set', 'sortedset', 'stream', 'bitmap', 'hyperloglog', 'geo', 'pubsub', 'transaction', 'scripting', 'connection'];
  for (const c of cmd.categories) {
    if (c === 'keyspace') return 'generic';
    if (known.includes(c)) return c === 'sortedset' ? 'sorted-set' : c;
  }
  return 'server';
}

function replyDocs(reply: Reply, cmd: CommandSpec): void {
  const subs = cmd.subcommands ?? [];
  reply.mapLen(subs.length > 0 ? 4 : 3);
  reply.bulk('summary'); reply.bulk('');
  reply.bulk('since'); reply.bulk('1.0.0');
  reply.bulk('group'); reply.bulk(groupOf(cmd));
  if (subs.length > 0) {
    reply.bulk('subcommands');
    reply.mapLen(subs.length);
    for (const s of subs) {
      reply.bulk(s.name);
      replyDocs(reply, s);
    }
  }
}

function commandDocs(ctx: CommandContext): void {
  const engine = engineOf(ctx);
  const { argv, reply } = ctx;
  const cmds: CommandSpec[] = [];
  if (argv.length === 2) cmds.push(...engine.commandTable.all());
  else for (let i = 2; i < argv.length; i++) {
    const c = findByFullName(engine, argv[i]);
    if (c !== undefined) cmds.push(c);
  }
  reply.mapLen(cmds.length);
  for (const c of cmds) {
    reply.bulk(c.name);
    replyDocs(reply, c);
  }
}

function commandList(ctx: CommandContext): void {
  const engine = engineOf(ctx);
  const { argv, reply } = ctx;
  let filter: (c: CommandSpec) => boolean = () => true;
  if (argv.length === 5 && argv[2].toLowerCase() === 'filterby') {
    const kind = argv[3].toLowerCase();
    const arg = argv[4];
    if (kind === 'pattern') filter = (c) => stringMatch(arg, c.name, true);
    else if (kind === 'aclcat') filter = (c) => c.categories.includes(arg.toLowerCase());
    else if (kind === 'module') filter = () => false;
    else { reply.error(ERR_SYNTAX); return; }
  } else if (argv.length !== 2) {
    reply.error(ERR_SYNTAX);
    return;
  }
  const names: string[] = [];
  for (const c of engine.commandTable.all()) {
    if (filter(c)) names.push(c.name);
    for (const s of c.subcommands ?? []) if (filter(s)) names.push(s.name);
  }
  reply.arrayLen(names.length);
  for (const n of names) reply.bulk(n);
}

function commandGetkeys(ctx: CommandContext, withFlags: boolean): void {
  const engine = engineOf(ctx);
  const { reply } = ctx;
  const argv = ctx.argv.slice(2);
  const cmd = engine.commandTable.lookup(argv);
  if (cmd === undefined) { reply.error('ERR Invalid command specified'); return; }
  if ((cmd.arity > 0 && argv.length !== cmd.arity) || argv.length < -cmd.arity) {
    reply.error('ERR Invalid number of arguments specified for command');
    return;
  }
  const positions = getKeys(cmd, argv);
  if (positions.length === 0) { reply.error('ERR The command has no key arguments'); return; }
  reply.arrayLen(positions.length);
  const flags = cmd.flags.includes('write') ? ['RW', 'update'] : ['RO', 'access'];
  for (const p of positions) {
    if (withFlags) {
      reply.arrayLen(2);
      reply.bulk(argv[p]);
      reply.setLen(flags.length);
      for (const f of flags) reply.status(f);
    } else {
      reply.bulk(argv[p]);
    }
  }
}

const COMMAND_HELP = [
  '(no subcommand)', '    Return details about all Redis commands.',
  'COUNT', '    Return the total number of commands in this Redis server.',
  'LIST', '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]', '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]', '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>', '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>', '    Return the keys and the access flags from a full Redis command.',
];

const CMD_FLAGS: readonly CommandFlag[] = ['loading', 'stale'];
const CMD_CATS: readonly string[] = ['slow', 'connection'];
const commandCommand = spec('command', -1, CMD_FLAGS, CMD_CATS, (ctx) => {
  const all = engineOf(ctx).commandTable.all();
  ctx.reply.arrayLen(all.length);
  for (const c of all) replyCommandInfo(ctx.reply, c);
}, {
  tips: ['nondeterministic_output_order'],
  subcommands: [
    spec('command|count', 2, CMD_FLAGS, CMD_CATS, (ctx) => ctx.reply.integer(engineOf(ctx).commandTable.all().length)),
    spec('command|info', -2, CMD_FLAGS, CMD_CATS, commandInfo, { tips: ['nondeterministic_output_order'] }),
    spec('command|docs', -2, CMD_FLAGS, CMD_CATS, commandDocs, { tips: ['nondeterministic_output_order'] }),
    spec('command|list', -2, CMD_FLAGS, CMD_CATS, commandList, { tips: ['nondeterministic_output_order'] }),
    spec('command|getkeys', -4, CMD_FLAGS, CMD_CATS, (ctx) => commandGetkeys(ctx, false)),
    spec('command|getkeysandflags', -4, CMD_FLAGS, CMD_CATS, (ctx) => commandGetkeys(ctx, true)),
    spec('command|help', 2, CMD_FLAGS, CMD_CATS, (ctx) => replyHelp(ctx.reply, 'COMMAND', COMMAND_HELP)),
  ],
});

// ---- DEBUG --------------------------------------------------------------------------------

/** Blocks the whole server, as DEBUG SLEEP does in Redis. */
function sleepSync(ms: number): void {
  if (ms <= 0) return;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function debug(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  const engine = engineOf(ctx);
  const allowed = engine.config.get('enable-debug-command');
  const local = clientOf(ctx).addr.startsWith('127.') || clientOf(ctx).addr.startsWith('::1') || clientOf(ctx).addr === '';
  if (allowed === 'no' || (allowed === 'local' && !local)) {
    reply.error('ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.');
    return;
  }
  const sub = argv[1].toLowerCase();
  if (sub === 'help') {
    replyHelp(reply, 'DEBUG', [
      'DIGEST', '    Output a hex signature representing the current DB content.',
      'DIGEST-VALUE <key> [<key> ...]', '    Output a hex signature of the values of all the specified keys.',
      'OBJECT <key>', '    Show low-level info about `key` and associated value.',
      'POPULATE <count> [<prefix>] [<size>]', '    Create <count> string keys named key:<num>. If <prefix> is specified then it is used instead of the \'key\' prefix. These are not propagated to replicas. Cluster slots are not respected so keys not belonging to the current node can be created in cluster mode.',
      'PROTOCOL <type>', '    Reply with a test value of the specified type. <type> can be: string, integer, double, bignum, null, array, set, map, attrib, push, verbatim, true, false.',
      'RELOAD [option ...]', '    Save the RDB on disk and reload it back to memory. Valid <option> values:',
      '    * MERGE: conflicting keys will be loaded from RDB.',
      '    * NOFLUSH: the existing database will not be removed before load, but',
      '      conflicting keys will generate an exception and kill the server.',
      '    * NOSAVE: the database will be loaded from an existing RDB file.',
      '    Examples:',
      '    * DEBUG RELOAD: verify that the server is able to persist, flush and reload',
      '      the database.',
      '    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an',
      '      existing RDB file.',
      '    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB',
      '      file to the database.',
      'SLEEP <seconds>', '    Stop the server for <seconds>. Decimals allowed.',
      'SET-ACTIVE-EXPIRE <0|1>', '    Setting it to 0 disables expiring keys in background when they are not accessed (otherwise the Redis behavior). Setting it to 1 reenables back the default.',
    ]);
  } else if (sub === 'sleep' && argv.length === 3) {
    const secs = Number(argv[2]);
    sleepSync(Number.isFinite(secs) ? secs * 1000 : 0);
    reply.status('OK');
  } else if (sub === 'object' && argv.length === 3) {
    const value = ctx.db.peek(argv[2]);
    if (value === undefined) { reply.error('ERR no such key'); return; }
    const encoding = objectEncodingOf(ctx.db, argv[2], value);
    const len = typeof value === 'string' ? value.length : 0;
    reply.status(`Value at:0x0 refcount:1 encoding:${encoding} serializedlength:${len + 1} lru:${ctx.keyspace.lruClock()} lru_seconds_idle:${ctx.db.idleSeconds(argv[2])}`);
  } else if (sub === 'protocol' && argv.length === 3) {
    debugProtocol(reply, argv[2].toLowerCase());
  } else if (sub === 'populate' && argv.length >= 3 && argv.length <= 5) {
    const count = parseInteger(argv[2]);
    const size = argv.length === 5 ? parseInteger(argv[4]) : 0;
    if (count === null || count < 0 || size === null || size < 0) {
      reply.error('ERR value is out of range, must be positive');
      return;
    }
    const prefix = argv.length >= 4 ? argv[3] : 'key';
    for (let j = 0; j < count; j++) {
      const key = `${prefix}:${j}`;
      if (ctx.db.lookupWrite(key) !== undefined) continue;
      let value = `value:${j}`;
      if (size > 0) value = value.length >= size ? value.slice(0, size) : value + '\x00'.repeat(size - value.length);
      ctx.db.add(key, value);
    }
    reply.status('OK');
  } else if (sub === 'set-disable-deny-scripts' && argv.length === 3) {
    // Lets scripts call noscript commands (Redis's test suite uses it for DEBUG in scripts).
    (engine as unknown as { disableDenyScripts: boolean }).disableDenyScripts = argv[2] !== '0';
    reply.status('OK');
  } else if (sub === 'set-active-expire' && argv.length === 3) {
    engine.activeExpireEnabled = argv[2] !== '0';
    reply.status('OK');
  } else if (sub === 'digest' && argv.length === 2) {
    reply.status(datasetDigestHex(ctx.keyspace));
  } else if (sub === 'digest-value') {
    // One digest per key of the client's database; a missing key is 40 zeros.
    reply.arrayLen(argv.length - 2);
    for (let j = 2; j < argv.length; j++) reply.status(keyDigestHex(ctx.db, argv[j]));
  } else if (sub === 'reload') {
    debugReload(ctx);
  } else if (sub === 'jmap') {
    reply.error('ERR DEBUG JMAP is not supported');
  } else {
    reply.error(`ERR unknown subcommand or wrong number of arguments for '${argv[1]}'. Try DEBUG HELP.`);
  }
}

/** DEBUG PROTOCOL <type>: one reply of each RESP type, exactly as Redis's debug.c sends them. */
function debugProtocol(reply: Reply, type: string): void {
  switch (type) {
    case 'string': reply.bulk('Hello World'); break;
    case 'integer': reply.integer(12345); break;
    case 'double': reply.double(3.141); break;
    case 'bignum': reply.bigNumber('1234567999999999999999999999999999999'); break;
    case 'null': reply.bulk(null); break;
    case 'array': reply.arrayLen(3); for (let j = 0; j < 3; j++) reply.integer(j); break;
    case 'set': reply.setLen(3); for (let j = 0; j < 3; j++) reply.integer(j); break;
    case 'map': reply.mapLen(3); for (let j = 0; j < 3; j++) { reply.integer(j); reply.bool(j === 1); } break;
    case 'attrib':
      if (reply.resp === 3 && reply instanceof RespWriter) {
        reply.attributeLen(1);
        reply.bulk('key-popularity');
        reply.arrayLen(2);
        reply.bulk('key:123');
        reply.integer(90);
      }
      reply.bulk('Some real reply following the attribute');
      break;
    case 'push':
      if (reply.resp !== 3) { reply.error('ERR RESP2 is not supported by this command'); return; }
      reply.pushLen(2);
      reply.bulk('server-cpu-usage');
      reply.integer(42);
      reply.bulk('Some real reply following the push reply');
      break;
    case 'true': reply.bool(true); break;
    case 'false': reply.bool(false); break;
    case 'verbatim': reply.verbatim('txt', 'This is a verbatim\nstring'); break;
    default:
      reply.error('ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false');
  }
}

// ---- MONITOR, SLOWLOG, LATENCY ------------------------------------------------------------

function monitor(ctx: CommandContext): void {
  const client = clientOf(ctx);
  if (client.isScript) { ctx.reply.error('ERR MONITOR isn\'t allowed here'); return; }
  if (client.monitor) return;
  client.monitor = true;
  engineOf(ctx).monitors.add(client);
  ctx.reply.status('OK');
}

function slowlogGet(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  let count = 10;
  if (argv.length === 3) {
    const n = parseInteger(argv[2]);
    if (n === null || n < -1) { reply.error('ERR count should be greater than or equal to -1'); return; }
    count = n;
  }
  const entries = engineOf(ctx).slowlog.get(count);
  reply.arrayLen(entries.length);
  for (const e of entries) {
    reply.arrayLen(6);
    reply.integer(e.id);
    reply.integer(e.time);
    reply.integer(e.duration);
    reply.arrayLen(e.argv.length);
    for (const a of e.argv) reply.bulk(a);
    reply.bulk(e.peer);
    reply.bulk(e.clientName);
  }
}

const SLOWLOG_TIPS = ['request_policy:all_nodes', 'nondeterministic_output'];
const slowlogCommand = container('slowlog', -2, [
  spec('slowlog|get', -2, ['admin', 'loading', 'stale'], ADMIN_CATS, slowlogGet, { tips: SLOWLOG_TIPS }),
  spec('slowlog|len', 2, ['admin', 'loading', 'stale'], ADMIN_CATS, (ctx) => ctx.reply.integer(engineOf(ctx).slowlog.length),
    { tips: ['request_policy:all_nodes', 'response_policy:agg_sum', 'nondeterministic_output'] }),
  spec('slowlog|reset', 2, ['admin', 'loading', 'stale'], ADMIN_CATS, (ctx) => { engineOf(ctx).slowlog.reset(); ctx.reply.status('OK'); },
    { tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'] }),
  spec('slowlog|help', 2, ['loading', 'stale'], ['slow'], (ctx) => replyHelp(ctx.reply, 'SLOWLOG', [
    'GET [<count>]', '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
    '    Entries are made of:', '    id, timestamp, time in microseconds, arguments array, client IP and port,',
    '    client name', 'LEN', '    Return the length of the slowlog.', 'RESET', '    Reset the slowlog.',
  ])),
]);

const LATENCY_DISABLED = 'I\'m sorry, Dave, I can\'t do that. Latency monitoring is disabled in this Redis instance. You may use "CONFIG SET latency-monitor-threshold <milliseconds>." in order to enable it. If we weren\'t in a deep space mission I\'d suggest to take a look at https://redis.io/topics/latency-monitor.\n';

const LATENCY_TIPS = ['nondeterministic_output', 'request_policy:all_nodes', 'response_policy:special'];
function latencyLatest(ctx: CommandContext): void {
  const rows = engineOf(ctx).latency.latest();
  ctx.reply.arrayLen(rows.length);
  for (const [name, time, latency, max] of rows) {
    ctx.reply.arrayLen(4);
    ctx.reply.bulk(name);
    ctx.reply.integer(time);
    ctx.reply.integer(latency);
    ctx.reply.integer(max);
  }
}

function latencyHistory(ctx: CommandContext): void {
  const samples = engineOf(ctx).latency.history(ctx.argv[2]);
  ctx.reply.arrayLen(samples.length);
  for (const s of samples) {
    ctx.reply.arrayLen(2);
    ctx.reply.integer(s.time);
    ctx.reply.integer(s.latency);
  }
}

/**
 * LATENCY HISTOGRAM [command ...]: per command (a container name stands for its subcommands;
 * unknown names are skipped), its calls and the cumulative count at each power-of-two bound in
 * microseconds (latencySpecificCommandsFillCDF).
 */
function latencyHistogram(ctx: CommandContext): void {
  const engine = engineOf(ctx);
  const stats = new Map(engine.commandStats());
  let names: string[];
  if (ctx.argv.length === 2) {
    names = [...stats.keys()];
  } else {
    names = [];
    for (const arg of ctx.argv.slice(2)) {
      const name = arg.toLowerCase();
      if (stats.has(name)) { if (!names.includes(name)) names.push(name); continue; }
      for (const full of stats.keys()) if (full.startsWith(name + '|') && !names.includes(full)) names.push(full);
    }
  }
  const withHistogram = names.filter((n) => (stats.get(n)?.calls ?? 0) > 0);
  ctx.reply.mapLen(withHistogram.length);
  for (const name of withHistogram) {
    const s = stats.get(name)!;
    ctx.reply.bulk(name);
    ctx.reply.mapLen(2);
    ctx.reply.bulk('calls');
    ctx.reply.integer(s.calls);
    ctx.reply.bulk('histogram_usec');
    const h = s.histogram;
    const points: Array<[number, number]> = [];
    let cumulative = 0;
    for (let b = 0; b < h.length; b++) {
      if (h[b] === 0) continue;
      cumulative += h[b];
      points.push([bucketMicros(b), cumulative]);
    }
    ctx.reply.mapLen(points.length);
    for (const [us, count] of points) {
      ctx.reply.integer(us);
      ctx.reply.integer(count);
    }
  }
}

const latencyCommand = container('latency', -2, [
  spec('latency|latest', 2, ADMIN_FLAGS, ADMIN_CATS, latencyLatest, { tips: LATENCY_TIPS }),
  spec('latency|history', 3, ADMIN_FLAGS, ADMIN_CATS, latencyHistory, { tips: LATENCY_TIPS }),
  spec('latency|reset', -2, ADMIN_FLAGS, ADMIN_CATS, (ctx) => ctx.reply.integer(engineOf(ctx).latency.reset(ctx.argv.slice(2))), { tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'] }),
  spec('latency|doctor', 2, ADMIN_FLAGS, ADMIN_CATS, (ctx) => {
    const enabled = engineOf(ctx).config.getInt('latency-monitor-threshold') > 0;
    ctx.reply.verbatim('txt', enabled ? 'Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sleep better.\n' : LATENCY_DISABLED);
  }, { tips: LATENCY_TIPS }),
  spec('latency|graph', 3, ADMIN_FLAGS, ADMIN_CATS, (ctx) => ctx.reply.error(`ERR No samples available for event '${ctx.argv[2]}'`), { tips: LATENCY_TIPS }),
  spec('latency|histogram', -2, ADMIN_FLAGS, ADMIN_CATS, latencyHistogram, { tips: LATENCY_TIPS }),
  spec('latency|help', 2, ['loading', 'stale'], ['slow'], (ctx) => replyHelp(ctx.reply, 'LATENCY', [
    'DOCTOR', '    Return a human readable latency analysis report.',
    'GRAPH <event>', '    Return an ASCII latency graph for the <event> class.',
    'HISTORY <event>', '    Return time-latency samples for the <event> class.',
    'LATEST', '    Return the latest latency samples for all events.',
    'RESET [<event> ...]', '    Reset latency data of one or more <event> classes.',
    '    (default: reset all data for all event classes)',
    'HISTOGRAM [COMMAND ...]', '    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.',
    '    If no commands are specified then all histograms are replied.',
  ])),
]);

// ---- TIME, LASTSAVE, SHUTDOWN, MEMORY -----------------------------------------------------

function time(ctx: CommandContext): void {
  // Inside a script time is frozen at the script's start (Redis 7.2+): engine.now() is that
  // snapshot while a script runs.
  const us = ctx.client.isScript
    ? BigInt(ctx.engine.now()) * 1000n
    : BigInt(Date.now()) * 1000n + BigInt(Math.floor((performance.now() * 1000) % 1000));
  ctx.reply.arrayLen(2);
  ctx.reply.bulk(String(us / 1000000n));
  ctx.reply.bulk(String(us % 1000000n));
}

function shutdown(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  let save: boolean | null = null;
  let abort = false;
  for (let i = 1; i < argv.length; i++) {
    const opt = argv[i].toLowerCase();
    if (opt === 'nosave' && save === null) save = false;
    else if (opt === 'save' && save === null) save = true;
    else if (opt === 'now' || opt === 'force') { /* no saving or replicas to wait for */ }
    else if (opt === 'abort') abort = true;
    else { reply.error(ERR_SYNTAX); return; }
  }
  if (abort) {
    if (argv.length !== 2) { reply.error(ERR_SYNTAX); return; }
    reply.error('ERR No shutdown in progress.');
    return;
  }
  const engine = engineOf(ctx);
  if (engine.shutdownHandler === null) {
    reply.error('ERR Errors trying to SHUTDOWN. Check logs.');
    return;
  }
  // Redis sends no reply on success: the connection just closes.
  // save: true (SAVE), false (NOSAVE), null (neither: save if save points are configured).
  engine.shutdownHandler({ save });
}

function memoryUsage(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  if (argv.length !== 3) {
    if (argv.length === 5 && argv[3].toLowerCase() === 'samples') {
      const n = parseInteger(argv[4]);
      if (n === null) { reply.error('ERR value is not an integer or out of range'); return; }
    } else {
      reply.error(ERR_SYNTAX);
      return;
    }
  }
  const value = ctx.db.lookupNoTouch(argv[2], false);
  if (value === undefined) { reply.bulk(null); return; }
  reply.integer(keyMemoryUsage(argv[2], value));
}

function memoryStats(ctx: CommandContext): void {
  const mem = process.memoryUsage();
  const engine = engineOf(ctx);
  const r = ctx.reply;
  const dataset = engine.keyspace.usedBytes();
  const pairs: Array<[string, number]> = [
    ['peak.allocated', engine.peakMemory], ['total.allocated', dataset + engine.startupMemory],
    ['startup.allocated', engine.startupMemory], ['dataset.bytes', dataset],
    ['keys.count', engine.keyspace.totalKeys()], ['rss', mem.rss],
  ];
  r.mapLen(pairs.length);
  for (const [k, v] of pairs) { r.bulk(k); r.integer(v); }
}

const MEM_TIPS_SPECIAL = ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'];
const memoryCommand = container('memory', -2, [
  spec('memory|usage', -3, ['readonly'], ['read', 'slow'], memoryUsage, {
    firstKey: 2, lastKey: 2, keyStep: 1,
    keySpecs: [{ flags: ['RO'], beginSearch: { index: 2 }, findKeys: { lastKey: 0, keyStep: 1, limit: 0 } }],
  }),
  spec('memory|stats', 2, [], ['slow'], memoryStats, { tips: MEM_TIPS_SPECIAL }),
  spec('memory|doctor', 2, [], ['slow'], (ctx) => ctx.reply.verbatim('txt', 'Hi Sam, I can\'t find any memory issue in your instance. I can only account for what occurs on this base.\n'), { tips: MEM_TIPS_SPECIAL }),
  spec('memory|malloc-stats', 2, [], ['slow'], (ctx) => ctx.reply.verbatim('txt', 'Stats not supported for the current allocator\n'), { tips: MEM_TIPS_SPECIAL }),
  spec('memory|purge', 2, [], ['slow'], (ctx) => {
    // The allocator here is V8's: a full GC is the purge (gc.ts).
    fullGc();
    ctx.reply.status('OK');
  }, { tips: ['request_policy:all_shards', 'response_policy:all_succeeded'] }),
  spec('memory|help', 2, ['loading', 'stale'], ['slow'], (ctx) => replyHelp(ctx.reply, 'MEMORY', [
    'DOCTOR', '    Return memory problems reports.',
    'MALLOC-STATS', '    Return internal statistics report from the memory allocator.',
    'PURGE', '    Attempt to purge dirty pages for reclamation by the allocator.',
    'STATS', '    Return information about the memory usage of the server.',
    'USAGE <key> [SAMPLES <count>]', '    Return memory in bytes used by <key> and its value. Nested values are',
    '    sampled up to <count> times (default: 5, 0 means sample all).',
  ])),
]);

// ---- ROLE, MODULE LIST (the ACL family: ./acl.ts) -----------------------------------------------
// Ferrous is always a master without replicas, loads no modules and has one user, 'default'.
// Client libraries ask these (node-redis role() / moduleList() / aclWhoAmI(), ioredis's
// sentinel and cluster code asks ROLE): they get what a standalone Redis with no ACL setup says.

function role(ctx: CommandContext): void {
  // Redis: master, the replication offset (0 while there is no replication backlog), replicas.
  ctx.reply.arrayLen(3);
  ctx.reply.bulk('master');
  ctx.reply.integer(0);
  ctx.reply.arrayLen(0);
}

const moduleCommand = container('module', -2, [
  spec('module|list', 2, ['admin', 'noscript'], ADMIN_CATS, (ctx) => ctx.reply.arrayLen(0), { tips: ['nondeterministic_output_order'] }),
]);


export const commands: CommandSpec[] = [
  spec('info', -1, ['loading', 'stale'], ['slow', 'dangerous'], info, { tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'] }),
  configCommand,
  commandCommand,
  spec('debug', -2, ADMIN_FLAGS, ADMIN_CATS, debug),
  spec('monitor', 1, ADMIN_FLAGS, ADMIN_CATS, monitor),
  slowlogCommand,
  latencyCommand,
  spec('time', 1, ['loading', 'stale', 'fast'], ['fast'], time, { tips: ['nondeterministic_output'] }),
  spec('lastsave', 1, ['loading', 'stale', 'fast'], ['admin', 'fast', 'dangerous'], (ctx) => ctx.reply.integer(engineOf(ctx).lastSave), { tips: ['nondeterministic_output'] }),
  spec('shutdown', -1, ['admin', 'noscript', 'loading', 'stale', 'no_multi', 'allow_busy'], ADMIN_CATS, shutdown),
  memoryCommand,
  spec('role', 1, ['noscript', 'loading', 'stale', 'fast'], ['admin', 'fast', 'dangerous'], role),
  moduleCommand,
];

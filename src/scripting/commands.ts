// EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT (spec §5.1-5.3), as command table rows.
//
// Each server engine gets its own ScriptingEngine (created on first use and kept in a
// WeakMap keyed by the engine), so several engines can live in one process. The adapter
// below is the only code here that knows the server engine's shape.

import type { CommandContext, CommandFlag, CommandSpec, ClientState, KeySpec, Reply } from '../commands/types';
import type { Engine } from '../server/engine';
import type { LogLevel } from '../server/log';
import { LuaTable } from '../lua/value';
import { ScriptCompileError, ScriptingEngine, type ScriptHost } from './scripting';
import { sha1hex } from './cache';
import { LAZYFREE_THRESHOLD } from '../store/lazyfree';

const LOG_LEVELS: LogLevel[] = ['debug', 'verbose', 'notice', 'warning'];

/** Builds the ScriptHost of a server engine (also used by the Functions engine). */
export function hostFor(engine: Engine): ScriptHost {
  const e = engine as Engine & Record<string, any>;
  let openLibs: ((g: { globals: LuaTable }) => void) | null = null;
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    openLibs = (require('./libs/index') as { openRedisLibraries: (L: { globals: LuaTable }) => void }).openRedisLibraries;
  } catch {
    openLibs = null;
  }
  // Config values read on every run are cached and refreshed on CONFIG SET.
  const cached = { maxmemory: 0, busy: 5000, pause: 100, luaMax: 0 };
  const readConfig = () => {
    cached.maxmemory = engine.config.getInt('maxmemory');
    cached.busy = engine.config.getInt('busy-reply-threshold');
    cached.pause = engine.config.get('script-pause-threshold') === undefined ? 100 : engine.config.getInt('script-pause-threshold');
    cached.luaMax = engine.config.getInt('lua-maxmemory');
  };
  readConfig();
  engine.config.onChange(() => readConfig());
  return {
    now: () => engine.now(),
    lookupCommand: (argv) => engine.commandTable.lookup(argv),
    // Engines have callFromScript (Redis's call(): stats, slowlog, MONITOR); chosen once.
    callCommand: typeof e.callFromScript === 'function'
      ? (client: ClientState, cmd: CommandSpec, argv: string[], reply: Reply, now: number) => e.callFromScript(client, cmd, argv, reply, now)
      : (client: ClientState, cmd: CommandSpec, argv: string[], reply: Reply) => {
        cmd.handler({ argv, reply, client, db: engine.keyspace.dbs[client.dbIndex], keyspace: engine.keyspace, engine });
      },
    rejectCommand: (cmd, text) => {
      if (typeof e.rejectFromScript === 'function') e.rejectFromScript(cmd, text);
      else engine.countError(text);
    },
    countError: (text) => engine.countError(text),
    hasMaxmemory: () => cached.maxmemory > 0,
    lacksGoodReplicas: () => engine.writesNeedReplicas,
    isOverMaxmemory: () => engine.performEvictions !== null && engine.performEvictions(),
    log: (level, message) => engine.log.log(LOG_LEVELS[level], message),
    openLibraries: (globals) => { if (openLibs !== null) openLibs({ globals }); },
    busyReplyThreshold: () => cached.busy,
    luaMaxmemory: () => cached.luaMax,
    denyScriptsDisabled: () => e.disableDenyScripts === true,
    database: (index) => engine.keyspace.dbs[index],
    keyPositions: (cmd, argv) => keyPositions(cmd, argv),
    aclCheck: typeof e.aclCheckFromScript === 'function'
      ? (client: ClientState, cmd: CommandSpec, argv: readonly string[], log: boolean) => e.aclCheckFromScript(client, cmd, argv, log)
      : undefined,
    skipNextErrorStats: () => { if ('skipNextErrorStats' in e) e.skipNextErrorStats = true; },
    pauseThreshold: () => cached.pause,
    setBusy: (busy) => { e.busyScript = busy; },
    wakeWaiters: () => { if (typeof e.wakeScriptWaiters === 'function') e.wakeScriptWaiters(); },
    afterScript: () => {
      if (typeof e.flushPendingPushes === 'function') e.flushPendingPushes();
      if (typeof e.afterCommand === 'function') e.afterCommand();
    },
  };
}

/** Key positions from the shared command table (loaded lazily: the table imports the families). */
let tableGetKeys: ((spec: CommandSpec, argv: readonly string[]) => number[]) | null = null;
function keyPositions(cmd: CommandSpec, argv: readonly string[]): number[] {
  if (tableGetKeys === null) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    tableGetKeys = (require('../commands/table') as { getKeys(spec: CommandSpec, argv: readonly string[]): number[] }).getKeys;
  }
  return tableGetKeys(cmd, argv);
}

const engines = new WeakMap<object, ScriptingEngine>();

/** The engine the last scriptingOf() was for (one server runs one engine): no WeakMap lookup. */
let lastEngine: object | null = null;
let lastScripting: ScriptingEngine | null = null;

/** The scripting engine of a server engine (created on first use). */
export function scriptingOf(engine: object): ScriptingEngine {
  if (engine === lastEngine) return lastScripting!;
  let s = engines.get(engine);
  if (s === undefined) {
    const created = new ScriptingEngine(hostFor(engine as Engine));
    engines.set(engine, created);
    // CONFIG RESETSTAT zeroes evicted_scripts (Redis 7.4 resetServerStats).
    const hooks = (engine as Partial<Engine>).resetStatsHooks;
    if (hooks !== undefined) hooks.push(() => { created.cache.evictedScripts = 0; });
    // SHUTDOWN (the engine closing) ends a busy script, even one that wrote (SHUTDOWN NOSAVE).
    const closing = (engine as Partial<Engine>).closeHooks;
    if (closing !== undefined) {
      closing.push(() => {
        created.stopForShutdown();
        // A closed engine is not kept alive by the memo.
        if (lastEngine === engine) { lastEngine = null; lastScripting = null; }
      });
    }
    s = created;
  }
  lastEngine = engine;
  lastScripting = s;
  return s;
}

/** The scripting engine if one was created (INFO must not create a VM just to report zeros). */
export function existingScriptingOf(engine: object): ScriptingEngine | undefined {
  return engines.get(engine);
}

// ---- EVAL family ---------------------------------------------------------------------------

const INT64_RE = /^(0|-?[1-9][0-9]{0,18})$/;

/** Redis's string2ll: strict decimal, no spaces, no '+', no leading zeros, within int64. */
function parseInt64(s: string): number | null {
  // Fast path: a short run of digits without a leading zero (numkeys is almost always this).
  const n0 = s.length;
  if (n0 > 0 && n0 < 10) {
    let v = 0;
    let i = 0;
    for (; i < n0; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
    }
    if (i === n0 && (n0 === 1 || s.charCodeAt(0) !== 48)) return v;
  }
  if (!INT64_RE.test(s)) return null;
  const n = Number(s);
  if (s.length >= 19) {
    const b = BigInt(s);
    if (b > 9223372036854775807n || b < -9223372036854775808n) return null;
  }
  return n;
}

const NOSCRIPT = 'NOSCRIPT No matching script. Please use EVAL.';

function evalGeneric(ctx: CommandContext, bySha: boolean, ro: boolean): void {
  const { argv, reply } = ctx;
  // EVAL is skip_monitor for the dispatcher but MONITOR shows it before the script's own
  // commands (as Redis does), even when it then fails.
  const engine = ctx.engine as unknown as { monitors?: Set<unknown>; feedMonitors?(c: ClientState, argv: string[]): void };
  if (engine.monitors !== undefined && engine.monitors.size !== 0) engine.feedMonitors?.(ctx.client, argv);
  if (bySha && argv[1].length !== 40) {
    reply.error(NOSCRIPT);
    return;
  }
  const numkeys = parseInt64(argv[2]);
  if (numkeys === null) {
    reply.error('ERR value is not an integer or out of range');
    return;
  }
  if (numkeys > argv.length - 3) {
    reply.error("ERR Number of keys can't be greater than number of args");
    return;
  }
  if (numkeys < 0) {
    reply.error("ERR Number of keys can't be negative");
    return;
  }
  const scripting = scriptingOf(ctx.engine);
  let script;
  if (bySha) {
    script = scripting.cache.get(argv[1]);
    if (script === undefined) {
      reply.error(NOSCRIPT);
      return;
    }
  } else {
    try {
      script = scripting.compile(argv[1], true);
    } catch (e) {
      if (e instanceof ScriptCompileError) { reply.error(e.message); return; }
      throw e;
    }
  }
  scripting.run(script, ctx.client, argv, numkeys, ro, reply);
}

/** EVAL's keys: the numkeys arguments after the script (COMMAND GETKEYS, ACL, cluster). */
function evalKeys(argv: string[]): number[] {
  const n = parseInt64(argv[2] ?? '');
  if (n === null || n <= 0 || n > argv.length - 3) return [];
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(3 + i);
  return out;
}

function row(
  name: string, arity: number, flags: CommandFlag[], handler: (ctx: CommandContext) => void,
  extra: Partial<CommandSpec> = {},
): CommandSpec {
  return { name, arity, flags, categories: ['slow', 'scripting'], firstKey: 0, lastKey: 0, keyStep: 0, handler, ...extra };
}

/** Key specs as Redis 7 declares them: numkeys at argv[2], keys from argv[3]. */
const evalKeySpec = (ro: boolean, notes: boolean): KeySpec => ({
  ...(notes ? { notes: `We cannot tell how the keys will be used so we assume the worst, ${ro ? 'RO and ACCESS' : 'RW and UPDATE'}` } : {}),
  flags: ro ? ['RO', 'access'] : ['RW', 'access', 'update'],
  beginSearch: { index: 2 },
  findKeys: { keyNumIdx: 0, firstKey: 1, keyStep: 1 },
});

// In Redis's flag-bit order (the order COMMAND INFO lists them).
const EVAL_FLAGS: CommandFlag[] = ['noscript', 'stale', 'skip_monitor', 'may_replicate', 'no_mandatory_keys', 'movablekeys'];
const EVAL_RO_FLAGS: CommandFlag[] = ['readonly', 'noscript', 'stale', 'skip_monitor', 'no_mandatory_keys', 'movablekeys'];

// ---- SCRIPT ----------------------------------------------------------------------------------

const SCRIPT_HELP = [
  'SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'DEBUG (YES|SYNC|NO)',
  '    Set the debug mode for subsequent scripts executed.',
  'EXISTS <sha1> [<sha1> ...]',
  '    Return information about the existence of the scripts in the script cache.',
  'FLUSH [ASYNC|SYNC]',
  '    Flush the Lua scripts cache. Very dangerous on replicas.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the scripts cache.',
  '    * SYNC: Synchronously flush the scripts cache.',
  'KILL',
  '    Kill the currently executing Lua script.',
  'LOAD <script>',
  '    Load a script into the scripts cache without executing it.',
  'HELP',
  '    Prints this help.',
];

function scriptLoad(ctx: CommandContext): void {
  const scripting = scriptingOf(ctx.engine);
  try {
    const script = scripting.compile(ctx.argv[2], false);
    ctx.reply.bulk(script.sha);
  } catch (e) {
    if (e instanceof ScriptCompileError) { ctx.reply.error(e.message); return; }
    throw e;
  }
}

function scriptExists(ctx: CommandContext): void {
  const scripting = existingScriptingOf(ctx.engine);
  const n = ctx.argv.length - 2;
  ctx.reply.arrayLen(n);
  for (let i = 2; i < ctx.argv.length; i++) ctx.reply.integer(scripting?.cache.has(ctx.argv[i]) ? 1 : 0);
}

function scriptFlush(ctx: CommandContext): void {
  const argv = ctx.argv;
  if (argv.length > 3 || (argv.length === 3 && !/^(sync|async)$/i.test(argv[2]))) {
    ctx.reply.error('ERR SCRIPT FLUSH only support SYNC|ASYNC option');
    return;
  }
  const scripting = existingScriptingOf(ctx.engine);
  const async = argv.length === 3 ? argv[2].toLowerCase() === 'async' : ctx.keyspace.lazyUserFlush;
  // freeLuaScriptsAsync: a cache of more than LAZYFREE_THRESHOLD scripts is freed lazily.
  if (async && scripting !== undefined && scripting.cache.size > LAZYFREE_THRESHOLD) {
    ctx.keyspace.stats.lazyfreedObjects += scripting.cache.size;
  }
  scripting?.flush();
  ctx.reply.status('OK');
}

/**
 * Other script engines SCRIPT KILL must consult (function-commands.ts: a running function makes
 * SCRIPT KILL answer UNKILLABLE or the FUNCTION KILL -BUSY text). undefined = not theirs.
 */
export const scriptKillHooks: Array<(engine: object) => string | undefined> = [];

function scriptKill(ctx: CommandContext): void {
  for (const hook of scriptKillHooks) {
    const text = hook(ctx.engine);
    if (text !== undefined) { ctx.reply.error(text); return; }
  }
  const scripting = existingScriptingOf(ctx.engine);
  const err = scripting === undefined ? 'NOTBUSY No scripts in execution right now.' : scripting.kill();
  if (err === null) ctx.reply.status('OK'); else ctx.reply.error(err);
}

function scriptDebug(ctx: CommandContext): void {
  const mode = ctx.argv[2].toLowerCase();
  if (mode === 'no') { ctx.reply.status('OK'); return; }
  if (mode === 'yes' || mode === 'sync') {
    ctx.reply.error('ERR SCRIPT DEBUG is not supported by Ferrous (no Lua debugger)');
    return;
  }
  ctx.reply.error('ERR Use SCRIPT DEBUG YES/SYNC/NO');
}

function scriptHelp(ctx: CommandContext): void {
  ctx.reply.arrayLen(SCRIPT_HELP.length);
  for (const l of SCRIPT_HELP) ctx.reply.status(l);
}

function sub(name: string, arity: number, flags: CommandFlag[], handler: (ctx: CommandContext) => void, tips?: string[]): CommandSpec {
  return row(`script|${name}`, arity, flags, handler, tips === undefined ? {} : { tips });
}

const scriptContainer: CommandSpec = row('script', -2, [], (ctx) => {
  ctx.reply.error(`ERR unknown subcommand '${ctx.argv[1] ?? ''}'. Try SCRIPT HELP.`);
}, {
  categories: ['slow'],
  // In the order Redis lists them (its subcommand dict order).
  subcommands: [
    sub('flush', -2, ['noscript'], scriptFlush, ['request_policy:all_nodes', 'response_policy:all_succeeded']),
    sub('exists', -3, ['noscript'], scriptExists, ['request_policy:all_shards', 'response_policy:agg_logical_and']),
    sub('debug', 3, ['noscript'], scriptDebug),
    sub('load', 3, ['noscript', 'stale'], scriptLoad, ['request_policy:all_nodes', 'response_policy:all_succeeded']),
    sub('help', 2, ['loading', 'stale'], scriptHelp),
    sub('kill', 2, ['noscript', 'allow_busy'], scriptKill, ['request_policy:all_shards', 'response_policy:one_succeeded']),
  ],
});

/** The scripting rows of the command table. */
export const scriptingCommands: CommandSpec[] = [
  row('eval', -3, EVAL_FLAGS, (ctx) => evalGeneric(ctx, false, false), { getKeys: evalKeys, keySpecs: [evalKeySpec(false, true)] }),
  row('evalsha', -3, EVAL_FLAGS, (ctx) => evalGeneric(ctx, true, false), { getKeys: evalKeys, keySpecs: [evalKeySpec(false, false)] }),
  row('eval_ro', -3, EVAL_RO_FLAGS, (ctx) => evalGeneric(ctx, false, true), { getKeys: evalKeys, keySpecs: [evalKeySpec(true, true)] }),
  row('evalsha_ro', -3, EVAL_RO_FLAGS, (ctx) => evalGeneric(ctx, true, true), { getKeys: evalKeys, keySpecs: [evalKeySpec(true, false)] }),
  scriptContainer,
];

let registered = false;

/** Adds the scripting commands to the shared command table (once per process). */
export function registerScriptingCommands(): void {
  if (registered) return;
  registered = true;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const table = require('../commands/table') as { registerCommands(specs: readonly CommandSpec[]): void };
  table.registerCommands(scriptingCommands);
  // Redis Functions (FCALL, FCALL_RO, FUNCTION): function-commands.ts.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  (require('./function-commands') as { registerFunctionCommands(): void }).registerFunctionCommands();
}

/** INFO fields of the scripting engine (zeros before the first script). */
export function scriptingInfo(engine: object): Record<string, number> {
  const s = existingScriptingOf(engine);
  if (s !== undefined) return s.infoFields();
  return {
    used_memory_lua: 32768, used_memory_vm_eval: 32768, used_memory_scripts_eval: 0,
    number_of_cached_scripts: 0, evicted_scripts: 0,
  };
}


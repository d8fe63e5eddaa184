// FCALL, FCALL_RO and FUNCTION (spec §5.1, §5.7-5.9, §6) as command table rows.
//
// Each server engine gets its own FunctionsEngine, created on first use (as commands.ts does
// for the EVAL engine). Arity and flags are Redis 7.4's.

import type { ClientState, CommandContext, CommandFlag, CommandSpec, KeySpec, Reply } from '../commands/types';
import type { Engine } from '../server/engine';
import { existingScriptingOf, hostFor, scriptKillHooks } from './commands';
import { FunctionError, FunctionsEngine, FUNCTION_FLAGS, type RestorePolicy } from './functions';
import { BUSY_FUNCTION_ERROR } from './scripting';
import { dumpFunctions } from './rdb';
import { stringMatch } from '../store/glob';
import { LAZYFREE_THRESHOLD } from '../store/lazyfree';
import { RdbReader } from '../store/rdb';
import * as persistence from '../commands/persistence';

const NOTBUSY = 'NOTBUSY No scripts in execution right now.';
const UNKILLABLE_DIRTY = 'UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.';
const BUSY_EVAL = 'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.';

const engines = new WeakMap<object, FunctionsEngine>();

/** The Functions engine of a server engine (created on first use). */
export function functionsOf(engine: object): FunctionsEngine {
  let f = engines.get(engine);
  if (f === undefined) {
    const created = new FunctionsEngine(hostFor(engine as Engine));
    engines.set(engine, created);
    // The same lifecycle hooks as the EVAL engine (scriptingOf): CONFIG RESETSTAT zeroes the
    // VM's statistics, and SHUTDOWN (the engine closing) ends a busy FCALL even if it wrote.
    const hooks = (engine as Partial<Engine>).resetStatsHooks;
    if (hooks !== undefined) hooks.push(() => { created.scripting.cache.evictedScripts = 0; });
    const closing = (engine as Partial<Engine>).closeHooks;
    if (closing !== undefined) closing.push(() => created.scripting.stopForShutdown());
    f = created;
  }
  return f;
}

/** The Functions engine if one was created (INFO must not create a VM to report zeros). */
export function existingFunctionsOf(engine: object): FunctionsEngine | undefined {
  return engines.get(engine);
}

const INT64_RE = /^(0|-?[1-9][0-9]{0,18})$/;

/** string2ll: strict decimal within int64. */
function parseInt64(s: string): number | null {
  if (!INT64_RE.test(s)) return null;
  if (s.length >= 19) {
    const b = BigInt(s);
    if (b > 9223372036854775807n || b < -9223372036854775808n) return null;
  }
  return Number(s);
}

function errorOf(reply: Reply, e: unknown): void {
  if (e instanceof FunctionError) { reply.error('ERR ' + e.message); return; }
  throw e;
}

// ---- FCALL / FCALL_RO ------------------------------------------------------------------------

function fcallGeneric(ctx: CommandContext, ro: boolean): void {
  const { argv, reply } = ctx;
  // FCALL is skip_monitor for the dispatcher, but MONITOR shows it (before the function's own
  // commands) even when it then fails, as Redis does (commands.ts does the same for EVAL).
  const engine = ctx.engine as unknown as { monitors?: Set<unknown>; feedMonitors?(c: ClientState, argv: string[]): void };
  if (engine.monitors !== undefined && engine.monitors.size !== 0) engine.feedMonitors?.(ctx.client, argv);
  const functions = functionsOf(ctx.engine);
  const fi = functions.lookup(argv[1]);
  if (fi === undefined) { reply.error('ERR Function not found'); return; }
  const numkeys = parseInt64(argv[2]);
  if (numkeys === null) { reply.error('ERR Bad number of keys provided'); return; }
  if (numkeys > argv.length - 3) { reply.error("ERR Number of keys can't be greater than number of args"); return; }
  if (numkeys < 0) { reply.error("ERR Number of keys can't be negative"); return; }
  functions.call(fi, argv, ctx.client, numkeys, ro, reply);
}

/** FCALL's keys: the numkeys arguments after the function name. */
function fcallKeys(argv: string[]): number[] {
  const n = parseInt64(argv[2] ?? '');
  if (n === null || n <= 0 || n > argv.length - 3) return [];
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(3 + i);
  return out;
}

// ---- FUNCTION subcommands --------------------------------------------------------------------

function functionLoad(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  let replace = false;
  let pos = 2;
  while (pos < argv.length - 1) {
    const arg = argv[pos++];
    if (arg.toLowerCase() === 'replace') { replace = true; continue; }
    reply.error(`ERR Unknown option given: ${arg}`);
    return;
  }
  try {
    reply.bulk(functionsOf(ctx.engine).load(argv[pos], replace));
    dirty(ctx);
  } catch (e) {
    errorOf(reply, e);
  }
}

/** The command changed the dataset (replication/persistence counters). */
function dirty(ctx: CommandContext): void {
  const ks = ctx.keyspace as unknown as { dirty?: number };
  if (typeof ks.dirty === 'number') ks.dirty++;
}

function functionDelete(ctx: CommandContext): void {
  if (!functionsOf(ctx.engine).deleteLibrary(ctx.argv[2])) { ctx.reply.error('ERR Library not found'); return; }
  dirty(ctx);
  ctx.reply.status('OK');
}

function subcommandSyntaxError(ctx: CommandContext): void {
  ctx.reply.error(`ERR unknown subcommand or wrong number of arguments for '${ctx.argv[1].slice(0, 128)}'. Try ${ctx.argv[0].toUpperCase()} HELP.`);
}

function functionFlush(ctx: CommandContext): void {
  const argv = ctx.argv;
  if (argv.length > 3) { subcommandSyntaxError(ctx); return; }
  if (argv.length === 3 && !/^(sync|async)$/i.test(argv[2])) {
    ctx.reply.error('ERR FUNCTION FLUSH only supports SYNC|ASYNC option');
    return;
  }
  const functions = existingFunctionsOf(ctx.engine);
  const async = argv.length === 3 ? argv[2].toLowerCase() === 'async' : ctx.keyspace.lazyUserFlush;
  // freeFunctionsAsync: more than LAZYFREE_THRESHOLD functions go to the lazy free thread,
  // counted with the engines (one: Lua).
  if (async && functions !== undefined && functions.functionsCount > LAZYFREE_THRESHOLD) {
    ctx.keyspace.stats.lazyfreedObjects += functions.functionsCount + 1;
  }
  functions?.flush();
  dirty(ctx);
  ctx.reply.status('OK');
}

function functionList(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  let withCode = false;
  let pattern: string | null = null;
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i];
    const lower = arg.toLowerCase();
    if (!withCode && lower === 'withcode') { withCode = true; continue; }
    if (pattern === null && lower === 'libraryname') {
      if (i >= argv.length - 1) { reply.error('ERR library name argument was not given'); return; }
      pattern = argv[++i];
      continue;
    }
    reply.error(`ERR Unknown argument ${arg}`);
    return;
  }
  const functions = existingFunctionsOf(ctx.engine);
  const libs = functions === undefined ? [] : [...functions.libraries()];
  const shown = pattern === null ? libs : libs.filter((l) => stringMatch(pattern!, l.name, true));
  reply.arrayLen(shown.length);
  for (const lib of shown) {
    reply.mapLen(withCode ? 4 : 3);
    reply.bulk('library_name');
    reply.bulk(lib.name);
    reply.bulk('engine');
    reply.bulk('LUA');
    reply.bulk('functions');
    reply.arrayLen(lib.functions.size);
    for (const fi of lib.functions.values()) {
      reply.mapLen(3);
      reply.bulk('name');
      reply.bulk(fi.name);
      reply.bulk('description');
      reply.bulk(fi.description);
      reply.bulk('flags');
      const names = FUNCTION_FLAGS.filter(([, bit]) => (fi.flags & bit) !== 0);
      reply.setLen(names.length);
      for (const [name] of names) reply.status(name);
    }
    if (withCode) {
      reply.bulk('library_code');
      reply.bulk(lib.code);
    }
  }
}

function functionDump(ctx: CommandContext): void {
  const functions = existingFunctionsOf(ctx.engine);
  ctx.reply.bulk(functions === undefined ? dumpFunctions([]) : functions.dump());
}

function functionRestore(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  if (argv.length > 4) { subcommandSyntaxError(ctx); return; }
  let policy: RestorePolicy = 'append';
  if (argv.length === 4) {
    const p = argv[3].toLowerCase();
    if (p === 'append' || p === 'replace' || p === 'flush') policy = p;
    else {
      reply.error('ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.');
      return;
    }
  }
  try {
    functionsOf(ctx.engine).restore(argv[2], policy);
  } catch (e) {
    errorOf(reply, e);
    return;
  }
  dirty(ctx);
  reply.status('OK');
}

/** An EVAL script is running (and past busy-reply-threshold, else no one could ask). */
function evalRunning(engine: object): { dirty: boolean } | null {
  const running = existingScriptingOf(engine)?.running ?? null;
  return running !== null ? running : null;
}

function functionKill(ctx: CommandContext): void {
  const functions = existingFunctionsOf(ctx.engine);
  if (functions !== undefined && functions.scripting.running !== null) {
    const err = functions.scripting.kill();
    if (err === null) ctx.reply.status('OK'); else ctx.reply.error(err);
    return;
  }
  const evalRun = evalRunning(ctx.engine);
  if (evalRun === null) { ctx.reply.error(NOTBUSY); return; }
  ctx.reply.error(evalRun.dirty ? UNKILLABLE_DIRTY : BUSY_EVAL);
}

/** SCRIPT KILL while a function runs: UNKILLABLE after a write, else the FUNCTION KILL text. */
function scriptKillWhileFunction(engine: object): string | undefined {
  const run = existingFunctionsOf(engine)?.scripting.running ?? null;
  if (run === null) return undefined;
  if (!run.timedOut) return NOTBUSY;
  return run.dirty ? UNKILLABLE_DIRTY : BUSY_FUNCTION_ERROR;
}

function functionStats(ctx: CommandContext): void {
  const { reply } = ctx;
  if (evalRunning(ctx.engine) !== null) { reply.error(BUSY_EVAL); return; }
  const functions = existingFunctionsOf(ctx.engine);
  const run = functions?.scripting.running ?? null;
  reply.mapLen(2);
  reply.bulk('running_script');
  if (run === null || functions === undefined) {
    reply.bulk(null);
  } else {
    const argv = functions.runningArgv ?? [];
    reply.mapLen(3);
    reply.bulk('name');
    reply.bulk(run.sha);
    reply.bulk('command');
    reply.arrayLen(argv.length);
    for (const a of argv) reply.bulk(a);
    reply.bulk('duration_ms');
    reply.integer(Date.now() - run.startTime);
  }
  reply.bulk('engines');
  reply.mapLen(1);
  reply.bulk('LUA');
  reply.mapLen(2);
  reply.bulk('libraries_count');
  reply.integer(functions?.librariesCount ?? 0);
  reply.bulk('functions_count');
  reply.integer(functions?.functionsCount ?? 0);
}

const FUNCTION_HELP = [
  'FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'LOAD [REPLACE] <FUNCTION CODE>',
  '    Create a new library with the given library name and code.',
  'DELETE <LIBRARY NAME>',
  '    Delete the given library.',
  'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
  '    Return general information on all the libraries:',
  '    * Library name',
  '    * The engine used to run the Library',
  '    * Library description',
  '    * Functions list',
  '    * Library code (if WITHCODE is given)',
  '    It also possible to get only function that matches a pattern using LIBRARYNAME argument.',
  'STATS',
  '    Return information about the current function running:',
  '    * Function name',
  '    * Command used to run the function',
  '    * Duration in MS that the function is running',
  '    If no function is running, return nil',
  '    In addition, returns a list of available engines.',
  'KILL',
  '    Kill the current running function.',
  'FLUSH [ASYNC|SYNC]',
  '    Delete all the libraries.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the libraries.',
  '    * SYNC: Synchronously flush the libraries.',
  'DUMP',
  '    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command',
  'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
  '    Restore the libraries represented by the given payload, it is possible to give a restore policy to',
  '    control how to handle existing libraries (default APPEND):',
  '    * FLUSH: delete all existing libraries.',
  '    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.',
  '    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old',
  '      libraries with the new libraries (notice that even on this option there is a chance of failure',
  '      in case of functions name collision with another library).',
  'HELP',
  '    Prints this help.',
];

function functionHelp(ctx: CommandContext): void {
  ctx.reply.arrayLen(FUNCTION_HELP.length);
  for (const l of FUNCTION_HELP) ctx.reply.status(l);
}

// ---- the rows --------------------------------------------------------------------------------

function row(
  name: string, arity: number, flags: CommandFlag[], handler: (ctx: CommandContext) => void,
  extra: Partial<CommandSpec> = {},
): CommandSpec {
  return { name, arity, flags, categories: ['slow', 'scripting'], firstKey: 0, lastKey: 0, keyStep: 0, handler, ...extra };
}

function sub(
  name: string, arity: number, flags: CommandFlag[], handler: (ctx: CommandContext) => void, tips?: string[],
): CommandSpec {
  const categories = flags.includes('write') ? ['write', 'slow', 'scripting'] : ['slow', 'scripting'];
  return row(`function|${name}`, arity, flags, handler, tips === undefined ? { categories } : { categories, tips });
}

/** Key specs as Redis 7 declares them: numkeys at argv[2], keys from argv[3]. */
const fcallKeySpec = (ro: boolean): KeySpec => ({
  notes: `We cannot tell how the keys will be used so we assume the worst, ${ro ? 'RO and ACCESS' : 'RW and UPDATE'}`,
  flags: ro ? ['RO', 'access'] : ['RW', 'access', 'update'],
  beginSearch: { index: 2 },
  findKeys: { keyNumIdx: 0, firstKey: 1, keyStep: 1 },
});

// In Redis's flag-bit order (the order COMMAND INFO lists them); FCALL is may_replicate in 7.4.
const FCALL_FLAGS: CommandFlag[] = ['noscript', 'stale', 'skip_monitor', 'may_replicate', 'no_mandatory_keys', 'movablekeys'];
const FCALL_RO_FLAGS: CommandFlag[] = ['readonly', 'noscript', 'stale', 'skip_monitor', 'no_mandatory_keys', 'movablekeys'];
const ALL_SUCCEEDED = ['request_policy:all_shards', 'response_policy:all_succeeded'];

const functionContainer: CommandSpec = row('function', -2, [], (ctx) => {
  ctx.reply.error(`ERR unknown subcommand '${ctx.argv[1] ?? ''}'. Try FUNCTION HELP.`);
}, {
  categories: ['slow'],
  // In the order Redis lists them (its subcommand dict order).
  subcommands: [
    sub('delete', 3, ['write', 'noscript'], functionDelete, ALL_SUCCEEDED),
    sub('kill', 2, ['noscript', 'allow_busy'], functionKill, ['request_policy:all_shards', 'response_policy:one_succeeded']),
    sub('restore', -3, ['write', 'denyoom', 'noscript'], functionRestore, ALL_SUCCEEDED),
    sub('flush', -2, ['write', 'noscript'], functionFlush, ALL_SUCCEEDED),
    sub('dump', 2, ['noscript'], functionDump),
    sub('help', 2, ['loading', 'stale'], functionHelp),
    sub('load', -3, ['write', 'denyoom', 'noscript'], functionLoad, ALL_SUCCEEDED),
    sub('list', -2, ['noscript'], functionList, ['nondeterministic_output_order']),
    sub('stats', 2, ['noscript', 'allow_busy'], functionStats, ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special']),
  ],
});

/** The Functions rows of the command table. */
export const functionCommands: CommandSpec[] = [
  row('fcall', -3, FCALL_FLAGS, (ctx) => fcallGeneric(ctx, false), { getKeys: fcallKeys, keySpecs: [fcallKeySpec(false)] }),
  row('fcall_ro', -3, FCALL_RO_FLAGS, (ctx) => fcallGeneric(ctx, true), { getKeys: fcallKeys, keySpecs: [fcallKeySpec(true)] }),
  functionContainer,
];

let registered = false;

/** Adds FCALL, FCALL_RO and FUNCTION to the shared command table (once per process). */
export function registerFunctionCommands(): void {
  if (registered) return;
  registered = true;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const table = require('../commands/table') as { registerCommands(specs: readonly CommandSpec[]): void };
  table.registerCommands(functionCommands);
  scriptKillHooks.push(scriptKillWhileFunction);
  installRdbFunctionHooks();
}

/**
 * RDB files (SAVE, BGSAVE, DEBUG RELOAD, the dump loaded at startup) carry the function
 * libraries: the persistence layer asks this one for their code and hands loaded code back.
 * Installed with the commands, so every engine of the process has them (embedded ones too).
 */
function installRdbFunctionHooks(): void {
  persistence.rdbFunctionHooks.codes = (e) => {
    const payload = functionsOf(e).dump();
    const reader = new RdbReader(payload);
    const codes: string[] = [];
    while (payload.length - reader.pos > 10) { reader.byte(); codes.push(reader.string()); }
    return codes;
  };
  persistence.rdbFunctionHooks.load = (e, codes, policy = 'flush') => { functionsOf(e).restore(dumpFunctions(codes), policy); };
}

/** INFO memory fields of the Functions engine (defaults before the first FUNCTION command). */
export function functionsInfo(engine: object): {
  number_of_functions: number; number_of_libraries: number; used_memory_vm_functions: number; used_memory_functions: number;
} {
  const f = existingFunctionsOf(engine);
  if (f === undefined) return { number_of_functions: 0, number_of_libraries: 0, used_memory_vm_functions: 33792, used_memory_functions: 200 };
  const mem = f.memory();
  return {
    number_of_functions: f.functionsCount,
    number_of_libraries: f.librariesCount,
    used_memory_vm_functions: mem.vm,
    used_memory_functions: mem.overhead,
  };
}

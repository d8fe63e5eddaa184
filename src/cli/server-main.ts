// ferrous-server: parse the command line, start the engine and the TCP server, log as Redis
// does, and shut down cleanly on SIGINT/SIGTERM or SHUTDOWN.

import { spawn } from 'node:child_process';
import type { Engine as EngineType } from '../server/engine';

// V8 heap settings for the server (docs/performance.md, "Memory"). 2 MB semi-spaces instead
// of V8's 16 MB keep ~40-90 MB less RSS with 1M keys loaded and cost no measured server CPU
// (1 MB saves 7 MB more but cost ~8 % CPU on SETs of new keys). V8 reads the semi-space size only when the heap is created, so it must be
// on node's command line: bin/ferrous-server passes it in its #! line; started any other way
// (`npm start`, `node dist/src/cli/server-main.js`) this module runs the server in a child
// node with the flags. FERROUS_LUA_NO_HEAP_TUNING keeps the Lua engine's own heap tuning
// (made for the standalone interpreter) out of the server.
const SERVER_V8_FLAGS = ['--max-semi-space-size=2'];

function hasServerFlags(): boolean {
  return process.execArgv.some((a) => a.startsWith('--max-semi-space-size'));
}

/** Runs this same script in a child node with SERVER_V8_FLAGS; relays signals and exit code. */
function runWithServerFlags(): void {
  const child = spawn(process.execPath, [...process.execArgv, ...SERVER_V8_FLAGS, ...process.argv.slice(1)], {
    // The IPC channel is only a lifeline: it closes when this parent dies, even by SIGKILL,
    // and the server then shuts down instead of running on orphaned.
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, FERROUS_LUA_NO_HEAP_TUNING: process.env.FERROUS_LUA_NO_HEAP_TUNING ?? '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => { child.kill(signal); });
  }
  child.on('exit', (code, signal) => { process.exit(code ?? (signal === null ? 1 : 128)); });
}

async function main(): Promise<void> {
  // Loaded here, not at the top, so that a relaying parent never loads the server.
  const { Engine } = require('../server/engine') as typeof import('../server/engine');
  const { Server } = require('../server/server') as typeof import('../server/server');
  const { REDIS_VERSION } = require('../server/version') as typeof import('../server/version');
  const { parseServerArgs, USAGE } = require('./args') as typeof import('./args');
  const parsed = parseServerArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`${parsed.error}\n`);
    process.exit(1);
  }
  const args = parsed.args;
  if (args.help) { process.stdout.write(USAGE); return; }
  if (args.version) { process.stdout.write(`Ferrous server v=${REDIS_VERSION} (redis-compatible) node=${process.version}\n`); return; }

  const config: Record<string, string> = {};
  for (const [name, value] of args.options) config[name] = value;
  let engine: EngineType;
  try {
    engine = new Engine({ config, logging: true });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
  engine.config.configFile = args.configFile;
  const log = engine.log;
  log.notice('oO0OoO0OoO0Oo Ferrous is starting oO0OoO0OoO0Oo');
  log.notice(`Ferrous version=${REDIS_VERSION} (redis-compatible), node=${process.version}, pid=${process.pid}, just started`);
  if (args.configFile === null) {
    log.warning('Warning: no config file specified, using the default config. In order to specify a config file use ferrous-server /path/to/redis.conf');
  } else {
    log.notice('Configuration loaded');
  }

  // The RDB file (dir/dbfilename), with the function libraries (hooks installed by scripting).
  const persistence = require('../commands/persistence') as typeof import('../commands/persistence');
  try {
    const started = Date.now();
    const keys = persistence.loadRdbAtStartup(engine.keyspace, engine);
    if (keys >= 0) log.notice(`DB loaded from disk: ${((Date.now() - started) / 1000).toFixed(3)} seconds (${keys} keys)`);
  } catch (e) {
    log.warning((e as Error).message);
    process.exit(1);
  }

  const server = new Server(engine);
  let shuttingDown = false;
  // Save points (the `save` config), checked once a second as Redis's serverCron does.
  const saveTimer = setInterval(() => {
    const line = persistence.saveIfDue(engine.keyspace, engine);
    if (line !== null) log.notice(line);
  }, 1000);
  saveTimer.unref();
  const shutdown = async (why: string, save: boolean | null = null) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.warning(why);
    clearInterval(saveTimer);
    // prepareForShutdown: save when asked to, or by default when save points are configured.
    if (save === true || (save === null && persistence.savePoints(engine).length > 0)) {
      log.notice('Saving the final RDB snapshot before exiting.');
      const err = persistence.saveRdb(engine.keyspace, engine);
      if (err === null) log.notice('DB saved on disk');
      else log.warning(`Error trying to save the DB, can't exit. (${err})`);
    }
    await server.close();
    engine.close();
    log.warning('Ferrous is now ready to exit, bye bye...');
    process.exit(0);
  };
  // SHUTDOWN SAVE saves, SHUTDOWN NOSAVE does not, a plain SHUTDOWN (save null) and SIGTERM /
  // SIGINT follow the save points, as Redis's prepareForShutdown.
  engine.shutdownHandler = (opts) => { void shutdown('User requested shutdown...', opts.save); };
  process.on('SIGINT', () => { void shutdown('Received SIGINT scheduling shutdown...'); });
  process.on('SIGTERM', () => { void shutdown('Received SIGTERM scheduling shutdown...'); });

  try {
    const port = await server.listen();
    log.notice('Server initialized');
    log.notice(`Ready to accept connections tcp (port ${port}, bind ${engine.config.get('bind')})`);
  } catch (e) {
    log.warning(`Failed listening on port ${engine.config.get('port')} (tcp), aborting: ${(e as Error).message}`);
    process.exit(1);
  }
}

if (hasServerFlags() || process.env.FERROUS_SERVER_NO_REEXEC !== undefined) {
  if (process.env.FERROUS_LUA_NO_HEAP_TUNING === undefined) process.env.FERROUS_LUA_NO_HEAP_TUNING = '1';
  if (process.channel !== undefined) {
    // Started by runWithServerFlags: exit with the relaying parent.
    process.channel.unref();
    process.on('disconnect', () => { process.kill(process.pid, 'SIGTERM'); });
  }
  void main();
} else {
  runWithServerFlags();
}

// ferrous-server: parse the command line, start the engine and the TCP server, log as Redis
// does, and shut down cleanly on SIGINT/SIGTERM or SHUTDOWN.

import { Engine } from '../server/engine';
import { Server } from '../server/server';
import { REDIS_VERSION } from '../server/version';
import { parseServerArgs, USAGE } from './args';

async function main(): Promise<void> {
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
  let engine: Engine;
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

  const server = new Server(engine);
  let shuttingDown = false;
  const shutdown = async (why: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.warning(why);
    await server.close();
    engine.close();
    log.warning('Ferrous is now ready to exit, bye bye...');
    process.exit(0);
  };
  engine.shutdownHandler = () => { void shutdown('User requested shutdown...'); };
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

void main();

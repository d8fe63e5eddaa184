// Ferrous embedding API: run the server in-process (for tests, no binary, no Docker), or use
// the engine directly without sockets.
//
//   const { port, close } = await startServer({ port: 0 });   // 0 = a free port
//   const engine = createEngine();  engine.command('SET', 'k', 'v')  // -> 'OK'

import { Engine } from './server/engine';
import { Server } from './server/server';
import { JsReply, type JsValue } from './server/js-reply';
import type { Client } from './server/client';

export { Engine } from './server/engine';
export { Server } from './server/server';
export type { JsValue } from './server/js-reply';
export { ReplyError } from './server/js-reply';

export interface StartServerOptions {
  /** TCP port; 0 picks a free one. Default 6379. */
  port?: number;
  /** Address to bind. Default 127.0.0.1. */
  bind?: string;
  /** Config options as redis.conf names: { maxmemory: '100mb', requirepass: 'x' }. */
  config?: Record<string, string>;
  /** Print log lines to stdout (default false). */
  logging?: boolean;
  /** Unsent output per client above which its requests wait (default 64 MB). */
  outputPauseBytes?: number;
}

export interface RunningServer {
  port: number;
  engine: Engine;
  server: Server;
  close(): Promise<void>;
}

/** Starts a Ferrous server in this process. Several may run side by side. */
export async function startServer(opts: StartServerOptions = {}): Promise<RunningServer> {
  const config = { ...(opts.config ?? {}) };
  const engine = new Engine({ config, logging: opts.logging ?? false });
  const server = new Server(engine, { outputPauseBytes: opts.outputPauseBytes });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await server.close();
    engine.close();
  };
  engine.shutdownHandler = () => { void close(); };
  // Unset port/bind fall back to the config (port 6379, bind 127.0.0.1 by default).
  const port = await server.listen({ port: opts.port, bind: opts.bind });
  return { port, engine, server, close };
}

/** An engine without sockets. Use engine.command(...) to run commands. */
export function createEngine(config?: Record<string, string>): Engine {
  return new Engine({ config: config ?? {} });
}

/**
 * Runs one command on an engine as a client of its own (one per engine, created on first
 * use) and returns the reply as JS values: strings, numbers, arrays, null; errors throw.
 */
export function runCommand(engine: Engine, ...argv: string[]): JsValue {
  return engine.command(...argv);
}

export type { Client };

// The TCP server: listens on the configured addresses, creates a Connection per socket, and
// flushes output produced outside a client's own read (MONITOR feeds, kills) once per turn.

import * as net from 'node:net';
import { Engine } from './engine';
import { Connection, type FlushQueue } from './connection';

export interface ServerOptions {
  port?: number;
  bind?: string;
}

export interface ServerTuning {
  /** Unsent output per client above which its requests wait for the socket to drain. */
  outputPauseBytes?: number;
}

export class Server implements FlushQueue {
  readonly engine: Engine;
  private readonly listeners: net.Server[] = [];
  private readonly connections = new Set<Connection>();
  private pendingFlush: Connection[] = [];
  private flushScheduled = false;
  private closed = false;
  port = 0;

  constructor(engine: Engine, private readonly tuning: ServerTuning = {}) {
    this.engine = engine;
    engine.config.onChange((name) => {
      if (name === 'proto-max-bulk-len' || name === 'client-query-buffer-limit' || name === 'client-output-buffer-limit') {
        for (const c of this.connections) c.applyLimits();
      }
    });
  }

  /** Starts listening; port 0 picks a free port (the chosen one is returned). */
  async listen(options: ServerOptions = {}): Promise<number> {
    const config = this.engine.config;
    let port = options.port ?? config.getInt('port');
    const bind = (options.bind ?? config.get('bind') ?? '127.0.0.1').split(' ').filter((b) => b !== '');
    const addresses = bind.length === 0 ? ['127.0.0.1'] : bind;
    for (const address of addresses) {
      const host = address.startsWith('-') ? address.slice(1) : address; // "-::*" = optional
      const optional = address.startsWith('-');
      const srv = net.createServer({ noDelay: true }, (socket) => this.accept(socket));
      try {
        port = await new Promise<number>((resolve, reject) => {
          srv.once('error', reject);
          srv.listen({ port, host: host === '*' ? '0.0.0.0' : host === '::*' ? '::' : host, backlog: config.getInt('tcp-backlog') }, () => {
            srv.off('error', reject);
            resolve((srv.address() as net.AddressInfo).port);
          });
        });
      } catch (e) {
        if (optional) continue;
        await this.close();
        throw e;
      }
      this.listeners.push(srv);
    }
    this.port = port;
    this.engine.tcpPort = port;
    return port;
  }

  private accept(socket: net.Socket): void {
    const engine = this.engine;
    if (this.closed) { socket.destroy(); return; }
    if (engine.clients.size >= engine.config.getInt('maxclients')) {
      engine.stats.rejectedConnections++;
      socket.end('-ERR max number of clients reached\r\n');
      return;
    }
    engine.stats.totalConnections++;
    const conn = new Connection(engine, socket, this, this.tuning.outputPauseBytes);
    this.connections.add(conn);
    socket.once('close', () => this.connections.delete(conn));
  }

  queueFlush(conn: Connection): void {
    this.pendingFlush.push(conn);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flushPending());
    }
  }

  private flushPending(): void {
    this.flushScheduled = false;
    const list = this.pendingFlush;
    this.pendingFlush = [];
    for (const conn of list) conn.flush();
  }

  /** Stops listening and closes every connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const conn of this.connections) conn.close(conn.client, false);
    await Promise.all(this.listeners.map((l) => new Promise<void>((resolve) => l.close(() => resolve()))));
    this.listeners.length = 0;
  }
}

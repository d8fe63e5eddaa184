// The TCP server: listens on the configured addresses, creates a Connection per socket, and
// flushes every connection's output once per event-loop turn, after all reads of the turn (connection.ts).

import * as net from 'node:net';
import { Engine } from './engine';
import { Connection, type FlushQueue } from './connection';

/**
 * One read buffer for every connection. A socket reading into it hands each read to its
 * Connection synchronously, and the parser copies whatever it keeps before returning, so the
 * next read (of any socket) may overwrite it. Node's default path allocates a buffer per
 * read, wraps it in a stream chunk and emits it: ~1 µs per read, per command without
 * pipelining.
 */
const SHARED_READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/**
 * Moves an accepted socket's handle to a new net.Socket reading with `onread` into the shared
 * buffer (documented for new net.Socket; net.Server has no such option, so the accepted,
 * still paused socket gives up its handle). Returns null, leaving `raw` as it was, when this
 * Node does not have what it needs.
 */
function adoptWithSharedReadBuffer(raw: net.Socket, onRead: (chunk: Buffer) => void): net.Socket | null {
  const internals = raw as unknown as { _handle?: object | null; _server?: unknown; server?: unknown };
  const handle = internals._handle;
  if (handle === null || handle === undefined || typeof (handle as { useUserBuffer?: unknown }).useUserBuffer !== 'function') return null;
  let socket: net.Socket;
  try {
    socket = new net.Socket({
      handle, readable: true, writable: true,
      onread: { buffer: SHARED_READ_BUFFER, callback: (n: number, buf: Uint8Array) => { onRead((buf as Buffer).subarray(0, n)); } },
    } as net.SocketConstructorOpts);
  } catch {
    return null;
  }
  // The raw socket no longer owns the handle; the server's connection count follows the new one.
  const adopted = socket as unknown as { _server?: unknown; server?: unknown };
  adopted._server = internals._server;
  adopted.server = internals.server;
  internals._server = null;
  internals._handle = null;
  return socket;
}

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
      if ((name === 'port' || name === 'bind') && !this.applyingOwnConfig && this.listeners.length > 0 && !this.rebindScheduled) {
        // Once per CONFIG SET, even when it sets both port and bind.
        this.rebindScheduled = true;
        setImmediate(() => { this.rebindScheduled = false; void this.rebind(); });
      }
      if (name === 'proto-max-bulk-len' || name === 'client-query-buffer-limit' || name === 'client-output-buffer-limit') {
        for (const c of this.connections) c.applyLimits();
      }
    });
  }

  /** Starts listening; port 0 picks a free port (the chosen one is returned). */
  async listen(options: ServerOptions = {}): Promise<number> {
    const config = this.engine.config;
    const port = options.port ?? config.getInt('port');
    const bind = options.bind ?? config.get('bind') ?? '127.0.0.1';
    let opened: { servers: net.Server[]; port: number };
    try {
      opened = await this.openListeners(port, bind);
    } catch (e) {
      await this.close();
      throw e;
    }
    this.listeners.push(...opened.servers);
    this.setListening(opened.port, bind);
    return opened.port;
  }

  /** Records where we listen; CONFIG GET port/bind then tell the truth (port 0 = chosen). */
  private setListening(port: number, bind: string): void {
    this.port = port;
    this.engine.tcpPort = port;
    this.applyingOwnConfig = true;
    try {
      this.engine.config.set('port', String(port));
      this.engine.config.set('bind', bind);
    } finally {
      this.applyingOwnConfig = false;
    }
  }

  private applyingOwnConfig = false;
  private rebindScheduled = false;

  /** Opens a listener per bind address ("-addr" = optional, "*" = all IPv4, "::*" = all IPv6). */
  private async openListeners(port: number, bindList: string): Promise<{ servers: net.Server[]; port: number }> {
    const backlog = this.engine.config.getInt('tcp-backlog');
    const bind = bindList.split(' ').filter((b) => b !== '');
    const servers: net.Server[] = [];
    for (const address of bind.length === 0 ? ['127.0.0.1'] : bind) {
      const optional = address.startsWith('-');
      const host = optional ? address.slice(1) : address;
      const srv = net.createServer({ noDelay: true, pauseOnConnect: true }, (socket) => this.accept(socket));
      try {
        port = await new Promise<number>((resolve, reject) => {
          srv.once('error', reject);
          srv.listen({ port, host: host === '*' ? '0.0.0.0' : host === '::*' ? '::' : host, backlog }, () => {
            srv.off('error', reject);
            resolve((srv.address() as net.AddressInfo).port);
          });
        });
      } catch (e) {
        if (optional) continue;
        await Promise.all(servers.map((l) => new Promise<void>((r) => l.close(() => r()))));
        throw e;
      }
      servers.push(srv);
    }
    return { servers, port };
  }

  /**
   * CONFIG SET port / bind: listen on the new addresses, then stop the old listeners
   * (connected clients stay). Runs after the OK; a failure is logged and the old listeners
   * are kept, where Redis would have answered an error.
   */
  private async rebind(): Promise<void> {
    const config = this.engine.config;
    const port = config.getInt('port');
    const bind = config.get('bind') ?? '127.0.0.1';
    let opened: { servers: net.Server[]; port: number };
    try {
      opened = await this.openListeners(port, bind);
    } catch (e) {
      this.engine.log.warning(`Failed listening on port ${port} (bind ${bind}): ${(e as Error).message}; keeping port ${this.port}`);
      return;
    }
    if (this.closed) {
      for (const l of opened.servers) l.close();
      return;
    }
    const old = this.listeners.splice(0, this.listeners.length, ...opened.servers);
    for (const l of old) l.close();
    this.setListening(opened.port, bind);
    this.engine.log.notice(`Listening on port ${opened.port} (bind ${bind})`);
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
    let conn: Connection | null = null;
    // FERROUS_NO_SHARED_READ_BUFFER=1 keeps Node's own read path (for comparison, or a Node
    // whose sockets cannot be adopted).
    const adopted = process.env.FERROUS_NO_SHARED_READ_BUFFER === '1' ? null : adoptWithSharedReadBuffer(socket, (chunk) => conn!.onRead(chunk));
    const sock = adopted ?? socket;
    conn = new Connection(engine, sock, this, this.tuning.outputPauseBytes, adopted !== null);
    const c = conn;
    this.connections.add(c);
    sock.once('close', () => this.connections.delete(c));
    if (adopted === null) socket.resume();
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

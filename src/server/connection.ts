// One TCP connection: socket bytes -> RespParser -> engine.execute -> client.out -> socket.
//
// All requests parsed from one read are executed before anything is written; the collected
// output goes out in a single socket.write at the end of the event-loop turn, through the
// server's flush queue, after every socket that was readable in this turn has been served
// (Redis's beforeSleep handleClientsWithPendingWrites). Writing right after each read cost
// more kernel time than anything we do in JS: each write woke the sleeping client (the
// benchmark, one process for all its connections) again, where a burst of writes wakes it
// once. Output caused by other clients (MONITOR lines, pub/sub, CLIENT KILL) takes the same
// queue.
//
// Output is bounded: when more than OUTPUT_PAUSE_BYTES wait unsent, this client's remaining
// requests stay in the parser and reading from its socket pauses until the socket drains (a
// client that pipelines but never reads cannot grow our memory, even within one read); over
// client-output-buffer-limit (hard, or soft for its seconds) the client is closed as in Redis.

import type * as net from 'node:net';
import type { Engine } from './engine';
import type { Client, ClientTransport } from './client';
import { RespParser, internName } from './resp-parser';
import { wallClockAt } from './clock';
import { commandNameSpellings } from '../commands/table';
import { PUSH_REPLY_COMMANDS } from './commands/pubsub';

/** Unsent output above which we stop reading this client's requests. */
const OUTPUT_PAUSE_BYTES = 64 * 1024 * 1024;
/** Unsent output above which the client is disconnected (when no normal hard limit is set). */
const OUTPUT_HARD_CAP_BYTES = 1024 * 1024 * 1024;

export interface FlushQueue {
  queueFlush(conn: Connection): void;
}

/** The parser's interned command names are seeded once, when all command families are loaded. */
let commandNamesInterned = false;

export class Connection implements ClientTransport {
  readonly client: Client;
  private readonly parser = new RespParser();
  /** True while requests from a read are executing: their output is flushed at the end. */
  private reading = false;
  flushQueued = false;
  private pausedForOutput = false;
  private closing = false;

  constructor(
    private readonly engine: Engine,
    private readonly socket: net.Socket,
    private readonly queue: FlushQueue,
    /** Unsent output above which this client's requests wait (default OUTPUT_PAUSE_BYTES). */
    private readonly outputPauseBytes = OUTPUT_PAUSE_BYTES,
    /**
     * True when the socket reads into the server's shared buffer (see server.ts) and the
     * server calls onRead; false: the socket emits 'data' chunks of its own.
     */
    sharedReadBuffer = false,
  ) {
    if (!commandNamesInterned) {
      for (const name of commandNameSpellings()) internName(name);
      commandNamesInterned = true;
    }
    const client = engine.createClient();
    this.client = client;
    client.transport = this;
    client.addr = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    client.laddr = `${socket.localAddress ?? '?'}:${socket.localPort ?? 0}`;
    client.fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1;
    this.applyLimits();
    socket.setNoDelay(true);
    const keepalive = engine.config.getInt('tcp-keepalive');
    if (keepalive > 0) socket.setKeepAlive(true, keepalive * 1000);
    if (!sharedReadBuffer) socket.on('data', (chunk: Buffer) => this.onData(chunk, false));
    socket.on('drain', () => this.onDrain());
    socket.on('error', () => { /* the close event follows */ });
    socket.on('close', () => this.onClose());
  }

  /**
   * Limits read from the config once (and again after CONFIG SET), not per request. Client
   * classes as Redis's getClientType: subscribed clients are 'pubsub', everyone else (MONITOR
   * too) 'normal'.
   */
  private queryBufferLimit = 0;
  private normalHardCap = OUTPUT_HARD_CAP_BYTES;
  private pubsubHardCap = OUTPUT_HARD_CAP_BYTES;
  /** Soft limits: [bytes, seconds] per class (0 bytes = none), and since when we are over. */
  private normalSoft: [number, number] = [0, 0];
  private pubsubSoft: [number, number] = [0, 0];
  private overSoftSince = 0;

  /** Re-reads protocol and buffer limits (at connect and after CONFIG SET). */
  applyLimits(): void {
    const config = this.engine.config;
    this.parser.maxBulkLen = config.getInt('proto-max-bulk-len');
    this.queryBufferLimit = config.getInt('client-query-buffer-limit');
    const limits = (config.get('client-output-buffer-limit') ?? '').split(' ');
    const hardOf = (cls: string) => {
      const i = limits.indexOf(cls);
      const hard = i >= 0 ? Number(limits[i + 1]) : 0;
      return hard > 0 ? hard : OUTPUT_HARD_CAP_BYTES;
    };
    this.normalHardCap = hardOf('normal');
    this.pubsubHardCap = hardOf('pubsub');
    const softOf = (cls: string): [number, number] => {
      const i = limits.indexOf(cls);
      return i >= 0 ? [Number(limits[i + 2]) || 0, Number(limits[i + 3]) || 0] : [0, 0];
    };
    this.normalSoft = softOf('normal');
    this.pubsubSoft = softOf('pubsub');
  }

  /** Redis's checkClientOutputBufferLimits: over hard, or over soft for soft-seconds. */
  private overOutputLimit(pending: number): boolean {
    const c = this.client;
    const pubsub = c.subscriptions + c.patternSubscriptions + c.shardSubscriptions > 0;
    if (pending > (pubsub ? this.pubsubHardCap : this.normalHardCap)) return true;
    const [softBytes, softSeconds] = pubsub ? this.pubsubSoft : this.normalSoft;
    if (softBytes <= 0 || pending <= softBytes) {
      this.overSoftSince = 0;
      return false;
    }
    const now = Date.now();
    if (this.overSoftSince === 0) this.overSoftSince = now;
    return now - this.overSoftSince > softSeconds * 1000;
  }

  /** Bytes read into the server's shared read buffer: valid only during this call. */
  onRead(chunk: Buffer): void {
    this.onData(chunk, true);
    this.parser.release();
  }

  private onData(chunk: Buffer, transient: boolean): void {
    const client = this.client;
    if (client.closed || this.closing) return;
    client.netIn += chunk.length;
    this.engine.stats.netInputBytes += chunk.length;
    const parser = this.parser;
    parser.feed(chunk, transient);
    // While this client waits for a busy script or for its output to drain, its requests
    // stay buffered. (Otherwise processRequests stamps lastInteraction from the clock reading
    // it takes anyway: no separate Date.now() per read.)
    if (this.waiting || this.blockedOnOutput) {
      client.lastInteraction = Date.now();
      return;
    }
    this.processRequests();
  }

  /** True while requests are left unprocessed until the socket drains (see processRequests). */
  private blockedOnOutput = false;

  /** A command held back while a busy script runs (before busy-reply-threshold). */
  private held: string[] | null = null;
  private waiting = false;

  private waitForScript(): void {
    this.waiting = true;
    this.engine.waitForScript(() => {
      this.waiting = false;
      if (!this.client.closed && !this.closing) this.processRequests();
    });
  }

  /** Executes the buffered requests (from onData, or when a busy script lets us go on). */
  private processRequests(): void {
    const client = this.client;
    const parser = this.parser;
    if (client.suspended) { this.waitForScript(); return; }
    this.reading = true;
    const engine = this.engine;
    let argv: string[] | null;
    parser.unauthenticated = !client.authenticated;
    // How much more output this run may produce before the rest of the requests must wait.
    const outputRoom = this.outputPauseBytes - this.socket.writableLength;
    // Each command of the pipeline starts when the one before it ended: one clock read each.
    let start = performance.now();
    // A read counts as interaction even when it holds no complete command yet (a big value
    // arriving in pieces): Redis stamps lastinteraction on every read.
    client.lastInteraction = wallClockAt(start);
    while ((argv = this.held ?? parser.next()) !== null) {
      this.held = null;
      if (argv.length === 0) continue;
      const busy = engine.busyScript;
      if (busy !== null && busy.caller !== client && !busy.pastThreshold()) {
        // Redis answers nobody before busy-reply-threshold: hold the command.
        this.held = argv;
        this.waitForScript();
        break;
      }
      if (engine.pauseEnd !== 0 && engine.mustPause(argv)) {
        // CLIENT PAUSE in effect: this command waits for the end of the pause.
        this.held = argv;
        this.waiting = true;
        engine.waitForUnpause(() => {
          this.waiting = false;
          if (!this.client.closed && !this.closing) this.processRequests();
        });
        break;
      }
      let reply = client.writer as import('../commands/types').Reply;
      if (client.replyMode !== 'on') {
        if (client.replyMode === 'skip') client.replyMode = 'on';
        // Subscription confirmations are pushes (CLIENT_PUSHING, 7.2+): they go out anyway.
        if (!PUSH_REPLY_COMMANDS.has(argv[0])) reply = client.discard;
      }
      client.canSuspend = true;
      try {
        engine.execute(client, argv, reply, start);
        start = engine.lastCallEnd > start ? engine.lastCallEnd : performance.now();
      } catch (e) {
        // Handler errors are replies already (Engine.call); this is a failure of the reply
        // path itself (e.g. V8's string length limit): drop this client, keep the server.
        engine.log.warning(`Closing client id=${client.id} addr=${client.addr} after an internal error: ${(e as Error)?.message ?? e}`);
        client.canSuspend = false;
        this.reading = false;
        this.close(client, false);
        return;
      }
      client.canSuspend = false;
      if (client.replyMode === 'skip-next') client.replyMode = 'skip';
      if (client.closeAfterReply || client.closed) break;
      if (client.suspended) {
        // Its EVAL became a busy script: the reply and the pipelined rest come when it ends.
        this.waitForScript();
        break;
      }
      if (client.blocked) {
        // A blocking command waits (BLPOP, ...): its pipelined followers wait with it.
        this.waiting = true;
        client.resumeAfterUnblock = () => {
          this.waiting = false;
          if (!client.closed && !this.closing) this.processRequests();
        };
        break;
      }
      parser.unauthenticated = !client.authenticated;
      if (client.pendingOutput > outputRoom) {
        // Enough output waits for this client: leave the rest of its requests in the parser
        // until the socket drains (so even one read's pipeline cannot grow memory unbounded).
        this.blockedOnOutput = true;
        break;
      }
    }
    this.reading = false;
    if (parser.error !== null && !client.closeAfterReply && !client.closed) {
      client.writer.error(parser.error);
      engine.log.verbose(`Protocol error (${parser.error}) from client: id=${client.id} addr=${client.addr}`);
      client.closeAfterReply = true;
    } else if (parser.pendingBytes > this.queryBufferLimit) {
      engine.log.warning(`Closing client that reached max query buffer length: id=${client.id} addr=${client.addr}`);
      this.close(client, false);
      return;
    }
    if (!this.flushQueued) {
      this.flushQueued = true;
      this.queue.queueFlush(this);
    }
  }

  /** Hands pending output to the socket; applies the output bounds and close-after-reply. */
  flush(): void {
    this.flushQueued = false;
    const client = this.client;
    if (client.closed) return;
    if (client.out.length !== 0 || client.spill.length !== 0) {
      let bytes: number;
      if (client.spill.length === 0) {
        const out = client.takeOutput();
        bytes = out.length;
        this.socket.write(out, 'latin1');
      } else {
        // Big output: write its pieces without joining them into one huge string.
        const pieces = client.takeOutputPieces();
        bytes = 0;
        this.socket.cork();
        for (const p of pieces) {
          bytes += p.length;
          this.socket.write(p, 'latin1');
        }
        this.socket.uncork();
      }
      client.netOut += bytes;
      this.engine.stats.netOutputBytes += bytes;
      const pending = this.socket.writableLength;
      if (this.overOutputLimit(pending)) {
        this.engine.log.warning(`Client id=${client.id} addr=${client.addr} scheduled to be closed ASAP for overcoming of output buffer limits.`);
        this.close(client, false);
        return;
      }
      if (pending > this.outputPauseBytes && !this.pausedForOutput) {
        this.pausedForOutput = true;
        this.socket.pause();
      }
    }
    if (client.closeAfterReply) { this.close(client, true); return; }
    if (this.blockedOnOutput && !this.closing && !this.socket.writableNeedDrain) {
      // The kernel took the output without a 'drain' to wait for: go on in the next turn.
      this.blockedOnOutput = false;
      setImmediate(() => { if (!this.closing && !this.waiting && !this.blockedOnOutput) this.processRequests(); });
    }
  }

  private onDrain(): void {
    if (this.closing) return;
    if (this.pausedForOutput) {
      this.pausedForOutput = false;
      this.socket.resume();
    }
    if (this.blockedOnOutput) {
      this.blockedOnOutput = false;
      if (!this.waiting) this.processRequests();
    }
  }

  private onClose(): void {
    this.closing = true;
    this.engine.removeClient(this.client);
  }

  // ---- ClientTransport --------------------------------------------------------------------

  scheduleFlush(): void {
    if (this.reading || this.flushQueued) return;
    this.flushQueued = true;
    this.queue.queueFlush(this);
  }

  close(client: Client, afterReply: boolean): void {
    if (this.closing) return;
    if (afterReply && this.reading) {
      // Still executing this read's requests: close once their output is written.
      client.closeAfterReply = true;
      return;
    }
    this.closing = true;
    if (afterReply) {
      for (const p of client.takeOutputPieces()) this.socket.write(p, 'latin1');
      // Once the reply is out, close the socket as Redis does (close(), not a half-close): a
      // client still writing (after a protocol error) then gets a reset instead of being read
      // and ignored forever.
      this.socket.end(() => this.socket.destroy());
    } else {
      this.socket.destroy();
    }
    this.engine.removeClient(client);
  }

  queryBufferBytes(): number {
    // While its requests run, the one running still counts (Redis trims it after the command).
    return this.parser.pendingBytes + (this.reading ? this.parser.lastCommandBytes : 0);
  }

  pendingOutputBytes(): number {
    return this.socket.writableLength + this.client.pendingOutput;
  }
}

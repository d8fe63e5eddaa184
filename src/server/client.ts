// One client of the engine: Redis's `client` struct, minus the socket. The network layer
// (connection.ts) owns the socket and flushes `out`; embedded clients have no socket at all.

import type { ClientState } from '../commands/types';
import { RespWriter, DiscardReply, type OutputTarget } from './resp-writer';

/** What the engine needs from whoever carries a client's bytes. */
export interface ClientTransport {
  /** Output was appended to client.out: flush it soon (once per event-loop turn). */
  scheduleFlush(client: Client): void;
  /** Close the connection now, or after pending output if afterReply. */
  close(client: Client, afterReply: boolean): void;
  /** Bytes waiting in the query buffer (qbuf in CLIENT LIST). */
  queryBufferBytes(): number;
  /** Bytes written but not yet accepted by the kernel (omem in CLIENT LIST). */
  pendingOutputBytes(): number;
}

export type ReplyMode = 'on' | 'off' | 'skip-next' | 'skip';

export class Client implements ClientState, OutputTarget {
  readonly id: number;
  name = '';
  resp: 2 | 3 = 2;
  dbIndex = 0;
  authenticated: boolean;
  isScript = false;

  /** Encoded reply bytes not yet handed to the socket (latin1). */
  out = '';
  readonly writer: RespWriter;
  readonly discard: DiscardReply;
  transport: ClientTransport | null = null;

  /** "ip:port" of the peer and of our end; fd as CLIENT LIST shows it. */
  addr = '';
  laddr = '';
  fd = -1;
  readonly createdAt: number;
  lastInteraction: number;
  /** Last command run, as CLIENT LIST's cmd= field ('client|list'). */
  lastCommand = 'NULL';

  libName = '';
  libVer = '';
  replyMode: ReplyMode = 'on';
  noEvict = false;
  noTouch = false;
  monitor = false;
  closeAfterReply = false;
  closed = false;
  /** Subscription counts, maintained by the pub/sub commands when they exist. */
  subscriptions = 0;
  patternSubscriptions = 0;
  shardSubscriptions = 0;
  /** Commands queued by MULTI, -1 when not in a transaction (CLIENT LIST multi=). */
  multiCount = -1;
  /** Bytes read and written, for CLIENT LIST tot-net-in / tot-net-out. */
  netIn = 0;
  netOut = 0;
  commandsProcessed = 0;
  /** Set by the connection around a top-level execute: scripting may then go busy (sliced). */
  canSuspend = false;
  /** True while this client's EVAL runs as a sliced busy script; its later commands wait. */
  suspended = false;

  private readonly errorCounter: (text: string) => void;

  constructor(id: number, now: number, authenticated: boolean, onError: (text: string) => void) {
    this.id = id;
    this.createdAt = now;
    this.lastInteraction = now;
    this.authenticated = authenticated;
    this.errorCounter = onError;
    this.writer = new RespWriter(this);
    this.discard = new DiscardReply(2, onError);
  }

  setResp(resp: 2 | 3): void {
    this.resp = resp;
    this.writer.resp = resp;
    this.discard.resp = resp;
  }

  onErrorReply(text: string): void {
    this.errorCounter(text);
  }

  onOutput(): void {
    if (this.transport !== null) this.transport.scheduleFlush(this);
  }

  /** Takes the pending output (the transport writes it). */
  takeOutput(): string {
    const out = this.out;
    this.out = '';
    return out;
  }
}

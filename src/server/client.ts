// One client of the engine: Redis's `client` struct, minus the socket. The network layer
// (connection.ts) owns the socket and flushes `out`; embedded clients have no socket at all.

import type { ClientState } from '../commands/types';
import { RespWriter, DiscardReply, type OutputTarget } from './resp-writer';
import { type AclUser, UNRESTRICTED_USER } from './acl';

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

/** Output concatenated beyond this moves to the spill list (see Client.out). */
const SPILL_AT = 16 * 1024 * 1024;

export type ReplyMode = 'on' | 'off' | 'skip-next' | 'skip';

export class Client implements ClientState, OutputTarget {
  readonly id: number;
  name = '';
  resp: 2 | 3 = 2;
  dbIndex = 0;
  authenticated: boolean;
  /** The ACL user (engine.createClient sets the default user; dispatch tests user.unrestricted). */
  user: AclUser = UNRESTRICTED_USER;
  isScript = false;

  /**
   * Encoded reply bytes not yet handed to the socket (latin1). The whole pending output is
   * spill.join('') + out: `out` grows by concatenation (cheap ropes) up to SPILL_AT bytes,
   * then moves to `spill`, so no single string approaches V8's string length limit.
   */
  out = '';
  spill: string[] = [];
  spillBytes = 0;
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
  /** True while a blocking command (BLPOP, XREAD BLOCK, ...) waits; later commands wait too. */
  blocked = false;
  /** Set by the connection while blocked: call it once unblocked to go on with its input. */
  resumeAfterUnblock: (() => void) | null = null;

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
    if (this.out.length > SPILL_AT) this.spillOut();
    if (this.transport !== null) this.transport.scheduleFlush(this);
  }

  appendLarge(pieces: readonly string[]): void {
    this.spillOut();
    for (const p of pieces) {
      this.spill.push(p);
      this.spillBytes += p.length;
    }
    this.onOutput();
  }

  private spillOut(): void {
    if (this.out.length === 0) return;
    this.spill.push(this.out);
    this.spillBytes += this.out.length;
    this.out = '';
  }

  /** Bytes of output not yet handed to the transport. */
  get pendingOutput(): number {
    return this.spillBytes + this.out.length;
  }

  /** Takes the pending output as a single string (small outputs: the common case). */
  takeOutput(): string {
    if (this.spill.length !== 0) {
      this.spillOut();
      const all = this.spill;
      this.spill = [];
      this.spillBytes = 0;
      return all.length === 1 ? all[0] : all.join('');
    }
    const out = this.out;
    this.out = '';
    return out;
  }

  /** Takes the pending output as pieces, in order (for writing big outputs without joining). */
  takeOutputPieces(): string[] {
    this.spillOut();
    const all = this.spill;
    this.spill = [];
    this.spillBytes = 0;
    return all;
  }
}
